/**
 * The columnar atlas: an atlas as a directory of Apache Arrow IPC files
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
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  AsyncByteQueue,
  Bool,
  Field,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchReader,
  Schema,
  Struct,
  Type,
  Uint8,
  Utf8,
  type Data,
  type DataType,
} from "apache-arrow";
import Graph from "graphology";
import { ATLAS_VERSION, NODE_METRICS, type AtlasMeta } from "../analyze/atlas.ts";
import { ATLAS_META_SCHEMA, columnProblem, metaReferenceProblem, requiredNodeAttributes, schemaProblem } from "../analyze/atlas-validate.ts";
import type { AtlasGraph } from "../graph/model.ts";
import { DataError, UsageError } from "../shared/errors.ts";
import { prepareOutputDirectory } from "./output-path.ts";
import { writeChunks } from "./write-stream.ts";

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

export interface ColumnarWriteOptions {
  /** Rows per record batch (default 2^20). */
  batchRows?: number;
}

export const COLUMNAR_DEFAULTS: Readonly<Required<ColumnarWriteOptions>> = Object.freeze({
  batchRows: 1 << 20,
});

export const COLUMNAR_FILES = Object.freeze({ nodes: "nodes.arrow", edges: "edges.arrow", meta: "atlas.json" });
export const COLUMNAR_FORMAT = "arrow-ipc-file";

type ValuesKind = "Float64Array" | "Int32Array" | "Uint8Array" | "number[]" | "string[]" | "boolean[]";
const KIND_KEY = "atlas:values";
const NULL_KEY = "atlas:null";
const MAGIC = "ARROW1";
const RECREATE = "re-create it with `atlas analyze` (columnar output)";

// ---------------------------------------------------------------- encoding

/** UTF-8 of strings packed end to end: value i is `bytes[offsets[i]..offsets[i+1])`. */
interface Utf8Table {
  bytes: Uint8Array;
  offsets: Int32Array;
}

const encoder = new TextEncoder();

function utf8Table(values: readonly (string | null | undefined)[], start = 0, end = values.length): Utf8Table & { valid: Uint8Array | null; nulls: number } {
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

/** Utf8 data of rows `[start, end)` of the table, given as indices `rows[start..end)` into it (or rows themselves). */
function gatherUtf8(table: Utf8Table, index: Int32Array | null, start: number, end: number): Data<Utf8> {
  const n = end - start;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const r = index ? index[start + i] : start + i;
    total += table.offsets[r + 1] - table.offsets[r];
    offsets[i + 1] = total;
  }
  const data = new Uint8Array(total);
  const { bytes, offsets: from } = table;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const r = index ? index[start + i] : start + i;
    for (let j = from[r], e = from[r + 1]; j < e; j++) data[pos++] = bytes[j];
  }
  return makeData({ type: new Utf8(), length: n, nullCount: 0, valueOffsets: offsets, data });
}

function utf8Data(values: readonly (string | null | undefined)[], start: number, end: number): Data<Utf8> {
  const t = utf8Table(values, start, end);
  return makeData({
    type: new Utf8(),
    length: end - start,
    nullCount: t.nulls,
    nullBitmap: t.valid ?? undefined,
    valueOffsets: t.offsets,
    data: t.bytes,
  });
}

/** Validity bitmap of a float slice (NaN = null), or null when every value is a number. */
function nanBitmap(values: Float64Array): { bitmap: Uint8Array | null; nulls: number } {
  let nulls = 0;
  let bitmap: Uint8Array | null = null;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) {
      bitmap ??= new Uint8Array((values.length + 7) >> 3).fill(0xff);
      bitmap[i >> 3] &= ~(1 << (i & 7));
      nulls++;
    }
  }
  return { bitmap, nulls };
}

interface ColumnPlan {
  name: string;
  kind: ValuesKind;
  type: DataType;
  slice: (start: number, end: number) => Data;
}

function isInt32(v: number): boolean {
  return Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff && !Object.is(v, -0);
}

