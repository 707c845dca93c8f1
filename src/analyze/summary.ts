/**
 * Graph-level summary, each field as networkx 2.8 defines it.
 *
 * Defined values on degenerate graphs (never NaN):
 * - empty graph (no nodes): density 0, components 0, largestWeakShare 0,
 *   averageClustering 0, reciprocity null, assortativity null;
 * - edgeless graph: density 0, every node its own component, averageClustering 0,
 *   reciprocity null (networkx raises "Not defined for empty graphs"),
 *   assortativity null (networkx returns NaN).
 */
import { degreeAssortativity } from "./assortativity.ts";
import type { AtlasGraph } from "../graph/model.ts";
import { undirectedSimpleView, type SimpleView } from "./centrality/coreness.ts";
import { csrFromGraph, type CsrIndex } from "./csr.ts";

export interface GraphSummary {
  nodes: number;
  /** Distinct edges after merging repeated records, self-loops included (an undirected edge counts once). */
  edges: number;
  selfLoops: number;
  directed: boolean;
  /** `nx.density`: m / (n(n-1)), doubled for undirected graphs; 0 when n ≤ 1 or m = 0. Self-loops count in m. */
  density: number;
  /**
   * `nx.reciprocity(G)` (overall): share of directed edges u→v (u ≠ v) whose
   * reverse v→u exists. `null` for undirected graphs (networkx refuses them)
   * and for graphs without edges (networkx raises).
   */
  reciprocity: number | null;
  /** Weakly connected components (connected components if undirected); isolated nodes count. */
  weakComponents: number;
  /** Strongly connected components (Tarjan); equals `weakComponents` for undirected graphs. */
  strongComponents: number;
  /** Nodes in the largest weak component / n; 0 for the empty graph. */
  largestWeakShare: number;
  /**
   * `nx.average_clustering` on the undirected simple view (direction, weights,
   * repeats and self-loops dropped), zeros counted; 0 for the empty graph.
   */
  averageClustering: number;
  /**
   * `nx.degree_assortativity_coefficient(G)`: Pearson correlation over edges
   * u→v of (out-degree u, in-degree v) for directed graphs, of (degree u,
   * degree v) over both orientations for undirected ones (a self-loop once,
   * adding 2 to the degree). `null` when undefined (no edges, or a degree
   * sequence without variance: NaN in networkx).
   */
  assortativity: number | null;
}

/** Summary of `index`; O(m·√m) (triangle counting) plus O(n + m). */
export function graphSummary(index: CsrIndex): GraphSummary {
  const n = index.order;
  const m = index.size;
  const directed = index.directed;
  const { outOffsets, outNeighbors } = index;
  let selfLoops = 0;
  for (let i = 0; i < n; i++) {
    for (let p = outOffsets[i]; p < outOffsets[i + 1]; p++) if (outNeighbors[p] === i) selfLoops++;
  }
  let density = 0;
  if (m > 0 && n > 1) {
    density = m / (n * (n - 1));
    if (!directed) density *= 2;
  }
  const view = undirectedSimpleView(index);
  const weak = weakComponents(view);
  const strong = directed ? strongComponentCount(index) : weak.count;
  return {
    nodes: n,
    edges: m,
    selfLoops,
    directed,
    density,
    reciprocity: directed ? reciprocity(index) : null,
    weakComponents: weak.count,
    strongComponents: strong,
    largestWeakShare: n === 0 ? 0 : weak.largest / n,
    averageClustering: averageClustering(view),
    assortativity: degreeAssortativity(index),
  };
}

/** Overall reciprocity of a directed index, or null without edges. */
function reciprocity(index: CsrIndex): number | null {
  const n = index.order;
  if (index.size === 0) return null;
  const { outOffsets, outNeighbors, inOffsets, inNeighbors } = index;
  let mutual = 0;
  for (let u = 0; u < n; u++) {
    // |out(u) ∩ in(u) \ {u}|: edges u→v whose reverse exists.
    let a = outOffsets[u];
    const aEnd = outOffsets[u + 1];
    let b = inOffsets[u];
    const bEnd = inOffsets[u + 1];
    while (a < aEnd && b < bEnd) {
      const x = outNeighbors[a];
      const y = inNeighbors[b];
      if (x < y) a++;
      else if (y < x) b++;
      else {
        if (x !== u) mutual++;
        a++;
        b++;
      }
    }
  }
  return mutual / index.size;
}

