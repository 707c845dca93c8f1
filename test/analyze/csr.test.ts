import fc from "fast-check";
import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { csrFromEdges, csrFromGraph, type CsrIndex } from "../../src/analyze/csr.ts";
import { addEdgeRecord, createGraph, upsertNode } from "../../src/graph/model.ts";
import { referenceGraph } from "../helpers/reference-graphs.ts";

/** Rows of one direction as plain arrays: [[neighbour, weight], ...] a node. */
function rows(offsets: Int32Array, neighbors: Int32Array, weights: Float64Array): [number, number][][] {
  const out: [number, number][][] = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    const row: [number, number][] = [];
    for (let p = offsets[i]; p < offsets[i + 1]; p++) row.push([neighbors[p], weights[p]]);
    out.push(row);
  }
  return out;
}

const outRows = (index: CsrIndex) => rows(index.outOffsets, index.outNeighbors, index.outWeights);
const inRows = (index: CsrIndex) => rows(index.inOffsets, index.inNeighbors, index.inWeights);

/** The expected rows by a naive Map merge, independent of the counting sort. */
function naiveRows(order: number, edges: [number, number, number][], directed: boolean, reverse = false): [number, number][][] {
  const maps = Array.from({ length: order }, () => new Map<number, number>());
  for (const [s0, t0, w] of edges) {
    const [s, t] = reverse ? [t0, s0] : [s0, t0];
    maps[s].set(t, (maps[s].get(t) ?? 0) + w);
    if (!directed && s !== t) maps[t].set(s, (maps[t].get(s) ?? 0) + w);
  }
  return maps.map((m) => [...m.entries()].sort((a, b) => a[0] - b[0]));
}

