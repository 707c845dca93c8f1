/**
 * Atlas files checked on read against their JSON Schema (`src/atlas.schema.json`),
 * then for what a schema cannot say: every leader and bridge is a node, node
 * keys are unique, every edge joins two nodes. The first problem is reported
 * with its JSON path (`$.nodes[3].attributes.pagerank: "x" is not a number`).
 *
 * A small validator of the part of JSON Schema 2020-12 the atlas schema uses
 * (`type`, `enum`, `const`, `required`, `properties`, `additionalProperties`,
 * `items`, `$ref` to `#/$defs/…`, `minimum`, `maximum`, `exclusiveMinimum`,
 * `exclusiveMaximum`, `format: date-time`), so that reading an atlas file
 * needs no schema compiler at run time; a keyword outside that part throws
 * when the schema is compiled (the tests compare it with Ajv on the same
 * files). Pure TypeScript: no Node imports (the viewer may use it).
 */
import ATLAS_SCHEMA_JSON from "../atlas.schema.json" with { type: "json" };
import Graph from "graphology";
import type { SerializedGraph } from "graphology-types";
import type { AtlasGraph } from "../graph/model.ts";
import { jsonPathLocation } from "../graph/readers/json-position.ts";
import { DataError } from "../shared/errors.ts";

/** A problem found in an atlas file: where (a JSON path from `$`) and what. */
export interface AtlasProblem {
  path: string;
  /** The same path as keys and indices (`["nodes", 3, "attributes", "pagerank"]`). */
  segments: (string | number)[];
  message: string;
}

type Segment = string | number;

function problemAt(segments: readonly Segment[], message: string): AtlasProblem {
  return { path: jsonPath(segments), segments: [...segments], message };
}

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  $ref?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  format?: string;
}

const KNOWN_KEYWORDS = new Set([
  "$schema",
  "$id",
  "$defs",
  "title",
  "description",
  "type",
  "enum",
  "const",
  "required",
  "properties",
  "additionalProperties",
  "items",
  "$ref",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "format",
]);

/** RFC 3339 date-time, as ajv-formats checks `format: date-time`. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2}|60)(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const ROOT = ATLAS_SCHEMA_JSON as unknown as Schema & { $defs: Record<string, Schema> };
checkKeywords(ROOT, "#");

/** Throws when the schema uses a keyword this validator does not implement. */
function checkKeywords(schema: unknown, at: string): void {
  if (typeof schema !== "object" || schema === null) return;
  for (const [key, value] of Object.entries(schema)) {
    if (!KNOWN_KEYWORDS.has(key)) throw new Error(`atlas-validate: ${at} uses "${key}", which this validator does not implement`);
    if (key === "properties" || key === "$defs") for (const [name, sub] of Object.entries(value as object)) checkKeywords(sub, `${at}/${key}/${name}`);
    else if (key === "items" || key === "additionalProperties") checkKeywords(value, `${at}/${key}`);
  }
  const format = (schema as Schema).format;
  if (format !== undefined && format !== "date-time") throw new Error(`atlas-validate: ${at} uses format "${format}", which this validator does not check`);
}

const RESOLVED = new WeakMap<Schema, Schema>();
const TYPES = new WeakMap<Schema, readonly string[]>();

/** `schema` with its `$ref`s followed (cached: the check runs once per value of a large file). */
function resolve(schema: Schema): Schema {
  if (schema.$ref === undefined) return schema;
  let s = RESOLVED.get(schema);
  if (s) return s;
  s = resolveRef(schema);
  RESOLVED.set(schema, s);
  return s;
}

const PROPERTY_NAMES = new WeakMap<Schema, readonly string[]>();

function propertyNames(schema: Schema): readonly string[] {
  let names = PROPERTY_NAMES.get(schema);
  if (!names) PROPERTY_NAMES.set(schema, (names = Object.keys(schema.properties ?? {})));
  return names;
}

function typesOf(schema: Schema): readonly string[] {
  let t = TYPES.get(schema);
  if (!t) TYPES.set(schema, (t = Array.isArray(schema.type) ? schema.type : [schema.type!]));
  return t;
}

function resolveRef(schema: Schema): Schema {
  let s = schema;
  while (s.$ref !== undefined) {
    const m = /^#\/\$defs\/([^/]+)$/.exec(s.$ref);
    const target = m ? ROOT.$defs[m[1]] : undefined;
    if (!target) throw new Error(`atlas-validate: unresolved $ref "${s.$ref}"`);
    s = target;
  }
  return s;
}

