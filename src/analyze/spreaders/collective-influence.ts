/**
 * Collective Influence (Morone & Makse 2015, "Influence maximization in
 * complex networks through optimal percolation", Nature 524, 65):
 *
 *   CI_ℓ(i) = (k_i − 1) · Σ_{j ∈ ∂Ball(i, ℓ)} (k_j − 1)
 *
 * where ∂Ball(i, ℓ) is the set of nodes at shortest-path distance exactly ℓ
 * from i, on the undirected simple view (direction, weights, self-loops and
 * repeats ignored). A node of degree ≤ 1 scores 0.
 *
 * Adaptive removal, as the paper: remove the node of largest CI (ties: the
 * first in node order), recompute CI only for the nodes within ℓ + 1 of it
 * (the only ones whose ball boundary or degrees changed), and repeat until
 * the largest CI is 0 (what remains is a forest of stars and isolated nodes
 * for ℓ ≥ 1: no node can fragment it further). An indexed max-heap keeps the
 * order; each recomputation, and each search of the nodes a removal touches,
 * is one BFS (`ball`) over the remaining graph.
 */
import type { AtlasGraph } from "../../graph/model.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";
import { assignByKey, valuesByKey } from "../centrality/by-key.ts";
import { undirectedSimpleView } from "../centrality/coreness.ts";
import { IndexedMaxHeap } from "./max-heap.ts";
import { checkInteger, orderScore } from "./options.ts";

export interface CollectiveInfluenceOptions {
  /** Ball radius ℓ (an integer ≥ 0; the paper uses 2 or 3). Default `2`. */
  radius?: number;
  /** Removals at most (`Infinity`: until every CI is 0). Default `Infinity`. */
  maxRemovals?: number;
  /**
   * Nodes removed per round before the CIs are updated: 1 is the paper's
   * one-at-a-time adaptive removal; larger batches (Morone et al. 2016, Sci.
   * Rep. 6, 30062, remove a fraction at a time) trade exactness for speed on
   * dense graphs, where one removal can touch every node within ℓ + 1. Default `1`.
   */
  batch?: number;
  /** Node attribute written by `collectiveInfluence.assign` (the initial CI). Default `"collectiveInfluence"`. */
  nodeAttribute?: string;
}

/** `seen` mark of a removed node: above every BFS stamp. */
const REMOVED = 0x7fffffff;

export const COLLECTIVE_INFLUENCE_DEFAULTS: Readonly<Required<CollectiveInfluenceOptions>> = Object.freeze({
  radius: 2,
  maxRemovals: Infinity,
  batch: 1,
  nodeAttribute: "collectiveInfluence",
});

export interface CollectiveInfluenceResult {
  /** CI_ℓ of every node on the whole graph, before any removal. */
  initial: Float64Array;
  /** Node indices in adaptive removal order (only removals with CI > 0). */
  order: Int32Array;
  /** Rank score of the removal order: `order.length − position`, 0 for nodes never removed. */
  score: Float64Array;
}

