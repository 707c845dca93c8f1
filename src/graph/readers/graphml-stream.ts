/**
 * GraphML in one streaming pass (saxes), giving the model that
 * graphology-graphml's parser (`common/parser.js`, 0.5) plus `copyIntoModel`
 * gave, with none of the DOM: `<key>`s by `for` (default `node`),
 * `attr.name` and `attr.type` (`boolean` is the text `true` in any case;
 * `int`, `long`, `float`, `double` are `+text`), `<default>` values kept as
 * text (as graphology-graphml keeps them), undeclared keys as text, numeric
 * `r`, `g`, `b` turned into a `#rrggbb` `color`, the graph's `id` and its
 * leading `<data>` children as graph attributes. Like the DOM methods it
 * mirrors, a node collects the `<data>` of all its descendants (a nested
 * graph's too).
 *
 * Direction: undirected when `edgedefault` is `undirected` and no edge says
 * `directed="true"`; a missing `edgedefault` counts as directed.
 * Difference from the DOM path, on files it mishandled: a node (edge) `<key>`
 * after the first `<node>` (`<edge>`) is an error (the DOM path applied it to
 * the elements before it).
 */
import type { Attributes } from "graphology-types";
import { DataError } from "../../shared/errors.ts";
import type { AtlasGraph } from "../model.ts";
import { GraphRecords, type ParsedGraph } from "./graph-records.ts";
import { XmlStream, type XmlHandler } from "./xml-stream.ts";
import { hasOwnKey, setOwn } from "../safe-keys.ts";

export interface GraphmlStreamOptions {
  undirected?: boolean;
  /** Edge attribute holding the weight (default `"weight"`). */
  weight?: string;
}

type Attrs = Readonly<Record<string, string>>;
type Domain = "graph" | "node" | "edge";
type Cast = (v: string) => unknown;

const numeric: Cast = (v) => +v;
/** graphology-graphml's CASTERS. */
const CASTERS: ReadonlyMap<string, Cast> = new Map<string, Cast>([
  ["boolean", (v) => v.toLowerCase() === "true"],
  ["int", numeric],
  ["long", numeric],
  ["float", numeric],
  ["double", numeric],
  ["string", (v) => v],
]);

interface KeySpec {
  name: string;
  type: string;
  cast: Cast | undefined;
}

interface Collector {
  domain: Domain;
  depth: number;
  line: number;
  attr: Attributes;
  slot: number;
  id: string;
  source: string | undefined;
  target: string | undefined;
  undirected: boolean;
}

/** Attribute value as xmldom's `getAttribute` gave it: `""` when missing. */
function get(attrs: Attrs, name: string): string {
  return attrs[name] ?? "";
}

function byteToHex(b: number): string {
  return ("0" + (b | 0).toString(16)).slice(-2);
}

/** graphology-graphml's DEFAULT_FORMATTER: numeric r, g, b → `color`. */
function formatAttributes(attr: Attributes): Attributes {
  if (typeof attr.r === "number" && typeof attr.g === "number" && typeof attr.b === "number") {
    const out: Attributes = {};
    for (const k in attr) if (k !== "r" && k !== "g" && k !== "b") setOwn(out, k, attr[k]);
    out.color = "#" + byteToHex(attr.r) + byteToHex(attr.g) + byteToHex(attr.b);
    return out;
  }
  return attr;
}

export class GraphmlStreamReader implements XmlHandler {
  private readonly xml: XmlStream;
  private readonly records: GraphRecords;
  private depth = 0;
  private rootLine = 1;
  private readonly models: Record<Domain, Map<string, KeySpec>> = { graph: new Map(), node: new Map(), edge: new Map() };
  private readonly defaults: Record<Domain, Attributes> = { graph: {}, node: {}, edge: {} };
  /** The `<key>` being read and the text of its first `<default>`. */
  private key: { domain: Domain; id: string; spec: KeySpec; depth: number; defaultText: string | null; defaultDepth: number } | null = null;
  private graph: { depth: number; id: string; leading: boolean } | null = null;
  private parserDefault = "directed";
  private defaultDirected = true;
  private anyDirected = false;
  private readonly collectors: Collector[] = [];
  /** Open `<data>` elements inside a collector, each gathering its text content. */
  private readonly captures: { depth: number; key: string; line: number; text: string }[] = [];
  /** The graph's leading `<data>` (key, text), resolved at the end against every key. */
  private readonly graphData: { key: string; text: string; line: number }[] = [];

