/**
 * Option checks shared by the iterative centralities (PageRank, HITS,
 * eigenvector) and their graph-level wrappers. Every message starts with
 * `analyze/<metric>:` and names the offending value.
 */
import { AnalysisError, UsageError } from "../../shared/errors.ts";
import type { CsrIndex } from "../csr.ts";

/** The options every power iteration takes. */
export interface IterationOptions {
  /** Convergence threshold (its exact meaning is the metric's). */
  tolerance?: number;
  /** Iterations before giving up with an `AnalysisError`. */
  maxIterations?: number;
  /** Use the index's edge weights; `false` gives every edge weight 1. */
  weighted?: boolean;
}

/** `options` resolved against `defaults` and checked: tolerance > 0 and finite, maxIterations a positive integer, weighted a boolean. */
export function resolveIterationOptions(
  metric: string,
  options: IterationOptions | undefined,
  defaults: Readonly<Required<IterationOptions>>,
): Required<IterationOptions> {
  const tolerance = options?.tolerance ?? defaults.tolerance;
  const maxIterations = options?.maxIterations ?? defaults.maxIterations;
  const weighted = options?.weighted ?? defaults.weighted;
  if (typeof tolerance !== "number" || !(tolerance > 0 && Number.isFinite(tolerance))) {
    throw new UsageError(`analyze/${metric}: tolerance must be a positive number, got ${String(tolerance)}.`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new UsageError(`analyze/${metric}: maxIterations must be a positive integer, got ${String(maxIterations)}.`);
  }
  if (typeof weighted !== "boolean") {
    throw new UsageError(`analyze/${metric}: weighted must be true or false, got ${String(weighted)}.`);
  }
  return { tolerance, maxIterations, weighted };
}

/** The `getEdgeWeight` option: `undefined` gives `fallback`; otherwise an attribute name or `null`. */
export function resolveEdgeWeight(metric: string, value: unknown, fallback: string | null): string | null {
  const getEdgeWeight = value === undefined ? fallback : value;
  if (getEdgeWeight !== null && typeof getEdgeWeight !== "string") {
    throw new UsageError(`analyze/${metric}: getEdgeWeight must be an attribute name or null, got ${String(getEdgeWeight)}.`);
  }
  return getEdgeWeight;
}

/** A node-attribute option (`nodeAttribute`, ...): `undefined` gives `fallback`; otherwise a non-empty string. */
export function resolveAttributeName(metric: string, option: string, value: unknown, fallback: string): string {
  const name = value ?? fallback;
  if (typeof name !== "string" || name === "") {
    throw new UsageError(`analyze/${metric}: ${option} must be a non-empty string, got ${String(name)}.`);
  }
  return name;
}

/** Throws `AnalysisError` on a negative or non-finite edge weight (the maths needs weights >= 0). */
export function checkNonNegativeWeights(metric: string, index: CsrIndex): void {
  const { outOffsets, outNeighbors, outWeights } = index;
  for (let e = 0; e < outWeights.length; e++) {
    const w = outWeights[e];
    if (w >= 0 && w !== Infinity) continue;
    let u = 0;
    while (outOffsets[u + 1] <= e) u++;
    throw new AnalysisError(
      `analyze/${metric}: edge "${index.keys[u]}" -> "${index.keys[outNeighbors[e]]}" has weight ${w}; ` +
        "weights must be finite and >= 0. Fix the weights or pass getEdgeWeight: null (weighted: false).",
    );
  }
}
