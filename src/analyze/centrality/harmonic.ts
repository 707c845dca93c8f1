/**
 * Harmonic centrality, as networkx 2.8 `harmonic_centrality(G)`:
 * H(u) = Σ_{v ≠ u, v reaches u} 1 / d(v, u), hop counts, not normalized.
 *
 * networkx 2.8 runs a BFS from every source v along out-edges and adds
 * 1/d(v,u) to each u it reaches, so on directed graphs H uses INCOMING
 * distances, like closeness. Self-loops and weights are ignored.
 *
 * Cost O(n·m) (one BFS per node): the pipeline runs it only below
 * `PATH_METRICS_MAX_NODES` (see `pathMetricsFeasible` in closeness.ts).
 */
import type { AtlasGraph } from "../../graph/model.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";

/** Harmonic centrality of every node (index order); see the module note. O(n·m). */
export function computeHarmonic(index: CsrIndex): Float64Array {
  const n = index.order;
  const { inOffsets, inNeighbors } = index;
  const out = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    // Level-synchronous BFS over in-neighbours; adds (nodes at level d) / d.
    let head = 0;
    let tail = 0;
    queue[tail++] = u;
    seen[u] = u;
    let level = 0;
    let sum = 0;
    while (head < tail) {
      const levelEnd = tail;
      level++;
      while (head < levelEnd) {
        const v = queue[head++];
        for (let p = inOffsets[v], end = inOffsets[v + 1]; p < end; p++) {
          const w = inNeighbors[p];
          if (seen[w] !== u) {
            seen[w] = u;
            queue[tail++] = w;
          }
        }
      }
      if (tail > levelEnd) sum += (tail - levelEnd) / level;
    }
    out[u] = sum;
  }
  return out;
}

export interface HarmonicOptions {
  /** Node attribute written by `harmonic.assign`. Default `"harmonic"`. */
  nodeAttribute?: string;
}

export const HARMONIC_DEFAULTS: Readonly<Required<HarmonicOptions>> = Object.freeze({ nodeAttribute: "harmonic" });

/** Harmonic centrality of every node of `graph`, by node key. */
export function harmonic(graph: AtlasGraph, _options?: HarmonicOptions): Record<string, number> {
  const index = csrFromGraph(graph, { weight: null });
  const values = computeHarmonic(index);
  const out: Record<string, number> = {};
  for (let i = 0; i < index.order; i++) out[index.keys[i]] = values[i];
  return out;
}

/** Writes each node's harmonic centrality to the `nodeAttribute` attribute. */
harmonic.assign = (graph: AtlasGraph, options?: HarmonicOptions): void => {
  const opts = { ...HARMONIC_DEFAULTS, ...options };
  const index = csrFromGraph(graph, { weight: null });
  const values = computeHarmonic(index);
  for (let i = 0; i < index.order; i++) graph.setNodeAttribute(index.keys[i], opts.nodeAttribute, values[i]);
};