  constructor(
    readonly file: string,
    private readonly options: GraphmlStreamOptions = {},
  ) {
    this.records = new GraphRecords(file, { weight: options.weight });
    this.xml = new XmlStream(file, this);
  }

  /** Line reached so far. */
  get line(): number {
    return this.xml.line;
  }

  push(chunk: Uint8Array | string): void {
    this.xml.push(chunk);
  }

  end(): AtlasGraph {
    return this.parsed().graph();
  }

  /** The file read to its end, before it becomes a graph or an edge stream. */
  parsed(): ParsedGraph {
    this.xml.end();
    if (!this.graph) {
      throw new DataError({ file: this.file, line: this.rootLine }, "GraphML file has no <graph> element", "export the file again");
    }
    const graphAttrs: Attributes = {};
    if (this.graph.id) graphAttrs.id = this.graph.id;
    const collected: Attributes = {};
    for (const d of this.graphData) this.apply(collected, "graph", d.key, d.text, d.line);
    const defaults = this.defaults.graph;
    for (const k in defaults) if (!hasOwnKey(collected, k)) setOwn(collected, k, defaults[k]);
    Object.assign(graphAttrs, collected);
    const directed = !this.options.undirected && (this.anyDirected || (this.records.elements === 0 && this.defaultDirected));
    return this.records.finish(directed, graphAttrs);
  }

  open(name: string, attrs: Attrs, line: number): void {
    const depth = this.depth++;
    if (depth === 0) {
      this.rootLine = line;
      if (name !== "graphml") {
        throw new DataError({ file: this.file, line }, `not a GraphML file (root element <${name}>)`, "give a GraphML file or set --format");
      }
    }
    const graph = this.graph;
    if (graph && graph.leading && depth === graph.depth + 1) {
      if (name.toLowerCase() === "data") this.collectors.push(this.collector("graph", depth, line));
      else graph.leading = false;
    }
    switch (name) {
      case "data":
        if (this.collectors.length) this.captures.push({ depth, key: get(attrs, "key"), line, text: "" });
        return;
      case "node": {
        const c = this.collector("node", depth, line);
        c.slot = this.records.declareNode(attrs.id, line);
        this.collectors.push(c);
        return;
      }
      case "edge": {
        const c = this.collector("edge", depth, line);
        const flag = attrs.directed;
        c.id = get(attrs, "id");
        c.source = attrs.source;
        c.target = attrs.target;
        c.undirected = (flag === "true" ? "directed" : this.parserDefault) === "undirected";
        if (flag === "true" || (this.defaultDirected && flag !== "false")) this.anyDirected = true;
        this.collectors.push(c);
        return;
      }
      case "key":
        this.openKey(attrs, line, depth);
        return;
      case "default":
        if (this.key && this.key.defaultText === null) {
          this.key.defaultText = "";
          this.key.defaultDepth = depth;
        }
        return;
      case "graph":
        if (!this.graph) this.openGraph(attrs, line, depth);
        return;
    }
  }