/** Count and largest size of the connected components of a simple view. */
function weakComponents(view: SimpleView): { count: number; largest: number } {
  const n = view.order;
  const { offsets, neighbors } = view;
  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  let count = 0;
  let largest = 0;
  for (let r = 0; r < n; r++) {
    if (seen[r] === 1) continue;
    count++;
    let head = 0;
    let tail = 0;
    queue[tail++] = r;
    seen[r] = 1;
    while (head < tail) {
      const v = queue[head++];
      for (let p = offsets[v]; p < offsets[v + 1]; p++) {
        const w = neighbors[p];
        if (seen[w] === 0) {
          seen[w] = 1;
          queue[tail++] = w;
        }
      }
    }
    if (tail > largest) largest = tail;
  }
  return { count, largest };
}

/** Number of strongly connected components (iterative Tarjan over out-rows). */
export function strongComponentCount(index: CsrIndex): number {
  const n = index.order;
  const { outOffsets, outNeighbors } = index;
  const order = new Int32Array(n).fill(-1); // discovery index
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callStack = new Int32Array(n);
  const edgePtr = new Int32Array(n);
  let counter = 0;
  let top = 0;
  let components = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] >= 0) continue;
    let depth = 0;
    callStack[depth++] = root;
    order[root] = low[root] = counter++;
    edgePtr[root] = outOffsets[root];
    stack[top++] = root;
    onStack[root] = 1;
    while (depth > 0) {
      const v = callStack[depth - 1];
      const p = edgePtr[v];
      if (p < outOffsets[v + 1]) {
        edgePtr[v] = p + 1;
        const w = outNeighbors[p];
        if (order[w] < 0) {
          order[w] = low[w] = counter++;
          edgePtr[w] = outOffsets[w];
          stack[top++] = w;
          onStack[w] = 1;
          callStack[depth++] = w;
        } else if (onStack[w] === 1 && order[w] < low[v]) {
          low[v] = order[w];
        }
        continue;
      }
      // v is finished.
      depth--;
      if (low[v] === order[v]) {
        components++;
        let w: number;
        do {
          w = stack[--top];
          onStack[w] = 0;
        } while (w !== v);
      }
      if (depth > 0) {
        const parent = callStack[depth - 1];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
    }
  }
  return components;
}

/**
 * Average local clustering of a simple view, zeros counted:
 * mean over nodes of 2T(v) / (d(v)(d(v)-1)). Triangles are counted once each
 * by orienting edges from lower to higher (degree, index) rank.
 */
function averageClustering(view: SimpleView): number {
  const n = view.order;
  if (n === 0) return 0;
  const { offsets, neighbors } = view;
  const deg = new Int32Array(n);
  for (let v = 0; v < n; v++) deg[v] = offsets[v + 1] - offsets[v];
  // Forward rows: neighbours of higher rank.
  const fOffsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    let c = 0;
    const dv = deg[v];
    for (let p = offsets[v]; p < offsets[v + 1]; p++) {
      const w = neighbors[p];
      if (deg[w] > dv || (deg[w] === dv && w > v)) c++;
    }
    fOffsets[v + 1] = fOffsets[v] + c;
  }
  const fNeighbors = new Int32Array(fOffsets[n]);
  for (let v = 0; v < n; v++) {
    let q = fOffsets[v];
    const dv = deg[v];
    for (let p = offsets[v]; p < offsets[v + 1]; p++) {
      const w = neighbors[p];
      if (deg[w] > dv || (deg[w] === dv && w > v)) fNeighbors[q++] = w;
    }
  }
  const triangles = new Float64Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let u = 0; u < n; u++) {
    const start = fOffsets[u];
    const end = fOffsets[u + 1];
    if (end - start < 2) continue;
    for (let p = start; p < end; p++) mark[fNeighbors[p]] = u;
    for (let p = start; p < end; p++) {
      const v = fNeighbors[p];
      for (let q = fOffsets[v]; q < fOffsets[v + 1]; q++) {
        const w = fNeighbors[q];
        if (mark[w] === u) {
          triangles[u]++;
          triangles[v]++;
          triangles[w]++;
        }
      }
    }
  }
  let sum = 0;
  for (let v = 0; v < n; v++) {
    const d = deg[v];
    if (d > 1 && triangles[v] > 0) sum += (2 * triangles[v]) / (d * (d - 1));
  }
  return sum / n;
}

/** Summary of a graphology graph (weights play no part). */
export function summarize(graph: AtlasGraph): GraphSummary {
  return graphSummary(csrFromGraph(graph, { getEdgeWeight: null }));
}
