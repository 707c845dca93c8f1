/**
 * VoteRank (Zhang, Chen, Dong & Zhang 2016, "Identifying a set of
 * influential spreaders in complex networks", Sci. Rep. 6, 27823), exactly as
 * networkx 2.8's `voterank(G, number_of_nodes)`:
 *
 * every node starts with voting ability 1; each round every node's score is
 * the sum of the abilities of its voters, the best-scored node not yet elected
 * is elected (ties: the first in node order), its ability drops to 0 and each
 * of its neighbours loses 1/⟨k⟩ of ability (floored at 0). It stops after
 * `numberOfNodes` elections or when the best score is 0.
 *
 * Direction, as networkx: in a directed graph a node's voters are its
 * OUT-neighbours (an edge u→v lets v vote for u, so a node with many
 * out-edges is elected), ⟨k⟩ is the mean out-degree and an elected node
 * weakens its out-neighbours. `reverse: true` runs it on the transposed graph
 * (voters = in-neighbours, as PageRank and in-degree read edges "u→v: u
 * points to v"). Undirected: voters = neighbours, ⟨k⟩ = mean degree, a
 * self-loop votes twice (networkx's edge loop). Weights are ignored; repeated
 * records are one edge (as the index merges them, and as a networkx DiGraph).
 *
 * networkx recomputes every score each round (O(k·m)); here an elected node
 * only marks stale the scores of nodes whose voters it or its neighbours are
 * (and only when their ability actually fell: it is floored at 0, so each
 * node's ability changes at most ⌈⟨k⟩⌉ + 1 times), and a stale score is
 * re-summed from scratch only when it reaches the top of an indexed max-heap
 * (lazy greedy: a stale score bounds the fresh one from above), so the
 * floating-point sums, and hence ties, are those of a full recount. Sums run in
 * `rowOrder` (see the option): the graph wrapper reproduces networkx's list
 * exactly; on a bare index, scores equal in exact arithmetic may split the
 * other way in the last bit (the test graphs show it from the 47th elected
 * node of polblogs on).
 */
import type { AtlasGraph } from "../../graph/model.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";
import { assignByKey, valuesByKey } from "../centrality/by-key.ts";
import { IndexedMaxHeap } from "./max-heap.ts";
import { checkBoolean, checkInteger, orderScore } from "./options.ts";
import { UsageError } from "../../shared/errors.ts";

export interface VoterankOptions {
  /** Nodes to elect at most (networkx `number_of_nodes`). Default `Infinity` (until no votes are left). */
  numberOfNodes?: number;
  /** Directed graphs: voters are in-neighbours instead of out-neighbours (networkx on the reversed graph). Default `false`. */
  reverse?: boolean;
  /**
   * Order in which each voter row is summed: `rowOrder[p]` for p in a row's
   * positions lists the row's positions (a permutation within each row).
   * Default `null`: neighbour-index order. Only the last bits of the sums
   * depend on it, which decides between scores that are equal in exact
   * arithmetic; the graph wrapper passes networkx's order (edge insertion
   * order) so that ties fall as networkx's do.
   */
  rowOrder?: Int32Array | null;
  /** Node attribute written by `voterank.assign` (the rank score). Default `"voterank"`. */
  nodeAttribute?: string;
}

export const VOTERANK_DEFAULTS: Readonly<Required<VoterankOptions>> = Object.freeze({
  numberOfNodes: Infinity,
  reverse: false,
  rowOrder: null,
  nodeAttribute: "voterank",
});

export interface VoterankResult {
  /** Elected node indices, first elected first. */
  order: Int32Array;
  /** Rank score: `order.length − position` for elected nodes, 0 for the others. */
  score: Float64Array;
}

