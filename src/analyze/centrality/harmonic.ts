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
import type { CsrIndex } from "../csr.ts";
import { createLevelScratch, incomingLevels } from "./bfs.ts";
import { unweightedDefaults, unweightedMetric, type UnweightedMetricOptions } from "./by-key.ts";

/** Harmonic centrality of every node (index order); see the module note. O(n·m). */
export function computeHarmonic(index: CsrIndex): Float64Array {
  const n = index.order;
  const out = new Float64Array(n);
  const scratch = createLevelScratch(n);
  const { levelSizes } = scratch;
  for (let u = 0; u < n; u++) {
    // Σ over distances d of (nodes at distance d) / d.
    const depth = incomingLevels(index, u, scratch);
    let sum = 0;
    for (let d = 1; d <= depth; d++) sum += levelSizes[d] / d;
    out[u] = sum;
  }
  return out;
}

export type HarmonicOptions = UnweightedMetricOptions;

export const HARMONIC_DEFAULTS = unweightedDefaults("harmonic");

/** Harmonic centrality of every node of `graph`, by node key; `harmonic.assign` writes it to node attribute `nodeAttribute`. */
export const harmonic = unweightedMetric(computeHarmonic, HARMONIC_DEFAULTS);
