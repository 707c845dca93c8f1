/**
 * LeaderRank (Lü, Zhang, Yeung & Zhou 2011, "Leaders in social networks, the
 * Delicious case", PLoS ONE 6(6): e21202).
 *
 * A ground node g is added and linked both ways to every node; a random walk
 * runs on the augmented graph from s_i(0) = 1 for every node and s_g(0) = 0:
 *
 *   s_i(t+1) = Σ_{j→i} s_j(t) / k_j^out        (k^out counts j's link to g)
 *
 * until the steady state (the L1 change of one step < order × tolerance); the
 * ground's score is then shared evenly: LR_i = s_i(t_c) + s_g(t_c) / N. The
 * scores sum to N. The walk follows edges, as PageRank does (an edge u→v
 * passes score to v); an undirected edge goes both ways; a self-loop is one
 * out-link of its node. Weights are ignored (the paper's unweighted walk).
 *
 * The augmented chain is irreducible and, as soon as the graph has one edge,
 * aperiodic (cycles g→i→g and g→i→j→g), so the steady state exists and is
 * unique. Without edges the walk oscillates between g and the nodes; its
 * stationary limit then gives every node LR = 1, which is returned directly.
 */
import type { AtlasGraph } from "../../graph/model.ts";
import { AnalysisError } from "../../shared/errors.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";
import { assignByKey, valuesByKey } from "../centrality/by-key.ts";
import { checkInteger, checkPositive } from "./options.ts";

export interface LeaderrankOptions {
  /** Steady state when the L1 change of one step is below order × tolerance (scores sum to order). Default `1e-10`. */
  tolerance?: number;
  /** Steps before giving up with an `AnalysisError`. Default `10000`. */
  maxIterations?: number;
  /** Node attribute written by `leaderrank.assign`. Default `"leaderrank"`. */
  nodeAttribute?: string;
}

export const LEADERRANK_DEFAULTS: Readonly<Required<LeaderrankOptions>> = Object.freeze({
  tolerance: 1e-10,
  maxIterations: 10000,
  nodeAttribute: "leaderrank",
});

/** LeaderRank of every node of the index (sums to the number of nodes). */
export function computeLeaderrank(index: CsrIndex, options: LeaderrankOptions = {}): Float64Array {
  const where = "analyze/leaderrank";
  const tolerance = checkPositive(where, "tolerance", options.tolerance ?? LEADERRANK_DEFAULTS.tolerance);
  const maxIterations = checkInteger(where, "maxIterations", options.maxIterations ?? LEADERRANK_DEFAULTS.maxIterations, 1);
  const n = index.order;
  if (n === 0) return new Float64Array(0);
  const { outOffsets, inOffsets, inNeighbors } = index;
  if (index.outNeighbors.length === 0) return new Float64Array(n).fill(1);

  // 1 / (out-degree + 1): the +1 is the link to the ground node.
  const inv = new Float64Array(n);
  for (let u = 0; u < n; u++) inv[u] = 1 / (outOffsets[u + 1] - outOffsets[u] + 1);
  let s = new Float64Array(n).fill(1);
  let next = new Float64Array(n);
  const y = new Float64Array(n);
  let ground = 0;
  const threshold = n * tolerance;
  for (let iter = 0; iter < maxIterations; iter++) {
    let toGround = 0;
    for (let u = 0; u < n; u++) {
      const share = s[u] * inv[u];
      y[u] = share;
      toGround += share;
    }
    const fromGround = ground / n;
    let err = Math.abs(toGround - ground);
    for (let v = 0; v < n; v++) {
      let sum = fromGround;
      for (let e = inOffsets[v], end = inOffsets[v + 1]; e < end; e++) sum += y[inNeighbors[e]];
      next[v] = sum;
      err += Math.abs(sum - s[v]);
    }
    const tmp = s;
    s = next;
    next = tmp;
    ground = toGround;
    if (err < threshold) {
      const share = ground / n;
      for (let v = 0; v < n; v++) s[v] += share;
      return s;
    }
  }
  throw new AnalysisError(
    `analyze/leaderrank: did not reach the steady state after ${maxIterations} steps (tolerance ${tolerance.toExponential()}). Raise maxIterations or tolerance.`,
  );
}

function run(graph: AtlasGraph, options: LeaderrankOptions | undefined): { index: CsrIndex; values: Float64Array } {
  const index = csrFromGraph(graph, { getEdgeWeight: null });
  return { index, values: computeLeaderrank(index, options) };
}

/** LeaderRank of every node of `graph`, by key. */
export function leaderrank(graph: AtlasGraph, options?: LeaderrankOptions): Record<string, number> {
  const { index, values } = run(graph, options);
  return valuesByKey(index, values);
}

/** Writes LeaderRank to node attribute `nodeAttribute` (default `"leaderrank"`). */
leaderrank.assign = (graph: AtlasGraph, options?: LeaderrankOptions): void => {
  const { index, values } = run(graph, options);
  assignByKey(graph, index, options?.nodeAttribute ?? LEADERRANK_DEFAULTS.nodeAttribute, values);
};
