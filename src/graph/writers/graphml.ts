/**
 * GraphML 1.0 writer (graphology-graphml has none): one typed `<key>` per
 * attribute name and domain (`boolean`, `int`, `long`, `double`, `string`,
 * inferred from the values), `edgedefault` from the graph type, edges without
 * ids. Non-finite numbers are left out; objects and arrays are written as JSON
 * strings.
 */
import type { Attributes } from "graphology-types";
import type { WritableGraph } from "../edge-stream-view.ts";
import { escapeXml } from "./xml-text.ts";
import { hasOwnKey } from "../safe-keys.ts";

type KeyType = "boolean" | "int" | "long" | "double" | "string";

interface KeySpec {
  id: string;
  name: string;
  type: KeyType;
}

const INT32 = 2 ** 31 - 1;

/** Characters per yielded chunk (about). */
const CHUNK_CHARS = 1 << 16;

function valueType(v: unknown): KeyType | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return null;
    if (Number.isInteger(v)) return Math.abs(v) <= INT32 ? "int" : "long";
    return "double";
  }
  return "string";
}

function widen(a: KeyType | undefined, b: KeyType): KeyType {
  if (a === undefined || a === b) return b;
  const numeric = (t: KeyType) => t === "int" || t === "long" || t === "double";
  if (numeric(a) && numeric(b)) return a === "double" || b === "double" ? "double" : "long";
  return "string";
}

function inferKeys(prefix: string, records: Iterable<Attributes>): KeySpec[] {
  const types = new Map<string, KeyType>();
  for (const attrs of records) {
    for (const name in attrs) {
      const t = valueType(attrs[name]);
      if (t !== null) types.set(name, widen(types.get(name), t));
    }
  }
  return [...types].map(([name, type], i) => ({ id: `${prefix}${i}`, name, type }));
}

function serialize(type: KeyType, v: unknown): string | null {
  if (valueType(v) === null) return null;
  if (type === "string") return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  return String(v);
}

function dataLines(keys: KeySpec[], attrs: Attributes, indent: string): string {
  let out = "";
  for (const key of keys) {
    if (!hasOwnKey(attrs, key.name)) continue;
    const s = serialize(key.type, attrs[key.name]);
    if (s !== null) out += `${indent}<data key="${key.id}">${escapeXml(s)}</data>\n`;
  }
  return out;
}

function keyLines(domain: string, keys: KeySpec[]): string {
  return keys
    .map((k) => `  <key id="${k.id}" for="${domain}" attr.name="${escapeXml(k.name)}" attr.type="${k.type}"/>\n`)
    .join("");
}

/** Writes the graph as GraphML text (the joined {@link graphmlChunks}). */
export function writeGraphml(graph: WritableGraph): string {
  return [...graphmlChunks(graph)].join("");
}

/**
 * The GraphML document in chunks of about 64 K characters: one pass over the
 * attributes to type the keys, then one writing the nodes and edges.
 */
export function* graphmlChunks(graph: WritableGraph): Generator<string> {
  const graphKeys = inferKeys("g", [graph.getAttributes()]);
  const nodeKeys = inferKeys("n", attributesOf(graph.nodeEntries()));
  const edgeKeys = inferKeys("e", attributesOf(graph.edgeEntries()));
  let out =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n' +
    keyLines("graph", graphKeys) +
    keyLines("node", nodeKeys) +
    keyLines("edge", edgeKeys) +
    `  <graph id="G" edgedefault="${graph.type === "undirected" ? "undirected" : "directed"}">\n` +
    dataLines(graphKeys, graph.getAttributes(), "    ");
  for (const { node, attributes } of graph.nodeEntries()) {
    const data = dataLines(nodeKeys, attributes, "      ");
    out += data ? `    <node id="${escapeXml(node)}">\n${data}    </node>\n` : `    <node id="${escapeXml(node)}"/>\n`;
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = "";
    }
  }
  for (const { attributes, source, target } of graph.edgeEntries()) {
    const data = dataLines(edgeKeys, attributes, "      ");
    const open = `    <edge source="${escapeXml(source)}" target="${escapeXml(target)}"`;
    out += data ? `${open}>\n${data}    </edge>\n` : `${open}/>\n`;
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = "";
    }
  }
  yield out + "  </graph>\n</graphml>\n";
}

function* attributesOf(entries: Iterable<{ attributes: Attributes }>): Generator<Attributes> {
  for (const entry of entries) yield entry.attributes;
}
