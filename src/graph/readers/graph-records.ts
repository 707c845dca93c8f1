/**
 * The graph half of the streaming readers (GEXF, GraphML, GML, GDF): node declarations
 * and edge records as they stream by, then the model, with exactly what
 * graphology's parsers plus `copyIntoModel` (copy.ts) gave: nodes in
 * declaration order with `label` defaulting to the key, edges through
 * `EdgeAccumulator` (repeated pairs merged, weights summed, kinds united), an
 * undirected edge of a directed model added both ways (a self-loop once), and
 * a repeated edge id merged into its first edge as graphology's
 * `mergeEdgeWithKey` does (attributes replaced, not summed).
 *
 * Edges may name nodes declared further down (as the DOM readers allowed):
 * such ids wait in `pending` and are an error at `build` only if never
 * declared (or, for formats where an edge makes its nodes, such as GDF, are
 * added after the declared ones in the order edges first name them). Edge records live in typed arrays (21 bytes each) plus sparse
 * arrays for kinds and other attributes.
 */
import type { Attributes } from "graphology-types";
import { DataError } from "../../shared/errors.ts";
import { createGraph, type AtlasGraph } from "../model.ts";
import { EdgeAccumulator } from "./accumulator.ts";
import { KeyDictionary } from "./key-dictionary.ts";
import { setOwn } from "../safe-keys.ts";

