import { describe, expect, it } from "vitest";
import { computeHarmonic, harmonic, HARMONIC_DEFAULTS } from "../../../src/analyze/centrality/harmonic.ts";
import { csrFromEdges } from "../../../src/analyze/csr.ts";
import { addEdgeRecord, createGraph } from "../../../src/graph/model.ts";
import { maxDiff, readPathFixture, readSmallPathFixture, smallIndex } from "../../helpers/reference-fixtures.ts";
import { REFERENCE_GRAPHS, referenceIndex } from "../../helpers/reference-graphs.ts";

describe("harmonic", () => {
  for (const name of REFERENCE_GRAPHS) {
    it(`should equal networkx harmonic_centrality on ${name} to 1e-9`, () => {
      const ref = readPathFixture(name);
      const index = referenceIndex(name);
      expect(maxDiff(index.keys, computeHarmonic(index), ref.keys, ref.harmonic)).toBeLessThan(1e-9);
    });
  }

  it("should equal networkx on the small graphs (kite, path, star, repeated records, self-loop, edgeless, empty)", () => {
    for (const g of readSmallPathFixture().graphs) {
      const index = smallIndex(g);
      expect(maxDiff(index.keys, computeHarmonic(index), g.keys, g.harmonic), g.name).toBeLessThan(1e-12);
    }
  });

  it("should give the hand-computed values on a path and a star", () => {
    // P4, node 0: 1 + 1/2 + 1/3; node 1: 1 + 1 + 1/2.
    const path = computeHarmonic(csrFromEdges({ order: 4, directed: false, sources: [0, 1, 2], targets: [1, 2, 3] }));
    expect(path[0]).toBeCloseTo(1 + 1 / 2 + 1 / 3, 15);
    expect(path[1]).toBeCloseTo(2.5, 15);
    // Star with 4 leaves: centre 4, leaf 1 + 3/2.
    const star = computeHarmonic(csrFromEdges({ order: 5, directed: false, sources: [0, 0, 0, 0], targets: [1, 2, 3, 4] }));
    expect(star[0]).toBe(4);
    expect(star[1]).toBe(2.5);
  });

  it("should use incoming distances on directed graphs (networkx 2.8 sums 1/d(v,u) over sources v)", () => {
    const index = csrFromEdges({ order: 3, directed: true, sources: [0, 1], targets: [1, 2] });
    expect([...computeHarmonic(index)]).toEqual([0, 1, 1.5]);
  });

  it("should return values by key and assign", () => {
    const g = createGraph({ directed: true });
    addEdgeRecord(g, "a", "b", 3);
    addEdgeRecord(g, "b", "c");
    addEdgeRecord(g, "c", "c");
    expect(harmonic(g)).toEqual({ a: 0, b: 1, c: 1.5 });
    harmonic.assign(g);
    expect(g.getNodeAttribute("c", HARMONIC_DEFAULTS.nodeAttribute)).toBe(1.5);
  });
});
