/**
 * The compact index every metric runs on: compressed sparse rows (CSR) in
 * typed arrays, built once per analysis and shared by all metrics.
 *
 * Nodes are integers 0..n-1 (`keys[i]` is the graph key of node i, in the
 * graph's node order). For node i, its out-neighbours are
 * `outNeighbors[outOffsets[i] .. outOffsets[i+1])` with the matching
 * `outWeights`; likewise `in*` for in-neighbours. Rows are sorted by
 * neighbour index and hold each neighbour once (parallel records are merged,
 * weights summed).
 *
 * Undirected graphs store each edge {u,v} in both rows (u's and v's), and a
 * self-loop once, in its node's row, as networkx's adjacency does; for them the
 * `in*` arrays are the very same arrays as the `out*` ones.
 *
 * The index can be built from a graphology graph (`csrFromGraph`) or straight
 * from an edge stream with no graph at all (`csrFromEdges`).
 */
import type { AtlasGraph } from "../graph/model.ts";
import { AnalysisError } from "../shared/errors.ts";

export interface CsrIndex {
  readonly directed: boolean;
  /** Number of nodes. */
  readonly order: number;
  /** Number of distinct edges (self-loops included; an undirected edge counts once). */
  readonly size: number;
  readonly keys: readonly string[];
  readonly outOffsets: Int32Array;
  readonly outNeighbors: Int32Array;
  readonly outWeights: Float64Array;
  readonly inOffsets: Int32Array;
  readonly inNeighbors: Int32Array;
  readonly inWeights: Float64Array;
}

export interface CsrOptions {
  /** Edge attribute holding the weight, or `null` for every weight = 1. Default `"weight"`. */
  getEdgeWeight?: string | null;
  /**
   * Build the undirected view of a directed graph: u→v and v→u become one
   * edge {u,v} whose weight is the sum of both. Default `false`.
   */
  undirected?: boolean;
}

export interface EdgeStream {
  /** Number of nodes; endpoints are integers in [0, order). */
  order: number;
  keys?: readonly string[];
  sources: Int32Array | readonly number[];
  targets: Int32Array | readonly number[];
  /** Defaults to 1 for every edge. */
  weights?: Float64Array | readonly number[];
  directed: boolean;
}

/** Index of a graphology graph (its node order is kept). */
export function csrFromGraph(graph: AtlasGraph, options: CsrOptions = {}): CsrIndex {
  const weightAttr = options.getEdgeWeight === undefined ? "weight" : options.getEdgeWeight;
  if (graph.type === "mixed") {
    throw new AnalysisError("analyze/csr: mixed graphs are not supported; read the file as directed or pass --undirected.");
  }
  const n = graph.order;
  const keys = graph.nodes();
  const pos = new Map<string, number>();
  for (let i = 0; i < n; i++) pos.set(keys[i], i);
  const m = graph.size;
  const sources = new Int32Array(m);
  const targets = new Int32Array(m);
  const weights = new Float64Array(m);
  let e = 0;
  graph.forEachEdge((_edge, attr, s, t) => {
    sources[e] = pos.get(s)!;
    targets[e] = pos.get(t)!;
    let w = 1;
    if (weightAttr !== null) {
      const v = attr[weightAttr];
      if (v !== undefined) {
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new AnalysisError(
            `analyze/csr: edge ${s} -> ${t} has ${weightAttr} = ${typeof v === "number" ? String(v) : JSON.stringify(v)}, not a finite number. Fix the input, or choose another weight attribute (--weight) or none.`,
          );
        }
        w = v;
      }
    }
    weights[e] = w;
    e++;
  });
  const directed = graph.type === "directed" && !options.undirected;
  return csrFromEdges({ order: n, keys, sources, targets, weights, directed });
}

