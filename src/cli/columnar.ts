/**
 * The columnar atlas on disk (the format: src/graph/columnar/format.ts):
 * writing it from columns or from a graph, record batch by record batch
 * streamed to disk (memory stays at one batch above the input arrays; the
 * directory is written under a temp name next to DIR and renamed at the
 * end), and reading it from its files (the decoding, shared with the
 * viewer: src/graph/columnar/read.ts).
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
  Uint8,
  Utf8,
  type Data,
  type DataType,
} from "apache-arrow";
import { NODE_METRICS } from "../analyze/atlas.ts";
import type { AtlasGraph } from "../graph/model.ts";
import {
  COLUMNAR_FILES,
  COLUMNAR_FORMAT,
  type ColumnarAtlas,
  type ColumnarAtlasInput,
  type ColumnValues,
  KIND_KEY,
  MAGIC,
  NULL_KEY,
  RECREATE,
  type Utf8Table,
  utf8Table,
  type ValuesKind,
} from "../graph/columnar/format.ts";
import { type ArrowSource, assertValidColumnarAtlas, decodeColumnarAtlas } from "../graph/columnar/read.ts";
import { DataError, UsageError } from "../shared/errors.ts";
import { prepareOutputDirectory } from "./output-path.ts";
import { writeChunks } from "./write-stream.ts";

export * from "../graph/columnar/format.ts";
export { arrowSourceFromBytes, assertValidColumnarAtlas, columnarToGraph, decodeColumnarAtlas } from "../graph/columnar/read.ts";

function columnarFileError(file: string, problem: string, cause?: unknown): DataError {
  return new DataError({ file }, problem, RECREATE, cause === undefined ? undefined : { cause });
}

export interface ColumnarWriteOptions {
  /** Rows per record batch (default 2^20). */
  batchRows?: number;
}

export const COLUMNAR_DEFAULTS: Readonly<Required<ColumnarWriteOptions>> = Object.freeze({
  batchRows: 1 << 20,
});

// ---------------------------------------------------------------- encoding

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

/** Opens an Arrow IPC file, checking both magics first (a missing end magic = truncated). */
async function arrowBatches(path: string, name: string): Promise<ArrowSource> {
  const handle = await open(path, "r").catch((error: unknown) => {
    throw columnarFileError(name, `cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  });
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(6);
    const tail = Buffer.alloc(6);
    if (size >= 12) {
      await handle.read(head, 0, 6, 0);
      await handle.read(tail, 0, 6, size - 6);
    }
    if (head.toString("latin1") !== MAGIC) throw columnarFileError(name, "not an Arrow IPC file (no ARROW1 magic at the start)");
    if (tail.toString("latin1") !== MAGIC) throw columnarFileError(name, `truncated Arrow IPC file (${size} bytes, no ARROW1 magic at the end)`);
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    if (!reader.isFile()) throw columnarFileError(name, "not an Arrow IPC file (stream format)");
    return { schema: reader.schema, batches: reader, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    if (error instanceof DataError) throw error;
    throw columnarFileError(name, `not a readable Arrow IPC file (${(error as Error).message})`, error);
  }
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
    throw columnarFileError(metaFile, `cannot read the columnar atlas meta (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  }
  return decodeColumnarAtlas(text, metaFile, (name) => join(dir, name), (file) => arrowBatches(file, file));
}

/** `assertValidColumnarAtlas` of the columnar atlas read from `dir` (its files named in the errors). */
export function assertValidColumnarAtlasDir(data: ColumnarAtlas, dir: string): void {
  assertValidColumnarAtlas(data, { meta: join(dir, COLUMNAR_FILES.meta), nodes: join(dir, COLUMNAR_FILES.nodes) });
}

