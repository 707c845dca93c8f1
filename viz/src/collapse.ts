/**
 * The niche view: the map collapsed into one node per community. Pure: builds
 * a new graph, the atlas graph is not touched.
 */
import Graph from "graphology";
import type { Attributes } from "graphology-types";
import { communityColor } from "./scales.ts";

export interface CollapseOptions {
  /** Node attribute holding the community id. Default `"community"`. */
  communityAttribute?: string;
  /** Edge attribute holding the weight (`null`: every edge weighs 1). Default `"weight"`. */
  weightAttribute?: string | null;
  /** Name of each community (default `Community <id>`). */
  name?: (id: number) => string;
}

/** Key of the collapsed node of community `id`. */
export function communityNodeKey(id: number): string {
  return `community:${id}`;
}

/**
 * One node per community: key `community:<id>`, attributes `community`,
 * `label`, `members` (node count), `x`/`y` (centroid of the members' positions
 * when they all have some), `color`. One edge per ordered pair of distinct
 * communities (unordered for an undirected graph) with `weight` = the summed
 * weights of the edges between them and `edges` = their count; edges inside a
 * community become the node's `internalWeight`/`internalEdges`.
 * Nodes without an integer community are left out.
 */
export function collapseCommunities(graph: Graph, options: CollapseOptions = {}): Graph {
  const attr = options.communityAttribute ?? "community";
  const weightAttr = options.weightAttribute === undefined ? "weight" : options.weightAttribute;
  const name = options.name ?? ((id: number) => `Community ${id}`);
  const out = new Graph({ type: graph.type === "undirected" ? "undirected" : "directed", multi: false, allowSelfLoops: false });
  const sums = new Map<number, { n: number; x: number; y: number; positioned: number }>();
  const communityOf = new Map<string, number>();
  graph.forEachNode((key, attrs) => {
    const c = attrs[attr];
    if (!Number.isInteger(c)) return;
    communityOf.set(key, c as number);
    let s = sums.get(c as number);
    if (!s) sums.set(c as number, (s = { n: 0, x: 0, y: 0, positioned: 0 }));
    s.n++;
    if (Number.isFinite(attrs.x) && Number.isFinite(attrs.y)) {
      s.x += attrs.x as number;
      s.y += attrs.y as number;
      s.positioned++;
    }
  });
  for (const id of [...sums.keys()].sort((a, b) => a - b)) {
    const s = sums.get(id)!;
    const attrs: Attributes = {
      community: id,
      label: name(id),
      members: s.n,
      color: communityColor(id),
      internalWeight: 0,
      internalEdges: 0,
    };
    if (s.positioned === s.n) {
      attrs.x = s.x / s.n;
      attrs.y = s.y / s.n;
    }
    out.addNode(communityNodeKey(id), attrs);
  }
  graph.forEachEdge((_edge, attrs, source, target) => {
    const cs = communityOf.get(source);
    const ct = communityOf.get(target);
    if (cs === undefined || ct === undefined) return;
    const w = weightAttr === null ? 1 : typeof attrs[weightAttr] === "number" && Number.isFinite(attrs[weightAttr]) ? (attrs[weightAttr] as number) : 1;
    if (cs === ct) {
      const node = communityNodeKey(cs);
      out.updateNodeAttribute(node, "internalWeight", (v: number) => v + w);
      out.updateNodeAttribute(node, "internalEdges", (v: number) => v + 1);
      return;
    }
    const s = communityNodeKey(cs);
    const t = communityNodeKey(ct);
    const existing = out.edge(s, t);
    if (existing === undefined) out.addEdge(s, t, { weight: w, edges: 1 });
    else {
      out.updateEdgeAttribute(existing, "weight", (v: number) => v + w);
      out.updateEdgeAttribute(existing, "edges", (v: number) => v + 1);
    }
  });
  return out;
}