function planColumn(name: string, values: ColumnValues): ColumnPlan {
  if (values instanceof Float64Array) {
    return { name, kind: "Float64Array", type: new Float64(), slice: (s, e) => floatData(values.subarray(s, e)) };
  }
  if (values instanceof Int32Array) {
    return { name, kind: "Int32Array", type: new Int32(), slice: (s, e) => makeData({ type: new Int32(), data: values.subarray(s, e) }) };
  }
  if (values instanceof Uint8Array) {
    return { name, kind: "Uint8Array", type: new Uint8(), slice: (s, e) => makeData({ type: new Uint8(), data: values.subarray(s, e) }) };
  }
  let strings = 0;
  let booleans = 0;
  let numbers = 0;
  let ints = 0;
  for (const v of values as unknown[]) {
    if (typeof v === "string") strings++;
    else if (typeof v === "boolean") booleans++;
    else if (typeof v === "number") {
      numbers++;
      if (isInt32(v)) ints++;
    } else if (v !== null && v !== undefined) {
      throw new Error(`writeColumnarAtlas: column "${name}" holds a ${typeof v}; give numbers, strings or booleans`);
    }
  }
  if ([strings, booleans, numbers].filter((c) => c > 0).length > 1) {
    throw new Error(`writeColumnarAtlas: column "${name}" mixes strings, numbers and booleans; give one kind per column`);
  }
  if (strings > 0) {
    const v = values as (string | null)[];
    return { name, kind: "string[]", type: new Utf8(), slice: (s, e) => utf8Data(v, s, e) };
  }
  if (booleans > 0) {
    const v = values as (boolean | null)[];
    return { name, kind: "boolean[]", type: new Bool(), slice: (s, e) => boolData(v, s, e) };
  }
  const v = values as (number | null)[];
  if (ints === numbers) {
    return { name, kind: "number[]", type: new Int32(), slice: (s, e) => intData(v, s, e) };
  }
  return { name, kind: "number[]", type: new Float64(), slice: (s, e) => floatData(Float64Array.from(v.slice(s, e), (x) => (typeof x === "number" ? x : NaN))) };
}

function floatData(values: Float64Array): Data<Float64> {
  const { bitmap, nulls } = nanBitmap(values);
  return makeData({ type: new Float64(), data: values, nullCount: nulls, nullBitmap: bitmap ?? undefined });
}

function intData(values: readonly (number | null)[], start: number, end: number): Data<Int32> {
  const n = end - start;
  const data = new Int32Array(n);
  let bitmap: Uint8Array | null = null;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const x = values[start + i];
    if (typeof x === "number") data[i] = x;
    else {
      bitmap ??= new Uint8Array((n + 7) >> 3).fill(0xff);
      bitmap[i >> 3] &= ~(1 << (i & 7));
      nulls++;
    }
  }
  return makeData({ type: new Int32(), data, nullCount: nulls, nullBitmap: bitmap ?? undefined });
}

function boolData(values: readonly (boolean | null)[], start: number, end: number): Data<Bool> {
  const n = end - start;
  const data = new Uint8Array((n + 7) >> 3);
  let bitmap: Uint8Array | null = null;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const x = values[start + i];
    if (x === true) data[i >> 3] |= 1 << (i & 7);
    else if (x !== false) {
      bitmap ??= new Uint8Array((n + 7) >> 3).fill(0xff);
      bitmap[i >> 3] &= ~(1 << (i & 7));
      nulls++;
    }
  }
  return makeData({ type: new Bool(), length: n, data, nullCount: nulls, nullBitmap: bitmap ?? undefined });
}

/** Collects the bytes the Arrow writer emits, for the generator to hand on. */
class ChunkSink extends AsyncByteQueue {
  private pending: Uint8Array[] = [];
  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.pending.push(value);
  }
  take(): Uint8Array[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

/** An Arrow IPC file, as byte chunks, one batch at a time (batches are built only when pulled). */
function* arrowFileChunks(schema: Schema, batches: Iterable<RecordBatch>): Generator<Uint8Array> {
  const sink = new ChunkSink();
  const writer = new RecordBatchFileWriter();
  writer.reset(sink, schema);
  for (const batch of batches) {
    writer.write(batch);
    yield* sink.take();
  }
  writer.finish();
  yield* sink.take();
}

function* batchesOf(schema: Schema, rows: number, batchRows: number, columns: (start: number, end: number) => Data[]): Generator<RecordBatch> {
  // One batch even for no rows, so that readers see the schema with a row count.
  for (let start = 0; start < rows || start === 0; start += batchRows) {
    const end = Math.min(rows, start + batchRows);
    const children = columns(start, end);
    yield new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: end - start, nullCount: 0, children }));
    if (rows === 0) break;
  }
}

function checkInput(data: ColumnarAtlasInput): void {
  const n = data.keys.length;
  const fail = (what: string): never => {
    throw new Error(`writeColumnarAtlas: ${what}`);
  };
  if (data.labels && data.labels.length !== n) fail(`${data.labels.length} labels for ${n} keys`);
  for (const [name, values] of Object.entries(data.columns)) {
    if (name === "key" || name === "label") fail(`column "${name}" is reserved (give labels in \`labels\`)`);
    if (values.length !== n) fail(`column "${name}" has ${values.length} values for ${n} keys`);
  }
  const { sources, targets, weights, kinds } = data.edges;
  const m = sources.length;
  if (targets.length !== m || weights.length !== m || (kinds && kinds.length !== m)) {
    fail(`edges: ${m} sources, ${targets.length} targets, ${weights.length} weights${kinds ? `, ${kinds.length} kinds` : ""}`);
  }
  for (let i = 0; i < m; i++) {
    const s = sources[i];
    const t = targets[i];
    if (s < 0 || s >= n || t < 0 || t >= n) fail(`edge #${i} (${s} → ${t}) points outside the ${n} keys`);
  }
  const seen = new Set<string>();
  for (const key of data.keys) {
    if (seen.has(key)) fail(`node key "${key}" appears twice`);
    seen.add(key);
  }
  if (typeof data.atlas !== "object" || data.atlas === null || Array.isArray(data.atlas)) fail("atlas is not an object");
}

