/** The structural profile of one niche (size, shape, communities, leadership). */
import type { AtlasGraph } from "../../graph/model.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";
import { graphSummary } from "../summary.ts";
import { communityProfile, louvainOnIndex } from "./communities.ts";
import { comparePagerank, leadershipProfile } from "./leadership.ts";
import { platformOf } from "./niches.ts";
import { shapeProfile, sizeProfile } from "./structure.ts";
import type { NicheProfile } from "./types.ts";

export interface ProfileOptions {
  /** Louvain seed. Default `0`. */
  seed?: number;
  /** Leaders kept (top-k by PageRank). Default `10`. */
  top?: number;
  /** Louvain resolution. Default `1`. */
  resolution?: number;
}

export const PROFILE_DEFAULTS: Readonly<Required<ProfileOptions>> = Object.freeze({ seed: 0, top: 10, resolution: 1 });

/** A niche to profile: its name, where it comes from, and its unweighted index. */
export interface NicheInput {
  name: string;
  source: string;
  index: CsrIndex;
  /** Node labels in index order, shown next to the leaders. Optional. */
  labels?: readonly string[];
  /** Key prefix of its accounts; by default read from the keys (`platformOf`). */
  platform?: string | null;
}

/** The unweighted index the comparison runs on (weights are ignored: structure only). */
export function nicheIndex(graph: AtlasGraph): CsrIndex {
  return csrFromGraph(graph, { getEdgeWeight: null });
}

/** Profile of one niche (plus its partition, for reuse). */
export function profileNiche(niche: NicheInput, options: ProfileOptions = {}): { profile: NicheProfile; membership: Int32Array } {
  const o = { ...PROFILE_DEFAULTS, ...options };
  const { index } = niche;
  const summary = graphSummary(index);
  const partition = louvainOnIndex(index, o.seed, o.resolution);
  const pagerank = comparePagerank(index);
  const profile: NicheProfile = {
    name: niche.name,
    source: niche.source,
    platform: niche.platform === undefined ? platformOf(index.keys) : niche.platform,
    size: sizeProfile(summary),
    shape: shapeProfile(index, summary),
    communities: communityProfile(index, partition.membership, o.resolution),
    leadership: leadershipProfile(index, partition.membership, pagerank, o.top, niche.labels),
  };
  return { profile, membership: partition.membership };
}
