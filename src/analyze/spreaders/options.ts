/** Option checks shared by the spreader methods (messages start with `analyze/<method>:`). */
import { UsageError } from "../../shared/errors.ts";

/** An integer ≥ `min` (or `Infinity` when `infinite`), else `UsageError`. */
export function checkInteger(where: string, name: string, value: unknown, min: number, infinite = false): number {
  if (typeof value === "number" && ((infinite && value === Infinity) || (Number.isInteger(value) && value >= min))) return value;
  throw new UsageError(`${where}: ${name} is ${String(value)}; give an integer ≥ ${min}${infinite ? " (or Infinity)" : ""}.`);
}

/** A finite number > 0, else `UsageError`. */
export function checkPositive(where: string, name: string, value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  throw new UsageError(`${where}: ${name} is ${String(value)}; give a finite number > 0.`);
}

/** A boolean, else `UsageError`. */
export function checkBoolean(where: string, name: string, value: unknown): boolean {
  if (typeof value === "boolean") return value;
  throw new UsageError(`${where}: ${name} is ${String(value)}; give true or false.`);
}

/**
 * A ranking as a score: the node at position p of `order` (0-based) scores
 * `order.length − p`; nodes not in `order` score 0. Higher is better, so it
 * can be ranked and correlated like any centrality.
 */
export function orderScore(order: ArrayLike<number>, n: number): Float64Array {
  const score = new Float64Array(n);
  const len = order.length;
  for (let p = 0; p < len; p++) score[order[p]] = len - p;
  return score;
}
