/**
 * What the writers read of a graph (`WritableGraph`), and that view over an
 * edge stream's merged edges, so that `atlas convert` of a big edge list
 * writes GEXF, GraphML, CSV or JSON straight from the typed arrays, with no
 * graphology graph (a JS object per node and edge) in between. The view gives
 * what the graph built from the same stream gives: nodes in first-seen order
 * with `label` (their own, else the key), edges in merged order with `weight`,
 * `kind` and the other attributes the stream kept.
 */
import type { Attributes } from "graphology-types";
import { mergedEdgeAttributes, type MergedEdges } from "./readers/accumulator.ts";

export interface WritableNodeEntry {
  node: string;
  attributes: Attributes;
}

export interface WritableEdgeEntry {
  edge: string;
  attributes: Attributes;
  source: string;
  target: string;
  undirected: boolean;
}

/** The part of a graphology graph the writers use (a graph is one). */
export interface WritableGraph {
  readonly type: "directed" | "undirected" | "mixed";
  readonly multi: boolean;
  readonly allowSelfLoops: boolean;
  readonly order: number;
  readonly size: number;
  readonly directedSize: number;
  readonly undirectedSize: number;
  getAttributes(): Attributes;
  nodeEntries(): Iterable<WritableNodeEntry>;
  edgeEntries(): Iterable<WritableEdgeEntry>;
  forEachNode(callback: (node: string, attributes: Attributes) => void): void;
}

/**
 * `merged` as a `WritableGraph`. `nodeAttributes[i]` (when given) are node
 * `i`'s attributes, label included; each entry's attributes object is made
 * when the writer reaches it, so memory stays the typed arrays.
 */
export function edgeStreamView(merged: MergedEdges, nodeAttributes?: readonly Attributes[], graphAttributes: Attributes = {}): WritableGraph {
  const { keys, sources, targets, directed } = merged;
  const m = sources.length;
  const nodeAttrs = (i: number): Attributes => nodeAttributes?.[i] ?? { label: keys[i] };
  return {
    type: directed ? "directed" : "undirected",
    multi: false,
    allowSelfLoops: true,
    order: keys.length,
    size: m,
    directedSize: directed ? m : 0,
    undirectedSize: directed ? 0 : m,
    getAttributes: () => graphAttributes,
    *nodeEntries() {
      for (let i = 0; i < keys.length; i++) yield { node: keys[i], attributes: nodeAttrs(i) };
    },
    *edgeEntries() {
      for (let e = 0; e < m; e++) {
        yield { edge: String(e), attributes: mergedEdgeAttributes(merged, e), source: keys[sources[e]], target: keys[targets[e]], undirected: !directed };
      }
    },
    forEachNode(callback) {
      for (let i = 0; i < keys.length; i++) callback(keys[i], nodeAttrs(i));
    },
  };
}
