/**
 * HITS hubs and authorities (Kleinberg 1999), normalized as networkx 2.8's
 * `hits(G)`: authorities are the leading right singular vector of the
 * weighted adjacency matrix A, hubs = A · authorities, each scaled to sum 1.
 *
 * networkx computes the singular vector with scipy's `svds`; here it is power
 * iteration (authorities ← Aᵀ hubs, hubs ← A authorities, each normalized to
 * sum 1) from uniform hubs, which converges to the same vector when the
 * leading singular value is simple. Stops when the L1 change of the
 * authorities in one iteration is below `tolerance`. When it is not simple
 * (e.g. a star, or two identical components) networkx returns an arbitrary
 * vector of that subspace (possibly with negative entries); this returns the
 * limit from uniform hubs, which is non-negative and independent of node order.
 *
 * A graph without edges (or of total weight 0) has no hubs nor authorities:
 * every value is 0. A negative or non-finite weight is refused (`AnalysisError`).
 */
import type { AtlasGraph } from "../../graph/model.ts";
import { AnalysisError } from "../../shared/errors.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";
import { assignByKey, valuesByKey } from "./by-key.ts";
import { checkNonNegativeWeights, resolveAttributeName, resolveEdgeWeight, resolveIterationOptions } from "./options.ts";

export interface HitsOptions {
  /** Convergence when the L1 change of the (sum-1) authorities in one iteration is < tolerance. Default `1e-8`. */
  tolerance?: number;
  /** Iterations before giving up with an `AnalysisError`. Default `1000`. */
  maxIterations?: number;
  /** Use the index's edge weights; `false` gives every edge weight 1. Default `true`. */
  weighted?: boolean;
}

export interface HitsGraphOptions {
  /** Convergence when the L1 change of the (sum-1) authorities in one iteration is < tolerance. Default `1e-8`. */
  tolerance?: number;
  /** Iterations before giving up with an `AnalysisError`. Default `1000`. */
  maxIterations?: number;
  /** Edge attribute holding the weight, or `null` for weight 1 an edge. Default `"weight"`. */
  getEdgeWeight?: string | null;
  /** Node attribute for hubs written by `hits.assign`. Default `"hub"`. */
  nodeHubAttribute?: string;
  /** Node attribute for authorities written by `hits.assign`. Default `"authority"`. */
  nodeAuthorityAttribute?: string;
}

export interface HitsDefaults {
  tolerance: number;
  maxIterations: number;
  weighted: boolean;
  getEdgeWeight: string | null;
  nodeHubAttribute: string;
  nodeAuthorityAttribute: string;
}

export const HITS_DEFAULTS: Readonly<HitsDefaults> = Object.freeze({
  tolerance: 1e-8,
  maxIterations: 1000,
  weighted: true,
  getEdgeWeight: "weight",
  nodeHubAttribute: "hub",
  nodeAuthorityAttribute: "authority",
});

export interface HitsResult {
  hubs: Float64Array;
  authorities: Float64Array;
}

/**
 * Plain power iterations before the shift is estimated. The power iteration
 * on A·Aᵀ contracts the error by λ₂/λ₁ a step (0.91 on the 10M-edge benchmark
 * graph: 228 steps to an L1 change of 1e-12). Once two successive ratios of
 * the L1 changes agree (they estimate ρ = λ₂/λ₁), the iteration runs on
 * A·Aᵀ − μ·I with μ = ρ·λ₁/2 = λ₂/2, which has the same eigenvectors and
 * contracts by (λ₂ − μ)/(λ₁ − μ) = ρ/(2 − ρ) (0.83 there: about half the
 * steps). Every eigenvalue of A·Aᵀ is ≥ 0 and μ ≤ λ₁/2, so λ₁ − μ stays the
 * largest in modulus: the shifted iteration converges to the same vector,
 * also the same limit from uniform hubs when λ₁ is not simple. Hubs are
 * clamped at 0 (the shift would take a hub whose out-neighbours have no
 * authority below 0), which keeps every iterate non-negative.
 */
const SHIFT_WARMUP = 8;

function resolve(options: HitsOptions | undefined): Required<HitsOptions> {
  return resolveIterationOptions("hits", options, HITS_DEFAULTS);
}

/**
 * Hubs and authorities of every node of the index, each summing to 1.
 * Throws `AnalysisError` when the iteration has not converged after `maxIterations`.
 */