  close(name: string): void {
    const depth = --this.depth;
    const capture = this.captures[this.captures.length - 1];
    if (capture && capture.depth === depth) {
      this.captures.pop();
      for (const c of this.collectors) {
        if (c.domain === "graph") this.graphData.push({ key: capture.key, text: capture.text, line: capture.line });
        else this.apply(c.attr, c.domain, capture.key, capture.text, capture.line);
      }
    }
    const top = this.collectors[this.collectors.length - 1];
    if (top && top.depth === depth) {
      this.collectors.pop();
      this.store(top);
    }
    const key = this.key;
    if (key) {
      if (key.depth === depth) {
        this.models[key.domain].set(key.id, key.spec);
        if (key.defaultText !== null) setOwn(this.defaults[key.domain], key.spec.name, key.defaultText);
        this.key = null;
      } else if (key.defaultDepth === depth && name === "default") key.defaultDepth = -1;
    }
  }

  text(text: string): void {
    for (const c of this.captures) c.text += text;
    const key = this.key;
    if (key && key.defaultText !== null && key.defaultDepth !== -1) key.defaultText += text;
  }

  private collector(domain: Domain, depth: number, line: number): Collector {
    return { domain, depth, line, attr: {}, slot: -1, id: "", source: undefined, target: undefined, undirected: false };
  }

  private openGraph(attrs: Attrs, line: number, depth: number): void {
    const declared = get(attrs, "edgedefault");
    this.parserDefault = declared || "directed";
    this.defaultDirected = declared !== "undirected";
    if (this.parserDefault !== "directed" && this.parserDefault !== "undirected" && this.parserDefault !== "mixed") {
      throw new DataError(
        { file: this.file, line },
        `cannot read GraphML (edgedefault "${declared}" is not directed or undirected)`,
        "check the file against the GraphML schema",
      );
    }
    this.graph = { depth, id: get(attrs, "id"), leading: true };
  }

  private openKey(attrs: Attrs, line: number, depth: number): void {
    const domain = get(attrs, "for") || "node";
    if (domain !== "graph" && domain !== "node" && domain !== "edge") {
      throw new DataError(
        { file: this.file, line },
        `cannot read GraphML (<key for="${domain}">: graphology-graphml reads only graph, node and edge keys)`,
        "drop the key or export without it",
      );
    }
    const started = domain === "node" ? this.records.nodes > 0 : domain === "edge" ? this.records.elements > 0 : false;
    if (started) {
      throw new DataError(
        { file: this.file, line },
        `<key for="${domain}"> comes after the first <${domain}>`,
        "declare the keys before the graph (as the GraphML schema says)",
      );
    }
    const type = get(attrs, "attr.type") || "string";
    this.key = {
      domain,
      id: get(attrs, "id"),
      spec: { name: get(attrs, "attr.name"), type, cast: CASTERS.get(type) },
      depth,
      defaultText: null,
      defaultDepth: -1,
    };
  }

  /** graphology-graphml's `collectAttributes` for one `<data>`. */
  private apply(attr: Attributes, domain: Domain, key: string, text: string, line: number): void {
    const spec = this.models[domain].get(key);
    if (spec === undefined) {
      setOwn(attr, key, text);
      return;
    }
    if (!spec.cast) {
      throw new DataError(
        { file: this.file, line },
        `cannot read GraphML (<key id="${key}"> has attr.type "${spec.type}", not boolean, int, long, float, double or string)`,
        "check the file against the GraphML schema",
      );
    }
    setOwn(attr, spec.name, spec.cast(text));
  }

  private store(c: Collector): void {
    if (c.domain === "graph") return;
    const attr = c.attr;
    const defaults = this.defaults[c.domain];
    for (const k in defaults) if (!hasOwnKey(attr, k)) setOwn(attr, k, defaults[k]);
    const data = formatAttributes(attr);
    if (c.domain === "edge") this.records.addEdge(c.id, c.source, c.target, c.undirected, data, c.line);
    else this.records.setNode(c.slot, data);
  }
}

/** Reads a whole GraphML text (or bytes) with the streaming reader. */
export function readGraphmlStream(file: string, input: string | Uint8Array, options: GraphmlStreamOptions = {}): AtlasGraph {
  const reader = new GraphmlStreamReader(file, options);
  reader.push(input);
  return reader.end();
}