/** Index straight from an edge stream (duplicates merged, weights summed). */
export function csrFromEdges(stream: EdgeStream): CsrIndex {
  const n = stream.order;
  const m = stream.sources.length;
  const { sources, targets } = stream;
  const w = stream.weights;
  const keys = stream.keys ?? Array.from({ length: n }, (_, i) => String(i));
  if (stream.directed) {
    const out = buildRows(n, m, sources, targets, w, false);
    const inn = buildRows(n, m, targets, sources, w, false);
    return {
      directed: true,
      order: n,
      size: out.neighbors.length,
      keys,
      outOffsets: out.offsets,
      outNeighbors: out.neighbors,
      outWeights: out.weights,
      inOffsets: inn.offsets,
      inNeighbors: inn.neighbors,
      inWeights: inn.weights,
    };
  }
  const rows = buildRows(n, m, sources, targets, w, true);
  let selfLoops = 0;
  for (let i = 0; i < n; i++) {
    for (let p = rows.offsets[i]; p < rows.offsets[i + 1]; p++) if (rows.neighbors[p] === i) selfLoops++;
  }
  return {
    directed: false,
    order: n,
    size: (rows.neighbors.length - selfLoops) / 2 + selfLoops,
    keys,
    outOffsets: rows.offsets,
    outNeighbors: rows.neighbors,
    outWeights: rows.weights,
    inOffsets: rows.offsets,
    inNeighbors: rows.neighbors,
    inWeights: rows.weights,
  };
}

interface Rows {
  offsets: Int32Array;
  neighbors: Int32Array;
  weights: Float64Array;
}

type IntLike = Int32Array | readonly number[];
type FloatLike = Float64Array | readonly number[] | undefined;

/** Counting sort into rows, then sort each row and merge repeated neighbours. */
function buildRows(n: number, m: number, from: IntLike, to: IntLike, w: FloatLike, both: boolean): Rows {
  const counts = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const s = from[e];
    const t = to[e];
    if (s < 0 || s >= n || t < 0 || t >= n || !Number.isInteger(s) || !Number.isInteger(t)) {
      throw new AnalysisError(`analyze/csr: edge ${e} (${s} -> ${t}) has an endpoint outside [0, ${n}); give order = number of nodes.`);
    }
    counts[s + 1]++;
    if (both && s !== t) counts[t + 1]++;
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const total = counts[n];
  const nb = new Int32Array(total);
  const wt = new Float64Array(total);
  const cursor = counts.slice(0, n);
  for (let e = 0; e < m; e++) {
    const s = from[e];
    const t = to[e];
    const x = w === undefined ? 1 : w[e];
    let p = cursor[s]++;
    nb[p] = t;
    wt[p] = x;
    if (both && s !== t) {
      p = cursor[t]++;
      nb[p] = s;
      wt[p] = x;
    }
  }
  // Sort each row by neighbour and merge duplicates in place.
  const offsets = new Int32Array(n + 1);
  let write = 0;
  let order = new Int32Array(16);
  for (let i = 0; i < n; i++) {
    const start = counts[i];
    const end = counts[i + 1];
    const len = end - start;
    offsets[i] = write;
    if (len === 0) continue;
    let sorted = true;
    for (let p = start + 1; p < end; p++) if (nb[p - 1] >= nb[p]) { sorted = false; break; }
    if (sorted) {
      for (let p = start; p < end; p++) { nb[write] = nb[p]; wt[write] = wt[p]; write++; }
      continue;
    }
    if (order.length < len) order = new Int32Array(len * 2);
    const idx = order.subarray(0, len);
    for (let k = 0; k < len; k++) idx[k] = start + k;
    idx.sort((a, b) => nb[a] - nb[b] || a - b);
    const tmpN = new Int32Array(len);
    const tmpW = new Float64Array(len);
    for (let k = 0; k < len; k++) { tmpN[k] = nb[idx[k]]; tmpW[k] = wt[idx[k]]; }
    let last = -1;
    for (let k = 0; k < len; k++) {
      if (tmpN[k] === last) { wt[write - 1] += tmpW[k]; continue; }
      nb[write] = tmpN[k];
      wt[write] = tmpW[k];
      last = tmpN[k];
      write++;
    }
  }
  offsets[n] = write;
  return { offsets, neighbors: nb.slice(0, write), weights: wt.slice(0, write) };
}
