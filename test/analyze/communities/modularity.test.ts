import { describe, expect, it } from "vitest";
import { csrFromEdges, csrFromGraph } from "../../../src/analyze/csr.ts";
import { modularity, modularityTerms } from "../../../src/analyze/communities/modularity.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { readCommunityFixture } from "../../helpers/reference-fixtures.ts";
import { REFERENCE_GRAPHS, referenceGraph } from "../../helpers/reference-graphs.ts";


describe("modularity", () => {
  for (const name of REFERENCE_GRAPHS) {
    const fx = readCommunityFixture(name);
    const graph = referenceGraph(name);
    const membership = fx.groundTruth.membership;

    it(`should equal networkx's modularity of the ${name} ground truth on the undirected view`, () => {
      const index = csrFromGraph(graph);
      const view = csrFromGraph(graph, { undirected: true });
      for (const [res, expected] of Object.entries(fx.groundTruth.modularity.undirected)) {
        const resolution = Number(res);
        expect(Math.abs(modularity(index, membership, { resolution, directed: false }) - expected)).toBeLessThan(1e-9);
        expect(Math.abs(modularity(view, membership, { resolution }) - expected)).toBeLessThan(1e-9);
      }
    });

    if (fx.directed) {
      it(`should equal networkx's directed modularity of the ${name} ground truth`, () => {
        const index = csrFromGraph(graph);
        for (const [res, expected] of Object.entries(fx.groundTruth.modularity.directed!)) {
          const resolution = Number(res);
          expect(Math.abs(modularity(index, membership, { resolution }) - expected)).toBeLessThan(1e-9);
          expect(Math.abs(modularity(index, membership, { resolution, directed: true }) - expected)).toBeLessThan(1e-9);
        }
      });
    }
  }

  it("should not depend on the labels' values (relabelled karate ground truth)", () => {
    const fx = readCommunityFixture("karate");
    const index = csrFromGraph(referenceGraph("karate"));
    const swapped = fx.groundTruth.membership.map((c) => (c === 0 ? 5 : 2));
    expect(Math.abs(modularity(index, swapped) - fx.groundTruth.modularity.undirected["1.0"])).toBeLessThan(1e-9);
  });

  it("should count a self-loop as networkx does (hand-computed)", () => {
    // Undirected: edges {0,1}, {1,2}, loop {2,2}; communities {0,1} | {2}.
    // degrees 1, 2, 3 (loop counts twice); m = 3; L = 1 and 1.
    // Q = (1/3 − (3/6)²) + (1/3 − (3/6)²) = 2/3 − 1/2 = 1/6.
    const u = csrFromEdges({ order: 3, sources: [0, 1, 2], targets: [1, 2, 2], directed: false });
    expect(modularity(u, [0, 0, 1])).toBeCloseTo(1 / 6, 12);
    // Directed: 0→1, 1→2, 2→2; out 1,1,1; in 0,1,2; m = 3.
    // Q = (1/3 − 2·1/9) + (1/3 − 1·2/9) = 2/3 − 4/9 = 2/9.
    const d = csrFromEdges({ order: 3, sources: [0, 1, 2], targets: [1, 2, 2], directed: true });
    expect(modularity(d, [0, 0, 1])).toBeCloseTo(2 / 9, 12);
  });

  it("should give terms that sum to the modularity, one per community", () => {
    const fx = readCommunityFixture("football");
    const index = csrFromGraph(referenceGraph("football"));
    const terms = modularityTerms(index, fx.groundTruth.membership, {}, 14);
    expect(terms.length).toBe(14);
    expect(terms[12]).toBe(0);
    expect(terms.reduce((a, b) => a + b, 0)).toBeCloseTo(fx.groundTruth.modularity.undirected["1.0"], 12);
  });

  it("should be 0 on a graph without edges and on an empty graph", () => {
    expect(modularity(csrFromEdges({ order: 3, sources: [], targets: [], directed: true }), [0, 1, 2])).toBe(0);
    expect(modularity(csrFromEdges({ order: 0, sources: [], targets: [], directed: false }), [])).toBe(0);
  });

  it("should reject a membership of the wrong length or with bad ids", () => {
    const index = csrFromEdges({ order: 3, sources: [0], targets: [1], directed: false });
    expect(() => modularity(index, [0, 0])).toThrow(UsageError);
    expect(() => modularity(index, [0, 0])).toThrow(/2 entries but the graph has 3 nodes/);
    expect(() => modularity(index, [0, -1, 0])).toThrow(/community -1/);
    expect(() => modularity(index, [0, 0.5, 0])).toThrow(UsageError);
    expect(() => modularity(index, [0, 0, 0], { resolution: Number.NaN })).toThrow(/resolution is NaN/);
  });
});
