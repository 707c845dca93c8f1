/**
 * The GEXF document of graphology-gexf's writer (`common/writer.js`,
 * v0.13), emitted piece by piece instead of as one string: the same model
 * inference, value casts and `xml-writer` formatting (indent, escaping,
 * `/>` for empty elements), so the joined chunks are byte-identical to
 * `write(graph, options)`. Two passes over the graph (model, then elements)
 * instead of graphology-gexf's arrays of every formatted node and edge.
 */
import type { Attributes } from "graphology-types";
import type { WritableGraph } from "../edge-stream-view.ts";
import { hasOwnKey } from "../safe-keys.ts";
import { dropInvalidXml } from "./xml-text.ts";

/** What a formatter returns for one node or edge (as graphology-gexf's `formatNode` / `formatEdge`). */
export interface GexfElement {
  label?: string;
  viz?: { color?: string; size?: number; x?: number; y?: number; z?: number; shape?: string; thickness?: number };
  attributes?: Attributes;
  weight?: number;
  kind?: string;
}

export interface GexfXmlOptions {
  version: "1.2" | "1.3";
  pretty: boolean;
  formatNode: (key: string, attributes: Attributes) => GexfElement;
  formatEdge: (key: string, attributes: Attributes) => GexfElement;
}

type GexfType =
  | "liststring"
  | "listdouble"
  | "listlong"
  | "listinteger"
  | "listboolean"
  | "string"
  | "double"
  | "long"
  | "integer"
  | "boolean"
  | "empty";

const TYPE_PRIORITIES: Readonly<Record<GexfType, number>> = Object.freeze({
  liststring: 0,
  listdouble: 1,
  listlong: 2,
  listinteger: 3,
  listboolean: 4,
  string: 5,
  double: 6,
  long: 7,
  integer: 8,
  boolean: 9,
  empty: 10,
});

const NAME = /[_:A-Za-z][-._:A-Za-z0-9]*/;
const SANITIZE_TAG = /["'<>&\s]/g;
const RGBA_TEST = /^\s*rgba?\s*\(/i;
const RGBA_MATCH = /^\s*rgba?\s*\(\s*([0-9]*)\s*,\s*([0-9]*)\s*,\s*([0-9]*)\s*(?:,\s*([.0-9]*))?\)\s*$/;
const TO_SANITIZE = /[\r\t\n]/;

/** Characters per yielded chunk (about). */
const CHUNK_CHARS = 1 << 16;

function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === "" || value !== value;
}

function inferScalarType(value: unknown): GexfType {
  if (isEmptyValue(value)) return "empty";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "object") return "string";
  if (typeof value === "number") {
    if (value === (value | 0)) return value <= 0x7fffffff && value >= -0x7fffffff ? "integer" : "long";
    return "double";
  }
  return "string";
}

function inferValueType(value: unknown): GexfType {
  const v = value instanceof Set ? Array.from(value) : value;
  if (!Array.isArray(v)) return inferScalarType(v);
  let type: GexfType = "empty";
  for (const item of v) {
    const t = inferScalarType(item);
    if (TYPE_PRIORITIES[t] < TYPE_PRIORITIES[type]) type = t;
  }
  return type === "empty" ? "empty" : (`list${type}` as GexfType);
}

/** Attribute name → GEXF type; an object with no prototype (any name is a key), so names come in graphology-gexf's `for...in` order. */
type Model = Record<string, GexfType>;

function widenModel(model: Model, attributes: Attributes | undefined): void {
  if (!attributes) return;
  for (const k in attributes) {
    const type = inferValueType(attributes[k]);
    if (type === "empty") continue;
    const current = model[k];
    if (!current || (type !== current && TYPE_PRIORITIES[type] < TYPE_PRIORITIES[current])) model[k] = type;
  }
}

function serializeListValue(type: string, value: unknown): string {
  if (type !== "string" || TO_SANITIZE.test(value as string)) return JSON.stringify(value);
  const s = value as string;
  if (!s.includes("'")) return s.includes('"') ? `'${s}'` : s;
  return JSON.stringify(s);
}

function cast(version: string, type: GexfType, value: unknown): string {
  if (type.startsWith("list")) {
    const v = value instanceof Set ? Array.from(value) : value;
    const items: unknown[] = Array.isArray(v) ? v : [v];
    const subtype = type.slice(4);
    return version === "1.3" ? `[${items.map((x) => serializeListValue(subtype, x)).join(", ")}]` : items.join("|");
  }
  return "" + (value as string);
}

function cssColorToRgba(value: string): Record<string, number> {
  if (!value) return {};
  if (value[0] === "#") {
    const v = value.slice(1);
    return v.length === 3
      ? { r: parseInt(v[0] + v[0], 16), g: parseInt(v[1] + v[1], 16), b: parseInt(v[2] + v[2], 16) }
      : { r: parseInt(v[0] + v[1], 16), g: parseInt(v[2] + v[3], 16), b: parseInt(v[4] + v[5], 16) };
  }
  if (RGBA_TEST.test(value)) {
    const m = value.match(RGBA_MATCH) as RegExpMatchArray;
    const out: Record<string, number> = { r: +m[1], g: +m[2], b: +m[3] };
    if (m[4]) out.a = +m[4];
    return out;
  }
  return {};
}

