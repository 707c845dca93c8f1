import { describe, expect, it } from "vitest";
import { computeCoreness, coreness, CORENESS_DEFAULTS } from "../../../src/analyze/centrality/coreness.ts";
import { csrFromEdges } from "../../../src/analyze/csr.ts";
import { addEdgeRecord, createGraph, upsertNode } from "../../../src/graph/model.ts";
import { maxDiff, readPathFixture, readSmallPathFixture, smallIndex } from "../../helpers/reference-fixtures.ts";
import { REFERENCE_GRAPHS, referenceIndex } from "../../helpers/reference-graphs.ts";

describe("coreness", () => {
  for (const name of REFERENCE_GRAPHS) {
    it(`should equal networkx core_number on ${name}`, () => {
      const ref = readPathFixture(name);
      const index = referenceIndex(name);
      expect(maxDiff(index.keys, computeCoreness(index), ref.keys, ref.coreness)).toBe(0);
    });
  }

  it("should equal networkx on the small graphs (kite, star, complete, repeated records, edgeless, empty)", () => {
    for (const g of readSmallPathFixture().graphs) {
      const index = smallIndex(g);
      expect(maxDiff(index.keys, computeCoreness(index), g.keys, g.coreness), g.name).toBe(0);
    }
  });

  it("should give K6 coreness 5 and a star coreness 1", () => {
    const small = readSmallPathFixture().graphs;
    const k6 = smallIndex(small.find((g) => g.name === "complete6")!);
    expect([...computeCoreness(k6)]).toEqual([5, 5, 5, 5, 5, 5]);
    const star = smallIndex(small.find((g) => g.name === "star6")!);
    expect([...computeCoreness(star)]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("should ignore direction, reciprocal pairs, self-loops and weights", () => {
    // Triangle a,b,c written with both directions, a heavy self-loop on a, and a pendant d:
    // the simple view is a triangle plus one edge, so cores are 2,2,2,1.
    const index = csrFromEdges({
      order: 4,
      directed: true,
      sources: [0, 1, 1, 2, 2, 0, 0, 0, 3],
      targets: [1, 0, 2, 1, 0, 2, 0, 0, 0],
      weights: [1, 1, 1, 1, 1, 1, 9, 9, 5],
    });
    expect([...computeCoreness(index)]).toEqual([2, 2, 2, 1]);
  });

  it("should not change when nodes are relabelled in another order", () => {
    const ref = readPathFixture("karate");
    const index = referenceIndex("karate");
    const perm = index.keys.map((_, i) => (i * 7 + 3) % index.order); // 7 is coprime to 34
    const src: number[] = [];
    const dst: number[] = [];
    for (let u = 0; u < index.order; u++) {
      for (let p = index.outOffsets[u]; p < index.outOffsets[u + 1]; p++) {
        src.push(perm[u]);
        dst.push(perm[index.outNeighbors[p]]);
      }
    }
    const keys: string[] = new Array(index.order);
    for (let i = 0; i < index.order; i++) keys[perm[i]] = index.keys[i];
    const shuffled = csrFromEdges({ order: index.order, keys, directed: false, sources: src, targets: dst });
    expect(maxDiff(shuffled.keys, computeCoreness(shuffled), ref.keys, ref.coreness)).toBe(0);
  });

  it("should return an empty array for the empty graph and zeros for an edgeless one", () => {
    expect(computeCoreness(csrFromEdges({ order: 0, directed: true, sources: [], targets: [] })).length).toBe(0);
    expect([...computeCoreness(csrFromEdges({ order: 3, directed: false, sources: [], targets: [] }))]).toEqual([0, 0, 0]);
  });

  it("should return values by key and assign the attribute", () => {
    const g = createGraph({ directed: true });
    addEdgeRecord(g, "a", "b");
    addEdgeRecord(g, "b", "c");
    addEdgeRecord(g, "c", "a", 3);
    addEdgeRecord(g, "c", "a");
    addEdgeRecord(g, "c", "d");
    upsertNode(g, "lonely");
    expect(coreness(g)).toEqual({ a: 2, b: 2, c: 2, d: 1, lonely: 0 });
    coreness.assign(g);
    expect(g.getNodeAttribute("d", CORENESS_DEFAULTS.nodeAttribute)).toBe(1);
    coreness.assign(g, { nodeAttribute: "kcore" });
    expect(g.getNodeAttribute("a", "kcore")).toBe(2);
    expect(Object.isFrozen(CORENESS_DEFAULTS)).toBe(true);
  });
});