/**
 * Writes the columnar atlas `dir` (see the module comment). `dir` is
 * replaced when it is already a columnar atlas (or empty); any other
 * existing path is a `UsageError`. Nothing is left behind on failure.
 */
export async function writeColumnarAtlas(
  dir: string,
  data: ColumnarAtlasInput,
  options: ColumnarWriteOptions = {},
): Promise<{ nodesBytes: number; edgesBytes: number }> {
  const opts = { ...COLUMNAR_DEFAULTS, ...options };
  if (!(Number.isInteger(opts.batchRows) && opts.batchRows > 0)) throw new Error(`writeColumnarAtlas: batchRows ${opts.batchRows} is not a positive integer`);
  checkInput(data);
  await prepareOutputDirectory(dir);
  await assertReplaceable(dir);
  const n = data.keys.length;
  const m = data.edges.sources.length;
  const keepNull = new Set<string>(data.keepNull ?? NODE_METRICS);

  const keyTable = utf8Table(data.keys);
  const plans = Object.entries(data.columns).map(([name, values]) => planColumn(name, values));
  const nodeSchema = new Schema(
    [
      new Field("key", new Utf8(), false),
      new Field("label", new Utf8(), false),
      ...plans.map(
        (p) => new Field(p.name, p.type, true, new Map([[KIND_KEY, p.kind], [NULL_KEY, keepNull.has(p.name) ? "null" : "absent"]])),
      ),
    ],
    new Map([["atlas:table", "nodes"]]),
  );
  const labels = data.labels;
  const nodeBatches = batchesOf(nodeSchema, n, opts.batchRows, (s, e) => [
    gatherUtf8(keyTable, null, s, e),
    labels ? utf8Data(labels, s, e) : gatherUtf8(keyTable, null, s, e),
    ...plans.map((p) => p.slice(s, e)),
  ]);

  const { sources, targets, weights, kinds } = data.edges;
  const edgeFields = [new Field("source", new Utf8(), false), new Field("target", new Utf8(), false), new Field("weight", new Float64(), true)];
  if (kinds) edgeFields.push(new Field("kind", new Utf8(), true));
  const edgeSchema = new Schema(edgeFields, new Map([["atlas:table", "edges"], ["atlas:directed", String(data.directed)]]));
  const edgeBatches = batchesOf(edgeSchema, m, opts.batchRows, (s, e) => {
    const cols: Data[] = [gatherUtf8(keyTable, sources, s, e), gatherUtf8(keyTable, targets, s, e), floatData(weights.subarray(s, e))];
    if (kinds) cols.push(utf8Data(kinds, s, e));
    return cols;
  });

  const parent = dirname(dir);
  const temp = join(parent, `.${basename(dir)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  await mkdir(temp);
  try {
    const nodesBytes = await writeChunks(join(temp, COLUMNAR_FILES.nodes), arrowFileChunks(nodeSchema, nodeBatches));
    const edgesBytes = await writeChunks(join(temp, COLUMNAR_FILES.edges), arrowFileChunks(edgeSchema, edgeBatches));
    const meta = {
      ...(data.atlas as Record<string, unknown>),
      columnar: {
        nodes: COLUMNAR_FILES.nodes,
        edges: COLUMNAR_FILES.edges,
        format: COLUMNAR_FORMAT,
        directed: data.directed,
        nodeCount: n,
        edgeCount: m,
        ...(data.graphAttributes && Object.keys(data.graphAttributes).length > 0 ? { graphAttributes: data.graphAttributes } : {}),
      },
    };
    await writeChunks(join(temp, COLUMNAR_FILES.meta), [JSON.stringify(meta)]);
    await swapInto(temp, dir);
    return { nodesBytes, edgesBytes };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

async function assertReplaceable(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (s === null) return;
  if (!s.isDirectory()) throw new UsageError(`columnar atlas: "${dir}" exists and is not a directory; give another output path`);
  if (await isColumnarAtlas(dir)) return;
  if ((await readdir(dir)).length > 0) {
    throw new UsageError(`columnar atlas: "${dir}" exists and is not a columnar atlas; give another output directory or remove it`);
  }
}

/** Renames `temp` to `dir`; an existing `dir` is moved aside first and removed after. */
async function swapInto(temp: string, dir: string): Promise<void> {
  const old = `${temp}.old`;
  let moved = false;
  try {
    await rename(dir, old);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  try {
    await rename(temp, dir);
  } catch (error) {
    if (moved) await rename(old, dir);
    throw error;
  }
  if (moved) await rm(old, { recursive: true, force: true });
}

/**
 * Node attributes as columns (`attributes` in `keys` order): the labels
 * (`label`, else the key), one column per other attribute in first-seen order
 * (numbers, strings, booleans; objects and mixed columns as JSON text), and
 * the columns every node has, whose nulls are the attribute `null`.
 */
export function nodeAttributeColumns(
  keys: readonly string[],
  attributes: Iterable<Record<string, unknown>>,
): { labels: string[]; columns: Record<string, ColumnValues>; keepNull: string[] } {
  const n = keys.length;
  const labels: string[] = new Array(n);
  const raw = new Map<string, { values: unknown[]; present: number }>();
  let i = 0;
  for (const attrs of attributes) {
    labels[i] = typeof attrs.label === "string" ? attrs.label : String(attrs.label ?? keys[i]);
    for (const name in attrs) {
      if (name === "label") continue;
      let col = raw.get(name);
      if (col === undefined) raw.set(name, (col = { values: new Array(n).fill(null), present: 0 }));
      col.values[i] = attrs[name] ?? null;
      col.present++;
    }
    i++;
  }
  const columns: Record<string, ColumnValues> = {};
  const keepNull: string[] = [];
  for (const [name, { values, present }] of raw) {
    if (name === "key") continue;
    const kinds = new Set(values.filter((v) => v !== null).map((v) => typeof v));
    const uniform = kinds.size <= 1 && !kinds.has("object");
    columns[name] = (uniform ? values : values.map((v) => (v === null ? null : typeof v === "string" ? v : JSON.stringify(v)))) as ColumnValues;
    if (present === n) keepNull.push(name);
  }
  return { labels, columns, keepNull };
}

/**
 * The columns of an atlas graph, for `writeColumnarAtlas`: node keys and
 * labels, one column per node attribute (first-seen order; numbers as
 * `(number|null)[]`, strings, booleans; objects and mixed columns as JSON
 * text), nulls kept as `null` in the columns every node has, edges as
 * indices with `weight` (default 1) and `kind`. Other edge attributes are
 * not written.
 */
export function graphToColumnar(graph: AtlasGraph): ColumnarAtlasInput {
  if (graph.type === "mixed") throw new Error("graphToColumnar: a mixed graph has no columnar form; make it directed or undirected");
  const n = graph.order;
  const keys: string[] = new Array(n);
  const index = new Map<string, number>();
  let i = 0;
  for (const node of graph.nodes()) {
    keys[i] = node;
    index.set(node, i++);
  }
  const { labels, columns, keepNull } = nodeAttributeColumns(keys, Array.from(graph.nodeEntries(), (entry) => entry.attributes));
  const m = graph.size;
  const sources = new Int32Array(m);
  const targets = new Int32Array(m);
  const weights = new Float64Array(m);
  const kinds: (string | undefined)[] = new Array(m);
  let anyKind = false;
  let e = 0;
  for (const { attributes, source, target } of graph.edgeEntries()) {
    sources[e] = index.get(source) as number;
    targets[e] = index.get(target) as number;
    weights[e] = typeof attributes.weight === "number" ? attributes.weight : 1;
    if (typeof attributes.kind === "string") {
      kinds[e] = attributes.kind;
      anyKind = true;
    }
    e++;
  }
  const { atlas, ...graphAttributes } = graph.getAttributes();
  return {
    keys,
    labels,
    columns,
    edges: { sources, targets, weights, kinds: anyKind ? kinds : null },
    atlas,
    directed: graph.type === "directed",
    keepNull,
    graphAttributes,
  };
}

// ---------------------------------------------------------------- decoding

/** True when `path` is a directory holding a columnar atlas's `atlas.json`. */
export async function isColumnarAtlas(path: string): Promise<boolean> {
  try {
    const meta = JSON.parse(await readFile(join(path, COLUMNAR_FILES.meta), "utf8")) as { columnar?: { format?: unknown } };
    return meta.columnar?.format === COLUMNAR_FORMAT;
  } catch {
    return false;
  }
}

interface ColumnReader {
  kind: ValuesKind;
  keepNull: boolean;
  values: ColumnValues;
}

function bad(file: string, problem: string, cause?: unknown): DataError {
  return new DataError({ file }, problem, RECREATE, cause === undefined ? undefined : { cause });
}

/** A value of the columnar atlas that the atlas schema refuses (an edited file): fix it, or re-create it. */
function badValue(file: string, problem: string): DataError {
  return new DataError({ file }, `not a valid atlas: ${problem}`, "fix that value, or re-create it with `atlas analyze` (columnar output)");
}

/** Decodes a Utf8 column of one batch into `out` from `at` (latin1 fast path for ASCII). */
function readStrings(data: Data, out: (string | null)[], at: number): void {
  const offsets = data.valueOffsets as Int32Array;
  const values = data.values as Uint8Array;
  const n = data.length;
  const first = offsets[data.offset];
  const last = offsets[data.offset + n];
  let ascii = true;
  for (let j = first; j < last; j++) {
    if (values[j] > 0x7f) {
      ascii = false;
      break;
    }
  }
  const decoder = new TextDecoder();
  const text = ascii ? Buffer.from(values.buffer, values.byteOffset + first, last - first).toString("latin1") : "";
  const nullable = data.nullCount > 0;
  for (let i = 0; i < n; i++) {
    if (nullable && !data.getValid(i)) {
      out[at + i] = null;
      continue;
    }
    const a = offsets[data.offset + i];
    const b = offsets[data.offset + i + 1];
    out[at + i] = ascii ? text.slice(a - first, b - first) : decoder.decode(values.subarray(a, b));
  }
}

function columnReader(file: string, field: Field, rows: number): ColumnReader {
  const recorded = field.metadata.get(KIND_KEY) as ValuesKind | undefined;
  const keepNull = field.metadata.has(NULL_KEY) ? field.metadata.get(NULL_KEY) === "null" : (NODE_METRICS as readonly string[]).includes(field.name);
  const t = field.type.typeId;
  const fallback: ValuesKind | null =
    t === Type.Float ? "Float64Array" : t === Type.Int ? (field.nullable ? "number[]" : "Int32Array") : t === Type.Utf8 ? "string[]" : t === Type.Bool ? "boolean[]" : null;
  const kind = recorded ?? fallback;
  const ok =
    kind !== null &&
    ((t === Type.Float && (kind === "Float64Array" || kind === "number[]")) ||
      (t === Type.Int && (kind === "Int32Array" || kind === "Uint8Array" || kind === "number[]")) ||
      (t === Type.Utf8 && kind === "string[]") ||
      (t === Type.Bool && kind === "boolean[]"));
  if (!ok) throw bad(file, `column "${field.name}" has Arrow type ${String(field.type)}, which an atlas column cannot be`);
  const values: ColumnValues =
    kind === "Float64Array" ? new Float64Array(rows) : kind === "Int32Array" ? new Int32Array(rows) : kind === "Uint8Array" ? new Uint8Array(rows) : new Array(rows).fill(null);
  return { kind: kind as ValuesKind, keepNull, values };
}

function readColumn(reader: ColumnReader, data: Data, at: number): void {
  const n = data.length;
  const { values } = reader;
  if (reader.kind === "string[]") return readStrings(data, values as (string | null)[], at);
  if (values instanceof Float64Array || values instanceof Int32Array || values instanceof Uint8Array) {
    const src = data.values as Float64Array | Int32Array | Uint8Array;
    if (data.nullCount === 0) values.set(src.subarray(data.offset, data.offset + n), at);
    else for (let i = 0; i < n; i++) values[at + i] = data.getValid(i) ? Number(src[data.offset + i]) : NaN;
    return;
  }
  const out = values as (number | boolean | null)[];
  if (reader.kind === "boolean[]") {
    const bits = data.values as Uint8Array;
    for (let i = 0; i < n; i++) {
      const p = data.offset + i;
      out[at + i] = data.getValid(i) ? (bits[p >> 3] & (1 << (p & 7))) !== 0 : null;
    }
    return;
  }
  const src = data.values as Float64Array | Int32Array;
  for (let i = 0; i < n; i++) {
    const x = Number(src[data.offset + i]);
    out[at + i] = data.getValid(i) && x === x ? x : null;
  }
}

/**
 * Node index by the UTF-8 bytes of its key (open addressing, FNV-1a), so
 * that edge endpoints are found without decoding 2 strings per edge.
 */
function keyBytes(index: KeyIndex, i: number): [Uint8Array, number, number] {
  return index.bytesOf(i);
}

class KeyIndex {
  private readonly table: Utf8Table;
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(keys: readonly string[]) {
    this.table = utf8Table(keys);
    let size = 16;
    while (size < keys.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    const { bytes, offsets } = this.table;
    for (let i = 0; i < keys.length; i++) {
      let h = KeyIndex.hash(bytes, offsets[i], offsets[i + 1]) & this.mask;
      while (this.slots[h] !== -1) h = (h + 1) & this.mask;
      this.slots[h] = i;
    }
  }

  static hash(bytes: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let j = start; j < end; j++) h = Math.imul(h ^ bytes[j], 0x01000193);
    return h >>> 0;
  }

  /** The UTF-8 bytes of node `i`'s key, as `find` takes them. */
  bytesOf(i: number): [Uint8Array, number, number] {
    return [this.table.bytes, this.table.offsets[i], this.table.offsets[i + 1]];
  }

  /** The node whose key is `bytes[start..end)` (the first, if repeated), or -1. */
  find(bytes: Uint8Array, start: number, end: number): number {
    const { bytes: keyBytes, offsets } = this.table;
    const len = end - start;
    for (let h = KeyIndex.hash(bytes, start, end) & this.mask; ; h = (h + 1) & this.mask) {
      const i = this.slots[h];
      if (i === -1) return -1;
      const a = offsets[i];
      if (offsets[i + 1] - a !== len) continue;
      let j = 0;
      while (j < len && keyBytes[a + j] === bytes[start + j]) j++;
      if (j === len) return i;
    }
  }
}

/** Opens an Arrow IPC file, checking both magics first (a missing end magic = truncated). */
async function arrowBatches(path: string, name: string): Promise<{ schema: Schema; batches: AsyncIterable<RecordBatch>; close: () => Promise<void> }> {
  const handle = await open(path, "r").catch((error: unknown) => {
    throw bad(name, `cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  });
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(6);
    const tail = Buffer.alloc(6);
    if (size >= 12) {
      await handle.read(head, 0, 6, 0);
      await handle.read(tail, 0, 6, size - 6);
    }
    if (head.toString("latin1") !== MAGIC) throw bad(name, "not an Arrow IPC file (no ARROW1 magic at the start)");
    if (tail.toString("latin1") !== MAGIC) throw bad(name, `truncated Arrow IPC file (${size} bytes, no ARROW1 magic at the end)`);
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    if (!reader.isFile()) throw bad(name, "not an Arrow IPC file (stream format)");
    return { schema: reader.schema, batches: reader, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    if (error instanceof DataError) throw error;
    throw bad(name, `not a readable Arrow IPC file (${(error as Error).message})`, error);
  }
}