/** Initial CI_ℓ of every node and the adaptive removal order. */
export function computeCollectiveInfluence(index: CsrIndex, options: CollectiveInfluenceOptions = {}): CollectiveInfluenceResult {
  const where = "analyze/collectiveInfluence";
  const radius = checkInteger(where, "radius", options.radius ?? COLLECTIVE_INFLUENCE_DEFAULTS.radius, 0);
  const maxRemovals = checkInteger(where, "maxRemovals", options.maxRemovals ?? COLLECTIVE_INFLUENCE_DEFAULTS.maxRemovals, 0, true);
  const batch = checkInteger(where, "batch", options.batch ?? COLLECTIVE_INFLUENCE_DEFAULTS.batch, 1);
  const n = index.order;
  const { offsets, neighbors } = undirectedSimpleView(index);
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) degree[i] = offsets[i + 1] - offsets[i];
  // BFS scratch: `seen[x] >= stamp` skips x (visited by the current search, or removed:
  // `REMOVED` exceeds every stamp); `queue` holds the frontier levels.
  const seen = new Int32Array(n);
  const queue = new Int32Array(n);
  let stamp = 0;

  /** A fresh stamp; clears the marks before they would overflow. */
  function nextStamp(): number {
    if (stamp === REMOVED - 1) {
      for (let x = 0; x < n; x++) if (seen[x] !== REMOVED) seen[x] = 0;
      stamp = 0;
    }
    return ++stamp;
  }

  /** Where, in `queue`, the nodes at distance exactly `depth` of the last `ball` start. */
  let boundary = 0;

  /**
   * The remaining nodes within `depth` ≥ 1 of `source`, nearest first, in
   * BFS order: `queue[1, end)`, `end` returned, those at distance exactly
   * `depth` from `boundary` on (none when `boundary === end`). Marks them seen.
   */
  function ball(source: number, depth: number): number {
    const mark = nextStamp();
    seen[source] = mark;
    queue[0] = source;
    let head = 0;
    let tail = 1;
    for (let level = 1; level <= depth; level++) {
      const levelEnd = tail;
      if (head === levelEnd) {
        boundary = tail;
        return tail;
      }
      while (head < levelEnd) {
        const u = queue[head++];
        for (let p = offsets[u], end = offsets[u + 1]; p < end; p++) {
          const w = neighbors[p];
          if (seen[w] >= mark) continue;
          seen[w] = mark;
          queue[tail++] = w;
        }
      }
    }
    boundary = head;
    return tail;
  }

  /** CI_ℓ(i) on the remaining graph. */
  function ci(i: number): number {
    const ki = degree[i];
    if (ki <= 1) return 0;
    if (radius === 0) return (ki - 1) * (ki - 1);
    const end = ball(i, radius);
    let sum = 0;
    for (let t = boundary; t < end; t++) sum += degree[queue[t]] - 1;
    return (ki - 1) * sum;
  }

  const heap = new IndexedMaxHeap(n);
  const key = heap.key;
  for (let i = 0; i < n; i++) key[i] = ci(i);
  const initial = Float64Array.from(key);
  heap.fill();

  const order: number[] = [];
  const around = new Int32Array(n);
  const inRound = new Int32Array(n); // round stamp: node already queued for recomputation
  const picked: number[] = [];
  let round = 0;
  while (order.length < maxRemovals) {
    // Take up to `batch` nodes of largest CI (their CI as of the end of the previous round).
    picked.length = 0;
    while (picked.length < batch && order.length + picked.length < maxRemovals) {
      const v = heap.top();
      if (v === -1 || !(key[v] > 0)) break;
      heap.remove(v);
      picked.push(v);
    }
    if (picked.length === 0) break;
    round++;
    let count = 0;
    for (const v of picked) {
      order.push(v);
      inRound[v] = round;
      // Nodes within ℓ + 1 of v, before this round's removals.
      const end = ball(v, radius + 1);
      for (let t = 1; t < end; t++) {
        const w = queue[t];
        if (inRound[w] !== round) {
          inRound[w] = round;
          around[count++] = w;
        }
      }
    }
    for (const v of picked) {
      seen[v] = REMOVED;
      for (let p = offsets[v], end = offsets[v + 1]; p < end; p++) if (seen[neighbors[p]] !== REMOVED) degree[neighbors[p]]--;
      degree[v] = 0;
    }
    for (let t = 0; t < count; t++) {
      const x = around[t];
      if (seen[x] === REMOVED) continue;
      // A node of degree ≤ 1 scores 0 and stays so (degrees only fall).
      if (degree[x] <= 1 && key[x] === 0) continue;
      heap.update(x, ci(x));
    }
  }
  const removalOrder = Int32Array.from(order);
  return { initial, order: removalOrder, score: orderScore(removalOrder, n) };
}

function run(graph: AtlasGraph, options: CollectiveInfluenceOptions | undefined): { index: CsrIndex; result: CollectiveInfluenceResult } {
  const index = csrFromGraph(graph, { getEdgeWeight: null });
  return { index, result: computeCollectiveInfluence(index, options) };
}

/** Initial CI_ℓ of every node of `graph`, by key. */
export function collectiveInfluence(graph: AtlasGraph, options?: CollectiveInfluenceOptions): Record<string, number> {
  const { index, result } = run(graph, options);
  return valuesByKey(index, result.initial);
}

/** Initial CI by key, the removal order (keys) and its rank score by key. */
collectiveInfluence.detailed = (
  graph: AtlasGraph,
  options?: CollectiveInfluenceOptions,
): { initial: Record<string, number>; order: string[]; score: Record<string, number> } => {
  const { index, result } = run(graph, options);
  return {
    initial: valuesByKey(index, result.initial),
    order: Array.from(result.order, (i) => index.keys[i]),
    score: valuesByKey(index, result.score),
  };
};

/** Writes the initial CI to node attribute `nodeAttribute` (default `"collectiveInfluence"`). */
collectiveInfluence.assign = (graph: AtlasGraph, options?: CollectiveInfluenceOptions): void => {
  const { index, result } = run(graph, options);
  assignByKey(graph, index, options?.nodeAttribute ?? COLLECTIVE_INFLUENCE_DEFAULTS.nodeAttribute, result.initial);
};
