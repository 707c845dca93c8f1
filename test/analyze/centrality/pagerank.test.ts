import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csrFromEdges, csrFromGraph } from "../../../src/analyze/csr.ts";
import {
  PAGERANK_DEFAULTS,
  computePagerank,
  computePagerankDetailed,
  pagerank,
  personalizationVector,
} from "../../../src/analyze/centrality/pagerank.ts";
import { resolveAnalyzeOptions } from "../../../src/analyze/pipeline-options.ts";
import { createGraph } from "../../../src/graph/model.ts";
import { AnalysisError, UsageError } from "../../../src/shared/errors.ts";
import {
  fixtureShape,
  indexShape,
  maxAbsDiff,
  readSmallFixture,
  readSpectralFixture,
  type SmallGraphFixture,
} from "../../helpers/reference-fixtures.ts";
import { graphOf, indexOfEdges, relabelledPair } from "../../helpers/graphs.ts";
import { REFERENCE_GRAPHS, referenceGraph } from "../../helpers/reference-graphs.ts";

const TIGHT = { tolerance: 1e-14, maxIterations: 10_000 };

type Ranks = Record<string, number>;
/** A fixture of scripts/reference/small_graphs.py: networkx's PageRank of a graph built below, at TIGHT's tol and max_iter. */
const small = <T extends object>(name: string) => readSmallFixture<SmallGraphFixture & T>(name);