async function forEachBatch(name: string, source: { batches: AsyncIterable<RecordBatch>; close: () => Promise<void> }, each: (batch: RecordBatch, at: number) => void): Promise<number> {
  let at = 0;
  try {
    for await (const batch of source.batches) {
      each(batch, at);
      at += batch.numRows;
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw bad(name, `not a readable Arrow IPC file (${(error as Error).message})`, error);
  } finally {
    await source.close();
  }
  return at;
}

function requireField(name: string, schema: Schema, field: string, type: Type): number {
  const i = schema.fields.findIndex((f) => f.name === field);
  if (i < 0) throw bad(name, `no "${field}" column (it has: ${schema.fields.map((f) => f.name).join(", ")})`);
  if (schema.fields[i].type.typeId !== type) throw bad(name, `column "${field}" is ${String(schema.fields[i].type)}, expected ${Type[type]}`);
  return i;
}

/**
 * Reads the columnar atlas `dir`. A missing or bad `atlas.json`, a bad,
 * truncated or mismatched Arrow file, an edge naming no node: a `DataError`
 * naming the file.
 */
export async function readColumnarAtlas(dir: string): Promise<ColumnarAtlas> {
  const metaFile = join(dir, COLUMNAR_FILES.meta);
  let text: string;
  try {
    text = await readFile(metaFile, "utf8");
  } catch (error) {
    throw bad(metaFile, `cannot read the columnar atlas meta (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  }
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw bad(metaFile, `not valid JSON (${(error as Error).message})`, error);
  }
  const columnar = meta?.columnar as
    | { nodes?: unknown; edges?: unknown; format?: unknown; directed?: unknown; nodeCount?: unknown; edgeCount?: unknown; graphAttributes?: unknown }
    | undefined;
  if (typeof meta !== "object" || meta === null || typeof columnar !== "object" || columnar === null || columnar.format !== COLUMNAR_FORMAT) {
    throw bad(metaFile, `no \`columnar\` section with format "${COLUMNAR_FORMAT}"`);
  }
  if (meta.version !== ATLAS_VERSION) throw bad(metaFile, `atlas version ${JSON.stringify(meta.version)}, expected ${ATLAS_VERSION}`);
  const { columnar: _drop, ...atlas } = meta;
  const nodesName = join(dir, typeof columnar.nodes === "string" ? basename(columnar.nodes) : COLUMNAR_FILES.nodes);
  const edgesName = join(dir, typeof columnar.edges === "string" ? basename(columnar.edges) : COLUMNAR_FILES.edges);
  const directed = typeof columnar.directed === "boolean" ? columnar.directed : atlas.directed === true;

  // Nodes
  const nodes = await arrowBatches(nodesName, nodesName);
  const nodeRows = typeof columnar.nodeCount === "number" ? columnar.nodeCount : -1;
  const keyIndex = requireField(nodesName, nodes.schema, "key", Type.Utf8);
  const labelIndex = nodes.schema.fields.findIndex((f) => f.name === "label");
  const metricFields = nodes.schema.fields.map((f, i) => ({ f, i })).filter(({ i }) => i !== keyIndex && i !== labelIndex);
  const keys: (string | null)[] = [];
  const labels: (string | null)[] = [];
  let readers: ColumnReader[] | null = null;
  const gotNodes = await forEachBatch(nodesName, nodes, (batch, at) => {
    if (readers === null) {
      const rows = nodeRows >= 0 ? nodeRows : batch.numRows;
      readers = metricFields.map(({ f }) => columnReader(nodesName, f, rows));
    }
    if (nodeRows >= 0 && at + batch.numRows > nodeRows) throw bad(nodesName, `more than the ${nodeRows} nodes atlas.json gives`);
    readStrings(batch.data.children[keyIndex], keys, at);
    if (labelIndex >= 0) readStrings(batch.data.children[labelIndex], labels, at);
    for (let c = 0; c < metricFields.length; c++) readColumn(readers[c], batch.data.children[metricFields[c].i], at);
  });
  if (nodeRows >= 0 && gotNodes !== nodeRows) throw bad(nodesName, `${gotNodes} nodes, but atlas.json gives ${nodeRows}`);
  const columns: Record<string, ColumnValues> = {};
  const finalReaders: ColumnReader[] = readers ?? metricFields.map(({ f }) => columnReader(nodesName, f, 0));
  for (let c = 0; c < metricFields.length; c++) columns[metricFields[c].f.name] = finalReaders[c].values;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === null) throw bad(nodesName, `node #${i} has a null key`);
    if (labelIndex < 0 || labels[i] === null) labels[i] = k;
  }
  const index = new KeyIndex(keys as string[]);
  for (let i = 0; i < keys.length; i++) {
    const at = index.find(...keyBytes(index, i));
    if (at !== i) throw bad(nodesName, `node key "${keys[i]}" appears twice (#${at} and #${i})`);
  }

  // Edges
  const edges = await arrowBatches(edgesName, edgesName);
  const edgeRows = typeof columnar.edgeCount === "number" ? columnar.edgeCount : -1;
  const s = requireField(edgesName, edges.schema, "source", Type.Utf8);
  const t = requireField(edgesName, edges.schema, "target", Type.Utf8);
  const w = edges.schema.fields.findIndex((f) => f.name === "weight");
  const k = edges.schema.fields.findIndex((f) => f.name === "kind");
  if (w >= 0 && edges.schema.fields[w].type.typeId !== Type.Float) throw bad(edgesName, `column "weight" is ${String(edges.schema.fields[w].type)}, expected Float64`);
  if (k >= 0 && edges.schema.fields[k].type.typeId !== Type.Utf8) throw bad(edgesName, `column "kind" is ${String(edges.schema.fields[k].type)}, expected Utf8`);
  let sources = new Int32Array(Math.max(0, edgeRows));
  let targets = new Int32Array(Math.max(0, edgeRows));
  let weights = new Float64Array(Math.max(0, edgeRows));
  const kinds: (string | null)[] | null = k >= 0 ? [] : null;
  const gotEdges = await forEachBatch(edgesName, edges, (batch, at) => {
    const rows = batch.numRows;
    if (at + rows > sources.length) {
      if (edgeRows >= 0) throw bad(edgesName, `more than the ${edgeRows} edges atlas.json gives`);
      const grow = <A extends Int32Array | Float64Array>(a: A, make: (n: number) => A): A => {
        const b = make(Math.max(at + rows, a.length * 2));
        b.set(a);
        return b;
      };
      sources = grow(sources, (x) => new Int32Array(x));
      targets = grow(targets, (x) => new Int32Array(x));
      weights = grow(weights, (x) => new Float64Array(x));
    }
    for (const [col, out, what] of [[s, sources, "source"], [t, targets, "target"]] as const) {
      const data = batch.data.children[col];
      const offsets = data.valueOffsets as Int32Array;
      const values = data.values as Uint8Array;
      for (let i = 0; i < rows; i++) {
        const a = offsets[data.offset + i];
        const b = offsets[data.offset + i + 1];
        const node = data.nullCount > 0 && !data.getValid(i) ? -1 : index.find(values, a, b);
        if (node < 0) {
          const key = data.getValid(i) ? new TextDecoder().decode(values.subarray(a, b)) : null;
          throw bad(edgesName, `edge #${at + i}: ${what} ${JSON.stringify(key)} is not a node of ${basename(nodesName)}`);
        }
        out[at + i] = node;
      }
    }
    if (w >= 0) {
      const data = batch.data.children[w];
      const src = data.values as Float64Array;
      if (data.nullCount === 0) weights.set(src.subarray(data.offset, data.offset + rows), at);
      else for (let i = 0; i < rows; i++) weights[at + i] = data.getValid(i) ? src[data.offset + i] : 1;
    } else weights.fill(1, at, at + rows);
    if (kinds && k >= 0) readStrings(batch.data.children[k], kinds, at);
  });
  if (edgeRows >= 0 && gotEdges !== edgeRows) throw bad(edgesName, `${gotEdges} edges, but atlas.json gives ${edgeRows}`);

  return {
    atlas: atlas as unknown as AtlasMeta,
    keys: keys as string[],
    labels: labels as string[],
    columns,
    edges: {
      sources: sources.subarray(0, gotEdges),
      targets: targets.subarray(0, gotEdges),
      weights: weights.subarray(0, gotEdges),
      kinds: kinds ? kinds.map((x) => x ?? undefined) : null,
    },
    directed,
    keepNull: metricFields.filter((_f, c) => finalReaders[c].keepNull).map(({ f }) => f.name),
    graphAttributes: isRecord(columnar.graphAttributes) ? columnar.graphAttributes : {},
  };
}

