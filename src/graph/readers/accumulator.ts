/**
 * Collects edge records and adds them to a model graph in one pass, with
 * exactly the semantics of `addEdgeRecord` (model.ts): endpoints created in
 * order of first appearance, one edge per pair (unordered pair when the graph
 * is undirected) oriented as its first record, weights summed in record
 * order, kinds united, other attributes merged (later records win). The graph
 * must have no edges yet (it may have nodes).
 *
 * Node ids are interned by a `KeyDictionary` (no ceiling on their number);
 * records go into typed arrays that grow by doubling, so the accumulator is
 * also the edge stream that byte-stream readers fill and `csrFromEdges`
 * indexes with no graph at all (`stream()`). Merging is a stable counting
 * sort by the first endpoint plus a "last owner" mark per second endpoint:
 * O(records), no per-record Map lookup by pair and no `graph.edge(s, t)`.
 */
import type { Attributes } from "graphology-types";
import type { AtlasGraph } from "../model.ts";
import { KeyDictionary } from "./key-dictionary.ts";

/** Merged edges in order of first appearance, as typed arrays (`csrFromEdges`' input shape). */
export interface MergedEdges {
  directed: boolean;
  order: number;
  keys: string[];
  sources: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  kinds: (string | undefined)[] | null;
  attributes: (Attributes | undefined)[] | null;
}

/** Unmerged records as typed arrays (`csrFromEdges`' input: it merges repeated pairs itself). */
export interface RecordStream {
  directed: boolean;
  order: number;
  keys: string[];
  sources: Int32Array;
  targets: Int32Array;
  /** `undefined` when every record has weight 1. */
  weights: Float64Array | undefined;
}

export class EdgeAccumulator {
  /** The node ids; byte-stream readers intern through it directly. */
  readonly dictionary: KeyDictionary;
  private src = new Int32Array(1024);
  private dst = new Int32Array(1024);
  private w = new Float64Array(1024);
  /** False while every weight is 1. */
  private weighted = false;
  /** Kind of each record as a code: 0 none, c ≥ 1 `kindNames[c - 1]` (allocated with the first kind). */
  private kindCodes: Int32Array | null = null;
  private readonly kindNames: string[] = [];
  private readonly kindCode = new Map<string, number>();
  private attrs: (Attributes | undefined)[] | null = null;
  private m = 0;
  private readonly directed: boolean;

  constructor(private readonly graph: AtlasGraph | null, directed?: boolean, file?: string) {
    this.directed = directed ?? (graph ? graph.type !== "undirected" : true);
    this.dictionary = new KeyDictionary(file);
  }

  /** Index of node `key`, registering it on first sight. */
  node(key: string): number {
    return this.dictionary.idOf(key);
  }

  /** Adds one record; `attributes` must not contain `weight` or `kind`. */
  add(source: string, target: string, weight = 1, kind?: string, attributes?: Attributes): void {
    const s = this.node(source);
    const t = this.node(target);
    const m = this.m;
    this.addIds(s, t, weight, kind);
    if (attributes) (this.attrs ??= [])[m] = attributes;
  }

  /** Adds one record between ids of `dictionary` (kinds are kept as small integer codes, not a string a record). */
  addIds(s: number, t: number, weight: number, kind?: string): void {
    const m = this.m;
    if (m === this.src.length) this.grow();
    this.src[m] = s;
    this.dst[m] = t;
    this.w[m] = weight;
    if (weight !== 1) this.weighted = true;
    if (kind) {
      let code = this.kindCode.get(kind);
      if (code === undefined) {
        this.kindNames.push(kind);
        this.kindCode.set(kind, (code = this.kindNames.length));
      }
      (this.kindCodes ??= new Int32Array(this.src.length))[m] = code;
    }
    this.m = m + 1;
  }

  /** Sets the other attributes of record `record` (0-based, in the order added); they must not contain `weight` or `kind`. */
  setAttributes(record: number, attributes: Attributes): void {
    if (record < 0 || record >= this.m) throw new RangeError(`EdgeAccumulator.setAttributes: no record ${record} (${this.m} records)`);
    (this.attrs ??= [])[record] = attributes;
  }

  /** Whether some record has a kind. */
  get hasKinds(): boolean {
    return this.kindCodes !== null;
  }

  /** Whether records are directed edges. */
  get isDirected(): boolean {
    return this.directed;
  }

  /** Number of nodes so far. */
  get nodes(): number {
    return this.dictionary.size;
  }

  /** The records as they came (for `csrFromEdges`, which merges them); the arrays are views, not copies. */
  stream(): RecordStream {
    const m = this.m;
    return {
      directed: this.directed,
      order: this.dictionary.size,
      keys: this.dictionary.keys(),
      sources: this.src.subarray(0, m),
      targets: this.dst.subarray(0, m),
      weights: this.weighted ? this.w.subarray(0, m) : undefined,
    };
  }

  /** Number of records so far. */
  get records(): number {
    return this.m;
  }

  private grow(): void {
    const size = this.src.length * 2;
    const src = new Int32Array(size);
    src.set(this.src);
    this.src = src;
    const dst = new Int32Array(size);
    dst.set(this.dst);
    this.dst = dst;
    const w = new Float64Array(size);
    w.set(this.w);
    this.w = w;
    if (this.kindCodes) {
      const k = new Int32Array(size);
      k.set(this.kindCodes);
      this.kindCodes = k;
    }
  }