/** VoteRank over the index: the elected nodes in order, and their rank score. */
export function computeVoterank(index: CsrIndex, options: VoterankOptions = {}): VoterankResult {
  const where = "analyze/voterank";
  const limit = checkInteger(where, "numberOfNodes", options.numberOfNodes ?? VOTERANK_DEFAULTS.numberOfNodes, 0, true);
  const reverse = checkBoolean(where, "reverse", options.reverse ?? VOTERANK_DEFAULTS.reverse);
  const n = index.order;
  const directed = index.directed;
  // Voters of x = its row in direction V (networkx: out-edges; `reverse`: in-edges; undirected: the row).
  // An elected v weakens the same row of v (networkx `G.edges(v)`). The scores that read a changed
  // ability of y are those of y's row in the other direction A (for undirected graphs, the same row).
  const flip = directed && reverse;
  const rowOrder = options.rowOrder ?? null;
  if (rowOrder !== null && rowOrder.length !== (flip ? index.inNeighbors : index.outNeighbors).length) {
    throw new UsageError(`${where}: rowOrder has ${rowOrder.length} entries; give one per voter-row position.`);
  }
  const vOffsets = flip ? index.inOffsets : index.outOffsets;
  const vNeighbors = flip ? index.inNeighbors : index.outNeighbors;
  const aOffsets = flip ? index.outOffsets : index.inOffsets;
  const aNeighbors = flip ? index.outNeighbors : index.inNeighbors;

  const maxElected = Math.min(limit, n);
  if (n === 0 || maxElected === 0) return { order: new Int32Array(0), score: new Float64Array(n) };

  // Σ degree: directed = number of arcs (self-loops once); undirected = 2·edges (a self-loop counts 2).
  let totalDegree = index.outNeighbors.length;
  if (!directed) {
    for (let i = 0; i < n; i++) {
      for (let p = index.outOffsets[i]; p < index.outOffsets[i + 1]; p++) if (index.outNeighbors[p] === i) totalDegree++;
    }
  }
  const avgDegree = totalDegree / n;
  const ability = new Float64Array(n).fill(1);
  const heap = new IndexedMaxHeap(n);
  const key = heap.key;

  for (let x = 0; x < n; x++) key[x] = votes(x);
  heap.fill();

  // Lazy recount: a score whose voters lost ability is only marked stale, and re-summed when it
  // reaches the top of the heap. Abilities only fall and a rounded sum (in a fixed order) never
  // rises when its terms fall, so a stale key bounds the fresh score from above: the first fresh
  // top is the node a full recount would elect, with the same sum (same order, same rounding).
  const stale = new Uint8Array(n);
  const order = new Int32Array(maxElected);
  const weaken = 1 / avgDegree;
  let count = 0;
  while (count < maxElected) {
    let v = heap.top();
    while (v !== -1 && stale[v] === 1) {
      stale[v] = 0;
      heap.update(v, votes(v));
      v = heap.top();
    }
    if (v === -1 || !(key[v] > 0)) break;
    order[count++] = v;
    heap.remove(v);
    // Abilities change for v and its V-row; the scores that read them (their A-rows) go stale.
    if (ability[v] !== 0) {
      ability[v] = 0;
      for (let p = aOffsets[v], end = aOffsets[v + 1]; p < end; p++) stale[aNeighbors[p]] = 1;
    }
    for (let p = vOffsets[v], end = vOffsets[v + 1]; p < end; p++) {
      const y = vNeighbors[p];
      const a = ability[y] - weaken;
      const next = a > 0 ? a : 0;
      if (next === ability[y]) continue; // already 0: no score changes
      ability[y] = next;
      for (let q = aOffsets[y], qEnd = aOffsets[y + 1]; q < qEnd; q++) stale[aNeighbors[q]] = 1;
    }
  }
  const result = order.slice(0, count);
  return { order: result, score: orderScore(result, n) };

  /** Σ of the abilities of x's voters, summed in row order (an undirected self-loop twice). */
  function votes(x: number): number {
    let s = 0;
    for (let p = vOffsets[x], end = vOffsets[x + 1]; p < end; p++) {
      const y = vNeighbors[rowOrder === null ? p : rowOrder[p]];
      s += ability[y];
      if (!directed && y === x) s += ability[y];
    }
    return s;
  }
}

