import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csrFromEdges, csrFromGraph } from "../../../src/analyze/csr.ts";
import {
  EIGENVECTOR_DEFAULTS,
  computeEigenvector,
  eigenvectorCentrality,
} from "../../../src/analyze/centrality/eigenvector.ts";
import { createGraph, type AtlasGraph } from "../../../src/graph/model.ts";
import { AnalysisError, UsageError } from "../../../src/shared/errors.ts";
import {
  fixtureShape,
  indexShape,
  maxAbsDiff,
  readSmallFixture,
  readSpectralFixture,
  type SmallGraphFixture,
} from "../../helpers/reference-fixtures.ts";
import { graphOf, relabelledPair } from "../../helpers/graphs.ts";
import { REFERENCE_GRAPHS, referenceGraph } from "../../helpers/reference-graphs.ts";

describe("eigenvectorCentrality", () => {
  describe("against networkx 2.8 eigenvector_centrality", () => {
    for (const name of REFERENCE_GRAPHS) {
      describe(name, () => {
        const graph = referenceGraph(name);
        const fixture = readSpectralFixture(name);
        const { maxIter, tol } = fixture.eigenvector;

        it(`should match networkx with max_iter=${maxIter}, tol=${tol} to 1e-9`, () => {
          expect(fixture.eigenvector.converged).toBe(true);
          const ours = eigenvectorCentrality(graph, { maxIterations: maxIter, tolerance: tol });
          expect(maxAbsDiff(ours, fixture.eigenvector.values!)).toBeLessThan(1e-9);
        });

        it(`should ${fixture.eigenvectorDefaults.converged ? "converge" : "refuse"} at the defaults, as networkx does`, () => {
          if (fixture.eigenvectorDefaults.converged) {
            const ours = eigenvectorCentrality(graph);
            // Stopped at an L1 change < n·1e-6; the values agree to that order.
            expect(maxAbsDiff(ours, fixture.eigenvector.values!)).toBeLessThan(1e-4);
          } else {
            expect(() => eigenvectorCentrality(graph)).toThrow(AnalysisError);
            expect(() => eigenvectorCentrality(graph)).toThrow(/did not converge after 100 iterations \(tolerance 1e-6\)/);
          }
        });
      });
    }
  });

  describe("hand-checkable graphs", () => {
    it("should give a star's centre 1/√2 and each of k leaves 1/√(2k)", () => {
      const star = graphOf(false, [["0", "1"], ["0", "2"], ["0", "3"], ["0", "4"]]);
      const ours = eigenvectorCentrality(star, { tolerance: 1e-14, maxIterations: 10_000 });
      expect(ours["0"]).toBeCloseTo(Math.SQRT1_2, 12);
      for (const leaf of ["1", "2", "3", "4"]) expect(ours[leaf]).toBeCloseTo(1 / Math.sqrt(8), 12);
    });

    it("should use in-edges on a directed graph", () => {
      // a→b, b→a, a→c: x'_a = x_a + x_b, x'_b = x_b + x_a, x'_c = x_c + x_a, so (1, 1, 1)
      // is the top eigenvector of Aᵀ + I (eigenvalue 2): all three 1/√3. Out-edges would
      // give a more than b and c.
      const ours = eigenvectorCentrality(graphOf(true, [["a", "b"], ["b", "a"], ["a", "c"]]), {
        tolerance: 1e-14,
        maxIterations: 10_000,
      });
      for (const key of ["a", "b", "c"]) expect(ours[key]).toBeCloseTo(1 / Math.sqrt(3), 10);
    });

    it("should count an undirected self-loop once", () => {
      // a–a (0.5), a–b (4), c isolated: A = [[0.5, 4], [4, 0]] on (a, b), top eigenvalue
      // λ = (0.5 + √64.25)/2, eigenvector ∝ (4, λ − 0.5); c → 0.
      const ours = eigenvectorCentrality(graphOf(false, [["a", "a", 0.5], ["a", "b", 4]], ["c"]), {
        tolerance: 1e-14,
        maxIterations: 10_000,
      });
      const lambda = (0.5 + Math.sqrt(64.25)) / 2;
      const norm = Math.hypot(4, lambda - 0.5);
      expect(ours["a"]).toBeCloseTo(4 / norm, 12);
      expect(ours["b"]).toBeCloseTo((lambda - 0.5) / norm, 12);
      expect(ours["c"]).toBeCloseTo(0, 12);
    });

    it("should ignore weights with getEdgeWeight: null (networkx values)", () => {
      // nx.eigenvector_centrality(G, max_iter=10000, tol=1e-14, weight=None) (networkx's default weight)
      // on the same graph, from scripts/reference/small_graphs.py: A = [[1, 1], [1, 0]], eigenvector ∝ (φ, 1).
      const graph = graphOf(false, [["a", "a", 0.5], ["a", "b", 4]], ["c"]);
      const fx = readSmallFixture<SmallGraphFixture & { eigenvector: Record<string, number> }>("eigenvector-unweighted-self-loop");
      expect(indexShape(csrFromGraph(graph))).toEqual(fixtureShape(fx));
      const unweighted = eigenvectorCentrality(graph, { getEdgeWeight: null, tolerance: 1e-14, maxIterations: 10_000 });
      for (const key of ["a", "b", "c"]) expect(unweighted[key]).toBeCloseTo(fx.eigenvector[key], 12);
    });

    it("should give 1/√n on a graph without edges, 1 to a single node, nothing on an empty graph", () => {
      expect(eigenvectorCentrality(graphOf(true, [], ["a", "b", "c", "d"]))).toEqual({ a: 0.5, b: 0.5, c: 0.5, d: 0.5 });
      expect(eigenvectorCentrality(graphOf(true, [], ["x"]))).toEqual({ x: 1 });
      expect(eigenvectorCentrality(createGraph())).toEqual({});
      expect(computeEigenvector(csrFromEdges({ order: 0, sources: [], targets: [], directed: false })).length).toBe(0);
    });

    it("should refuse a directed path, as networkx does (PowerIterationFailedConvergence)", () => {
      const path = graphOf(true, [["a", "b"], ["b", "c"]]);
      expect(() => eigenvectorCentrality(path)).toThrow(AnalysisError);
      expect(() => eigenvectorCentrality(path)).toThrow(/analyze\/eigenvector: did not converge.*Raise maxIterations/);
    });
  });

  describe("properties", () => {
    it("should not change when nodes are relabelled and reordered (or refuse both times)", () => {
      const edgeList = fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.integer({ min: 1, max: 4 })), { maxLength: 25 });
      fc.assert(
        fc.property(edgeList, fc.boolean(), fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6], { minLength: 7, maxLength: 7 }), (edges, directed, perm) => {
          const { a, b } = relabelledPair(directed, 7, edges, perm);
          const outcome = (g: AtlasGraph) => {
            try {
              return eigenvectorCentrality(g, { tolerance: 1e-12, maxIterations: 2000 });
            } catch (error) {
              if (error instanceof AnalysisError) return null;
              throw error;
            }
          };
          const ea = outcome(a);
          const eb = outcome(b);
          expect(ea === null).toBe(eb === null);
          if (ea === null || eb === null) return;
          let squares = 0;
          for (let i = 0; i < 7; i++) {
            expect(Math.abs(ea[`n${i}`] - eb[`m${perm[i]}`])).toBeLessThan(1e-9);
            squares += ea[`n${i}`] ** 2;
          }
          expect(squares).toBeCloseTo(1, 12);
        }),
      );
    });
  });

  describe("assign", () => {
    it("should write the plain call's values to nodeAttribute", () => {
      const graph = referenceGraph("football");
      const values = eigenvectorCentrality(graph);
      eigenvectorCentrality.assign(graph);
      eigenvectorCentrality.assign(graph, { nodeAttribute: "eig" });
      graph.forEachNode((key, attr) => {
        expect(attr.eigenvectorCentrality).toBe(values[key]);
        expect(attr.eig).toBe(values[key]);
      });
    });
  });

  describe("options and errors", () => {
    it("should export frozen networkx defaults", () => {
      expect(EIGENVECTOR_DEFAULTS).toMatchObject({ tolerance: 1e-6, maxIterations: 100, getEdgeWeight: "weight" });
      expect(Object.isFrozen(EIGENVECTOR_DEFAULTS)).toBe(true);
    });

    it("should refuse a negative weight", () => {
      const negative = graphOf(false, [["a", "b", -1]]);
      expect(() => eigenvectorCentrality(negative)).toThrow(AnalysisError);
      expect(() => eigenvectorCentrality(negative)).toThrow(/edge "a" -> "b" has weight -1/);
    });

    it("should refuse a bad tolerance or iteration count", () => {
      const index = csrFromGraph(graphOf(false, [["a", "b"]]));
      expect(() => computeEigenvector(index, { tolerance: Number.POSITIVE_INFINITY })).toThrow(UsageError);
      expect(() => computeEigenvector(index, { tolerance: 0 })).toThrow(/tolerance must be a positive number/);
      expect(() => computeEigenvector(index, { maxIterations: -3 })).toThrow(/maxIterations must be a positive integer/);
    });
  });
});
