/**
 * GraphML 1.0 writer (graphology-graphml has none): one typed `<key>` per
 * attribute name and domain (`boolean`, `int`, `long`, `double`, `string`,
 * inferred from the values), `edgedefault` from the graph type, edges without
 * ids. Non-finite numbers are left out; objects and arrays are written as JSON
 * strings.
 */
import type { Attributes } from "graphology-types";
import type { AtlasGraph } from "../model.ts";
import { escapeXml } from "./xml-text.ts";

type KeyType = "boolean" | "int" | "long" | "double" | "string";

interface KeySpec {
  id: string;
  name: string;
  type: KeyType;
}

const INT32 = 2 ** 31 - 1;

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
    if (!(key.name in attrs)) continue;
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

/** Writes the graph as GraphML text. */
export function writeGraphml(graph: AtlasGraph): string {
  const nodeAttrs: Attributes[] = [];
  graph.forEachNode((_k, a) => void nodeAttrs.push(a));
  const edgeAttrs: Attributes[] = [];
  graph.forEachEdge((_e, a) => void edgeAttrs.push(a));
  const graphKeys = inferKeys("g", [graph.getAttributes()]);
  const nodeKeys = inferKeys("n", nodeAttrs);
  const edgeKeys = inferKeys("e", edgeAttrs);
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
    keyLines("graph", graphKeys),
    keyLines("node", nodeKeys),
    keyLines("edge", edgeKeys),
    `  <graph id="G" edgedefault="${graph.type === "undirected" ? "undirected" : "directed"}">\n`,
    dataLines(graphKeys, graph.getAttributes(), "    "),
  ];
  graph.forEachNode((key, attrs) => {
    const data = dataLines(nodeKeys, attrs, "      ");
    parts.push(data ? `    <node id="${escapeXml(key)}">\n${data}    </node>\n` : `    <node id="${escapeXml(key)}"/>\n`);
  });
  graph.forEachEdge((_edge, attrs, source, target) => {
    const data = dataLines(edgeKeys, attrs, "      ");
    const open = `    <edge source="${escapeXml(source)}" target="${escapeXml(target)}"`;
    parts.push(data ? `${open}>\n${data}    </edge>\n` : `${open}/>\n`);
  });
  parts.push("  </graph>\n</graphml>\n");
  return parts.join("");
}