/**
 * Checks a columnar atlas read from `dir` against the atlas schema (what
 * `readColumnarAtlas` leaves to it: the values): the meta in atlas.json (the
 * JSON path of the first problem), every node column the schema knows, value
 * by value, the columns every node needs, and the leaders and bridges among
 * the node keys. A `DataError` naming the file and the first problem.
 */
export function assertValidColumnarAtlas(data: ColumnarAtlas, dir: string): void {
  const metaFile = join(dir, COLUMNAR_FILES.meta);
  const nodesFile = join(dir, COLUMNAR_FILES.nodes);
  const metaProblem = schemaProblem(ATLAS_META_SCHEMA, data.atlas);
  if (metaProblem) throw badValue(metaFile, `${metaProblem.path}: ${metaProblem.message}`);
  for (const name of requiredNodeAttributes()) {
    if (name !== "label" && !Object.hasOwn(data.columns, name)) throw badValue(nodesFile, `no "${name}" column (every atlas node has one)`);
  }
  const keepNull: readonly string[] = data.keepNull ?? NODE_METRICS;
  const keyOf = (i: number): string => data.keys[i];
  for (const [name, values] of Object.entries(data.columns)) {
    const problem = columnProblem(name, values, keepNull.includes(name), keyOf);
    if (problem) throw badValue(nodesFile, problem);
  }
  const labels = columnProblem("label", data.labels, false, keyOf);
  if (labels) throw badValue(nodesFile, labels);
  // Leaders and bridges are few: look them up in one pass over the keys.
  const wanted = new Set<string>();
  for (const c of data.atlas.communities) for (const k of c.leaders) wanted.add(k);
  for (const k of data.atlas.bridges) wanted.add(k);
  const found = new Set<string>();
  for (let i = 0; i < data.keys.length && found.size < wanted.size; i++) if (wanted.has(data.keys[i])) found.add(data.keys[i]);
  const refs = metaReferenceProblem(data.atlas, (k) => found.has(k), []);
  if (refs) throw badValue(metaFile, `${refs.path}: ${refs.message} of ${COLUMNAR_FILES.nodes}`);
}

