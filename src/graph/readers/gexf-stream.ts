/**
 * GEXF 1.2 / 1.3 in one streaming pass (saxes), giving the model that
 * graphology-gexf's parser (`common/parser.js`, 0.13) plus `copyIntoModel`
 * gave, with none of the DOM: `<attributes>` declarations typed by
 * graphology-gexf's own `parseValue` (numbers, booleans, lists...), an
 * attribute's title used only when its id is numeric, `<default>`s, the last
 * `<attributes class=...>` block of a class winning, `viz:color` as `#hex`,
 * `rgb(r,g,b)` or `rgba(r,g,b,a)`, `viz:size`, `viz:position` (x, y, z),
 * `viz:shape`, `viz:thickness` (the `viz:` name first, then the bare name),
 * `<meta>` children and `lastmodifieddate` as graph attributes. Like the DOM
 * methods it mirrors, an element collects the `<attvalue>`s and viz elements
 * of all its descendants (a hierarchical node those of its children).
 *
 * Direction: undirected when `defaultedgetype` is `undirected`/`mutual` and no
 * edge is typed `directed`; a missing `defaultedgetype` counts as directed.
 * Differences from the DOM path, on files it mishandled: an `<attributes>`
 * block after the first element of its class is an error (the DOM path applied
 * it to the elements before it); `viz` bound as a namespace URI is not looked
 * up; comments directly inside `<meta>` are skipped (the DOM path crashed).
 */
import type { Attributes } from "graphology-types";
import { parseValue } from "graphology-gexf/common/helpers.js";
import { DataError } from "../../shared/errors.ts";
import type { AtlasGraph } from "../model.ts";
import { isNumeric } from "./text.ts";
import { GraphRecords, type ParsedGraph } from "./graph-records.ts";
import { XmlStream, type XmlHandler } from "./xml-stream.ts";
import { hasOwnKey, setOwn } from "../safe-keys.ts";

export interface GexfStreamOptions {
  undirected?: boolean;
  /** Edge attribute holding the weight (default `"weight"`). */
  weight?: string;
}

type Attrs = Readonly<Record<string, string>>;

interface ModelEntry {
  type: string;
  title: string;
}

interface GexfModel {
  entries: Map<string, ModelEntry>;
  defaults: Attributes;
}

const VIZ_KINDS = ["color", "size", "position", "shape", "thickness"] as const;
type VizKind = (typeof VIZ_KINDS)[number];
const VIZ_INDEX: Readonly<Record<string, number>> = Object.freeze({
  "viz:color": 0, "viz:size": 1, "viz:position": 2, "viz:shape": 3, "viz:thickness": 4,
  color: 5, size: 6, position: 7, shape: 8, thickness: 9,
});

/** An open `<node>` or `<edge>` collecting its data as graphology-gexf's `collectAttributes`. */
interface Collector {
  edge: boolean;
  depth: number;
  line: number;
  data: Attributes;
  model: GexfModel;
  /** First descendant per `VIZ_INDEX` slot. */
  viz: (Attrs | undefined)[] | null;
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

function emptyModel(): GexfModel {
  return { entries: new Map(), defaults: {} };
}

function vizColor(a: Attrs): string {
  const hex = get(a, "hex");
  if (hex) return hex;
  const alpha = get(a, "a");
  const rgb = `${get(a, "r")},${get(a, "g")},${get(a, "b")}`;
  return alpha ? `rgba(${rgb},${alpha})` : `rgb(${rgb})`;
}

/** The `<attvalue>`s, label, weight and kind of an element, as graphology-gexf collects them. */
function startData(attrs: Attrs): Attributes {
  const data: Attributes = {};
  const label = get(attrs, "label");
  const weight = get(attrs, "weight");
  const kind = get(attrs, "kind");
  if (label) data.label = label;
  if (weight) data.weight = +weight;
  if (kind) data.kind = kind;
  return data;
}

function finishData(c: Collector): Attributes {
  const data = c.data;
  const defaults = c.model.defaults;
  for (const k in defaults) if (!hasOwnKey(data, k)) setOwn(data, k, defaults[k]);
  const viz = c.viz;
  if (!viz) return data;
  const pick = (kind: VizKind): Attrs | undefined => {
    const i = VIZ_KINDS.indexOf(kind);
    return viz[i] ?? viz[i + 5];
  };
  let v = pick("color");
  if (v) data.color = vizColor(v);
  v = pick("size");
  if (v) data.size = +get(v, "value");
  v = pick("position");
  if (v) {
    const x = get(v, "x");
    const y = get(v, "y");
    const z = get(v, "z");
    if (x) data.x = +x;
    if (y) data.y = +y;
    if (z) data.z = +z;
  }
  v = pick("shape");
  if (v) data.shape = get(v, "value");
  v = pick("thickness");
  if (v) data.thickness = +get(v, "value");
  return data;
}

export class GexfStreamReader implements XmlHandler {
  private readonly xml: XmlStream;
  private readonly records: GraphRecords;
  private readonly weightAttr: string;
  private depth = 0;
  private rootLine = 1;
  private graphSeen = false;
  /** `defaultedgetype` as graphology-gexf's parser used it, and as readGexf read the direction. */
  private parserDefault = "directed";
  private defaultDirected = true;
  private anyDirected = false;
  private nodeModel = emptyModel();
  private edgeModel = emptyModel();
  /** The `<attributes>` block being read, its depth, and the `<attribute>` inside it. */
  private block: { model: GexfModel; depth: number } | null = null;
  /** The `<attribute>` being read; `defaultText` collects the text of its first `<default>` (at `defaultDepth`, -1 once closed). */
  private attribute: { entry: ModelEntry; model: GexfModel; depth: number; defaultText: string | null; defaultDepth: number } | null = null;
  private readonly collectors: Collector[] = [];
  private meta: { depth: number; attrs: Attributes; child: { name: string; text: string } | null } | null = null;
  private metaDone = false;
  private lastModified = "";
  private firstEdge = true;