  /** Kind of record `r`, or `undefined`. */
  private kindOf(r: number): string | undefined {
    const code = this.kindCodes ? this.kindCodes[r] : 0;
    return code === 0 ? undefined : this.kindNames[code - 1];
  }

  /** Merges the records into distinct edges (first-appearance order). */
  merge(): MergedEdges {
    const { src, dst, w, m, directed } = this;
    const n = this.dictionary.size;
    const keys = this.dictionary.keys();
    // stable counting sort of records by their first endpoint (min endpoint when undirected)
    const offsets = new Int32Array(n + 1);
    for (let r = 0; r < m; r++) {
      const a = src[r];
      const b = dst[r];
      offsets[(directed || a <= b ? a : b) + 1]++;
    }
    for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
    const fill = offsets.slice(0, n);
    const sorted = new Int32Array(m);
    for (let r = 0; r < m; r++) {
      const a = src[r];
      const b = dst[r];
      sorted[fill[directed || a <= b ? a : b]++] = r;
    }
    // per bucket, the edge of each second endpoint
    const owner = new Int32Array(n).fill(-1);
    const edgeOf = new Int32Array(n);
    const firstRecord = new Int32Array(m);
    const weight = new Float64Array(m);
    const kinds = this.kindCodes !== null;
    const attrs = this.attrs;
    const edgeKinds: (string | undefined)[] | null = kinds ? [] : null;
    const edgeAttrs: (Attributes | undefined)[] | null = attrs ? [] : null;
    let e = 0;
    for (let u = 0; u < n; u++) {
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const r = sorted[p];
        const a = src[r];
        const b = dst[r];
        const v = directed || a <= b ? b : a;
        if (owner[v] === u) {
          const id = edgeOf[v];
          weight[id] += w[r];
          if (edgeKinds) {
            const k = this.kindOf(r);
            const prev = edgeKinds[id];
            if (k || prev) edgeKinds[id] = mergeKinds(prev, k);
          }
          if (edgeAttrs && attrs) {
            const at = attrs[r];
            if (at) edgeAttrs[id] = { ...edgeAttrs[id], ...at };
          }
        } else {
          owner[v] = u;
          edgeOf[v] = e;
          firstRecord[e] = r;
          weight[e] = w[r];
          if (edgeKinds) edgeKinds[e] = this.kindOf(r);
          if (edgeAttrs && attrs) edgeAttrs[e] = attrs[r] ? { ...attrs[r] } : undefined;
          e++;
        }
      }
    }
    // order edges by first appearance
    const byRecord = new Int32Array(m).fill(-1);
    for (let id = 0; id < e; id++) byRecord[firstRecord[id]] = id;
    const sources = new Int32Array(e);
    const targets = new Int32Array(e);
    const weights = new Float64Array(e);
    const outKinds: (string | undefined)[] | null = edgeKinds ? new Array(e) : null;
    const outAttrs: (Attributes | undefined)[] | null = edgeAttrs ? new Array(e) : null;
    let o = 0;
    for (let r = 0; r < m; r++) {
      const id = byRecord[r];
      if (id === -1) continue;
      sources[o] = src[r];
      targets[o] = dst[r];
      weights[o] = weight[id];
      if (outKinds && edgeKinds) outKinds[o] = edgeKinds[id];
      if (outAttrs && edgeAttrs) outAttrs[o] = edgeAttrs[id];
      o++;
    }
    return { directed, order: n, keys, sources, targets, weights, kinds: outKinds, attributes: outAttrs };
  }

  /** Adds the nodes and merged edges to the graph given to the constructor. */
  flush(): void {
    if (!this.graph) throw new Error("EdgeAccumulator.flush: no graph given");
    this.flushInto(this.graph);
  }

  /** Adds the nodes and merged edges to `graph` (which has no edges yet). */
  flushInto(graph: AtlasGraph): void {
    const merged = this.merge();
    const keys = merged.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (!graph.hasNode(key)) graph.addNode(key, { label: key });
    }
    const { sources, targets } = merged;
    for (let i = 0; i < sources.length; i++) graph.addEdge(keys[sources[i]], keys[targets[i]], mergedEdgeAttributes(merged, i));
    this.m = 0;
  }
}

/** The attributes of merged edge `e` as the model holds them: the other attributes, `weight`, and `kind` when it has one. */
export function mergedEdgeAttributes(merged: MergedEdges, e: number): Attributes {
  const extra = merged.attributes ? merged.attributes[e] : undefined;
  const attrs: Attributes = extra ? { ...extra, weight: merged.weights[e] } : { weight: merged.weights[e] };
  const kind = merged.kinds ? merged.kinds[e] : undefined;
  if (kind) attrs.kind = kind;
  return attrs;
}

/** Same as model.ts: union of comma-separated kinds, sorted. */
function mergeKinds(a: string | undefined, b: string | undefined): string {
  const set = new Set<string>();
  for (const k of [a ?? "", b ?? ""]) {
    for (const part of k.split(",")) if (part) set.add(part);
  }
  return [...set].sort().join(",");
}