/**
 * The atlas graph of a columnar atlas, shaped as `Graph.from()` of the JSON
 * atlas file: `directed`/`undirected`, not multi, self-loops allowed; node
 * attributes `label` then the columns in order (a null is the attribute
 * `null` for the `atlas:null` = `null` columns, else the attribute is left
 * out); edge attributes `weight` and, when given, `kind`; graph attribute
 * `atlas` = the meta. Edge keys are graphology's generated ones.
 */
export function columnarToGraph(data: ColumnarAtlas): AtlasGraph {
  const keepNull: readonly string[] = data.keepNull ?? NODE_METRICS;
  const graph = new Graph({ type: data.directed ? "directed" : "undirected", multi: false, allowSelfLoops: true }) as AtlasGraph;
  const names = Object.keys(data.columns);
  const cols = names.map((n) => data.columns[n]);
  const keep = names.map((n) => keepNull.includes(n));
  const { keys, labels } = data;
  for (let i = 0; i < keys.length; i++) {
    const attrs: Record<string, unknown> = { label: labels[i] ?? keys[i] };
    for (let c = 0; c < names.length; c++) {
      const col = cols[c];
      let v: unknown = col[i];
      if (col instanceof Float64Array && v !== v) v = null;
      if (v === null || v === undefined) {
        if (keep[c]) attrs[names[c]] = null;
      } else attrs[names[c]] = v;
    }
    graph.addNode(keys[i], attrs);
  }
  const { sources, targets, weights, kinds } = data.edges;
  for (let e = 0; e < sources.length; e++) {
    const attrs: Record<string, unknown> = { weight: weights[e] };
    const kind = kinds?.[e];
    if (kind !== undefined) attrs.kind = kind;
    try {
      graph.addEdge(keys[sources[e]], keys[targets[e]], attrs);
    } catch (error) {
      throw new DataError(
        { file: COLUMNAR_FILES.edges },
        `edge #${e} (${keys[sources[e]]} → ${keys[targets[e]]}) cannot be added (${(error as Error).message})`,
        RECREATE,
        { cause: error },
      );
    }
  }
  for (const [name, value] of Object.entries(data.graphAttributes ?? {})) if (name !== "atlas") graph.setAttribute(name, value);
  graph.setAttribute("atlas", data.atlas);
  return graph;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
