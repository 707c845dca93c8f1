/**
 * The columnar atlas format: an atlas as a directory of Apache Arrow IPC files
 * (Feather v2), for graphs whose JSON export is too big for one string.
 *
 *   DIR/nodes.arrow  key, label (Utf8), then one typed column per node metric
 *   DIR/edges.arrow  source, target (Utf8 node keys), weight (Float64), [kind (Utf8)]
 *   DIR/atlas.json   the atlas meta, plus `columnar: { nodes, edges, format, directed, nodeCount, edgeCount }`
 *
 * Readable by `pyarrow.feather.read_table`, `polars.read_ipc`,
 * `arrow::read_feather`, DuckDB's arrow extension. Both files are written in
 * record batches of `batchRows` rows (default 2^20) streamed to disk, so
 * memory stays at one batch above the input arrays; the directory is written
 * under a temp name next to DIR and renamed at the end.
 *
 * Column types: Float64Array → Float64 (NaN → null); Int32Array → Int32;
 * Uint8Array → UInt8; (number|null)[] → Int32 when every value is an
 * integer in range, else Float64 (NaN → null); (string|null)[] → Utf8;
 * (boolean|null)[] → Bool. Field metadata `atlas:values` records the JS
 * array kind so the column reads back as it was given, and `atlas:null`
 * whether a null is the attribute `null` (`NODE_METRICS`, which every node
 * has) or a missing attribute (`leaderRank` of a non-leader, ...).
 */
import type { AtlasMeta } from "../../analyze/atlas.ts";

export type ColumnValues =
  | Float64Array
  | Int32Array
  | Uint8Array
  | (string | null)[]
  | (boolean | null)[]
  | (number | null)[];

export interface ColumnarEdges {
  /** Index into `keys` of each edge's source. */
  sources: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  /** Edge kinds (`mention`, `follows,retweet`, ...), or null/absent for none. */
  kinds?: readonly (string | undefined)[] | null;
}

export interface ColumnarAtlasInput {
  keys: readonly string[];
  /** Node labels; default: the keys. */
  labels?: readonly string[];
  /** Node metrics by attribute name, one value per key (not `key` nor `label`). */
  columns: Record<string, ColumnValues>;
  edges: ColumnarEdges;
  /** The atlas meta object (`AtlasMeta`). */
  atlas: unknown;
  directed: boolean;
  /** Columns whose nulls are the attribute `null` rather than a missing attribute (default `NODE_METRICS`). */
  keepNull?: readonly string[];
  /** Graph attributes other than `atlas` (JSON values), kept in `atlas.json` under `columnar.graphAttributes`. */
  graphAttributes?: Record<string, unknown>;
}

export interface ColumnarAtlas {
  atlas: AtlasMeta;
  keys: string[];
  labels: string[];
  columns: Record<string, ColumnValues>;
  edges: { sources: Int32Array; targets: Int32Array; weights: Float64Array; kinds: (string | undefined)[] | null };
  directed: boolean;
  /** Columns whose nulls are the attribute `null` (the others' nulls are missing attributes); default `NODE_METRICS`. */
  keepNull?: string[];
  /** Graph attributes other than `atlas`. */
  graphAttributes?: Record<string, unknown>;
}

export const COLUMNAR_FILES = Object.freeze({ nodes: "nodes.arrow", edges: "edges.arrow", meta: "atlas.json" });
export const COLUMNAR_FORMAT = "arrow-ipc-file";

export type ValuesKind = "Float64Array" | "Int32Array" | "Uint8Array" | "number[]" | "string[]" | "boolean[]";
export const KIND_KEY = "atlas:values";
export const NULL_KEY = "atlas:null";
export const MAGIC = "ARROW1";
export const RECREATE = "re-create it with `atlas analyze` (columnar output)";


/** UTF-8 of strings packed end to end: value i is `bytes[offsets[i]..offsets[i+1])`. */
export interface Utf8Table {
  bytes: Uint8Array;
  offsets: Int32Array;
}

const encoder = new TextEncoder();

export function utf8Table(values: readonly (string | null | undefined)[], start = 0, end = values.length): Utf8Table & { valid: Uint8Array | null; nulls: number } {
  const n = end - start;
  const offsets = new Int32Array(n + 1);
  let bytes = new Uint8Array(Math.max(64, n * 8));
  let valid: Uint8Array | null = null;
  let nulls = 0;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const s = values[start + i];
    if (typeof s !== "string") {
      valid ??= new Uint8Array((n + 7) >> 3).fill(0xff);
      valid[i >> 3] &= ~(1 << (i & 7));
      nulls++;
    } else {
      for (;;) {
        const r = encoder.encodeInto(s, bytes.subarray(pos));
        if (r.read === s.length) {
          pos += r.written;
          break;
        }
        const grown = new Uint8Array(Math.max(bytes.length * 2, pos + s.length * 3));
        grown.set(bytes.subarray(0, pos));
        bytes = grown;
      }
    }
    if (pos > 0x7fffffff) throw new Error("writeColumnarAtlas: a string column holds over 2 GiB in one batch; lower batchRows");
    offsets[i + 1] = pos;
  }
  return { bytes: bytes.subarray(0, pos), offsets, valid, nulls };
}
