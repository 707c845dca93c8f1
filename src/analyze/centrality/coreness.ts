/**
 * k-core decomposition: the coreness (core number) of every node.
 *
 * Computed on the undirected simple view of the graph: edge direction is
 * ignored, self-loops and weights are ignored, and each neighbour counts once
 * (u→v and v→u together are one edge). This equals networkx 2.8's
 * `nx.core_number(G.to_undirected())` after `G.remove_edges_from(nx.selfloop_edges(G))`.
 *
 * Algorithm: Batagelj & Zaversnik, "An O(m) Algorithm for Cores Decomposition
 * of Networks" (2003), bucket sort over typed arrays.
 */
import type { CsrIndex } from "../csr.ts";
import { unweightedDefaults, unweightedMetric, type UnweightedMetricOptions } from "./by-key.ts";

/** Undirected simple view: sorted neighbour rows without self-loops or repeats. */
export interface SimpleView {
  readonly order: number;
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
}

/**
 * The undirected simple view of an index: for node i, the sorted, distinct
 * neighbours j ≠ i such that i→j or j→i. Shared by coreness, clustering and
 * weak components.
 */
export function undirectedSimpleView(index: CsrIndex): SimpleView {
  const n = index.order;
  const { outOffsets, outNeighbors, inOffsets, inNeighbors } = index;
  const offsets = new Int32Array(n + 1);
  if (!index.directed) {
    let selfLoops = 0;
    for (let i = 0; i < n; i++) {
      for (let p = outOffsets[i]; p < outOffsets[i + 1]; p++) if (outNeighbors[p] === i) selfLoops++;
    }
    const neighbors = new Int32Array(outNeighbors.length - selfLoops);
    let w = 0;
    for (let i = 0; i < n; i++) {
      offsets[i] = w;
      for (let p = outOffsets[i]; p < outOffsets[i + 1]; p++) {
        const j = outNeighbors[p];
        if (j !== i) neighbors[w++] = j;
      }
    }
    offsets[n] = w;
    return { order: n, offsets, neighbors };
  }
  // Directed: merge the sorted out- and in-rows of each node.
  const buffer = new Int32Array(outNeighbors.length + inNeighbors.length);
  let w = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = w;
    let a = outOffsets[i];
    const aEnd = outOffsets[i + 1];
    let b = inOffsets[i];
    const bEnd = inOffsets[i + 1];
    while (a < aEnd || b < bEnd) {
      let j: number;
      if (b >= bEnd || (a < aEnd && outNeighbors[a] < inNeighbors[b])) j = outNeighbors[a++];
      else if (a >= aEnd || inNeighbors[b] < outNeighbors[a]) j = inNeighbors[b++];
      else {
        j = outNeighbors[a++];
        b++;
      }
      if (j !== i) buffer[w++] = j;
    }
  }
  offsets[n] = w;
  return { order: n, offsets, neighbors: buffer.subarray(0, w) };
}

/** Core numbers over a simple view (Batagelj–Zaversnik). */
export function coreNumbers(view: SimpleView): Int32Array {
  const n = view.order;
  const { offsets, neighbors } = view;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let v = 0; v < n; v++) {
    const d = offsets[v + 1] - offsets[v];
    deg[v] = d;
    if (d > maxDeg) maxDeg = d;
  }
  // bin[d] = start of the block of nodes with current degree d in `vert`.
  const bin = new Int32Array(maxDeg + 1);
  for (let v = 0; v < n; v++) bin[deg[v]]++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) {
    const c = bin[d];
    bin[d] = start;
    start += c;
  }
  const vert = new Int32Array(n);
  const pos = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const p = bin[deg[v]]++;
    pos[v] = p;
    vert[p] = v;
  }
  for (let d = maxDeg; d > 0; d--) bin[d] = bin[d - 1];
  bin[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = vert[i];
    const dv = deg[v];
    for (let p = offsets[v]; p < offsets[v + 1]; p++) {
      const u = neighbors[p];
      const du = deg[u];
      if (du > dv) {
        // Move u to the front of its bin, then shrink the bin by one.
        const pu = pos[u];
        const pw = bin[du];
        const w = vert[pw];
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bin[du]++;
        deg[u] = du - 1;
      }
    }
  }
  return deg;
}

/**
 * Coreness of every node (index order), on the undirected simple view
 * (direction, self-loops, weights and repeats ignored). O(n + m).
 */
export function computeCoreness(index: CsrIndex): Float64Array {
  return Float64Array.from(coreNumbers(undirectedSimpleView(index)));
}

export type CorenessOptions = UnweightedMetricOptions;

export const CORENESS_DEFAULTS = unweightedDefaults("coreness");

/** Coreness of every node of `graph`, by node key; `coreness.assign` writes it to node attribute `nodeAttribute`. */
export const coreness = unweightedMetric(computeCoreness, CORENESS_DEFAULTS);