/**
 * networkx's summation order of each voter row, from the graph's edge
 * insertion order (what a networkx graph loaded from the same file keeps):
 * directed, x's out-neighbours in the order x's out-edges were first added
 * (with `reverse`, in-neighbours by node order, as `G.reverse()` rebuilds
 * them, which is the index's own order); undirected, the neighbours before x
 * in node order, ascending, then x and those after it in the order their edges
 * with x were first added (networkx's `G.edges()` loop).
 */
export function insertionRowOrder(graph: AtlasGraph, index: CsrIndex, reverse = false): Int32Array | null {
  if (index.directed && reverse) return null;
  const { outOffsets, outNeighbors } = index;
  const n = index.order;
  const position = new Map<string, number>();
  for (let i = 0; i < n; i++) position.set(index.keys[i], i);
  // For each (x, y) of a row, the rank of the edge's first insertion.
  const firstSeen = new Float64Array(outNeighbors.length).fill(Infinity);
  let rank = 0;
  const find = (x: number, y: number): number => {
    let lo = outOffsets[x];
    let hi = outOffsets[x + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = outNeighbors[mid];
      if (v === y) return mid;
      if (v < y) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  graph.forEachEdge((_e, _a, s, t) => {
    const u = position.get(s)!;
    const v = position.get(t)!;
    const r = rank++;
    const p = find(u, v);
    if (p !== -1 && firstSeen[p] > r) firstSeen[p] = r;
    if (!index.directed) {
      const q = find(v, u);
      if (q !== -1 && firstSeen[q] > r) firstSeen[q] = r;
    }
  });
  const order = new Int32Array(outNeighbors.length);
  for (let x = 0; x < n; x++) {
    const start = outOffsets[x];
    const end = outOffsets[x + 1];
    const row = Array.from({ length: end - start }, (_, k) => start + k);
    if (index.directed) {
      row.sort((a, b) => firstSeen[a] - firstSeen[b]);
    } else {
      // Neighbours before x keep ascending order; x itself and later ones follow by insertion.
      const before = row.filter((p) => outNeighbors[p] < x);
      const after = row.filter((p) => outNeighbors[p] >= x).sort((a, b) => firstSeen[a] - firstSeen[b]);
      row.splice(0, row.length, ...before, ...after);
    }
    for (let k = 0; k < row.length; k++) order[start + k] = row[k];
  }
  return order;
}

function run(graph: AtlasGraph, options: VoterankOptions | undefined): { index: CsrIndex; result: VoterankResult } {
  const index = csrFromGraph(graph, { getEdgeWeight: null });
  const rowOrder = options?.rowOrder ?? insertionRowOrder(graph, index, options?.reverse ?? false);
  return { index, result: computeVoterank(index, { ...options, rowOrder }) };
}

/** VoteRank rank score of every node of `graph` by key (`order.length − position`, 0 when not elected). */
export function voterank(graph: AtlasGraph, options?: VoterankOptions): Record<string, number> {
  const { index, result } = run(graph, options);
  return valuesByKey(index, result.score);
}

/** The elected node keys in order (networkx's `voterank` list) and the rank score by key. */
voterank.detailed = (graph: AtlasGraph, options?: VoterankOptions): { order: string[]; score: Record<string, number> } => {
  const { index, result } = run(graph, options);
  return { order: Array.from(result.order, (i) => index.keys[i]), score: valuesByKey(index, result.score) };
};

/** Writes the rank score to node attribute `nodeAttribute` (default `"voterank"`). */
voterank.assign = (graph: AtlasGraph, options?: VoterankOptions): void => {
  const { index, result } = run(graph, options);
  assignByKey(graph, index, options?.nodeAttribute ?? VOTERANK_DEFAULTS.nodeAttribute, result.score);
};
