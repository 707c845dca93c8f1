/**
 * PageRank and personalized PageRank, as networkx 2.8's
 * `pagerank(G, alpha, personalization, max_iter, tol, weight, dangling=None)`:
 *
 *   x ← alpha · (x·P + (Σ_{dangling} x) · d) + (1 − alpha) · p
 *
 * where P is the adjacency matrix with each row divided by its out-strength,
 * p the personalization (teleport) vector (uniform by default), and d = p
 * (networkx with `dangling=None`: a dangling node, one with out-strength 0,
 * jumps like a teleport). Starts from the uniform vector; converges when the
 * L1 change of an iteration is below `order · tolerance`, as networkx does,
 * and then goes on (unless `relativeTolerance` is `null`) until every node
 * above the mean value 1/n changed by less than `relativeTolerance` of its
 * value, or `maxIterations` is reached: the relative rule only refines, it
 * never turns a networkx-converged run into an error (`.detailed` results
 * report the relative change reached).
 *
 * Why the second rule: networkx's bound grows with the order while the values
 * shrink, so on large graphs it stops with the leading values far less
 * accurate than on small ones (benchmark graph, tolerance 1e-12: top-100
 * relative error 2.8e-8 at 100k nodes, 2.9e-7 at 1M nodes, and growing
 * ~10× per 10× nodes). The relative rule is independent of the order: in the
 * geometric regime of the power iteration a node's remaining relative error is
 * about its last relative change × ρ/(1 − ρ), with ρ ≤ alpha the contraction
 * rate of the L1 change (ρ ≈ 0.35 on the benchmark graphs, ≤ 5.7 × the change
 * when ρ = alpha = 0.85). Nodes below the mean are left out so that nodes
 * whose value tends to 0 (cut off from a teleport set) cannot stall it.
 * See scripts/reference/pagerank_scale.py for the measurement against igraph.
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
  /**
   * Once networkx's rule holds, iterate on (up to `maxIterations`, without
   * error) until every node above the mean (value ≥ 1/n) changed by less than
   * this fraction of its value in the last iteration; `null`: networkx's rule
   * alone. Default `1e-7`.
   */
  relativeTolerance?: number | null;
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
  /** After networkx's rule, iterate on until the nodes above the mean change by less than this fraction (`null`: off). Default `1e-7`. */
  relativeTolerance?: number | null;
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
  nodeAttribute?: string;
}

export interface PagerankDefaults {
  alpha: number;
  tolerance: number;
  relativeTolerance: number | null;
  maxIterations: number;
  weighted: boolean;
  personalization: null;
  getEdgeWeight: string | null;
  nodeAttribute: string;
}

export const PAGERANK_DEFAULTS: Readonly<PagerankDefaults> = Object.freeze({
  alpha: 0.85,
  tolerance: 1e-6,
  relativeTolerance: 1e-7,
  maxIterations: 100,
  weighted: true,
  personalization: null,
  getEdgeWeight: "weight",
  nodeAttribute: "pagerank",
});

interface ResolvedPagerank {
  alpha: number;
  tolerance: number;
  relativeTolerance: number | null;
  maxIterations: number;
  weighted: boolean;
  personalization: Float64Array | null;
}

/**
 * PageRank's damping factor is valid in (0, 1]: 1 (no teleport) converges on
 * aperiodic graphs and fails with a clear error on the others. The one rule,
 * for the metric, the pipeline's options and the atlas schema.
 */
export function isValidAlpha(alpha: unknown): alpha is number {
  return typeof alpha === "number" && alpha > 0 && alpha <= 1;
}

/** The message of an alpha outside (0, 1], after `where: `. */
export function alphaProblem(alpha: unknown): string {
  return `alpha must be in (0, 1], got ${String(alpha)}; 0.85 is the usual value`;
}

function resolve(order: number, options: PagerankOptions | undefined): ResolvedPagerank {
  const alpha = options?.alpha ?? PAGERANK_DEFAULTS.alpha;
  if (!isValidAlpha(alpha)) throw new UsageError(`analyze/pagerank: ${alphaProblem(alpha)}.`);
  const { tolerance, maxIterations, weighted } = resolveIterationOptions("pagerank", options, PAGERANK_DEFAULTS);
  const relativeTolerance = options?.relativeTolerance === undefined ? PAGERANK_DEFAULTS.relativeTolerance : options.relativeTolerance;
  if (relativeTolerance !== null && (typeof relativeTolerance !== "number" || !(relativeTolerance > 0 && Number.isFinite(relativeTolerance)))) {
    throw new UsageError(
      `analyze/pagerank: relativeTolerance must be a positive number or null (networkx's rule alone), got ${String(relativeTolerance)}.`,
    );
  }
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
  return { alpha, tolerance, relativeTolerance, maxIterations, weighted, personalization };
}

/** PageRank with the work it took (`computePagerankDetailed`). */
export interface PagerankResult {
  /** PageRank of each node, index order (sums to 1). */
  values: Float64Array;
  /** Iterations run (0 on an empty graph). */
  iterations: number;
  /** Whether the relative rule was met too (false only when `maxIterations` stopped the refinement). */
  relativeConverged: boolean;
  /** L1 change of the last iteration. */
  delta: number;
  /** Largest |change| / value over the nodes above the mean in the last iteration. */
  relativeChange: number;
}

