/**
 * PageRank and personalized PageRank, as networkx 2.8's
 * `pagerank(G, alpha, personalization, max_iter, tol, weight, dangling=None)`:
 *
 *   x ← alpha · (x·P + (Σ_{dangling} x) · d) + (1 − alpha) · p
 *
 * where P is the adjacency matrix with each row divided by its out-strength,
 * p the personalization (teleport) vector (uniform by default), and d = p
 * (networkx with `dangling=None`: a dangling node, one with out-strength 0,
 * jumps like a teleport). Starts from the uniform vector; stops when the L1
 * change of an iteration is below `order · tolerance`, as networkx does.
 * Undirected graphs count each edge both ways, and a self-loop once. A
 * negative or non-finite weight is refused (`AnalysisError`).
 *
 * The iteration pulls over the in-rows of the CSR index with precomputed
 * 1/out-strength: O(m) a step, typed arrays only.
 */
import type { AtlasGraph } from "../../graph/model.ts";
import { AnalysisError, UsageError } from "../../shared/errors.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";
import { assignByKey, valuesByKey } from "./by-key.ts";
import { checkNonNegativeWeights, resolveAttributeName, resolveEdgeWeight, resolveIterationOptions } from "./options.ts";

export interface PagerankOptions {
  /** Damping factor, in (0, 1]. Default `0.85`. */
  alpha?: number;
  /** Convergence when the L1 change of one iteration is < order × tolerance (networkx). Default `1e-6`. */
  tolerance?: number;
  /** Iterations before giving up with an `AnalysisError`. Default `100`. */
  maxIterations?: number;
  /** Use the index's edge weights; `false` gives every edge weight 1. Default `true`. */
  weighted?: boolean;
  /**
   * Teleport weights over node indices (length = order, non-negative, not all
   * zero; normalized internally). Dangling nodes jump by it too. Default `null`
   * (uniform).
   */
  personalization?: Float64Array | null;
}

/** A teleport set: weights by node key, or a list of keys weighted equally. */
export type Personalization = Readonly<Record<string, number>> | readonly string[];

export interface PagerankGraphOptions {
  /** Damping factor, in (0, 1]. Default `0.85`. */
  alpha?: number;
  /** Convergence when the L1 change of one iteration is < order × tolerance (networkx). Default `1e-6`. */
  tolerance?: number;
  /** Iterations before giving up with an `AnalysisError`. Default `100`. */
  maxIterations?: number;
  /** Edge attribute holding the weight, or `null` for weight 1 an edge. Default `"weight"`. */
  getEdgeWeight?: string | null;
  /**
   * Teleport set: `{ key: weight }` (missing keys weigh 0) or a list of keys
   * weighted equally. Default `null` (every node equally).
   */
  personalization?: Personalization | null;
  /** Node attribute written by `pagerank.assign`. Default `"pagerank"`. */
  nodePagerankAttribute?: string;
}

export interface PagerankDefaults {
  alpha: number;
  tolerance: number;
  maxIterations: number;
  weighted: boolean;
  personalization: null;
  getEdgeWeight: string | null;
  nodePagerankAttribute: string;
}

export const PAGERANK_DEFAULTS: Readonly<PagerankDefaults> = Object.freeze({
  alpha: 0.85,
  tolerance: 1e-6,
  maxIterations: 100,
  weighted: true,
  personalization: null,
  getEdgeWeight: "weight",
  nodePagerankAttribute: "pagerank",
});

interface ResolvedPagerank {
  alpha: number;
  tolerance: number;
  maxIterations: number;
  weighted: boolean;
  personalization: Float64Array | null;
}

function resolve(order: number, options: PagerankOptions | undefined): ResolvedPagerank {
  const alpha = options?.alpha ?? PAGERANK_DEFAULTS.alpha;
  if (typeof alpha !== "number" || !(alpha > 0 && alpha <= 1)) {
    throw new UsageError(`analyze/pagerank: alpha must be in (0, 1], got ${String(alpha)}; 0.85 is the usual value.`);
  }
  const { tolerance, maxIterations, weighted } = resolveIterationOptions("pagerank", options, PAGERANK_DEFAULTS);
  const personalization = options?.personalization ?? null;
  if (personalization !== null) {
    if (!(personalization instanceof Float64Array) || personalization.length !== order) {
      throw new UsageError(
        `analyze/pagerank: personalization must be a Float64Array of length ${order} (one weight a node), ` +
          `got ${personalization instanceof Float64Array ? `length ${personalization.length}` : typeof personalization}.`,
      );
    }
    let sum = 0;
    for (let i = 0; i < order; i++) {
      const v = personalization[i];
      if (!(v >= 0 && Number.isFinite(v))) {
        throw new UsageError(`analyze/pagerank: personalization[${i}] is ${v}; weights must be finite and >= 0.`);
      }
      sum += v;
    }
    if (!(sum > 0)) {
      throw new UsageError("analyze/pagerank: personalization is all zero; give at least one node a positive weight.");
    }
  }
  return { alpha, tolerance, maxIterations, weighted, personalization };
}

/**
 * PageRank of every node of the index (sums to 1). Throws `AnalysisError`
 * when the iteration has not converged after `maxIterations`.
 */
