import { describe, expect, it } from "vitest";
import { csrFromEdges, csrFromGraph } from "../../../src/analyze/csr.ts";
import { communityStats } from "../../../src/analyze/communities/stats.ts";
import { participationCoefficient } from "../../../src/analyze/communities/participation.ts";
import { modularity } from "../../../src/analyze/communities/modularity.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { readCommunityFixture } from "../../helpers/reference-fixtures.ts";
import { REFERENCE_GRAPHS, referenceGraph } from "../../helpers/reference-graphs.ts";

const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

describe("communityStats", () => {
  for (const name of REFERENCE_GRAPHS) {
    it(`should match networkx on the ${name} ground truth`, () => {
      const fx = readCommunityFixture(name);
      const index = csrFromGraph(referenceGraph(name));
      const { membership, stats: expected } = fx.groundTruth;
      const stats = communityStats(index, membership, expected.length);
      const undirectedShares = communityStats(index, membership, expected.length, { directed: false });
      expect(stats.length).toBe(expected.length);
      for (let c = 0; c < expected.length; c++) {
        const s = stats[c];
        const e = expected[c];
        expect(s.id).toBe(c);
        expect(s.size).toBe(e.size);
        expect(s.internalEdges).toBe(e.internalEdges);
        expect(close(s.internalWeight, e.internalWeight)).toBe(true);
        expect(close(s.density, e.density)).toBe(true);
        expect(close(s.conductance, e.conductance)).toBe(true);
        expect(close(s.modularityShare, e.modularityShareDirected ?? e.modularityShareUndirected)).toBe(true);
        expect(close(undirectedShares[c].modularityShare, e.modularityShareUndirected)).toBe(true);
        if (e.reciprocity === null) expect(s.reciprocity).toBeNull();
        else expect(close(s.reciprocity!, e.reciprocity)).toBe(true);
      }
      const sum = stats.reduce((a, s) => a + s.modularityShare, 0);
      expect(close(sum, modularity(index, membership))).toBe(true);
    });
  }

  it("should give 0 density to a singleton, 0 conductance to the whole graph and no NaN", () => {
    // Directed 0→1, 1→0, 1→2; communities {0,1,2} then {0,1} | {2}.
    const index = csrFromEdges({ order: 3, sources: [0, 1, 1], targets: [1, 0, 2], directed: true });
    const [all] = communityStats(index, [0, 0, 0], 1);
    expect(all).toMatchObject({ size: 3, internalEdges: 3, density: 0.5, conductance: 0 });
    expect(all.reciprocity).toBeCloseTo(2 / 3, 12);
    const [a, b] = communityStats(index, [0, 0, 1], 2);
    // Cut = 1 (1→2); vol {0,1} = 5, vol {2} = 1 on the undirected view.
    expect(a).toMatchObject({ size: 2, internalEdges: 2, density: 1, conductance: 1, reciprocity: 1 });
    expect(b).toMatchObject({ size: 1, internalEdges: 0, density: 0, conductance: 1, reciprocity: null });
  });

  it("should report an empty community (count above the largest id) with zeros", () => {
    const index = csrFromEdges({ order: 2, sources: [0], targets: [1], directed: false });
    const stats = communityStats(index, [0, 0], 2);
    expect(stats[1]).toEqual({
      id: 1, size: 0, internalEdges: 0, internalWeight: 0, density: 0, conductance: 0, modularityShare: 0, reciprocity: null,
    });
  });

  it("should reject a count below the ids used", () => {
    const index = csrFromEdges({ order: 2, sources: [0], targets: [1], directed: false });
    expect(() => communityStats(index, [0, 1], 1)).toThrow(UsageError);
    expect(() => communityStats(index, [0, 1], 1)).toThrow(/count is 1/);
  });
});

describe("participationCoefficient", () => {
  for (const name of REFERENCE_GRAPHS) {
    it(`should match the networkx-computed values on the ${name} ground truth`, () => {
      const fx = readCommunityFixture(name);
      const p = participationCoefficient(csrFromGraph(referenceGraph(name)), fx.groundTruth.membership);
      const expected = fx.groundTruth.participation;
      expect(p.length).toBe(expected.length);
      let worst = 0;
      for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - expected[i]));
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it("should ignore direction, weights and self-loops (hand-computed)", () => {
    // 0→1 (w 5), 1→0, 0→2, 3→0, 0→0; communities 0:{0,1} 1:{2} 2:{3}.
    // Distinct neighbours of 0: 1, 2, 3 → P = 1 − 3·(1/3)² = 2/3; isolated node 4 → 0.
    const index = csrFromEdges({
      order: 5, sources: [0, 1, 0, 3, 0], targets: [1, 0, 2, 0, 0], weights: [5, 1, 1, 1, 1], directed: true,
    });
    const p = participationCoefficient(index, [0, 0, 1, 2, 0]);
    expect(p[0]).toBeCloseTo(2 / 3, 12);
    expect(Array.from(p.subarray(1))).toEqual([0, 0, 0, 0]);
  });
});
