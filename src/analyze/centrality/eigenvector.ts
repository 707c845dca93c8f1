/**
 * Eigenvector centrality, as networkx 2.8's
 * `eigenvector_centrality(G, max_iter, tol, nstart=None, weight)`:
 * power iteration x ← (Aᵀ + I) x from the uniform vector, normalized to
 * Euclidean length 1 each step, so that x[v] grows with the scores of the
 * nodes pointing to v (in-edges for directed graphs: the left eigenvector).
 * Stops when the L1 change of an iteration is below `order · tolerance`.
 * An undirected self-loop counts once, as in networkx's adjacency.
 *
 * Weighted by default (`getEdgeWeight: "weight"`), whereas networkx's own
 * default is `weight=None`: pass `getEdgeWeight: null` (or `weighted: false`)
 * for that. A negative or non-finite weight is refused (`AnalysisError`).
 */
import type { AtlasGraph } from "../../graph/model.ts";
import { AnalysisError } from "../../shared/errors.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";
import { assignByKey, valuesByKey } from "./by-key.ts";
import { checkNonNegativeWeights, resolveAttributeName, resolveEdgeWeight, resolveIterationOptions } from "./options.ts";

export interface EigenvectorOptions {
  /** Convergence when the L1 change of one iteration is < order × tolerance (networkx). Default `1e-6`. */
  tolerance?: number;
  /** Iterations before giving up with an `AnalysisError`. Default `100`. */
  maxIterations?: number;
  /** Use the index's edge weights; `false` gives every edge weight 1. Default `true`. */
  weighted?: boolean;
}

export interface EigenvectorGraphOptions {
  /** Convergence when the L1 change of one iteration is < order × tolerance (networkx). Default `1e-6`. */
  tolerance?: number;
  /** Iterations before giving up with an `AnalysisError`. Default `100`. */
  maxIterations?: number;
  /** Edge attribute holding the weight, or `null` for weight 1 an edge. Default `"weight"`. */
  getEdgeWeight?: string | null;
  /** Node attribute written by `eigenvectorCentrality.assign`. Default `"eigenvectorCentrality"`. */
  nodeAttribute?: string;
}

export interface EigenvectorDefaults {
  tolerance: number;
  maxIterations: number;
  weighted: boolean;
  getEdgeWeight: string | null;
  nodeAttribute: string;
}

export const EIGENVECTOR_DEFAULTS: Readonly<EigenvectorDefaults> = Object.freeze({
  tolerance: 1e-6,
  maxIterations: 100,
  weighted: true,
  getEdgeWeight: "weight",
  nodeAttribute: "eigenvectorCentrality",
});

function resolve(options: EigenvectorOptions | undefined): Required<EigenvectorOptions> {
  return resolveIterationOptions("eigenvector", options, EIGENVECTOR_DEFAULTS);
}

/**
 * Eigenvector centrality of every node of the index (Euclidean norm 1).
 * An empty index gives an empty array. Throws `AnalysisError` when the
 * iteration has not converged after `maxIterations`.
 */
export function computeEigenvector(index: CsrIndex, options?: EigenvectorOptions): Float64Array {
  const { tolerance, maxIterations, weighted } = resolve(options);
  const n = index.order;
  if (n === 0) return new Float64Array(0);
  if (weighted) checkNonNegativeWeights("eigenvector", index);
  const { inOffsets, inNeighbors, inWeights } = index;
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  const threshold = n * tolerance;
  for (let iter = 0; iter < maxIterations; iter++) {
    let squares = 0;
    if (weighted) {
      for (let v = 0; v < n; v++) {
        let s = x[v];
        for (let e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) s += inWeights[e] * x[inNeighbors[e]];
        next[v] = s;
        squares += s * s;
      }
    } else {
      for (let v = 0; v < n; v++) {
        let s = x[v];
        for (let e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) s += x[inNeighbors[e]];
        next[v] = s;
        squares += s * s;
      }
    }
    // networkx: `norm = hypot(*x) or 1`.
    const norm = Math.sqrt(squares) || 1;
    const scale = 1 / norm;
    let err = 0;
    for (let v = 0; v < n; v++) {
      const value = next[v] * scale;
      next[v] = value;
      err += Math.abs(value - x[v]);
    }
    const tmp = x;
    x = next;
    next = tmp;
    if (err < threshold) return x;
  }
  throw new AnalysisError(
    `analyze/eigenvector: did not converge after ${maxIterations} iterations (tolerance ${tolerance.toExponential()}). ` +
      "Raise maxIterations (the iteration on A + I is slow when edge weights are small or the graph is not " +
      "strongly connected), or rank by PageRank instead.",
  );
}

interface ResolvedGraphOptions extends Required<EigenvectorOptions> {
  getEdgeWeight: string | null;
  nodeAttribute: string;
}

function resolveGraphOptions(options: EigenvectorGraphOptions | undefined): ResolvedGraphOptions {
  const getEdgeWeight = resolveEdgeWeight("eigenvector", options?.getEdgeWeight, EIGENVECTOR_DEFAULTS.getEdgeWeight);
  const nodeAttribute = resolveAttributeName(
    "eigenvector",
    "nodeAttribute",
    options?.nodeAttribute,
    EIGENVECTOR_DEFAULTS.nodeAttribute,
  );
  return {
    ...resolve({ tolerance: options?.tolerance, maxIterations: options?.maxIterations, weighted: getEdgeWeight !== null }),
    getEdgeWeight,
    nodeAttribute,
  };
}

function run(graph: AtlasGraph, options: EigenvectorGraphOptions | undefined): { index: CsrIndex; values: Float64Array; attribute: string } {
  const opts = resolveGraphOptions(options);
  const index = csrFromGraph(graph, { getEdgeWeight: opts.getEdgeWeight });
  const values = computeEigenvector(index, opts);
  return { index, values, attribute: opts.nodeAttribute };
}

/** Eigenvector centrality of every node of a graphology graph, `{ key: value }`. */
export function eigenvectorCentrality(graph: AtlasGraph, options?: EigenvectorGraphOptions): Record<string, number> {
  const { index, values } = run(graph, options);
  return valuesByKey(index, values);
}

/** Writes the centrality to `nodeAttribute` (default `eigenvectorCentrality`). */
eigenvectorCentrality.assign = (graph: AtlasGraph, options?: EigenvectorGraphOptions): void => {
  const { index, values, attribute } = run(graph, options);
  assignByKey(graph, index, attribute, values);
};