  constructor(
    readonly file: string,
    private readonly options: GexfStreamOptions = {},
  ) {
    this.weightAttr = options.weight ?? "weight";
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
    if (!this.graphSeen) {
      throw new DataError({ file: this.file, line: this.rootLine }, "GEXF file has no <graph> element", "export the file again");
    }
    const graphAttrs: Attributes = this.meta ? this.meta.attrs : {};
    if (this.lastModified) graphAttrs.lastModifiedDate = this.lastModified;
    const edges = this.records.elements;
    const directed = !this.options.undirected && (this.anyDirected || (edges === 0 && this.defaultDirected));
    return this.records.finish(directed, graphAttrs);
  }

  open(name: string, attrs: Attrs, line: number): void {
    const depth = this.depth++;
    if (depth === 0) {
      this.rootLine = line;
      if (name !== "gexf") {
        throw new DataError({ file: this.file, line }, `not a GEXF file (root element <${name}>)`, "give a GEXF file or set --format");
      }
    }
    const meta = this.meta;
    if (meta && !this.metaDone && depth === meta.depth + 1) meta.child = { name, text: "" };
    switch (name) {
      case "node":
        this.openNode(attrs, line, depth);
        return;
      case "edge":
        this.openEdge(attrs, line, depth);
        return;
      case "attvalue":
        this.attvalue(attrs);
        return;
      case "attributes":
        this.openBlock(attrs, line, depth);
        return;
      case "attribute":
        this.openAttribute(attrs, depth);
        return;
      case "default":
        if (this.attribute && this.attribute.defaultText === null && this.attribute.depth < depth) {
          this.attribute.defaultText = "";
          this.attribute.defaultDepth = depth;
        }
        return;
      case "graph":
        if (!this.graphSeen) {
          this.graphSeen = true;
          const declared = get(attrs, "defaultedgetype");
          this.parserDefault = !declared ? "directed" : declared === "mutual" ? "undirected" : declared;
          this.defaultDirected = !(declared === "undirected" || declared === "mutual");
        }
        return;
      case "meta":
        if (!this.meta) {
          this.meta = { depth, attrs: {}, child: null };
          this.lastModified = get(attrs, "lastmodifieddate");
        }
        return;
    }
    const viz = hasOwnKey(VIZ_INDEX, name) ? VIZ_INDEX[name] : undefined;
    if (viz !== undefined && this.collectors.length) {
      for (const c of this.collectors) {
        const slots = (c.viz ??= new Array<Attrs | undefined>(10));
        if (!slots[viz]) slots[viz] = attrs;
      }
    }
  }