/** Weight from an attribute value as copy.ts reads it: missing → 1; numbers and numeric strings; otherwise `undefined`. */
function toWeight(value: unknown): number | undefined {
  if (value === undefined || value === null || value === "") return 1;
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** A node's attributes with `label` as the model has it: its own, else its key. */
function withLabel(attrs: Attributes, key: string): Attributes {
  const label = attrs.label;
  return { ...attrs, label: label === undefined || label === null || label === "" ? key : String(label) };
}

/** How a format treats node declarations. */
export interface GraphRecordsOptions {
  /** Edge attribute holding the weight (default `"weight"`). */
  weight?: string;
  /** A node declared twice: an error (default), or its attributes merged into the first declaration (later values win). */
  redeclared?: "error" | "merge";
  /** An edge naming a node no declaration gives: an error (default), or the node is added with its key as label. */
  undeclared?: "error" | "add";
}

/** A graph file read to its end, before it becomes a graph or an edge stream. */
export interface ParsedGraph {
  /** Declared nodes. */
  readonly nodes: number;
  readonly directed: boolean;
  readonly graphAttributes: Attributes;
  /** The model graph (what `readGraph` gives). */
  graph(): AtlasGraph;
  /** The edge stream and the nodes' attributes, with no graph (the index path); edge attributes other than weight and kind with `attributes`. */
  edges(options?: { attributes?: boolean }): RecordEdgeStream;
}

export interface RecordEdgeStream {
  /** Nodes in declaration order, records in file order. */
  accumulator: EdgeAccumulator;
  /** Each node's attributes (label included), in the accumulator's node order. */
  nodeAttributes: Attributes[];
}

export class GraphRecords {
  private readonly ids: KeyDictionary;
  /** Per node id: 1 once declared by a `<node>`. */
  private declared = new Uint8Array(1024);
  /** Node ids in declaration order, and their attributes (filled when the element closes). */
  private order = new Int32Array(1024);
  private nodeAttrs: Attributes[] = [];
  private nodeCount = 0;
  /** Ids that edges named before any `<node>` declared them: id → first such record and its line. */
  private pending: Map<number, { record: number; line: number; end: "source" | "target" }> | null = null;

  private src = new Int32Array(1024);
  private dst = new Int32Array(1024);
  private w = new Float64Array(1024);
  private undirected = new Uint8Array(1024);
  private kinds: (string | undefined)[] | null = null;
  private rests: (Attributes | undefined)[] | null = null;
  private m = 0;
  /** Edge elements seen (merged duplicates included). */
  elements = 0;
  private edgeIds: KeyDictionary | null = null;
  private recordOfEdgeId = new Int32Array(0);
  private readonly weightAttr: string;
  private readonly options: GraphRecordsOptions;
  /** Per node id, its declaration slot (kept only when redeclared nodes merge). */
  private slotById: Int32Array | null = null;

  constructor(
    private readonly file: string,
    options: GraphRecordsOptions = {},
  ) {
    this.ids = new KeyDictionary(file);
    this.weightAttr = options.weight ?? "weight";
    this.options = options;
    if (options.redeclared === "merge") this.slotById = new Int32Array(1024);
  }

  /** Number of `<node>`s declared so far. */
  get nodes(): number {
    return this.nodeCount;
  }

  /** Declares a node (its attributes come with `setNode`); returns its declaration index. */
  declareNode(key: string | undefined, line: number): number {
    if (key === undefined || key === "") {
      throw new DataError({ file: this.file, line }, "<node> has no id", "give every node an id attribute");
    }
    const id = this.ids.idOf(key);
    this.declared = grown(this.declared, id + 1);
    if (this.declared[id]) {
      if (this.slotById) return this.slotById[id];
      throw new DataError({ file: this.file, line }, `duplicate node id "${key}"`, "give every node a distinct id");
    }
    this.declared[id] = 1;
    this.pending?.delete(id);
    const slot = this.nodeCount++;
    this.order = grown(this.order, slot + 1);
    this.order[slot] = id;
    this.nodeAttrs.push({});
    if (this.slotById) {
      this.slotById = grown(this.slotById, id + 1);
      this.slotById[id] = slot;
    }
    return slot;
  }

  /** Sets the attributes of the node declared at `slot` (merged into those it has, later values winning). */
  setNode(slot: number, attributes: Attributes): void {
    const before = this.nodeAttrs[slot];
    if (this.options.redeclared !== "merge") this.nodeAttrs[slot] = attributes;
    else for (const name in attributes) setOwn(before, name, attributes[name]);
  }

  private endpoint(key: string | undefined, end: "source" | "target", line: number): number {
    if (key === undefined) {
      throw new DataError({ file: this.file, line }, `<edge> has no ${end}`, "declare the node or fix the edge");
    }
    const id = this.ids.idOf(key);
    this.declared = grown(this.declared, id + 1);
    if (!this.declared[id]) {
      this.pending ??= new Map();
      if (!this.pending.has(id)) this.pending.set(id, { record: this.elements, line, end });
    }
    return id;
  }

  /**
   * Adds the edge element with attributes `data` (as graphology's parser
   * collected them). `undirected` is its type in the temporary graph.
   */
  addEdge(edgeId: string, source: string | undefined, target: string | undefined, undirected: boolean, data: Attributes, line: number): void {
    const s = this.endpoint(source, "source", line);
    const t = this.endpoint(target, "target", line);
    this.elements++;
    if (edgeId) {
      const ids = (this.edgeIds ??= new KeyDictionary(this.file));
      const before = ids.size;
      const e = ids.idOf(edgeId);
      if (e < before) {
        this.mergeInto(this.recordOfEdgeId[e], edgeId, s, t, undirected, data, line);
        return;
      }
      this.recordOfEdgeId = grown(this.recordOfEdgeId, e + 1);
      this.recordOfEdgeId[e] = this.m;
    }
    this.push(s, t, undirected, this.weightOf(data, source as string, target as string, line), data.kind, data);
  }

  /**
   * Adds an edge record whose weight, kind and other attributes the format
   * reader has read (GML, GDF): the lines are where the source and the target
   * are named, for an id no node declares.
   */
  addRecord(source: string, target: string, undirected: boolean, weight: number, kind: string | undefined, rest: Attributes | undefined, line: number, targetLine = line): void {
    const s = this.endpoint(source, "source", line);
    const t = this.endpoint(target, "target", targetLine);
    this.elements++;
    this.push(s, t, undirected, weight, kind, rest);
  }

  /** Stores one record; `rest`'s `weight` and `kind` are not kept as attributes. */
  private push(s: number, t: number, undirected: boolean, weight: number, kind: unknown, rest: Attributes | undefined): void {
    const m = this.m++;
    if (m === this.src.length) {
      this.src = grown(this.src, m + 1);
      this.dst = grown(this.dst, m + 1);
      this.w = grown(this.w, m + 1);
      this.undirected = grown(this.undirected, m + 1);
    }
    this.src[m] = s;
    this.dst[m] = t;
    this.undirected[m] = undirected ? 1 : 0;
    this.w[m] = weight;
    if (typeof kind === "string" && kind) (this.kinds ??= [])[m] = kind;
    let kept: Attributes | undefined;
    if (rest) {
      for (const name in rest) {
        if (name === "weight" || name === "kind") continue;
        setOwn((kept ??= {}), name, rest[name]);
      }
    }
    if (kept) (this.rests ??= [])[m] = kept;
  }

  private weightOf(data: Attributes, source: string, target: string, line: number): number {
    const weight = toWeight(data[this.weightAttr]);
    if (weight === undefined) {
      throw new DataError(
        { file: this.file, line },
        `edge ${source} -> ${target}: weight ${JSON.stringify(data[this.weightAttr])} is not a finite number`,
        "fix the value or choose another attribute with --weight",
      );
    }
    return weight;
  }

  /** A repeated edge id: graphology's `mergeEdgeWithKey` (same ends, or flipped ends of an undirected edge). */
  private mergeInto(r: number, edgeId: string, s: number, t: number, undirected: boolean, data: Attributes, line: number): void {
    const rs = this.src[r];
    const rt = this.dst[r];
    if (!((rs === s && rt === t) || (undirected && rs === t && rt === s))) {
      throw new DataError(
        { file: this.file, line },
        `edge id "${edgeId}" is already the edge ${this.ids.key(rs)} -> ${this.ids.key(rt)}`,
        "give every edge a distinct id",
      );
    }
    if (this.weightAttr in data) this.w[r] = this.weightOf(data, this.ids.key(s), this.ids.key(t), line);
    if ("kind" in data) {
      const kind = data.kind;
      if (typeof kind === "string" && kind) (this.kinds ??= [])[r] = kind;
      else if (this.kinds) this.kinds[r] = undefined;
    }
    let rest: Attributes | undefined = this.rests?.[r];
    for (const name in data) {
      if (name === "weight" || name === "kind") continue;
      setOwn((rest ??= {}), name, data[name]);
    }
    if (rest) (this.rests ??= [])[r] = rest;
  }

  /** The file read to its end: the model graph, or the edge stream (`directed` as the format's rules decided). */
  finish(directed: boolean, graphAttributes: Attributes): ParsedGraph {
    if (this.options.undeclared === "add") this.declarePending();
    else this.checkPending();
    return {
      nodes: this.nodeCount,
      directed,
      graphAttributes,
      graph: () => this.build(directed, graphAttributes),
      edges: (options) => this.edgeStream(directed, options?.attributes ?? false),
    };
  }

  /**
   * The edge stream of the file with no graph: nodes interned in declaration
   * order (the graph's node order), records as the graph path adds them (an
   * undirected edge of a directed file both ways), kinds kept, other edge
   * attributes kept only with `keepAttributes`; and each node's attributes
   * with its `label`.
   */
  private edgeStream(directed: boolean, keepAttributes: boolean): RecordEdgeStream {
    const keys = this.ids.keys();
    const acc = new EdgeAccumulator(null, directed, this.file);
    const remap = new Int32Array(keys.length);
    const nodeAttributes: Attributes[] = new Array(this.nodeCount);
    for (let i = 0; i < this.nodeCount; i++) {
      const key = keys[this.order[i]];
      remap[this.order[i]] = acc.node(key);
      nodeAttributes[i] = withLabel(this.nodeAttrs[i], key);
    }
    const { src, dst, w, kinds } = this;
    const rests = keepAttributes ? this.rests : null;
    for (let r = 0; r < this.m; r++) {
      const s = remap[src[r]];
      const t = remap[dst[r]];
      const kind = kinds ? kinds[r] : undefined;
      const rest = rests ? rests[r] : undefined;
      acc.addIds(s, t, w[r], kind);
      if (rest) acc.setAttributes(acc.records - 1, rest);
      if (this.undirected[r] === 1 && directed && s !== t) {
        acc.addIds(t, s, w[r], kind);
        if (rest) acc.setAttributes(acc.records - 1, rest);
      }
    }
    return { accumulator: acc, nodeAttributes };
  }

  /** The model graph (`directed` as the format's rules decided). */
  private build(directed: boolean, graphAttributes: Attributes): AtlasGraph {
    const keys = this.ids.keys();
    const graph = createGraph({ directed });
    graph.replaceAttributes({ ...graphAttributes });
    for (let i = 0; i < this.nodeCount; i++) {
      const key = keys[this.order[i]];
      graph.addNode(key, withLabel(this.nodeAttrs[i], key));
    }
    const acc = new EdgeAccumulator(graph);
    for (let i = 0; i < keys.length; i++) acc.node(keys[i]);
    const { src, dst, w, kinds, rests } = this;
    for (let r = 0; r < this.m; r++) {
      const s = src[r];
      const t = dst[r];
      const kind = kinds ? kinds[r] : undefined;
      const rest = rests ? rests[r] : undefined;
      const both = this.undirected[r] === 1 && directed && s !== t;
      if (kind || rest) {
        acc.add(keys[s], keys[t], w[r], kind, rest);
        if (both) acc.add(keys[t], keys[s], w[r], kind, rest);
      } else {
        acc.addIds(s, t, w[r]);
        if (both) acc.addIds(t, s, w[r]);
      }
    }
    acc.flush();
    return graph;
  }

  /** Declares the ids that only edges named, in the order edges first named them (a source before its target). */
  private declarePending(): void {
    if (!this.pending) return;
    const keys = this.ids.keys();
    const first = [...this.pending].sort((a, b) => a[1].record - b[1].record || (a[1].end === "source" ? -1 : 1));
    for (const [id, at] of first) this.declareNode(keys[id], at.line);
  }

  /** The first edge (in file order) naming an id no `<node>` declared; its source before its target. */
  private checkPending(): void {
    if (!this.pending || this.pending.size === 0) return;
    let first: { id: number; record: number; line: number; end: "source" | "target" } | undefined;
    for (const [id, at] of this.pending) {
      if (!first || at.record < first.record || (at.record === first.record && at.end === "source")) first = { id, ...at };
    }
    if (!first) return;
    throw new DataError(
      { file: this.file, line: first.line },
      `edge ${first.end} "${this.ids.key(first.id)}" is not a node id`,
      "declare the node or fix the edge",
    );
  }
}
