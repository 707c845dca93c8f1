import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csrFromEdges, csrFromGraph } from "../../../src/analyze/csr.ts";
import { DEGREE_DEFAULTS, DEGREE_FIELDS, computeDegrees, degrees } from "../../../src/analyze/centrality/degree.ts";
import { createGraph } from "../../../src/graph/model.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import {
  fixtureShape,
  indexShape,
  maxAbsDiff,
  readSmallFixture,
  readSpectralFixture,
  type SmallGraphFixture,
} from "../../helpers/reference-fixtures.ts";
import { graphOf, indexOfEdges } from "../../helpers/graphs.ts";
import { REFERENCE_GRAPHS, referenceGraph } from "../../helpers/reference-graphs.ts";

// a→b twice (1 + 2), b→a (1), a→a (0.5), c isolated.
const RECORDS: [string, string, number][] = [["a", "b", 1], ["a", "b", 2], ["b", "a", 1], ["a", "a", 0.5]];
/** networkx's degrees of RECORDS, directed and undirected, from scripts/reference/small_graphs.py. */
type DegreeFixture = SmallGraphFixture & { degrees: Record<(typeof DEGREE_FIELDS)[number], Record<string, number>> };

describe("degrees", () => {
  describe("against networkx 2.8 (G.in_degree, G.out_degree, G.degree, with and without weight)", () => {
    for (const name of REFERENCE_GRAPHS) {
      it(`should match every field on ${name}`, () => {
        const fixture = readSpectralFixture(name);
        const ours = degrees(referenceGraph(name));
        // Counts exactly; strengths (sums of float weights on congress) to 1e-9.
        for (const field of ["inDegree", "outDegree", "degree"] as const) expect(ours[field]).toEqual(fixture.degrees[field]);
        for (const field of ["inStrength", "outStrength", "strength"] as const) {
          expect(maxAbsDiff(ours[field], fixture.degrees[field])).toBeLessThan(1e-9);
        }
      });
    }
  });

  describe("hand-checkable graphs", () => {
    it("should count a directed self-loop once in and once out, and merge repeated records", () => {
      // networkx: a in 2 (loop, b→a), out 2 (loop, a→b), degree 4; strengths in 1.5, out 3.5, total 5; b the rest.
      const graph = graphOf(true, RECORDS, ["c"]);
      const fx = readSmallFixture<DegreeFixture>("degree-records-directed");
      expect(indexShape(csrFromGraph(graph))).toEqual(fixtureShape(fx));
      expect(degrees(graph)).toEqual(fx.degrees);
    });

    it("should count an undirected self-loop twice, with in = out = degree (networkx)", () => {
      // Undirected, the three a–b records are one edge of weight 4; nx: degree a 3, b 1; weighted a 5, b 4.
      const graph = graphOf(false, RECORDS, ["c"]);
      const fx = readSmallFixture<DegreeFixture>("degree-records-undirected");
      expect(indexShape(csrFromGraph(graph))).toEqual(fixtureShape(fx));
      const ours = degrees(graph);
      for (const field of DEGREE_FIELDS) expect(ours[field]).toEqual(fx.degrees[field]);
    });

    it("should count edges for strengths with getEdgeWeight: null", () => {
      const ours = degrees(graphOf(true, RECORDS, ["c"]), { getEdgeWeight: null });
      expect(ours.inStrength).toEqual(ours.inDegree);
      expect(ours.strength).toEqual({ a: 4, b: 2, c: 0 });
    });

    it("should give a star's centre the largest degree", () => {
      const ours = degrees(graphOf(false, [["hub", "1"], ["hub", "2"], ["hub", "3"]]));
      expect(ours.degree).toEqual({ hub: 3, "1": 1, "2": 1, "3": 1 });
    });

    it("should return empty maps on an empty graph and zeros on a graph without edges", () => {
      const empty = degrees(createGraph());
      for (const field of DEGREE_FIELDS) expect(empty[field]).toEqual({});
      const lonely = computeDegrees(csrFromEdges({ order: 2, sources: [], targets: [], directed: true }));
      for (const field of DEGREE_FIELDS) expect(Array.from(lonely[field])).toEqual([0, 0]);
    });
  });

  describe("properties", () => {
    it("should satisfy the handshake lemma: Σ degree = 2·edges, Σ in = Σ out", () => {
      const edgeList = fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.integer({ min: 1, max: 9 })), { maxLength: 30 });
      fc.assert(
        fc.property(edgeList, fc.boolean(), (edges, directed) => {
          const index = indexOfEdges(7, edges, directed);
          const d = computeDegrees(index);
          const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
          const totalWeight = edges.reduce((x, e) => x + e[2], 0);
          expect(sum(d.degree)).toBe(2 * index.size);
          expect(sum(d.strength)).toBe(2 * totalWeight);
          expect(sum(d.inDegree)).toBe(sum(d.outDegree));
        }),
      );
    });
  });

  describe("assign", () => {
    it("should write the plain call's values, renamed or skipped as asked", () => {
      const graph = graphOf(true, RECORDS, ["c"]);
      const values = degrees(graph);
      degrees.assign(graph, { attributes: { strength: null, inDegree: "indeg" } });
      graph.forEachNode((key, attr) => {
        expect(attr.indeg).toBe(values.inDegree[key]);
        expect(attr.outDegree).toBe(values.outDegree[key]);
        expect(attr.inStrength).toBe(values.inStrength[key]);
        expect(attr).not.toHaveProperty("strength");
        expect(attr).not.toHaveProperty("inDegree");
      });
    });
  });

  describe("options", () => {
    it("should export frozen defaults", () => {
      expect(DEGREE_DEFAULTS.getEdgeWeight).toBe("weight");
      expect(Object.isFrozen(DEGREE_DEFAULTS)).toBe(true);
      expect(Object.isFrozen(DEGREE_DEFAULTS.attributes)).toBe(true);
    });

    it("should refuse a bad attribute name", () => {
      const graph = graphOf(true, RECORDS);
      expect(() => degrees.assign(graph, { attributes: { degree: "" } })).toThrow(UsageError);
      expect(() => degrees.assign(graph, { attributes: { degree: "" } })).toThrow(/attributes\.degree must be a non-empty name/);
    });

    it("should match the index-level function on the same index", () => {
      const graph = referenceGraph("congress");
      const fromGraph = degrees(graph);
      const fromIndex = computeDegrees(csrFromGraph(graph));
      const keys = graph.nodes();
      expect(keys.map((k) => fromGraph.outStrength[k])).toEqual(Array.from(fromIndex.outStrength));
    });
  });
});