  close(name: string): void {
    const depth = --this.depth;
    const top = this.collectors[this.collectors.length - 1];
    if (top && top.depth === depth) {
      this.collectors.pop();
      this.store(top);
    }
    const attribute = this.attribute;
    if (attribute) {
      if (attribute.depth === depth) {
        const { entry, model, defaultText } = attribute;
        if (defaultText !== null) setOwn(model.defaults, entry.title, parseValue(entry.type, defaultText));
        this.attribute = null;
      } else if (attribute.defaultDepth === depth && name === "default") attribute.defaultDepth = -1;
    }
    if (this.block && this.block.depth === depth) this.block = null;
    const meta = this.meta;
    if (meta && !this.metaDone) {
      if (depth === meta.depth) this.metaDone = true;
      else if (depth === meta.depth + 1 && meta.child) {
        const child = meta.child;
        if (child.text.trim()) setOwn(meta.attrs, child.name.toLowerCase(), child.text);
        meta.child = null;
      }
    }
  }

  text(text: string): void {
    const attribute = this.attribute;
    if (attribute && attribute.defaultText !== null && attribute.defaultDepth !== -1) attribute.defaultText += text;
    const child = this.meta?.child;
    if (child && !this.metaDone) child.text += text;
  }

  private openBlock(attrs: Attrs, line: number, depth: number): void {
    const cls = get(attrs, "class");
    if (cls !== "node" && cls !== "edge") return;
    const started = cls === "node" ? this.records.nodes > 0 : this.records.elements > 0;
    if (started) {
      throw new DataError(
        { file: this.file, line },
        `<attributes class="${cls}"> comes after the first <${cls}>`,
        `declare the ${cls} attributes before the ${cls}s (as the GEXF schema says)`,
      );
    }
    const model = emptyModel();
    if (cls === "node") this.nodeModel = model;
    else this.edgeModel = model;
    this.block = { model, depth };
  }

  private openAttribute(attrs: Attrs, depth: number): void {
    if (!this.block || this.attribute) return;
    const id = get(attrs, "id") || get(attrs, "for");
    const entry: ModelEntry = {
      type: get(attrs, "type") || "string",
      title: !Number.isNaN(+id) ? get(attrs, "title") || id : id,
    };
    this.block.model.entries.set(id, entry);
    this.attribute = { entry, model: this.block.model, depth, defaultText: null, defaultDepth: -1 };
  }

  private attvalue(attrs: Attrs): void {
    if (!this.collectors.length) return;
    const id = get(attrs, "id") || get(attrs, "for");
    const value = get(attrs, "value");
    for (const c of this.collectors) {
      const entry = c.model.entries.get(id);
      setOwn(c.data, entry ? entry.title : id, parseValue(entry ? entry.type : "string", value));
    }
  }

  private openNode(attrs: Attrs, line: number, depth: number): void {
    const slot = this.records.declareNode(attrs.id, line);
    this.collectors.push({
      edge: false, depth, line, data: startData(attrs), model: this.nodeModel, viz: null,
      slot, id: "", source: undefined, target: undefined, undirected: false,
    });
  }

  private openEdge(attrs: Attrs, line: number, depth: number): void {
    const weight = get(attrs, "weight");
    if (this.weightAttr === "weight" && weight !== "" && (!isNumeric(weight.trim()) || !Number.isFinite(Number(weight)))) {
      throw new DataError({ file: this.file, line }, `weight "${weight}" is not a finite number`, "fix the value");
    }
    const typed = get(attrs, "type");
    const type = typed || this.parserDefault;
    if (this.firstEdge) {
      this.firstEdge = false;
      if (type !== "directed" && type !== "undirected" && type !== "mixed") {
        throw new DataError(
          { file: this.file, line },
          `cannot read GEXF (the first edge's type "${type}" is not directed, undirected or mixed)`,
          "check the file against the GEXF 1.3 schema",
        );
      }
    }
    if ((typed || (this.defaultDirected ? "directed" : "undirected")) === "directed") this.anyDirected = true;
    this.collectors.push({
      edge: true, depth, line, data: startData(attrs), model: this.edgeModel, viz: null,
      slot: -1, id: get(attrs, "id"), source: attrs.source, target: attrs.target, undirected: type !== "directed",
    });
  }

  private store(c: Collector): void {
    const data = finishData(c);
    if (c.edge) this.records.addEdge(c.id, c.source, c.target, c.undirected, data, c.line);
    else this.records.setNode(c.slot, data);
  }
}

/** Reads a whole GEXF text (or bytes) with the streaming reader. */
export function readGexfStream(file: string, input: string | Uint8Array, options: GexfStreamOptions = {}): AtlasGraph {
  const reader = new GexfStreamReader(file, options);
  reader.push(input);
  return reader.end();
}