/** graphology-utils' `inferType`: the declared type, or for a mixed graph the type its edges have. */
function inferType(graph: WritableGraph): "directed" | "undirected" | "mixed" {
  if (graph.type !== "mixed") return graph.type;
  const { directedSize, undirectedSize } = graph;
  if ((directedSize === 0 && undirectedSize === 0) || (directedSize > 0 && undirectedSize > 0)) return "mixed";
  return directedSize > 0 ? "directed" : "undirected";
}

// Both drop the characters XML 1.0 cannot hold (a label with U+0001 would make the file unreadable).
function escapeAttribute(s: string): string {
  return dropInvalidXml(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#x9;")
    .replace(/\n/g, "&#xA;")
    .replace(/\r/g, "&#xD;");
}

function escapeText(s: string): string {
  return dropInvalidXml(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function strval(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return v + "";
  throw new Error("Bad Parameter");
}

/**
 * The subset of `xml-writer` (v1.7) graphology-gexf uses, writing into a
 * buffer the generator empties: same indentation, escaping and closing rules.
 */
class XmlBuffer {
  out = "";
  private readonly indent: string | null;
  private readonly stack: { name: string; containsTag: boolean }[] = [];
  private open = false; // inside a start tag, attributes may follow
  private started = false;

  constructor(pretty: boolean) {
    this.indent = pretty ? "  " : null;
  }

  /** A line break and `depth - 1` indents (xml-writer's `indenter`). */
  private newline(depth: number): void {
    if (this.indent === null) return;
    this.out += "\n" + this.indent.repeat(Math.max(0, depth - 1));
  }

  private closeStartTag(): void {
    if (this.open) {
      this.out += ">";
      this.open = false;
    }
  }

  document(version: string, encoding: string): void {
    this.out += `<?xml version="${escapeAttribute(version)}" encoding="${escapeAttribute(encoding)}"?>`;
    if (this.indent === null) this.out += "\n";
    this.started = true;
  }

  start(name: string): void {
    if (!NAME.test(name)) throw new Error("Invalid Parameter");
    this.closeStartTag();
    if (this.stack.length > 0) this.stack[this.stack.length - 1].containsTag = true;
    this.stack.push({ name, containsTag: false });
    if (this.started) this.newline(this.stack.length);
    this.out += "<" + name;
    this.open = true;
    this.started = true;
  }

  attr(name: string, content: unknown): void {
    if (typeof content !== "number" && !content) return;
    if (!NAME.test(name)) throw new Error("Invalid Parameter");
    if (!this.open) return;
    this.out += ` ${name}="${escapeAttribute(strval(content))}"`;
  }

  text(content: string): void {
    this.closeStartTag();
    this.out += escapeText(content);
  }

  end(): void {
    const t = this.stack.pop();
    if (t === undefined) return;
    if (this.open) {
      this.out += "/>";
      this.open = false;
    } else {
      if (t.containsTag) this.newline(this.stack.length + 1);
      this.out += `</${t.name}>`;
    }
  }

  /** The text written since the last `take`. */
  take(): string {
    const out = this.out;
    this.out = "";
    return out;
  }

  endAll(): void {
    while (this.stack.length > 0) this.end();
  }
}

interface Entry {
  key: string;
  attributes: Attributes;
  source?: string;
  target?: string;
  undirected?: boolean;
}

function writeElement(xml: XmlBuffer, version: string, type: "node" | "edge", model: Model, entry: Entry, element: GexfElement, defaultEdgeType: string): void {
  xml.start(type);
  xml.attr("id", entry.key);
  if (type === "edge") {
    const edgeType = entry.undirected ? "undirected" : "directed";
    if (edgeType !== defaultEdgeType) xml.attr("type", edgeType);
    xml.attr("source", entry.source);
    xml.attr("target", entry.target);
    const weight: unknown = element.weight;
    if ((typeof weight === "number" && !isNaN(weight)) || typeof weight === "string") xml.attr("weight", weight);
    if (element.kind) xml.attr("kind", element.kind);
  }
  if (element.label) xml.attr("label", element.label);
  const attributes = element.attributes;
  if (Object.keys(model).length > 0 && attributes) {
    xml.start("attvalues");
    for (const name in model) {
      if (!hasOwnKey(attributes, name)) continue;
      const value = attributes[name];
      if (isEmptyValue(value)) continue;
      xml.start("attvalue");
      xml.attr("for", name);
      xml.attr("value", cast(version, model[name], value));
      xml.end();
    }
    xml.end();
  }
  const viz = element.viz;
  if (viz) {
    if (viz.color) {
      xml.start("viz:color");
      if (version === "1.3" && viz.color.startsWith("#")) xml.attr("hex", viz.color);
      else {
        const color = cssColorToRgba(viz.color);
        for (const k in color) xml.attr(k, color[k]);
      }
      xml.end();
    }
    if (viz.size !== undefined) {
      xml.start("viz:size");
      xml.attr("value", viz.size);
      xml.end();
    }
    if (viz.x !== undefined || viz.y !== undefined || viz.z !== undefined) {
      xml.start("viz:position");
      if (viz.x !== undefined) xml.attr("x", viz.x);
      if (viz.y !== undefined) xml.attr("y", viz.y);
      if (viz.z !== undefined) xml.attr("z", viz.z);
      xml.end();
    }
    if (viz.shape) {
      xml.start("viz:shape");
      xml.attr("value", viz.shape);
      xml.end();
    }
    if (viz.thickness !== undefined) {
      xml.start("viz:thickness");
      xml.attr("value", viz.thickness);
      xml.end();
    }
  }
  xml.end();
}

function writeModel(xml: XmlBuffer, model: Model, modelClass: string): void {
  if (Object.keys(model).length === 0) return;
  xml.start("attributes");
  xml.attr("class", modelClass);
  for (const name in model) {
    xml.start("attribute");
    xml.attr("id", name);
    xml.attr("title", name);
    xml.attr("type", model[name]);
    xml.end();
  }
  xml.end();
}

/** The `viz` namespace of GEXF 1.2 (gexf.net's 1.2draft schema). */
export const GEXF_12_VIZ_NAMESPACE = "http://www.gexf.net/1.2draft/viz";

/**
 * The GEXF document in chunks of about 64 K characters; joined, it is
 * graphology-gexf's `write(graph, options)`, with the right viz namespace in
 * GEXF 1.2 (`GEXF_12_VIZ_NAMESPACE`).
 */
export function* gexfXmlChunks(graph: WritableGraph, options: GexfXmlOptions): Generator<string> {
  const { version } = options;
  if (version !== "1.2" && version !== "1.3") {
    throw new Error(`graphology-gexf/writer: invalid gexf version "${String(version)}". Expecting 1.2 or 1.3.`);
  }
  const xml = new XmlBuffer(options.pretty);
  xml.document("1.0", "UTF-8");
  xml.start("gexf");
  xml.attr("version", version);
  if (version === "1.2") {
    xml.attr("xmlns", "http://www.gexf.net/1.2draft");
    // The GEXF 1.2 viz namespace (graphology-gexf writes a mistyped 1.1draft URI, which Gephi and networkx do not read as viz).
    xml.attr("xmlns:viz", GEXF_12_VIZ_NAMESPACE);
  } else {
    xml.attr("xmlns", "http://gexf.net/1.3");
    xml.attr("xmlns:viz", "http://gexf.net/1.3/viz");
    xml.attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    xml.attr("xsi:schemaLocation", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd");
  }
  xml.start("meta");
  const graphAttributes = graph.getAttributes();
  if (graphAttributes.lastModifiedDate) xml.attr("lastmodifieddate", graphAttributes.lastModifiedDate);
  for (const k in graphAttributes) {
    if (k === "lastModifiedDate") continue;
    const tag = k.replace(SANITIZE_TAG, "").trim();
    if (!tag) continue;
    const value: unknown = graphAttributes[k];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      xml.start(tag);
      xml.text("" + String(value));
      xml.end();
    }
  }
  xml.end();
  xml.start("graph");
  const type = inferType(graph);
  const defaultEdgeType = type === "mixed" ? "directed" : type;
  xml.attr("defaultedgetype", defaultEdgeType);

  const nodeModel: Model = Object.create(null) as Model;
  for (const { node, attributes } of graph.nodeEntries()) widenModel(nodeModel, options.formatNode(node, attributes).attributes);
  const edgeModel: Model = Object.create(null) as Model;
  for (const { edge, attributes } of graph.edgeEntries()) widenModel(edgeModel, options.formatEdge(edge, attributes).attributes);
  writeModel(xml, nodeModel, "node");
  writeModel(xml, edgeModel, "edge");

  xml.start("nodes");
  for (const { node, attributes } of graph.nodeEntries()) {
    const entry: Entry = { key: node, attributes };
    writeElement(xml, version, "node", nodeModel, entry, options.formatNode(node, attributes), defaultEdgeType);
    if (xml.out.length >= CHUNK_CHARS) yield xml.take();
  }
  xml.end();
  xml.start("edges");
  for (const { edge, attributes, source, target, undirected } of graph.edgeEntries()) {
    const entry: Entry = { key: edge, attributes, source, target, undirected };
    writeElement(xml, version, "edge", edgeModel, entry, options.formatEdge(edge, attributes), defaultEdgeType);
    if (xml.out.length >= CHUNK_CHARS) yield xml.take();
  }
  xml.end();
  xml.endAll();
  if (xml.out) yield xml.out;
}
