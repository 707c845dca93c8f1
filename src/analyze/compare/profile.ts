/** The structural profile of one niche (size, shape, communities, leadership). */
import type { AtlasGraph } from "../../graph/model.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";
import { graphSummary } from "../summary.ts";
import { communityProfile, louvainOnIndex } from "./communities.ts";
import { comparePagerank, leadershipProfile, leadersOutsideInShare } from "./leadership.ts";
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

/**
 * The communities a niche brings with it (an atlas file's): one community id
 * per node in index order, the modularity its analysis found, and the first
 * leader of each community (node keys, in the atlas's order of communities).
 */
export interface OwnCommunities {
  membership: Int32Array;
  modularity: number;
  leaders: readonly string[];
}

/**
 * The communities an atlas graph carries, with `membership` in the order of
 * `keys`: every node's `community` (an integer ≥ 0), the `atlas` attribute's
 * modularity and each community's first leader that is a node; `null` when
 * the graph lacks any of them (a plain graph file).
 */
export function ownCommunities(graph: { getAttribute(name: string): unknown; getNodeAttribute(key: string, name: string): unknown; hasNode(key: string): boolean }, keys: readonly string[]): OwnCommunities | null {
  const meta = graph.getAttribute("atlas") as { modularity?: unknown; communities?: unknown } | undefined;
  if (!meta || typeof meta !== "object" || typeof meta.modularity !== "number" || !Number.isFinite(meta.modularity)) return null;
  const membership = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const c = graph.getNodeAttribute(keys[i], "community");
    if (!Number.isInteger(c) || (c as number) < 0) return null;
    membership[i] = c as number;
  }
  const leaders: string[] = [];
  if (Array.isArray(meta.communities)) {
    for (const c of meta.communities as { leaders?: unknown }[]) {
      const first = Array.isArray(c?.leaders) ? c.leaders[0] : undefined;
      if (typeof first === "string" && graph.hasNode(first)) leaders.push(first);
    }
  }
  return { membership, modularity: meta.modularity, leaders };
}

/** A niche to profile: its name, where it comes from, and its unweighted index. */
export interface NicheInput {
  name: string;
  source: string;
  index: CsrIndex;
  /** Node labels in index order, shown next to the leaders. Optional. */
  labels?: readonly string[];
  /** Key prefix of its accounts; by default read from the keys (`platformOf`). */
  platform?: string | null;
  /** Its own communities (an atlas file's): profiled as they are, with no Louvain. */
  own?: OwnCommunities | null;
}

/** The unweighted index the comparison runs on (weights are ignored: structure only). */
export function nicheIndex(graph: AtlasGraph): CsrIndex {
  return csrFromGraph(graph, { getEdgeWeight: null });
}

/**
 * Profile of one niche (plus its partition, for reuse): with its communities
 * from Louvain, or its own (`niche.own`: an atlas file's communities, the
 * modularity its analysis found, and its communities' first leaders as the
 * niche's leaders).
 */
export function profileNiche(niche: NicheInput, options: ProfileOptions = {}): { profile: NicheProfile; membership: Int32Array } {
  const o = { ...PROFILE_DEFAULTS, ...options };
  const { index, own } = niche;
  const summary = graphSummary(index);
  const membership = own ? own.membership : louvainOnIndex(index, o.seed, o.resolution).membership;
  const pagerank = comparePagerank(index);
  const communities = communityProfile(index, membership, o.resolution);
  let leadership = leadershipProfile(index, membership, pagerank, o.top, niche.labels);
  if (own) {
    const position = new Map(index.keys.map((k, i) => [k, i]));
    const leaders = own.leaders.slice(0, o.top).map((k) => position.get(k) as number);
    leadership = {
      ...leadership,
      leaders: leaders.map((i) => index.keys[i]),
      leaderLabels: leaders.map((i) => niche.labels?.[i] ?? index.keys[i]),
      leaderScores: leaders.map((i) => pagerank[i]),
      leadersOutsideInShare: leadersOutsideInShare(index, membership, leaders),
    };
  }
  const profile: NicheProfile = {
    name: niche.name,
    source: niche.source,
    platform: niche.platform === undefined ? platformOf(index.keys) : niche.platform,
    size: sizeProfile(summary),
    shape: shapeProfile(index, summary),
    communities: own ? { ...communities, modularity: own.modularity } : communities,
    leadership,
  };
  return { profile, membership };
}
