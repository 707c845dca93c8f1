/** Small graphs built in tests: by hand, from fast-check edge lists, relabelled copies. */
import { csrFromEdges, type CsrIndex } from "../../src/analyze/csr.ts";
import { addEdgeRecord, createGraph, upsertNode, type AtlasGraph } from "../../src/graph/model.ts";

/** A graph of `edges` (`[source, target, weight = 1]`, repeats merged) plus `isolated` nodes. */
export function graphOf(directed: boolean, edges: [string, string, number?][], isolated: string[] = []): AtlasGraph {
  const graph = createGraph({ directed });
  for (const [s, t, w] of edges) addEdgeRecord(graph, s, t, w ?? 1);
  for (const key of isolated) upsertNode(graph, key);
  return graph;
}

/** The CsrIndex of `order` nodes and `[source, target, weight]` records (as fast-check generates them). */
export function indexOfEdges(order: number, edges: readonly (readonly [number, number, number])[], directed: boolean): CsrIndex {
  return csrFromEdges({
    order,
    sources: edges.map((e) => e[0]),
    targets: edges.map((e) => e[1]),
    weights: edges.map((e) => e[2]),
    directed,
  });
}

/**
 * The same graph twice: `a` with nodes `n0..n{order-1}` in order and the
 * records as given; `b` with node i renamed `m{perm[i]}`, nodes added in
 * reverse and the records reversed. A metric must give n{i} in `a` the value
 * of m{perm[i]} in `b`.
 */
export function relabelledPair(
  directed: boolean,
  order: number,
  edges: readonly (readonly [number, number, number])[],
  perm: readonly number[],
): { a: AtlasGraph; b: AtlasGraph } {
  const a = createGraph({ directed });
  const b = createGraph({ directed });
  for (let i = 0; i < order; i++) upsertNode(a, `n${i}`);
  for (let i = order - 1; i >= 0; i--) upsertNode(b, `m${perm[i]}`);
  for (const [s, t, w] of edges) addEdgeRecord(a, `n${s}`, `n${t}`, w);
  for (const [s, t, w] of [...edges].reverse()) addEdgeRecord(b, `m${perm[s]}`, `m${perm[t]}`, w);
  return { a, b };
}
