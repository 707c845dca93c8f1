/** The niche comparison as JSON (for programs): the `NicheComparison` with `version`; non-finite numbers as null. */
import type { NicheComparison } from "../../analyze/compare/types.ts";

export const COMPARE_JSON_VERSION = 1;

export function compareJson(result: NicheComparison): string {
  return (
    JSON.stringify({ version: COMPARE_JSON_VERSION, ...result }, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n"
  );
}
