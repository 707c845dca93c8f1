/**
 * The one graph model every source is read into.
 *
 * - A graphology `Graph`, `multi: false`, `allowSelfLoops: true`, typed
 *   `directed` unless the input says it is undirected.
 * - Node key = the source's stable id (collectors prefix `tw:` / `yt:`); every
 *   node has a `label` (defaults to its key) plus the attributes the source gives.
 * - Repeated records between the same pair are merged into one edge whose
 *   `weight` is the sum of the records' weights (1 a record by default).
 * - `kind` (mention, retweet, follows, ...) is kept; when records of several
 *   kinds are merged, `kind` lists them sorted and comma-separated.
 */
import Graph from "graphology";
import type { Attributes } from "graphology-types";
import "./safe-keys.ts";

export type AtlasGraph = Graph<Attributes, Attributes, Attributes>;

export interface CreateGraphOptions {
  /** Directed graph (default `true`). */
  directed?: boolean;
}

/** An empty graph of the model's type. */
export function createGraph(options: CreateGraphOptions = {}): AtlasGraph {
  const directed = options.directed ?? true;
  return new Graph({ type: directed ? "directed" : "undirected", multi: false, allowSelfLoops: true });
}

/** Adds `key` if missing (label defaults to the key) and merges `attributes` into it. */
export function upsertNode(graph: AtlasGraph, key: string, attributes?: Attributes): void {
  if (!graph.hasNode(key)) graph.addNode(key, { label: key, ...attributes });
  else if (attributes) graph.mergeNodeAttributes(key, attributes);
}

/**
 * Adds one edge record: creates missing endpoints, merges with an existing
 * edge between the same pair (summing `weight`, uniting `kind`), and copies
 * other attributes (later records win).
 */
export function addEdgeRecord(
  graph: AtlasGraph,
  source: string,
  target: string,
  weight = 1,
  kind?: string,
  attributes?: Attributes,
): void {
  if (!graph.hasNode(source)) graph.addNode(source, { label: source });
  if (!graph.hasNode(target)) graph.addNode(target, { label: target });
  const existing = graph.edge(source, target);
  if (existing === undefined) {
    const attrs: Attributes = { ...attributes, weight };
    if (kind) attrs.kind = kind;
    graph.addEdge(source, target, attrs);
    return;
  }
  const prev = graph.getEdgeAttributes(existing);
  const merged: Attributes = { ...prev, ...attributes, weight: (prev.weight ?? 1) + weight };
  if (kind || prev.kind) merged.kind = mergeKinds(prev.kind, kind);
  graph.replaceEdgeAttributes(existing, merged);
}

function mergeKinds(a: unknown, b: string | undefined): string {
  const set = new Set<string>();
  for (const k of [typeof a === "string" ? a : "", b ?? ""]) {
    for (const part of k.split(",")) if (part) set.add(part);
  }
  return [...set].sort().join(",");
}
