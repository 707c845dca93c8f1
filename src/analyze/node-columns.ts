/**
 * The per-node output of the analysis as columns (typed arrays by node
 * index), the one form every writer starts from: `writeNodeColumns` puts them
 * on a graphology graph as node attributes (the atlas file), the columnar
 * writer streams them to Arrow files without any graph.
 *
 * How a column becomes an attribute is said once, here: a float column's
 * non-finite values become `null` (`nonFinite: "null"`) or `0` (`"zero"`); a
 * column with `values: null` is `null` (or `0`) on every node; a sparse column
 * (`present`) is set only where `present[i]` is 1.
 */
import type { AtlasGraph } from "../graph/model.ts";

export type NodeColumnValues = Float64Array | Int32Array | Int8Array | Uint8Array | readonly string[];

export interface NodeColumn {
  /** Node attribute name (camelCase, as in the atlas contract). */
  readonly name: string;
  readonly type: "float" | "int" | "bool" | "string";
  /** Values by node index; `null`: the metric was not computed (every node gets `null`). */
  readonly values: NodeColumnValues | null;
  /** Float columns: what a NaN or infinite value is written as. Default `"null"`. */
  readonly nonFinite?: "null" | "zero";
  /** Sparse columns: the attribute exists only where this is 1. */
  readonly present?: Uint8Array;
}

/** Value of column `c` at node `i` as the attribute holds it (`undefined`: no attribute). */
export function columnValue(c: NodeColumn, i: number): number | string | boolean | null | undefined {
  if (c.present !== undefined && c.present[i] === 0) return undefined;
  const values = c.values;
  if (values === null) return c.nonFinite === "zero" ? 0 : null;
  const v = values[i];
  if (c.type === "bool") return v === 1;
  if (c.type === "float" && !Number.isFinite(v as number)) return c.nonFinite === "zero" ? 0 : null;
  return v;
}

/** Number of non-finite values in the float columns (written as `null` or `0`). */
export function countNonFinite(columns: readonly NodeColumn[]): number {
  let count = 0;
  for (const c of columns) {
    if (c.type !== "float" || c.values === null) continue;
    const values = c.values as Float64Array;
    for (let i = 0; i < values.length; i++) {
      if (c.present !== undefined && c.present[i] === 0) continue;
      if (!Number.isFinite(values[i])) count++;
    }
  }
  return count;
}

/**
 * Writes the columns on the nodes of `graph`, whose node order must be the
 * index order `keys` (as `csrFromGraph` builds it). Attributes named in
 * `stale` are removed first (a previous analysis' sparse attributes); `label`
 * stays the node's own, else its key.
 */
export function writeNodeColumns(graph: AtlasGraph, keys: readonly string[], columns: readonly NodeColumn[], stale: readonly string[] = []): void {
  let i = 0;
  graph.updateEachNodeAttributes((key, attrs) => {
    if (key !== keys[i]) throw new Error(`analyze/node-columns: node order changed at "${key}"; this is a bug.`);
    for (const k of stale) if (attrs[k] !== undefined) delete attrs[k];
    attrs.label = typeof attrs.label === "string" ? attrs.label : String(attrs.label ?? key);
    for (const c of columns) {
      const v = columnValue(c, i);
      if (v !== undefined) attrs[c.name] = v;
    }
    i++;
    return attrs;
  });
}
