/**
 * Scoring methods against simulated spreading power: Kendall's τ-b between a
 * method's scores and the powers of the evaluated nodes, and the overlap of
 * the method's top k with the true top k (among the evaluated nodes).
 */
import { UsageError } from "../../shared/errors.ts";
import { createRng } from "../rng.ts";
import { kendallTau, topKOverlap } from "./kendall.ts";

export interface MethodEvaluation {
  method: string;
  /** Kendall τ-b between the method's scores and the spreading power (NaN when either is constant). */
  tau: number;
  /** Share of the true top k found in the method's top k. */
  overlap: number;
  k: number;
}

/**
 * `count` distinct node indices out of `n`, seeded (a partial Fisher–Yates
 * shuffle), sorted ascending; all nodes when count ≥ n.
 */
export function sampleNodes(n: number, count: number, seed: number): Int32Array {
  if (!Number.isInteger(count) || count < 0) throw new UsageError(`analyze/sampleNodes: count is ${String(count)}; give an integer ≥ 0.`);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (count >= n) return all;
  const rng = createRng(seed);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, count).sort();
}

/** τ and top-k overlap of each method, on the nodes `nodes` whose spreading powers are `power`. */
export function compareToSpreading(
  scores: Readonly<Record<string, ArrayLike<number>>>,
  nodes: ArrayLike<number>,
  power: ArrayLike<number>,
  k: number,
): MethodEvaluation[] {
  if (power.length !== nodes.length) {
    throw new UsageError(`analyze/compareToSpreading: ${nodes.length} nodes but ${power.length} powers; give one power per node.`);
  }
  const rows: MethodEvaluation[] = [];
  const sub = new Float64Array(nodes.length);
  for (const [method, values] of Object.entries(scores)) {
    for (let t = 0; t < nodes.length; t++) sub[t] = values[nodes[t]];
    rows.push({ method, tau: kendallTau(sub, power), overlap: topKOverlap(sub, power, k), k: Math.min(k, nodes.length) });
  }
  return rows;
}