describe("csr", () => {
  describe("csrFromEdges", () => {
    it("should merge repeated directed edges, summing weights, and keep a self-loop in both directions", () => {
      // 0→1 (1), 0→1 (2), 1→0 (1), 0→0 (0.5); node 2 isolated.
      const index = csrFromEdges({ order: 3, sources: [0, 0, 1, 0], targets: [1, 1, 0, 0], weights: [1, 2, 1, 0.5], directed: true });
      expect(index.directed).toBe(true);
      expect(index.size).toBe(3);
      expect(Array.from(index.outOffsets)).toEqual([0, 2, 3, 3]);
      expect(outRows(index)).toEqual([[[0, 0.5], [1, 3]], [[0, 1]], []]);
      expect(inRows(index)).toEqual([[[0, 0.5], [1, 1]], [[0, 3]], []]);
      expect(index.keys).toEqual(["0", "1", "2"]);
    });

    it("should store an undirected edge in both rows and a self-loop once, sharing in* and out*", () => {
      // {0,1} (2), {1,2} (1), {2,2} (1.5), {1,0} (1) -> {0,1} weighs 3.
      const index = csrFromEdges({ order: 3, sources: [0, 1, 2, 1], targets: [1, 2, 2, 0], weights: [2, 1, 1.5, 1], directed: false });
      expect(index.directed).toBe(false);
      expect(index.size).toBe(3);
      expect(outRows(index)).toEqual([[[1, 3]], [[0, 3], [2, 1]], [[1, 1], [2, 1.5]]]);
      expect(index.inOffsets).toBe(index.outOffsets);
      expect(index.inNeighbors).toBe(index.outNeighbors);
      expect(index.inWeights).toBe(index.outWeights);
    });

    it("should merge a repeated undirected self-loop into one entry", () => {
      const index = csrFromEdges({ order: 1, sources: [0, 0], targets: [0, 0], weights: [1, 2], directed: false });
      expect(index.size).toBe(1);
      expect(outRows(index)).toEqual([[[0, 3]]]);
    });

    it("should default weights to 1 and keep the given keys", () => {
      const index = csrFromEdges({ order: 2, keys: ["x", "y"], sources: [1, 1], targets: [0, 0], directed: true });
      expect(outRows(index)).toEqual([[], [[0, 2]]]);
      expect(index.keys).toEqual(["x", "y"]);
    });

    it("should refuse an endpoint outside [0, order)", () => {
      expect(() => csrFromEdges({ order: 2, sources: [0], targets: [2], directed: true })).toThrow(Error);
      expect(() => csrFromEdges({ order: 2, sources: [0], targets: [2], directed: true })).toThrow(/edge 0 \(0 -> 2\).*outside \[0, 2\)/);
      expect(() => csrFromEdges({ order: 2, sources: [0.5], targets: [1], directed: true })).toThrow(/outside/);
    });

    it("should build an empty index of order 0", () => {
      const index = csrFromEdges({ order: 0, sources: [], targets: [], directed: true });
      expect([index.order, index.size, Array.from(index.outOffsets)]).toEqual([0, 0, [0]]);
    });

    it("should equal a naive merge of any edge list (sorted rows, summed weights)", () => {
      const edgeList = fc.array(fc.tuple(fc.nat(9), fc.nat(9), fc.integer({ min: 1, max: 9 })), { maxLength: 60 });
      fc.assert(
        fc.property(edgeList, fc.boolean(), (edges, directed) => {
          const index = csrFromEdges({
            order: 10,
            sources: Int32Array.from(edges, (e) => e[0]),
            targets: Int32Array.from(edges, (e) => e[1]),
            weights: Float64Array.from(edges, (e) => e[2]),
            directed,
          });
          const expectedOut = naiveRows(10, edges, directed);
          expect(outRows(index)).toEqual(expectedOut);
          expect(inRows(index)).toEqual(directed ? naiveRows(10, edges, true, true) : expectedOut);
          const pairs = expectedOut.reduce((n, row) => n + row.length, 0);
          const loops = expectedOut.reduce((n, row, i) => n + row.filter(([j]) => j === i).length, 0);
          expect(index.size).toBe(directed ? pairs : (pairs - loops) / 2 + loops);
        }),
      );
    });
  });

  describe("csrFromGraph", () => {
    it("should equal csrFromEdges on the graph's edges (congress, directed and weighted)", () => {
      const graph = referenceGraph("congress");
      const keys = graph.nodes();
      const position = new Map(keys.map((k, i) => [k, i]));
      const sources: number[] = [];
      const targets: number[] = [];
      const weights: number[] = [];
      graph.forEachEdge((_e, attr, s, t) => {
        sources.push(position.get(s)!);
        targets.push(position.get(t)!);
        weights.push(attr.weight);
      });
      const expected = csrFromEdges({ order: keys.length, keys, sources, targets, weights, directed: true });
      const ours = csrFromGraph(graph);
      expect(ours).toEqual(expected);
      expect([ours.order, ours.size]).toEqual([475, 13289]);
    });

    it("should keep the graph's node order, isolated nodes included", () => {
      const graph = createGraph();
      upsertNode(graph, "z");
      addEdgeRecord(graph, "b", "a");
      upsertNode(graph, "q");
      const index = csrFromGraph(graph);
      expect(index.keys).toEqual(["z", "b", "a", "q"]);
      expect(outRows(index)).toEqual([[], [[2, 1]], [], []]);
    });

    it("should read weights from the named attribute, or 1 each with weight: null", () => {
      const graph = createGraph();
      addEdgeRecord(graph, "a", "b", 2);
      addEdgeRecord(graph, "a", "b", 3);
      graph.setEdgeAttribute(graph.edge("a", "b")!, "cost", 7);
      expect(outRows(csrFromGraph(graph))).toEqual([[[1, 5]], []]);
      expect(outRows(csrFromGraph(graph, { getEdgeWeight: "cost" }))).toEqual([[[1, 7]], []]);
      expect(outRows(csrFromGraph(graph, { getEdgeWeight: null }))).toEqual([[[1, 1]], []]);
    });

    it("should build the undirected view of a directed graph, summing both directions", () => {
      const graph = createGraph();
      addEdgeRecord(graph, "a", "b", 2);
      addEdgeRecord(graph, "b", "a", 3);
      addEdgeRecord(graph, "b", "c", 1);
      addEdgeRecord(graph, "c", "c", 4);
      const index = csrFromGraph(graph, { undirected: true });
      expect(index.directed).toBe(false);
      expect(index.size).toBe(3);
      expect(outRows(index)).toEqual([[[1, 5]], [[0, 5], [2, 1]], [[1, 1], [2, 4]]]);
    });

    it("should index an undirected graph with each edge in both rows (karate: 34 nodes, 78 edges)", () => {
      const index = csrFromGraph(referenceGraph("karate"));
      expect([index.directed, index.order, index.size, index.outNeighbors.length]).toEqual([false, 34, 78, 156]);
    });

    it("should refuse a mixed graph", () => {
      const mixed = new Graph({ type: "mixed" });
      mixed.addNode("a");
      expect(() => csrFromGraph(mixed)).toThrow(/mixed graphs are not supported/);
    });
  });
});
