import { describe, expect, it } from "vitest";
import {
  closeness,
  CLOSENESS_DEFAULTS,
  computeCloseness,
  PATH_METRICS_MAX_NODES,
  pathMetricsFeasible,
} from "../../../src/analyze/centrality/closeness.ts";
import { csrFromEdges } from "../../../src/analyze/csr.ts";
import { addEdgeRecord, createGraph, upsertNode } from "../../../src/graph/model.ts";
import { maxDiff, readPathFixture, readSmallPathFixture, smallIndex } from "../../helpers/reference-fixtures.ts";
import { REFERENCE_GRAPHS, referenceIndex } from "../../helpers/reference-graphs.ts";

describe("closeness", () => {
  for (const name of REFERENCE_GRAPHS) {
    it(`should equal networkx closeness_centrality on ${name} to 1e-9`, () => {
      const ref = readPathFixture(name);
      const index = referenceIndex(name);
      expect(maxDiff(index.keys, computeCloseness(index), ref.keys, ref.closeness)).toBeLessThan(1e-9);
    });
  }

  it("should equal networkx on the small graphs (kite, path, star, repeated records, self-loop, edgeless, empty)", () => {
    for (const g of readSmallPathFixture().graphs) {
      const index = smallIndex(g);
      expect(maxDiff(index.keys, computeCloseness(index), g.keys, g.closeness), g.name).toBeLessThan(1e-12);
    }
  });

  it("should give the hand-computed values on a path", () => {
    // P5, node 0: distances 1+2+3+4 = 10 → 4/10; node 2: 2+1+1+2 = 6 → 4/6.
    const index = csrFromEdges({ order: 5, directed: false, sources: [0, 1, 2, 3], targets: [1, 2, 3, 4] });
    const c = computeCloseness(index);
    expect(c[0]).toBeCloseTo(0.4, 15);
    expect(c[2]).toBeCloseTo(2 / 3, 15);
  });

  it("should use incoming distances on directed graphs, scaled by the reachable share (wf_improved)", () => {
    // 0 → 1 → 2: node 2 is reached by 1 (d 1) and 0 (d 2): (2/3)·(2/2); node 1 by 0 only: (1/1)·(1/2); node 0 by none.
    const index = csrFromEdges({ order: 3, directed: true, sources: [0, 1], targets: [1, 2] });
    expect([...computeCloseness(index)]).toEqual([0, 0.5, 2 / 3]);
  });

  it("should ignore weights and return values by key, and assign", () => {
    const g = createGraph({ directed: true });
    addEdgeRecord(g, "a", "b", 5);
    addEdgeRecord(g, "b", "c", 0.1);
    upsertNode(g, "z");
    expect(closeness(g)).toEqual({ a: 0, b: 1 / 3, c: (2 / 3) * (2 / 3), z: 0 });
    closeness.assign(g);
    expect(g.getNodeAttribute("b", CLOSENESS_DEFAULTS.nodeAttribute)).toBe(1 / 3);
  });

  it("should say which graphs are small enough for the all-pairs path metrics", () => {
    expect(pathMetricsFeasible(referenceIndex("polblogs"))).toBe(true);
    const big = csrFromEdges({ order: PATH_METRICS_MAX_NODES + 1, directed: true, sources: [], targets: [] });
    expect(pathMetricsFeasible(big)).toBe(false);
  });
});
