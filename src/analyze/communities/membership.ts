/** Validation of a membership array against an index (shared by the community functions). */
import type { CsrIndex } from "../csr.ts";
import { UsageError } from "../../shared/errors.ts";

/**
 * Checks that `membership` gives every node of `index` an integer community
 * id ≥ 0 and returns the number of communities (largest id + 1).
 */
export function membershipCount(index: CsrIndex, membership: ArrayLike<number>, where: string): number {
  if (membership.length !== index.order) {
    throw new UsageError(
      `${where}: membership has ${membership.length} entries but the graph has ${index.order} nodes; give one community id per node, in node order.`,
    );
  }
  let max = -1;
  for (let i = 0; i < membership.length; i++) {
    const c = membership[i];
    if (!Number.isInteger(c) || c < 0) {
      throw new UsageError(
        `${where}: node "${index.keys[i]}" has community ${String(c)}; community ids must be integers ≥ 0.`,
      );
    }
    if (c > max) max = c;
  }
  return max + 1;
}

/** Throws unless `count` covers every id of `membership` (`count` > largest id). */
export function checkCount(index: CsrIndex, membership: ArrayLike<number>, count: number, where: string): void {
  const needed = membershipCount(index, membership, where);
  if (!Number.isInteger(count) || count < needed) {
    throw new UsageError(`${where}: count is ${count} but the membership uses ids up to ${needed - 1}; pass count = largest id + 1.`);
  }
}

/** Throws unless the resolution is a finite number ≥ 0. */
export function checkResolution(resolution: number, where: string): void {
  if (typeof resolution !== "number" || !Number.isFinite(resolution) || resolution < 0) {
    throw new UsageError(`${where}: resolution is ${String(resolution)}; give a finite number ≥ 0 (1 is standard modularity).`);
  }
}