export function computePagerank(index: CsrIndex, options?: PagerankOptions): Float64Array {
  const n = index.order;
  const opts = resolve(n, options);
  if (n === 0) return new Float64Array(0);
  const { alpha, tolerance, maxIterations, weighted } = opts;
  if (weighted) checkNonNegativeWeights("pagerank", index);
  const { outOffsets, outWeights, inOffsets, inNeighbors, inWeights } = index;

  // Teleport / dangling distribution, normalized.
  const p = new Float64Array(n);
  if (opts.personalization === null) {
    p.fill(1 / n);
  } else {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += opts.personalization[i];
    for (let i = 0; i < n; i++) p[i] = opts.personalization[i] / sum;
  }

  // 1 / out-strength (0 for dangling nodes) and the list of dangling nodes.
  const inv = new Float64Array(n);
  let danglingCount = 0;
  for (let u = 0; u < n; u++) {
    let s = 0;
    if (weighted) {
      for (let e = outOffsets[u], end = outOffsets[u + 1]; e < end; e++) s += outWeights[e];
    } else {
      s = outOffsets[u + 1] - outOffsets[u];
    }
    if (s !== 0) inv[u] = 1 / s;
    else danglingCount++;
  }
  const dangling = new Int32Array(danglingCount);
  for (let u = 0, k = 0; u < n; u++) if (inv[u] === 0) dangling[k++] = u;

  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  const y = new Float64Array(n);
  const threshold = n * tolerance;
  const teleport = 1 - alpha;

  for (let iter = 0; iter < maxIterations; iter++) {
    let danglingSum = 0;
    for (let k = 0; k < danglingCount; k++) danglingSum += x[dangling[k]];
    for (let u = 0; u < n; u++) y[u] = x[u] * inv[u];
    const c = alpha * danglingSum + teleport;
    let err = 0;
    if (weighted) {
      for (let v = 0; v < n; v++) {
        let s = 0;
        for (let e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) s += inWeights[e] * y[inNeighbors[e]];
        const value = alpha * s + c * p[v];
        next[v] = value;
        err += Math.abs(value - x[v]);
      }
    } else {
      for (let v = 0; v < n; v++) {
        let s = 0;
        for (let e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) s += y[inNeighbors[e]];
        const value = alpha * s + c * p[v];
        next[v] = value;
        err += Math.abs(value - x[v]);
      }
    }
    const tmp = x;
    x = next;
    next = tmp;
    if (err < threshold) return x;
  }
  throw new AnalysisError(
    `analyze/pagerank: did not converge after ${maxIterations} iterations (tolerance ${tolerance.toExponential()}, alpha ${alpha}). ` +
      "Raise maxIterations or tolerance" +
      (alpha > 0.99 ? ", or lower alpha below 1." : "."),
  );
}

interface ResolvedGraphOptions {
  alpha: number;
  tolerance: number;
  maxIterations: number;
  getEdgeWeight: string | null;
  personalization: Personalization | null;
  nodePagerankAttribute: string;
}

function resolveGraphOptions(options: PagerankGraphOptions | undefined): ResolvedGraphOptions {
  const getEdgeWeight = resolveEdgeWeight("pagerank", options?.getEdgeWeight, PAGERANK_DEFAULTS.getEdgeWeight);
  const nodePagerankAttribute = resolveAttributeName(
    "pagerank",
    "nodePagerankAttribute",
    options?.nodePagerankAttribute,
    PAGERANK_DEFAULTS.nodePagerankAttribute,
  );
  return {
    alpha: options?.alpha ?? PAGERANK_DEFAULTS.alpha,
    tolerance: options?.tolerance ?? PAGERANK_DEFAULTS.tolerance,
    maxIterations: options?.maxIterations ?? PAGERANK_DEFAULTS.maxIterations,
    getEdgeWeight,
    personalization: options?.personalization ?? null,
    nodePagerankAttribute,
  };
}

/**
 * The personalization vector of a teleport set over the index's nodes.
 * Throws `UsageError` on a key that is not a node, or a negative weight.
 */
export function personalizationVector(index: CsrIndex, teleport: Personalization): Float64Array {
  const position = new Map<string, number>();
  for (let i = 0; i < index.order; i++) position.set(index.keys[i], i);
  const vector = new Float64Array(index.order);
  const entries: [string, unknown][] = Array.isArray(teleport)
    ? (teleport as readonly string[]).map((key) => [key, 1])
    : Object.entries(teleport);
  for (const [key, weight] of entries) {
    const i = position.get(String(key));
    if (i === undefined) {
      throw new UsageError(`analyze/pagerank: personalization node "${key}" is not in the graph; give keys of existing nodes.`);
    }
    if (typeof weight !== "number" || !(weight >= 0 && Number.isFinite(weight))) {
      throw new UsageError(`analyze/pagerank: personalization weight of "${key}" is ${String(weight)}; weights must be finite and >= 0.`);
    }
    vector[i] += weight;
  }
  if (entries.length === 0) {
    throw new UsageError("analyze/pagerank: the personalization (teleport set) is empty; give at least one node key.");
  }
  return vector;
}

function run(graph: AtlasGraph, options: PagerankGraphOptions | undefined): { index: CsrIndex; values: Float64Array; attribute: string } {
  const opts = resolveGraphOptions(options);
  const index = csrFromGraph(graph, { weight: opts.getEdgeWeight });
  const personalization = opts.personalization === null ? null : personalizationVector(index, opts.personalization);
  const values = computePagerank(index, {
    alpha: opts.alpha,
    tolerance: opts.tolerance,
    maxIterations: opts.maxIterations,
    weighted: opts.getEdgeWeight !== null,
    personalization,
  });
  return { index, values, attribute: opts.nodePagerankAttribute };
}

/** PageRank of every node of a graphology graph, `{ key: value }`. */
export function pagerank(graph: AtlasGraph, options?: PagerankGraphOptions): Record<string, number> {
  const { index, values } = run(graph, options);
  return valuesByKey(index, values);
}

/** Writes PageRank to the node attribute `nodePagerankAttribute` (default `pagerank`). */
pagerank.assign = (graph: AtlasGraph, options?: PagerankGraphOptions): void => {
  const { index, values, attribute } = run(graph, options);
  assignByKey(graph, index, attribute, values);
};
