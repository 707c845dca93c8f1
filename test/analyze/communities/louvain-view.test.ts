import { describe, expect, it } from "vitest";
import Graph from "graphology";
import graphologyLouvain from "graphology-communities-louvain";
import { csrFromGraph } from "../../../src/analyze/csr.ts";
import { LouvainGraphView } from "../../../src/analyze/communities/louvain-view.ts";
import { undirectedView } from "../../../src/analyze/communities/louvain.ts";
import { createRng } from "../../../src/analyze/rng.ts";
import { referenceGraph } from "../../helpers/reference-graphs.ts";
import type { AtlasGraph } from "../../../src/graph/model.ts";

/**
 * A real undirected graphology copy of a directed graph, weights of u→v and
 * v→u summed, its edges inserted in `order` (the library's tie-breaking
 * depends on edge order, so the comparison uses the view's row order).
 */
function undirectedCopy(graph: AtlasGraph, order: [string, string][]): Graph {
  const summed = new Map<string, number>();
  const pairKey = (s: string, t: string) => (s < t ? `${s}\u0000${t}` : `${t}\u0000${s}`);
  graph.forEachEdge((_e, a, s, t) => {
    const k = pairKey(s, t);
    summed.set(k, (summed.get(k) ?? 0) + (typeof a.weight === "number" ? a.weight : 1));
  });
  const g = new Graph({ type: "undirected", allowSelfLoops: true });
  graph.forEachNode((n) => g.addNode(n));
  for (const [s, t] of order) g.addEdge(s, t, { weight: summed.get(pairKey(s, t)) });
  expect(g.size).toBe(summed.size);
  return g;
}

describe("LouvainGraphView", () => {
  for (const name of ["polblogs", "congress"] as const) {
    it(`should give graphology-communities-louvain the same partition as a real undirected copy (${name})`, () => {
      const graph = referenceGraph(name);
      const view = new LouvainGraphView(undirectedView(csrFromGraph(graph)));
      const order: [string, string][] = [];
      view.forEachEdge((_p, _a, s, t) => order.push([s, t]));
      const copy = undirectedCopy(graph, order);
      expect(view.order).toBe(copy.order);
      expect(view.size).toBe(copy.size);
      expect(view.selfLoopCount).toBe(copy.selfLoopCount);
      for (const seed of [0, 7]) {
        const onView = graphologyLouvain.detailed(view as unknown as Graph, {
          getEdgeWeight: view.edgeWeight as unknown as "weight",
          rng: createRng(seed),
        });
        const onCopy = graphologyLouvain.detailed(copy, { getEdgeWeight: "weight", rng: createRng(seed) });
        expect(onView.communities).toEqual(onCopy.communities);
        expect(onView.modularity).toBeCloseTo(onCopy.modularity, 12);
      }
    });
  }

  it("should refuse a directed index", () => {
    const g = new Graph({ type: "directed" });
    g.mergeEdge("a", "b");
    expect(() => new LouvainGraphView(csrFromGraph(g as AtlasGraph))).toThrow(/needs an undirected index/);
  });
});