/**
 * PageRank of every node of the index (sums to 1). Throws `AnalysisError`
 * when the iteration has not converged after `maxIterations`.
 */
export function computePagerank(index: CsrIndex, options?: PagerankOptions): Float64Array {
  return computePagerankDetailed(index, options).values;
}

/** `computePagerank` plus the iterations it ran and its last L1 change. */
export function computePagerankDetailed(index: CsrIndex, options?: PagerankOptions): PagerankResult {
  const n = index.order;
  const opts = resolve(n, options);
  if (n === 0) return { values: new Float64Array(0), iterations: 0, relativeConverged: true, delta: 0, relativeChange: 0 };
  const { alpha, tolerance, maxIterations, weighted } = opts;
  const relativeTolerance = opts.relativeTolerance ?? Infinity;
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
  const mean = 1 / n;
  const teleport = 1 - alpha;
  let err = Infinity;
  let relative = Infinity;

  for (let iter = 0; iter < maxIterations; iter++) {
    let danglingSum = 0;
    for (let k = 0; k < danglingCount; k++) danglingSum += x[dangling[k]];
    for (let u = 0; u < n; u++) y[u] = x[u] * inv[u];
    const c = alpha * danglingSum + teleport;
    err = 0;
    relative = 0;
    if (weighted) {
      for (let v = 0; v < n; v++) {
        let s = 0;
        for (let e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) s += inWeights[e] * y[inNeighbors[e]];
        const value = alpha * s + c * p[v];
        next[v] = value;
        const d = Math.abs(value - x[v]);
        err += d;
        if (value >= mean && d > relative * value) relative = d / value;
      }
    } else {
      for (let v = 0; v < n; v++) {
        let s = 0;
        for (let e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) s += y[inNeighbors[e]];
        const value = alpha * s + c * p[v];
        next[v] = value;
        const d = Math.abs(value - x[v]);
        err += d;
        if (value >= mean && d > relative * value) relative = d / value;
      }
    }
    const tmp = x;
    x = next;
    next = tmp;
    if (err < threshold && relative < relativeTolerance) {
      return { values: x, iterations: iter + 1, relativeConverged: true, delta: err, relativeChange: relative };
    }
  }
  // The L1 change never grows (the step is an L1 contraction), so networkx's rule still holds if it held once.
  if (err < threshold) return { values: x, iterations: maxIterations, relativeConverged: false, delta: err, relativeChange: relative };
  throw new AnalysisError(
    `analyze/pagerank: did not converge after ${maxIterations} iterations (tolerance ${tolerance.toExponential()}, alpha ${alpha}; ` +
      `last L1 change ${err.toExponential(2)} against ${threshold.toExponential(2)} = order × tolerance). ` +
      "Raise maxIterations or tolerance" +
      (alpha > 0.99 ? ", or lower alpha below 1." : "."),
  );
}

interface ResolvedGraphOptions {
  alpha: number;
  tolerance: number;
  relativeTolerance: number | null;
  maxIterations: number;
  getEdgeWeight: string | null;
  personalization: Personalization | null;
  nodeAttribute: string;
}

function resolveGraphOptions(options: PagerankGraphOptions | undefined): ResolvedGraphOptions {
  const getEdgeWeight = resolveEdgeWeight("pagerank", options?.getEdgeWeight, PAGERANK_DEFAULTS.getEdgeWeight);
  const nodeAttribute = resolveAttributeName(
    "pagerank",
    "nodeAttribute",
    options?.nodeAttribute,
    PAGERANK_DEFAULTS.nodeAttribute,
  );
  return {
    alpha: options?.alpha ?? PAGERANK_DEFAULTS.alpha,
    tolerance: options?.tolerance ?? PAGERANK_DEFAULTS.tolerance,
    relativeTolerance: options?.relativeTolerance === undefined ? PAGERANK_DEFAULTS.relativeTolerance : options.relativeTolerance,
    maxIterations: options?.maxIterations ?? PAGERANK_DEFAULTS.maxIterations,
    getEdgeWeight,
    personalization: options?.personalization ?? null,
    nodeAttribute,
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
  const index = csrFromGraph(graph, { getEdgeWeight: opts.getEdgeWeight });
  const personalization = opts.personalization === null ? null : personalizationVector(index, opts.personalization);
  const values = computePagerank(index, {
    alpha: opts.alpha,
    tolerance: opts.tolerance,
    relativeTolerance: opts.relativeTolerance,
    maxIterations: opts.maxIterations,
    weighted: opts.getEdgeWeight !== null,
    personalization,
  });
  return { index, values, attribute: opts.nodeAttribute };
}

/** PageRank of every node of a graphology graph, `{ key: value }`. */
export function pagerank(graph: AtlasGraph, options?: PagerankGraphOptions): Record<string, number> {
  const { index, values } = run(graph, options);
  return valuesByKey(index, values);
}

/** Writes PageRank to the node attribute `nodeAttribute` (default `pagerank`). */
pagerank.assign = (graph: AtlasGraph, options?: PagerankGraphOptions): void => {
  const { index, values, attribute } = run(graph, options);
  assignByKey(graph, index, attribute, values);
};