describe("pagerank", () => {
  describe("against networkx 2.8 (tolerance 1e-13 there, 1e-14 here)", () => {
    for (const name of REFERENCE_GRAPHS) {
      describe(name, () => {
        const graph = referenceGraph(name);
        const fixture = readSpectralFixture(name);

        it("should read the same graph networkx did", () => {
          expect([graph.order, graph.size, graph.type === "directed"]).toEqual([fixture.nodes, fixture.edges, fixture.directed]);
        });

        it("should match weighted PageRank to 1e-9", () => {
          expect(maxAbsDiff(pagerank(graph, TIGHT), fixture.pagerank.weighted)).toBeLessThan(1e-9);
        });

        it("should match unweighted PageRank (getEdgeWeight: null) to 1e-9", () => {
          const ours = pagerank(graph, { ...TIGHT, getEdgeWeight: null });
          expect(maxAbsDiff(ours, fixture.pagerank.unweighted)).toBeLessThan(1e-9);
        });

        it("should match personalized PageRank on a teleport set given as a key list", () => {
          const ours = pagerank(graph, { ...TIGHT, personalization: fixture.pagerank.teleport });
          expect(maxAbsDiff(ours, fixture.pagerank.personalizedSet)).toBeLessThan(1e-9);
        });

        it("should match personalized PageRank with teleport weights 1, 2, 3", () => {
          const weights = Object.fromEntries(fixture.pagerank.teleport.map((key, i) => [key, i + 1]));
          const ours = pagerank(graph, { ...TIGHT, personalization: weights });
          expect(maxAbsDiff(ours, fixture.pagerank.personalizedWeights)).toBeLessThan(1e-9);
        });

        it("should be within the error bound of its stopping rule at the defaults", () => {
          // The step is an L1 contraction of factor alpha, so stopping at a change
          // below n·tol leaves an L1 error below alpha/(1 − alpha)·n·tol.
          const ours = pagerank(graph);
          let l1 = 0;
          for (const [key, value] of Object.entries(fixture.pagerank.weighted)) l1 += Math.abs(ours[key] - value);
          const { alpha, tolerance } = PAGERANK_DEFAULTS;
          expect(l1).toBeLessThan((alpha / (1 - alpha)) * graph.order * tolerance);
        });
      });
    }
  });

  describe("relative stopping rule", () => {
    for (const name of REFERENCE_GRAPHS) {
      it(`should only add iterations to networkx's rule, each bringing ${name} closer to networkx`, () => {
        const index = csrFromGraph(referenceGraph(name));
        const fixture = readSpectralFixture(name);
        const l1 = (values: Float64Array) => {
          let sum = 0;
          for (let i = 0; i < index.order; i++) sum += Math.abs(values[i] - fixture.pagerank.weighted[index.keys[i]]);
          return sum;
        };
        const networkx = computePagerankDetailed(index, { relativeTolerance: null });
        const refined = computePagerankDetailed(index);
        expect(refined.iterations).toBeGreaterThanOrEqual(networkx.iterations);
        expect(refined.relativeConverged).toBe(true);
        expect(refined.relativeChange).toBeLessThan(PAGERANK_DEFAULTS.relativeTolerance!);
        expect(l1(refined.values)).toBeLessThanOrEqual(l1(networkx.values));
        // Networkx's own rule alone: the change of the last iteration is below order × tolerance.
        expect(networkx.delta).toBeLessThan(index.order * PAGERANK_DEFAULTS.tolerance);
      });
    }

    it("should bound the relative error of the nodes above the mean at the defaults (karate: ρ/(1 − ρ) × 1e-7 ≤ 5.7e-7)", () => {
      const index = csrFromGraph(referenceGraph("karate"));
      const expected = readSpectralFixture("karate").pagerank.weighted;
      const { values } = computePagerankDetailed(index);
      for (let i = 0; i < index.order; i++) {
        const exact = expected[index.keys[i]];
        if (exact >= 1 / index.order) expect(Math.abs(values[i] - exact) / exact).toBeLessThan(5.7e-7);
      }
    });

    it("should return without error when maxIterations stops the refinement after networkx's rule held", () => {
      const index = csrFromGraph(referenceGraph("karate"));
      const r = computePagerankDetailed(index, { tolerance: 1e-2, relativeTolerance: 1e-15, maxIterations: 6 });
      expect(r.iterations).toBe(6);
      expect(r.relativeConverged).toBe(false);
      expect(r.relativeChange).toBeGreaterThan(1e-15);
      expect(r.delta).toBeLessThan(index.order * 1e-2);
    });

    it("should refuse a relativeTolerance that is not a positive number or null", () => {
      const index = csrFromGraph(referenceGraph("karate"));
      for (const relativeTolerance of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "1e-7" as unknown as number]) {
        expect(() => computePagerank(index, { relativeTolerance })).toThrow(UsageError);
        expect(() => computePagerank(index, { relativeTolerance })).toThrow(/relativeTolerance must be a positive number or null/);
      }
    });
  });

  describe("hand-checkable graphs", () => {
    it("should rank a star's centre first with the closed-form values", () => {
      // x_c = 0.15/5 + 0.85 Σ x_l, x_l = 0.15/5 + 0.85 x_c / 4  =>  x_c = 0.132 / 0.2775.
      const star = graphOf(false, [["0", "1"], ["0", "2"], ["0", "3"], ["0", "4"]]);
      const ranks = pagerank(star, TIGHT);
      expect(ranks["0"]).toBeCloseTo(0.132 / 0.2775, 12);
      for (const leaf of ["1", "2", "3", "4"]) expect(ranks[leaf]).toBeCloseTo((1 - 0.132 / 0.2775) / 4, 12);
    });

    it("should give 1/n to every node of a graph without edges", () => {
      const ranks = pagerank(graphOf(true, [], ["a", "b", "c", "d"]));
      expect(ranks).toEqual({ a: 0.25, b: 0.25, c: 0.25, d: 0.25 });
    });

    it("should return an empty result on an empty graph", () => {
      expect(pagerank(createGraph())).toEqual({});
      expect(computePagerank(csrFromEdges({ order: 0, sources: [], targets: [], directed: true })).length).toBe(0);
    });

    it("should give 1 to a single node, with or without a self-loop", () => {
      expect(pagerank(graphOf(true, [], ["solo"]))).toEqual({ solo: 1 });
      expect(pagerank(graphOf(true, [["solo", "solo"]]))["solo"]).toBeCloseTo(1, 15);
    });

    it("should differ between weighted and unweighted PageRank (networkx values)", () => {
      const graph = graphOf(true, [["a", "b", 10], ["a", "c", 1]]);
      const fx = small<{ weighted: Ranks; unweighted: Ranks }>("pagerank-weights");
      expect(indexShape(csrFromGraph(graph))).toEqual(fixtureShape(fx));
      const weighted = pagerank(graph, TIGHT);
      const unweighted = pagerank(graph, { ...TIGHT, getEdgeWeight: null });
      // nx.pagerank(G, tol=1e-14, max_iter=10000), and with weight=None.
      for (const key of ["a", "b", "c"]) {
        expect(weighted[key]).toBeCloseTo(fx.weighted[key], 12);
        expect(unweighted[key]).toBeCloseTo(fx.unweighted[key], 12);
      }
    });

    it("should keep a self-loop as an out-edge (networkx values)", () => {
      // Directed a→a, a→b: a's rank splits between a and b, b's (dangling) between both: 0.5 each.
      const directed = graphOf(true, [["a", "a"], ["a", "b"]]);
      const fxDirected = small<{ pagerank: Ranks }>("pagerank-self-loop-directed");
      expect(indexShape(csrFromGraph(directed))).toEqual(fixtureShape(fxDirected));
      const ranks = pagerank(directed, TIGHT);
      expect(ranks["a"]).toBeCloseTo(fxDirected.pagerank["a"], 12);
      expect(ranks["b"]).toBeCloseTo(fxDirected.pagerank["b"], 12);
      // Undirected a–a (0.5), a–b (4), c isolated: networkx counts the loop once in a's row.
      const undirectedGraph = graphOf(false, [["a", "a", 0.5], ["a", "b", 4]], ["c"]);
      const fxUndirected = small<{ pagerank: Ranks }>("pagerank-self-loop-undirected");
      expect(indexShape(csrFromGraph(undirectedGraph))).toEqual(fixtureShape(fxUndirected));
      const undirected = pagerank(undirectedGraph, TIGHT);
      for (const key of ["a", "b", "c"]) expect(undirected[key]).toBeCloseTo(fxUndirected.pagerank[key], 12);
    });

    it("should send dangling mass to the teleport set only (networkx values)", () => {
      // a→b, c isolated, teleport {a}: nx.pagerank(G, personalization={"a": 1}) gives c 0.
      const graph = graphOf(true, [["a", "b"]], ["c"]);
      const fx = small<{ pagerank: Ranks }>("pagerank-dangling-teleport");
      expect(indexShape(csrFromGraph(graph))).toEqual(fixtureShape(fx));
      const ranks = pagerank(graph, { ...TIGHT, personalization: ["a"] });
      expect(ranks["a"]).toBeCloseTo(fx.pagerank["a"], 12);
      expect(ranks["b"]).toBeCloseTo(fx.pagerank["b"], 12);
      expect(fx.pagerank["c"]).toBe(0);
      expect(ranks["c"]).toBe(0);
    });

    it("should accept alpha = 1 on an aperiodic strongly connected graph", () => {
      // A directed 3-cycle passes each node's whole rank to the next: the uniform 1/3 is the fixed point.
      const cycle = graphOf(true, [["a", "b"], ["b", "c"], ["c", "a"]]);
      const ranks = pagerank(cycle, { alpha: 1 });
      for (const key of ["a", "b", "c"]) expect(ranks[key]).toBeCloseTo(1 / 3, 12);
    });
  });

  describe("properties", () => {
    const edgeList = fc.array(fc.tuple(fc.nat(7), fc.nat(7), fc.integer({ min: 1, max: 5 })), { maxLength: 30 });

    it("should sum to 1 on any graph", () => {
      fc.assert(
        fc.property(edgeList, fc.boolean(), (edges, directed) => {
          const index = indexOfEdges(8, edges, directed);
          const ranks = computePagerank(index);
          let sum = 0;
          for (const r of ranks) sum += r;
          expect(sum).toBeCloseTo(1, 12);
        }),
      );
    });

    it("should not change when nodes are relabelled and reordered", () => {
      fc.assert(
        fc.property(edgeList, fc.boolean(), fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 8, maxLength: 8 }), (edges, directed, perm) => {
          const { a, b } = relabelledPair(directed, 8, edges, perm);
          const ra = pagerank(a, { tolerance: 1e-13, maxIterations: 10_000 });
          const rb = pagerank(b, { tolerance: 1e-13, maxIterations: 10_000 });
          for (let i = 0; i < 8; i++) expect(Math.abs(ra[`n${i}`] - rb[`m${perm[i]}`])).toBeLessThan(1e-10);
        }),
      );
    });
  });

  describe("assign", () => {
    it("should write the same values as the plain call, under nodeAttribute", () => {
      const graph = referenceGraph("karate");
      const ranks = pagerank(graph);
      pagerank.assign(graph);
      pagerank.assign(graph, { nodeAttribute: "pr" });
      graph.forEachNode((key, attr) => {
        expect(attr.pagerank).toBe(ranks[key]);
        expect(attr.pr).toBe(ranks[key]);
      });
    });
  });

  describe("options and errors", () => {
    const graph = graphOf(true, [["a", "b"], ["b", "c"]]);

    it("should export frozen networkx defaults", () => {
      expect(PAGERANK_DEFAULTS).toMatchObject({ alpha: 0.85, tolerance: 1e-6, relativeTolerance: 1e-7, maxIterations: 100, getEdgeWeight: "weight" });
      expect(Object.isFrozen(PAGERANK_DEFAULTS)).toBe(true);
    });

    it("should refuse alpha outside (0, 1], here and in the pipeline's options alike", () => {
      for (const alpha of [0, -0.5, 1.01, Number.NaN]) {
        expect(() => pagerank(graph, { alpha })).toThrow(UsageError);
        expect(() => pagerank(graph, { alpha })).toThrow(/alpha must be in \(0, 1\]/);
        expect(() => resolveAnalyzeOptions({ alpha })).toThrow(/alpha must be in \(0, 1\]/);
      }
      for (const alpha of [1e-9, 0.5, 1]) expect(resolveAnalyzeOptions({ alpha }).alpha).toBe(alpha);
    });

    it("should refuse a bad tolerance or iteration count", () => {
      expect(() => pagerank(graph, { tolerance: 0 })).toThrow(/tolerance must be a positive number/);
      expect(() => pagerank(graph, { maxIterations: 2.5 })).toThrow(/maxIterations must be a positive integer/);
    });

    it("should refuse a teleport set with unknown keys, negative or all-zero weights", () => {
      expect(() => pagerank(graph, { personalization: ["zz"] })).toThrow(/personalization node "zz" is not in the graph/);
      expect(() => pagerank(graph, { personalization: { a: -1 } })).toThrow(/weights must be finite and >= 0/);
      expect(() => pagerank(graph, { personalization: { a: 0 } })).toThrow(/all zero/);
      expect(() => pagerank(graph, { personalization: [] })).toThrow(/empty/);
      const index = csrFromGraph(graph);
      expect(() => computePagerank(index, { personalization: new Float64Array(2) })).toThrow(/length 3/);
    });

    it("should build the personalization vector over node indices", () => {
      const index = csrFromGraph(graph);
      expect(Array.from(personalizationVector(index, { c: 2, a: 1 }))).toEqual([1, 0, 2]);
      expect(Array.from(personalizationVector(index, ["b"]))).toEqual([0, 1, 0]);
    });

    it("should refuse a negative weight unless weights are ignored", () => {
      const negative = graphOf(true, [["a", "b", -2], ["b", "c"]]);
      expect(() => pagerank(negative)).toThrow(AnalysisError);
      expect(() => pagerank(negative)).toThrow(/edge "a" -> "b" has weight -2; weights must be finite and >= 0/);
      expect(pagerank(negative, { getEdgeWeight: null, tolerance: 1e-14 })["a"]).toBeGreaterThan(0);
    });

    it("should throw AnalysisError when it does not converge", () => {
      // A 2-cycle with alpha = 1 oscillates forever from any non-uniform start;
      // from the uniform start it converges at once, so use a 3-node chain into it.
      const periodic = graphOf(true, [["a", "b"], ["b", "a"], ["c", "a"]]);
      expect(() => pagerank(periodic, { alpha: 1 })).toThrow(AnalysisError);
      expect(() => pagerank(periodic, { alpha: 1 })).toThrow(/did not converge after 100 iterations \(tolerance 1e-6, alpha 1;.*lower alpha/);
      expect(() => pagerank(referenceGraph("karate"), { maxIterations: 3 })).toThrow(/did not converge after 3 iterations/);
    });
  });
});
