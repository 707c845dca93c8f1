/**
 * Web worker of the compare page: the structural profile of each niche
 * (`src/analyze/compare`, the engine's own code) and their overlaps, without
 * the randomization z-scores (those need `atlas compare --null R`; its JSON
 * can be opened with the maps instead). An atlas file's niche is profiled
 * with its own communities, modularity and leaders; only a plain graph gets
 * its communities from Louvain here.
 */
import { overlapsOf } from "../../../src/analyze/compare/compare.ts";
import { communityProfile } from "../../../src/analyze/compare/communities.ts";
import { comparePagerank, leadersOutsideInShare, leadershipProfile } from "../../../src/analyze/compare/leadership.ts";
import { platformOf } from "../../../src/analyze/compare/niches.ts";
import { nicheIndex, profileNiche } from "../../../src/analyze/compare/profile.ts";
import { shapeProfile, sizeProfile } from "../../../src/analyze/compare/structure.ts";
import type { NicheComparison, NicheProfile } from "../../../src/analyze/compare/types.ts";
import { graphSummary } from "../../../src/analyze/summary.ts";
import type { CsrIndex } from "../../../src/analyze/csr.ts";
import type { AtlasGraph } from "../../../src/graph/model.ts";
import { type AtlasOwn, graphOfTransfer, type NicheTransfer, type ProfileRequest, type ProfileResponse } from "./data.ts";

/** The profile of an atlas niche from its own communities and leaders (no Louvain). */
function profileWithOwn(t: NicheTransfer, own: AtlasOwn, index: CsrIndex, top: number): NicheProfile {
  // The index's node order, from the transfer's.
  const at = new Map(t.keys.map((k, i) => [k, i]));
  const membership = Int32Array.from(index.keys, (k) => own.membership[at.get(k)!]);
  const labels = index.keys.map((k) => t.labels[at.get(k)!]);
  const summary = graphSummary(index);
  const pagerank = comparePagerank(index);
  const leadership = leadershipProfile(index, membership, pagerank, top, labels);
  const position = new Map(index.keys.map((k, i) => [k, i]));
  const leaders = own.leaders.slice(0, top).map((k) => position.get(k)!);
  return {
    name: t.name,
    source: t.source,
    platform: platformOf(index.keys),
    size: sizeProfile(summary),
    shape: shapeProfile(index, summary),
    communities: { ...communityProfile(index, membership), modularity: own.modularity },
    leadership: {
      ...leadership,
      leaders: leaders.map((i) => index.keys[i]),
      leaderLabels: leaders.map((i) => labels[i]),
      leaderScores: leaders.map((i) => pagerank[i]),
      leadersOutsideInShare: leadersOutsideInShare(index, membership, leaders),
    },
  };
}

const post = (m: ProfileResponse): void => (self as unknown as Worker).postMessage(m);

self.onmessage = (event: MessageEvent<ProfileRequest>) => {
  const { niches, seed, top } = event.data;
  try {
    const profiled: { profile: NicheProfile; keys: readonly string[] }[] = [];
    niches.forEach((t, i) => {
      post({ type: "progress", text: `profiling ${t.name} (${t.keys.length} nodes, ${t.sources.length} edges)`, fraction: i / niches.length });
      const index = nicheIndex(graphOfTransfer(t) as unknown as AtlasGraph);
      const profile = t.own
        ? profileWithOwn(t, t.own, index, top)
        : profileNiche({ name: t.name, source: t.source, index, labels: t.labels }, { seed, top }).profile;
      profiled.push({ profile, keys: index.keys });
    });
    const comparison: NicheComparison = {
      niches: profiled.map(({ profile }) => ({ ...profile, nullModel: null })),
      overlaps: overlapsOf(profiled),
      params: { seed, replicates: 0, swapsPerEdge: 0, top, resolution: 1 },
    };
    post({ type: "done", comparison });
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