/** `$.a.b[3]["odd key"]` */
export function jsonPath(segments: readonly Segment[]): string {
  let out = "$";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += `.${s}`;
    else out += `[${preview(s)}]`;
  }
  return out;
}

/** A value as JSON, cut to 40 characters (labels can be 100 kB). */
function preview(value: unknown): string {
  let text: string;
  if (value === undefined) return "undefined";
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (Array.isArray(value) && text.length > 40) return `an array of ${value.length}`;
  if (typeof value === "object" && value !== null && text.length > 40) return "an object";
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const TYPE_NAMES: Record<string, string> = {
  number: "a number",
  integer: "an integer",
  string: "a string",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "null",
};

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      throw new Error(`atlas-validate: unknown type "${type}"`);
  }
}

function validDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const [month, day, hour, minute] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const days = new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= days && hour <= 23 && minute <= 59;
}

/** The first problem of `value` against `schema`, `path` being where `value` is (mutated while walking, restored). */
function check(schema: Schema, value: unknown, path: Segment[]): AtlasProblem | null {
  const s = resolve(schema);
  const fail = (message: string): AtlasProblem => problemAt(path, message);
  if (s.type !== undefined) {
    const types = typesOf(s);
    let ok = false;
    for (let i = 0; i < types.length && !ok; i++) ok = hasType(value, types[i]);
    if (!ok) return fail(`${preview(value)} is not ${types.map((t) => TYPE_NAMES[t] ?? t).join(" or ")}`);
  }
  if (s.const !== undefined && value !== s.const) return fail(`${preview(value)} is not ${preview(s.const)}`);
  if (s.enum !== undefined && !s.enum.includes(value)) {
    return fail(`${preview(value)} is not one of ${s.enum.map((e) => preview(e)).join(", ")}`);
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && !(value >= s.minimum)) return fail(`${value} is below the minimum ${s.minimum}`);
    if (s.maximum !== undefined && !(value <= s.maximum)) return fail(`${value} is above the maximum ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && !(value > s.exclusiveMinimum)) return fail(`${value} is not above ${s.exclusiveMinimum}`);
    if (s.exclusiveMaximum !== undefined && !(value < s.exclusiveMaximum)) return fail(`${value} is not below ${s.exclusiveMaximum}`);
  }
  if (typeof value === "string" && s.format === "date-time" && !validDateTime(value)) {
    return fail(`${preview(value)} is not a date-time (RFC 3339, e.g. 2024-05-01T12:00:00Z)`);
  }
  if (Array.isArray(value) && s.items !== undefined) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const p = check(s.items, value[i], path);
      path.pop();
      if (p) return p;
    }
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const name of s.required ?? []) {
      if (!Object.hasOwn(object, name)) {
        path.push(name);
        const p = fail("is missing");
        path.pop();
        return p;
      }
    }
    const props = s.properties ?? {};
    for (const name of propertyNames(s)) {
      if (!Object.hasOwn(object, name)) continue;
      path.push(name);
      const p = check(props[name], object[name], path);
      path.pop();
      if (p) return p;
    }
    const extra = s.additionalProperties;
    if (extra !== undefined && extra !== true) {
      for (const name of Object.keys(object)) {
        if (Object.hasOwn(props, name)) continue;
        path.push(name);
        const p = extra === false ? fail("is not a property the schema knows") : check(extra, object[name], path);
        path.pop();
        if (p) return p;
      }
    }
  }
  return null;
}

type Valid = (value: unknown) => boolean;
const COMPILED = new WeakMap<Schema, Valid>();

/**
 * `schema` as a function telling whether a value is valid (no path, no
 * message: the fast pass over a whole file; `check` then finds the first
 * problem of an invalid one).
 */
function compile(schema: Schema): Valid {
  const cached = COMPILED.get(schema);
  if (cached) return cached;
  // Recursive schemas would need a forward reference: the slot is filled below.
  let compiled: Valid = (v) => compiled(v);
  COMPILED.set(schema, (v) => compiled(v));
  const s = resolve(schema);
  const tests: Valid[] = [];
  if (s.type !== undefined) {
    const types = typesOf(s);
    if (types.length === 1) {
      const t = types[0];
      tests.push((v) => hasType(v, t));
    } else tests.push((v) => types.some((t) => hasType(v, t)));
  }
  if (s.const !== undefined) {
    const c = s.const;
    tests.push((v) => v === c);
  }
  if (s.enum !== undefined) {
    const e = s.enum;
    tests.push((v) => e.includes(v));
  }
  const { minimum: min, maximum: max, exclusiveMinimum: xmin, exclusiveMaximum: xmax } = s;
  if (min !== undefined || max !== undefined || xmin !== undefined || xmax !== undefined) {
    tests.push(
      (v) =>
        typeof v !== "number" ||
        ((min === undefined || v >= min) && (max === undefined || v <= max) && (xmin === undefined || v > xmin) && (xmax === undefined || v < xmax)),
    );
  }
  if (s.format === "date-time") tests.push((v) => typeof v !== "string" || validDateTime(v));
  if (s.items !== undefined) {
    const item = compile(s.items);
    tests.push((v) => {
      if (!Array.isArray(v)) return true;
      for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
      return true;
    });
  }
  const required = s.required ?? [];
  const names = propertyNames(s);
  const props = names.map((n) => compile(s.properties![n]));
  const extra = s.additionalProperties;
  if (required.length > 0 || names.length > 0 || (extra !== undefined && extra !== true)) {
    const extraValid = extra === undefined || extra === true ? null : extra === false ? () => false : compile(extra);
    const known = new Set(names);
    tests.push((v) => {
      if (typeof v !== "object" || v === null || Array.isArray(v)) return true;
      const o = v as Record<string, unknown>;
      for (let i = 0; i < required.length; i++) if (!Object.hasOwn(o, required[i])) return false;
      for (let i = 0; i < names.length; i++) {
        const x = o[names[i]];
        if ((x !== undefined || Object.hasOwn(o, names[i])) && !props[i](x)) return false;
      }
      if (extraValid) for (const k in o) if (Object.hasOwn(o, k) && !known.has(k) && !extraValid(o[k])) return false;
      return true;
    });
  }
  compiled =
    tests.length === 0
      ? () => true
      : tests.length === 1
        ? tests[0]
        : (v) => {
            for (let i = 0; i < tests.length; i++) if (!tests[i](v)) return false;
            return true;
          };
  COMPILED.set(schema, compiled);
  return compiled;
}

/** The first schema problem of `value` against `schema` (a part of the atlas schema), at `path`. */
export function schemaProblem(schema: Schema, value: unknown, path: Segment[] = []): AtlasProblem | null {
  if (compile(schema)(value)) return null;
  return check(schema, value, [...path]);
}

/** The schema of node attribute `name` (`undefined` for an attribute the schema leaves free). */
export function nodeAttributeSchema(name: string): Schema | undefined {
  const attrs = ROOT.$defs.nodeAttributes;
  return Object.hasOwn(attrs.properties ?? {}, name) ? attrs.properties![name] : undefined;
}

/** The node attributes every node of an atlas file has. */
export function requiredNodeAttributes(): readonly string[] {
  return ROOT.$defs.nodeAttributes.required ?? [];
}

/** The schema of the graph attribute `atlas` (the meta: params, summary, communities, bridges…). */
export const ATLAS_META_SCHEMA: Schema = ROOT.$defs.atlas;

/**
 * The first problem of an atlas meta's references: every leader and bridge
 * must satisfy `isNode`. `path` is where the meta is (`$.attributes.atlas`).
 */
export function metaReferenceProblem(meta: { communities: { leaders: string[] }[]; bridges: string[] }, isNode: (key: string) => boolean, path: Segment[]): AtlasProblem | null {
  for (let c = 0; c < meta.communities.length; c++) {
    const leaders = meta.communities[c].leaders;
    for (let i = 0; i < leaders.length; i++) {
      if (!isNode(leaders[i])) return problemAt([...path, "communities", c, "leaders", i], `${preview(leaders[i])} is not a node key`);
    }
  }
  for (let i = 0; i < meta.bridges.length; i++) {
    if (!isNode(meta.bridges[i])) return problemAt([...path, "bridges", i], `${preview(meta.bridges[i])} is not a node key`);
  }
  return null;
}

interface SerializedAtlas {
  options: { type: string };
  attributes: { atlas: { communities: { leaders: string[] }[]; bridges: string[] } };
  nodes: { key: string }[];
  edges: { key?: string; source: string; target: string; undirected?: boolean }[];
}

/**
 * The first problem of a parsed atlas file (`graph.export()` with the atlas
 * meta), or `null` when it is valid: the schema first, then node keys unique,
 * edges between nodes (not repeated: atlas graphs are not multi), leaders and
 * bridges among the nodes. (`readAtlasGraph` does the same with the graph it
 * builds, and looks for the graph problems only when graphology refuses it.)
 */
export function atlasProblem(data: unknown): AtlasProblem | null {
  const schemaFirst = schemaProblem(ROOT, data);
  if (schemaFirst) return schemaFirst;
  const atlas = data as SerializedAtlas;
  const graphFirst = graphProblem(atlas);
  if (graphFirst) return graphFirst;
  const keys = new Set(atlas.nodes.map((n) => n.key));
  return metaReferenceProblem(atlas.attributes.atlas, (k) => keys.has(k), ["attributes", "atlas"]);
}

/** The first node or edge of a schema-valid atlas file that graphology cannot add. */
function graphProblem(atlas: SerializedAtlas): AtlasProblem | null {
  const nodes = nodePositions(atlas);
  if (!(nodes instanceof Map)) return nodes;
  return edgeChecks(atlas, nodes)(0, atlas.edges.length);
}

/** Each node key's position, or the problem of the first key given twice. */
function nodePositions(atlas: SerializedAtlas): Map<string, number> | AtlasProblem {
  const nodes = new Map<string, number>();
  for (let i = 0; i < atlas.nodes.length; i++) {
    const key = atlas.nodes[i].key;
    const before = nodes.get(key);
    if (before !== undefined) return problemAt(["nodes", i, "key"], `${preview(key)} is also the key of $.nodes[${before}]`);
    nodes.set(key, i);
  }
  return nodes;
}

/**
 * The graph checks of edges `[from, to)` (in order, ranges following each
 * other): both ends are nodes, no undirected edge in a directed atlas, no
 * forbidden self-loop, one edge per pair, edge keys unique.
 */
function edgeChecks(atlas: SerializedAtlas, nodes: Map<string, number>): (from: number, to: number) => AtlasProblem | null {
  const undirectedGraph = atlas.options.type === "undirected";
  const noSelfLoops = (atlas.options as { allowSelfLoops?: boolean }).allowSelfLoops === false;
  const pairs = new Set<number>();
  const order = atlas.nodes.length;
  const edgeKeys = new Set<string>();
  return (from, to) => {
    for (let i = from; i < to; i++) {
      const e = atlas.edges[i];
      for (const end of ["source", "target"] as const) {
        if (!nodes.has(e[end])) return problemAt(["edges", i, end], `${preview(e[end])} is not a node key`);
      }
      if (e.undirected === true && !undirectedGraph) return problemAt(["edges", i, "undirected"], "an undirected edge in a directed atlas");
      if (e.source === e.target && noSelfLoops) return problemAt(["edges", i], `a self-loop on ${preview(e.source)}, which options.allowSelfLoops forbids`);
      // The pair as one number (node positions; below 2^53 for any graph that fits in memory).
      let a = nodes.get(e.source) as number;
      let b = nodes.get(e.target) as number;
      if (undirectedGraph && a > b) [a, b] = [b, a];
      const pair = a * order + b;
      if (pairs.has(pair)) return problemAt(["edges", i], `a second edge ${preview(e.source)} → ${preview(e.target)} (atlas graphs have one edge per pair)`);
      pairs.add(pair);
      if (e.key !== undefined) {
        if (edgeKeys.has(e.key)) return problemAt(["edges", i, "key"], `${preview(e.key)} is the key of an earlier edge`);
        edgeKeys.add(e.key);
      }
    }
    return null;
  };
}

/**
 * The check of an atlas file split in two, for a reader that adds the edges
 * later (the viewer, on big maps): `assertValidAtlas` of everything but the
 * edges now (throws the same one-line `DataError`), and a function that
 * checks edges `[from, to)` when they come (ranges in order), each against
 * the schema and the graph rules, throwing for the first problem.
 */
export function checkAtlasEdgesLater(data: unknown, file: string): (from: number, to: number) => void {
  const atlas = data as SerializedAtlas;
  const withoutEdges = { ...atlas, edges: [] };
  const first = schemaProblem(ROOT, withoutEdges);
  if (first) throw invalid(file, first);
  if (!Array.isArray(atlas.edges)) throw invalid(file, problemAt(["edges"], "is not an array"));
  const nodes = nodePositions(atlas);
  if (!(nodes instanceof Map)) throw invalid(file, nodes);
  const refs = metaReferenceProblem(atlas.attributes.atlas, (k) => nodes.has(k), ["attributes", "atlas"]);
  if (refs) throw invalid(file, refs);
  const edgeSchema = ROOT.$defs.edge;
  const graph = edgeChecks(atlas, nodes);
  return (from, to) => {
    for (let i = from; i < to; i++) {
      const problem = schemaProblem(edgeSchema, atlas.edges[i], ["edges", i]);
      if (problem) throw invalid(file, problem);
    }
    const problem = graph(from, to);
    if (problem) throw invalid(file, problem);
  };
}

/** What to do about an atlas file that fails the check. */
export const ATLAS_FIX_HINT = "fix that value, or re-create the file with `atlas analyze`";

/**
 * Line and column of the problem in the file's JSON `text`: where its value
 * begins, or (a missing property) where the object that lacks it begins.
 */
function locate(text: string | undefined, segments: readonly Segment[]): { line?: number; column?: number } {
  if (text === undefined) return {};
  for (let n = segments.length; n >= 0; n--) {
    const at = jsonPathLocation(text, segments.slice(0, n));
    if (at.line !== undefined) return at;
  }
  return {};
}

function invalid(file: string, problem: AtlasProblem, cause?: unknown, text?: string): DataError {
  return new DataError({ file, ...locate(text, problem.segments) }, `not a valid atlas file: ${problem.path}: ${problem.message}`, ATLAS_FIX_HINT, { cause });
}

/**
 * Throws a one-line `DataError` naming `file` and the JSON path of the first
 * problem of the atlas file `data` (see `atlasProblem`).
 */
export function assertValidAtlas(data: unknown, file: string): void {
  const problem = atlasProblem(data);
  if (problem) throw invalid(file, problem);
}

/**
 * The graph of the parsed atlas file `data` (`Graph.from`), checked as
 * `atlasProblem` says: a one-line `DataError` naming `file` and the JSON
 * path of the first problem. The schema is checked first, graphology then
 * builds the graph (the edge checks run only when it refuses one), and the
 * leaders and bridges are looked up in the graph. With the file's `text`,
 * the error also gives the line and column of the value (`FILE:LINE:COL`).
 */
export function readAtlasGraph(data: unknown, file: string, text?: string): AtlasGraph {
  const schemaFirst = schemaProblem(ROOT, data);
  if (schemaFirst) throw invalid(file, schemaFirst, undefined, text);
  let graph: AtlasGraph;
  try {
    graph = Graph.from(data as SerializedGraph) as AtlasGraph;
  } catch (error) {
    const problem = graphProblem(data as SerializedAtlas) ?? problemAt([], (error as Error).message);
    throw invalid(file, problem, error, text);
  }
  const refs = metaReferenceProblem((data as SerializedAtlas).attributes.atlas, (k) => graph.hasNode(k), ["attributes", "atlas"]);
  if (refs) throw invalid(file, refs, undefined, text);
  return graph;
}

/** A node column of a columnar atlas: its values by node index (`NaN` of a float column = null). */
export type AtlasColumnValues = ArrayLike<unknown>;

/**
 * The first value of node column `name` that the schema refuses, as
 * `column "name", node #i ("key"): problem` (or `null`). `keepNull`: a null
 * is the attribute `null` (metrics), else the attribute is absent there;
 * `keyOf` names the node.
 */
export function columnProblem(name: string, values: AtlasColumnValues, keepNull: boolean, keyOf: (i: number) => string): string | null {
  const schema = nodeAttributeSchema(name);
  if (schema === undefined) return null;
  const valid = compile(schema);
  const required = requiredNodeAttributes().includes(name);
  const floats = values instanceof Float64Array;
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    if (floats && v !== v) v = null;
    if (v === null || v === undefined) {
      if (!keepNull) {
        if (required) return `column "${name}", node #${i} (${preview(keyOf(i))}): no value (every node has one)`;
        continue;
      }
      v = null;
    }
    if (!valid(v)) {
      const p = check(schema, v, []);
      return `column "${name}", node #${i} (${preview(keyOf(i))}): ${p?.message ?? "invalid"}`;
    }
  }
  return null;
}
