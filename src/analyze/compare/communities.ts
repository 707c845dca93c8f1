/**
 * Communities of a niche: Louvain run straight on an index (the engine's
 * `louvainCommunities` needs a graphology graph; randomized graphs have only
 * an index), and the community profile of a partition.
 */
import graphologyLouvain from "graphology-communities-louvain";
import type { AtlasGraph } from "../../graph/model.ts";
import { renumberBySize, undirectedView } from "../communities/louvain.ts";
import { LouvainGraphView } from "../communities/louvain-view.ts";
import { membershipCount } from "../communities/membership.ts";
import { modularity } from "../communities/modularity.ts";
import type { CommunityPartition } from "../communities/types.ts";
import type { CsrIndex } from "../csr.ts";
import { createRng } from "../rng.ts";
import type { CommunityProfile } from "./types.ts";

type LibraryOptions = NonNullable<Parameters<typeof graphologyLouvain.detailed>[1]>;

/**
 * Louvain on the undirected view of `index` (u→v and v→u merged, weights
 * summed), as `louvainCommunities(graph, { seed, resolution })` does on a
 * directed graph: same library, options and renumbering (ids by decreasing
 * size, ties by smallest member key); modularity recomputed by `modularity()`.
 */
export function louvainOnIndex(index: CsrIndex, seed: number, resolution = 1): CommunityPartition {
  const view = undirectedView(index);
  const n = view.order;
  const raw = new Int32Array(n);
  if (view.size > 0) {
    const graphView = new LouvainGraphView(view);
    const result = graphologyLouvain.detailed(graphView as unknown as AtlasGraph, {
      getEdgeWeight: graphView.edgeWeight as unknown as LibraryOptions["getEdgeWeight"],
      resolution,
      rng: createRng(seed),
      fastLocalMoves: true,
      randomWalk: true,
    });
    const keys = view.keys;
    for (let i = 0; i < n; i++) raw[i] = result.communities[keys[i]];
  } else {
    for (let i = 0; i < n; i++) raw[i] = i;
  }
  const { membership, count } = renumberBySize(raw, view.keys);
  return { membership, count, modularity: modularity(view, membership, { resolution }) };
}

/**
 * Profile of a partition of `index` (`membership`: community id ≥ 0 per node).
 * Modularity is that of the undirected view (as Louvain optimises it);
 * coverage counts the index's own edges (directed edges one by one,
 * self-loops included).
 */
export function communityProfile(index: CsrIndex, membership: ArrayLike<number>, resolution = 1): CommunityProfile {
  const k = membershipCount(index, membership, "analyze/compare");
  const n = index.order;
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) counts[membership[i]]++;
  const sizes = Array.from(counts).filter((s) => s > 0).sort((a, b) => b - a);
  let entropy = 0;
  for (const s of sizes) {
    const p = s / n;
    entropy -= p * Math.log(p);
  }
  const { outOffsets, outNeighbors } = index;
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const c = membership[i];
    for (let p = outOffsets[i]; p < outOffsets[i + 1]; p++) {
      const j = outNeighbors[p];
      if (membership[j] === c && (index.directed || j >= i)) inside++;
    }
  }
  return {
    count: sizes.length,
    sizes,
    entropy,
    evenness: sizes.length > 1 ? entropy / Math.log(sizes.length) : null,
    modularity: modularity(undirectedView(index), membership, { resolution }),
    coverage: index.size === 0 ? 0 : inside / index.size,
    largestShare: n === 0 ? 0 : sizes[0] / n,
  };
}
