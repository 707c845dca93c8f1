import { describe, expect, it } from "vitest";
import { csrFromEdges } from "../../src/analyze/csr.ts";
import { graphSummary, strongComponentCount, summarize, type GraphSummary } from "../../src/analyze/summary.ts";
import { addEdgeRecord, createGraph, upsertNode } from "../../src/graph/model.ts";
import { readPathFixture, readSmallPathFixture, smallIndex } from "../helpers/reference-fixtures.ts";
import { REFERENCE_GRAPHS, referenceIndex } from "../helpers/reference-graphs.ts";

function expectSummary(actual: GraphSummary, expected: Record<string, number | boolean | null>, label: string): void {
  for (const [field, value] of Object.entries(expected)) {
    const got = actual[field as keyof GraphSummary];
    if (value === null || typeof value === "boolean") expect(got, `${label}.${field}`).toBe(value);
    else {
      expect(typeof got, `${label}.${field}`).toBe("number");
      expect(Math.abs((got as number) - value), `${label}.${field}: ${String(got)} vs ${value}`).toBeLessThan(1e-9);
    }
  }
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
}

describe("graphSummary", () => {
  for (const name of REFERENCE_GRAPHS) {
    it(`should equal networkx's summary fields on ${name}`, () => {
      expectSummary(graphSummary(referenceIndex(name)), readPathFixture(name).summary, name);
    });
  }

  it("should equal networkx on path, star, complete, kite, repeated records with a self-loop, edgeless and empty graphs", () => {
    for (const g of readSmallPathFixture().graphs) expectSummary(graphSummary(smallIndex(g)), g.summary, g.name);
  });

  it("should define every field without NaN on the empty and the edgeless graph", () => {
    const empty = graphSummary(csrFromEdges({ order: 0, directed: true, sources: [], targets: [] }));
    expect(empty).toEqual({
      nodes: 0, edges: 0, selfLoops: 0, directed: true, density: 0, reciprocity: null, weakComponents: 0,
      strongComponents: 0, largestWeakShare: 0, averageClustering: 0, assortativity: null,
    });
    const edgeless = graphSummary(csrFromEdges({ order: 4, directed: false, sources: [], targets: [] }));
    expect(edgeless).toEqual({
      nodes: 4, edges: 0, selfLoops: 0, directed: false, density: 0, reciprocity: null, weakComponents: 4,
      strongComponents: 4, largestWeakShare: 0.25, averageClustering: 0, assortativity: null,
    });
  });

  it("should count hand-checkable components, reciprocity and clustering", () => {
    // 0⇄1, 1→2, 2→0 (one SCC {0,1,2}), 3→4 (two SCCs), 5 alone; a self-loop on 5.
    const index = csrFromEdges({
      order: 6,
      directed: true,
      sources: [0, 1, 1, 2, 3, 5],
      targets: [1, 0, 2, 0, 4, 5],
    });
    const s = graphSummary(index);
    expect(s.edges).toBe(6);
    expect(s.selfLoops).toBe(1);
    expect(s.weakComponents).toBe(3);
    expect(s.strongComponents).toBe(4);
    expect(s.largestWeakShare).toBe(0.5);
    expect(s.reciprocity).toBeCloseTo(2 / 6, 15); // 0→1 and 1→0 are reciprocated; the self-loop is not
    expect(s.density).toBeCloseTo(6 / 30, 15);
    expect(s.averageClustering).toBeCloseTo(3 / 6, 15); // triangle 0,1,2: three nodes with C = 1
  });

  it("should count strong components of a long cycle without recursion", () => {
    const n = 200_000;
    const src = Int32Array.from({ length: n }, (_, i) => i);
    const dst = Int32Array.from({ length: n }, (_, i) => (i + 1) % n);
    expect(strongComponentCount(csrFromEdges({ order: n, directed: true, sources: src, targets: dst }))).toBe(1);
    const chain = Int32Array.from({ length: n - 1 }, (_, i) => i + 1);
    expect(strongComponentCount(csrFromEdges({ order: n, directed: true, sources: src.subarray(0, n - 1), targets: chain }))).toBe(n);
  });

  it("should summarize a graphology graph with repeated records merged", () => {
    const g = createGraph({ directed: true });
    addEdgeRecord(g, "a", "b");
    addEdgeRecord(g, "a", "b", 4);
    addEdgeRecord(g, "b", "a");
    upsertNode(g, "c");
    const s = summarize(g);
    expect(s.nodes).toBe(3);
    expect(s.edges).toBe(2);
    expect(s.reciprocity).toBe(1);
    expect(s.weakComponents).toBe(2);
    expect(s.strongComponents).toBe(2);
    expect(s.density).toBeCloseTo(2 / 6, 15);
  });
});