export function computeHits(index: CsrIndex, options?: HitsOptions): HitsResult {
  const { tolerance, maxIterations, weighted } = resolve(options);
  const n = index.order;
  let hubs = new Float64Array(n);
  let authorities = new Float64Array(n);
  if (n === 0) return { hubs, authorities };
  if (weighted) checkNonNegativeWeights("hits", index);
  const { outOffsets, outNeighbors, outWeights, inOffsets, inNeighbors, inWeights } = index;

  hubs.fill(1 / n);
  let previous = new Float64Array(n);
  const pulled = new Float64Array(n); // A · authorities
  // Shift μ of the iteration h ← (A·Aᵀ − μ·I)·h (0 until estimated; see SHIFT_WARMUP).
  let shift = 0;
  let lastErr = Infinity;
  let lastRatio = Number.NaN;
  for (let iter = 0; iter < maxIterations; iter++) {
    let sum = 0;
    if (weighted) {
      for (let v = 0; v < n; v++) {
        let s = 0;
        for (let e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) s += inWeights[e] * hubs[inNeighbors[e]];
        authorities[v] = s;
        sum += s;
      }
    } else {
      for (let v = 0; v < n; v++) {
        let s = 0;
        for (let e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) s += hubs[inNeighbors[e]];
        authorities[v] = s;
        sum += s;
      }
    }
    if (sum === 0) {
      hubs.fill(0);
      authorities.fill(0);
      return { hubs, authorities };
    }
    const authoritySum = sum;
    let err = 0;
    const scale = 1 / sum;
    for (let v = 0; v < n; v++) {
      const a = authorities[v] * scale;
      authorities[v] = a;
      err += Math.abs(a - previous[v]);
    }
    sum = 0;
    if (weighted) {
      for (let u = 0; u < n; u++) {
        let s = 0;
        for (let e = outOffsets[u], end = outOffsets[u + 1]; e < end; e++) s += outWeights[e] * authorities[outNeighbors[e]];
        pulled[u] = s;
        sum += s;
      }
    } else {
      for (let u = 0; u < n; u++) {
        let s = 0;
        for (let e = outOffsets[u], end = outOffsets[u + 1]; e < end; e++) s += authorities[outNeighbors[e]];
        pulled[u] = s;
        sum += s;
      }
    }
    if (err < tolerance) {
      // Converged: hubs = A · authorities, scaled to sum 1 (networkx's definition).
      const hubScale = 1 / sum;
      for (let u = 0; u < n; u++) hubs[u] = pulled[u] * hubScale;
      return { hubs, authorities };
    }
    // A·Aᵀ·h = authoritySum · pulled, and its sum estimates the leading eigenvalue λ₁ of A·Aᵀ.
    const ratio = err / lastErr;
    if (shift === 0 && iter >= SHIFT_WARMUP && ratio > 0.3 && ratio < 0.999 && Math.abs(ratio - lastRatio) < 0.01 * ratio) {
      shift = (ratio * authoritySum * sum) / 2;
    }
    lastErr = err;
    lastRatio = ratio;
    let next = 0;
    for (let u = 0; u < n; u++) {
      // Clamped at 0: the limit is non-negative, and a node that points nowhere has hub 0.
      const h = Math.max(0, authoritySum * pulled[u] - shift * hubs[u]);
      hubs[u] = h;
      next += h;
    }
    if (!(next > 0)) {
      // A shift can only be this wrong on a degenerate spectrum: drop it and take the plain step.
      shift = 0;
      next = sum;
      for (let u = 0; u < n; u++) hubs[u] = pulled[u];
    }
    const hubScale = 1 / next;
    for (let u = 0; u < n; u++) hubs[u] *= hubScale;
    const tmp = previous;
    previous = authorities;
    authorities = tmp;
  }
  throw new AnalysisError(
    `analyze/hits: did not converge after ${maxIterations} iterations (tolerance ${tolerance.toExponential()}); ` +
      "the two largest singular values of the adjacency matrix are close. Raise maxIterations or tolerance.",
  );
}

interface ResolvedGraphOptions extends Required<HitsOptions> {
  getEdgeWeight: string | null;
  nodeHubAttribute: string;
  nodeAuthorityAttribute: string;
}

function resolveGraphOptions(options: HitsGraphOptions | undefined): ResolvedGraphOptions {
  const getEdgeWeight = resolveEdgeWeight("hits", options?.getEdgeWeight, HITS_DEFAULTS.getEdgeWeight);
  const nodeHubAttribute = resolveAttributeName("hits", "nodeHubAttribute", options?.nodeHubAttribute, HITS_DEFAULTS.nodeHubAttribute);
  const nodeAuthorityAttribute = resolveAttributeName(
    "hits",
    "nodeAuthorityAttribute",
    options?.nodeAuthorityAttribute,
    HITS_DEFAULTS.nodeAuthorityAttribute,
  );
  return {
    ...resolve({ tolerance: options?.tolerance, maxIterations: options?.maxIterations, weighted: getEdgeWeight !== null }),
    getEdgeWeight,
    nodeHubAttribute,
    nodeAuthorityAttribute,
  };
}

export interface HitsMaps {
  hubs: Record<string, number>;
  authorities: Record<string, number>;
}

function run(graph: AtlasGraph, options: HitsGraphOptions | undefined): { index: CsrIndex; result: HitsResult; opts: ResolvedGraphOptions } {
  const opts = resolveGraphOptions(options);
  const index = csrFromGraph(graph, { getEdgeWeight: opts.getEdgeWeight });
  const result = computeHits(index, { tolerance: opts.tolerance, maxIterations: opts.maxIterations, weighted: opts.weighted });
  return { index, result, opts };
}

/** HITS hubs and authorities of a graphology graph, `{ key: value }` each. */
export function hits(graph: AtlasGraph, options?: HitsGraphOptions): HitsMaps {
  const { index, result } = run(graph, options);
  return { hubs: valuesByKey(index, result.hubs), authorities: valuesByKey(index, result.authorities) };
}

/** Writes hubs and authorities to `nodeHubAttribute` / `nodeAuthorityAttribute` (default `hub`, `authority`). */
hits.assign = (graph: AtlasGraph, options?: HitsGraphOptions): void => {
  const { index, result, opts } = run(graph, options);
  assignByKey(graph, index, opts.nodeHubAttribute, result.hubs);
  assignByKey(graph, index, opts.nodeAuthorityAttribute, result.authorities);
};
