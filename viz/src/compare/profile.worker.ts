/**
 * Web worker of the compare page: the structural profile of each niche
 * (`src/analyze/compare`, the engine's own code) and their overlaps, without
 * the randomization z-scores (those need `atlas compare --null R`; its JSON
 * can be opened with the maps instead). An atlas file's niche is profiled
 * with its own communities, modularity and leaders; only a plain graph gets
 * its communities from Louvain here.
 */
import { overlapsOf } from "../../../src/analyze/compare/compare.ts";
import { nicheIndex, type OwnCommunities, profileNiche } from "../../../src/analyze/compare/profile.ts";
import type { NicheComparison, NicheProfile } from "../../../src/analyze/compare/types.ts";
import type { CsrIndex } from "../../../src/analyze/csr.ts";
import type { AtlasGraph } from "../../../src/graph/model.ts";
import { graphOfTransfer, type NicheTransfer, type ProfileRequest, type ProfileResponse } from "./data.ts";

/** The atlas file's own communities, in the index's node order (the transfer gives them in its own). */
function ownInIndexOrder(t: NicheTransfer, own: OwnCommunities, index: CsrIndex): OwnCommunities {
  const at = new Map(t.keys.map((k, i) => [k, i]));
  return { ...own, membership: Int32Array.from(index.keys, (k) => own.membership[at.get(k)!]) };
}

const post = (m: ProfileResponse): void => (self as unknown as Worker).postMessage(m);

self.onmessage = (event: MessageEvent<ProfileRequest>) => {
  const { niches, seed, top } = event.data;
  try {
    const profiled: { profile: NicheProfile; keys: readonly string[] }[] = [];
    niches.forEach((t, i) => {
      post({ type: "progress", text: `profiling ${t.name} (${t.keys.length} nodes, ${t.sources.length} edges)`, fraction: i / niches.length });
      const index = nicheIndex(graphOfTransfer(t) as unknown as AtlasGraph);
      const at = new Map(t.keys.map((k, i) => [k, i]));
      const labels = index.keys.map((k) => t.labels[at.get(k)!]);
      const own = t.own ? ownInIndexOrder(t, t.own, index) : null;
      const { profile } = profileNiche({ name: t.name, source: t.source, index, labels, own }, { seed, top });
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
