/**
 * Reading a columnar atlas (format.ts) from its parts: the text of
 * `atlas.json` and the two Arrow IPC files as record-batch sources, from
 * files (the CLI, src/cli/columnar.ts) or from bytes (the viewer,
 * `arrowSourceFromBytes`). Browser-safe: no Node imports. A bad, truncated
 * or mismatched part is a one-line `DataError` naming its file.
 */
import { type Data, type Field, type RecordBatch, RecordBatchReader, type Schema, Type } from "apache-arrow";
import Graph from "graphology";
import { ATLAS_VERSION, NODE_METRICS, type AtlasMeta } from "../../analyze/atlas.ts";
import { ATLAS_META_SCHEMA, columnProblem, metaReferenceProblem, requiredNodeAttributes, schemaProblem } from "../../analyze/atlas-validate.ts";
import { DataError } from "../../shared/errors.ts";
import type { AtlasGraph } from "../model.ts";
import {
  COLUMNAR_FILES,
  COLUMNAR_FORMAT,
  type ColumnarAtlas,
  type ColumnValues,
  KIND_KEY,
  MAGIC,
  NULL_KEY,
  RECREATE,
  type Utf8Table,
  utf8Table,
  type ValuesKind,
} from "./format.ts";

/** An Arrow IPC file opened for reading: its schema and its record batches. */
export interface ArrowSource {
  schema: Schema;
  batches: AsyncIterable<RecordBatch>;
  close: () => Promise<void>;
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
  const text = ascii ? decoder.decode(values.subarray(first, last)) : "";
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

/** An Arrow IPC file held in memory (a fetched or picked file), checked as a file on disk is: both magics, the file format. */
export async function arrowSourceFromBytes(bytes: Uint8Array, name: string): Promise<ArrowSource> {
  const magic = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 6));
  if (bytes.length < 12 || magic(0) !== MAGIC) throw bad(name, "not an Arrow IPC file (no ARROW1 magic at the start)");
  if (magic(bytes.length - 6) !== MAGIC) throw bad(name, `truncated Arrow IPC file (${bytes.length} bytes, no ARROW1 magic at the end)`);
  try {
    const reader = await RecordBatchReader.from(bytes);
    await reader.open();
    if (!reader.isFile()) throw bad(name, "not an Arrow IPC file (stream format)");
    const batches = (async function* () {
      for await (const batch of reader) yield batch;
    })();
    return { schema: reader.schema, batches, close: async () => undefined };
  } catch (error) {
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

/** Base name of a path or URL, browser-safe. */
function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}

/**
 * Decodes a columnar atlas: `metaText` is its `atlas.json` (named `metaFile`
 * in errors); `file(name)` names a part beside it; `open(file)` opens an
 * Arrow part as a record-batch source. A missing or bad `atlas.json`, a bad,
 * truncated or mismatched Arrow file, an edge naming no node: a `DataError`
 * naming the file.
 */
export async function decodeColumnarAtlas(
  metaText: string,
  metaFile: string,
  file: (name: string) => string,
  open: (file: string) => Promise<ArrowSource>,
): Promise<ColumnarAtlas> {
  const text = metaText;
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
  const nodesName = file(typeof columnar.nodes === "string" ? baseName(columnar.nodes) : COLUMNAR_FILES.nodes);
  const edgesName = file(typeof columnar.edges === "string" ? baseName(columnar.edges) : COLUMNAR_FILES.edges);
  const directed = typeof columnar.directed === "boolean" ? columnar.directed : atlas.directed === true;

  // Nodes
  const nodes = await open(nodesName);
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
  const edges = await open(edgesName);
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
          throw bad(edgesName, `edge #${at + i}: ${what} ${JSON.stringify(key)} is not a node of ${baseName(nodesName)}`);
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
 * Checks a columnar atlas (its `files`: meta and nodes, for the errors) against the atlas schema (what
 * `readColumnarAtlas` leaves to it: the values): the meta in atlas.json (the
 * JSON path of the first problem), every node column the schema knows, value
 * by value, the columns every node needs, and the leaders and bridges among
 * the node keys. A `DataError` naming the file and the first problem.
 */
export function assertValidColumnarAtlas(data: ColumnarAtlas, files: { meta: string; nodes: string }): void {
  const metaFile = files.meta;
  const nodesFile = files.nodes;
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
