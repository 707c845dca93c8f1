import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BETWEENNESS_RK_DEFAULTS,
  betweennessRkSampleSize,
  computeBetweennessRk,
  vertexDiameterBound,
} from "../../../src/analyze/centrality/betweenness-rk.ts";
import { csrFromEdges, type CsrIndex } from "../../../src/analyze/csr.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { readSmallFixture, type SmallFixture } from "../../helpers/reference-fixtures.ts";
import type { ReferenceName } from "../../helpers/reference-graphs.ts";
import { REFERENCE_GRAPHS, referenceIndex } from "../../helpers/reference-graphs.ts";

/** Written by scripts/reference/betweenness_rk.py (networkx 2.8). */
interface RkFixtureGraph {
  name: ReferenceName;
  directed: boolean;
  nodes: number;
  edges: number;
  vertexDiameter: number;
  keys: string[];
  /** Σ_{s≠t} σ_st(v)/σ_st over ordered pairs, divided by n(n − 1). */
  exact: number[];
  /** nx.betweenness_centrality(normalized=True) = exact · n/(n − 2). */
  networkx: number[];
}

const FIXTURE = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "reference", "betweenness-rk", "graphs.json"), "utf8"),
) as { graphs: RkFixtureGraph[] };

/** Largest |estimate − exact| over the fixture's nodes, matched by key. */
function maxError(index: CsrIndex, values: Float64Array, g: RkFixtureGraph): number {
  const pos = new Map<string, number>();
  index.keys.forEach((k, i) => pos.set(k, i));
  let worst = 0;
  for (let j = 0; j < g.keys.length; j++) {
    const i = pos.get(g.keys[j]);
    if (i === undefined) return Infinity;
    worst = Math.max(worst, Math.abs(values[i] - g.exact[j]));
  }
  return worst;
}

function index(directed: boolean, order: number, edges: [number, number][]): CsrIndex {
  return csrFromEdges({ order, directed, sources: edges.map((e) => e[0]), targets: edges.map((e) => e[1]) });
}

describe("computeBetweennessRk", () => {
  describe("against networkx 2.8 exact betweenness (ε = 0.05, δ = 0.1)", () => {
    for (const name of REFERENCE_GRAPHS) {
      describe(name, () => {
        const g = FIXTURE.graphs.find((x) => x.name === name)!;
        const idx = referenceIndex(name);

        it("should read the same graph networkx did", () => {
          expect([idx.order, idx.size, idx.directed]).toEqual([g.nodes, g.edges, g.directed]);
        });

        it("should bound the vertex diameter from above", () => {
          expect(vertexDiameterBound(idx)).toBeGreaterThanOrEqual(g.vertexDiameter);
          expect(vertexDiameterBound(idx)).toBeLessThanOrEqual(idx.order);
        });

        for (const seed of [1, 2, 3]) {
          it(`should put every node within ε of its exact value (seed ${seed})`, () => {
            const result = computeBetweennessRk(idx, { epsilon: 0.05, delta: 0.1, seed });
            expect(result.samples).toBe(betweennessRkSampleSize(result.vertexDiameterBound, 0.05, 0.1));
            expect(maxError(idx, result.values, g)).toBeLessThan(0.05);
          });
        }
      });
    }

    it("should estimate karate's betweenness closely with the default ε = 0.01", () => {
      const g = FIXTURE.graphs.find((x) => x.name === "karate")!;
      const idx = referenceIndex("karate");
      const result = computeBetweennessRk(idx, { seed: 7 });
      // Bound 9 (below); r = 5000 · (⌊log2 7⌋ + 1 + ln 10) = 26512.93…
      expect(result).toMatchObject({ epsilon: 0.01, delta: 0.1, vertexDiameterBound: 9, samples: 26513 });
      expect(maxError(idx, result.values, g)).toBeLessThan(0.01);
    });
  });

  describe("sample size", () => {
    it("should follow r = ⌈(0.5/ε²)(⌊log2(VD − 2)⌋ + 1 + ln(1/δ))⌉ (hand-computed)", () => {
      // 200 · (0 + 1 + ln 10) = 660.517…
      expect(betweennessRkSampleSize(3, 0.05, 0.1)).toBe(661);
      // 200 · (⌊log2 5⌋ + 1 + ln 10) = 200 · 5.302585… = 1060.517…
      expect(betweennessRkSampleSize(7, 0.05, 0.1)).toBe(1061);
      // 5000 · (⌊log2 8⌋ + 1 + ln 10) = 5000 · 6.302585… = 31512.93…
      expect(betweennessRkSampleSize(10, 0.01, 0.1)).toBe(31513);
      // 50 · (⌊log2 32⌋ + 1 + ln 20) = 50 · 8.995732… = 449.79…
      expect(betweennessRkSampleSize(34, 0.1, 0.05)).toBe(450);
      // 1250 · (⌊log2 5⌋ + 1 + ln 100) = 1250 · 7.605170… = 9506.46…
      expect(betweennessRkSampleSize(7, 0.02, 0.01)).toBe(9507);
      // 5000 · (⌊log2 1024⌋ + 1 + ln 10) = 5000 · 13.302585… = 66512.93…
      expect(betweennessRkSampleSize(1026, 0.01, 0.1)).toBe(66513);
    });

    it("should need no sample when no shortest path has an interior node (VD < 3)", () => {
      expect(betweennessRkSampleSize(2, 0.01, 0.1)).toBe(0);
      expect(betweennessRkSampleSize(1, 0.01, 0.1)).toBe(0);
    });

    it("should take karate's bound from its highest-degree node (networkx: node 33, 17 neighbours, eccentricity 4)", () => {
      // The hub, its degree and nx.eccentricity, from scripts/reference/small_graphs.py.
      const hub = readSmallFixture<SmallFixture & { nodes: number; hub: string; degree: number; eccentricity: number }>("karate-hub-eccentricity");
      expect([hub.hub, hub.degree, hub.eccentricity]).toEqual(["33", 17, 4]);
      // min(34, 2·4 + 1) = 9; r = 200 · (⌊log2 7⌋ + 1 + ln 10) = 1060.517…
      const result = computeBetweennessRk(referenceIndex("karate"), { epsilon: 0.05, delta: 0.1, seed: 1 });
      expect(result.vertexDiameterBound).toBe(Math.min(hub.nodes, 2 * hub.eccentricity + 1));
      expect(result.vertexDiameterBound).toBe(9);
      expect(result.samples).toBe(1061);
    });
  });

  describe("vertex-diameter bound", () => {
    it("should give min(|C|, 2·ecc + 1) on undirected graphs", () => {
      // Path 0–1–2–3–4: the first highest-degree node is 1, ecc 3: min(5, 7).
      expect(vertexDiameterBound(index(false, 5, [[0, 1], [1, 2], [2, 3], [3, 4]]))).toBe(5);
      // Star of 6: centre ecc 1: 3.
      expect(vertexDiameterBound(index(false, 6, [[0, 1], [0, 2], [0, 3], [0, 4], [0, 5]]))).toBe(3);
      // Path of 7 (centre-first degree tie at 1, ecc 5 → 11, capped at 7) plus a triangle: the larger, 7.
      const edges: [number, number][] = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [7, 8], [8, 9], [9, 7]];
      expect(vertexDiameterBound(index(false, 10, edges))).toBe(7);
    });

    it("should stay an upper bound on a directed path that a hub points into (the undirected view's 3 is not)", () => {
      // 0→1→…→9 and h = 10 → every node: the shortest 0→9 path has 10 nodes,
      // yet h is one undirected hop from all. Chain of singleton SCCs h, 0, …, 9: 11.
      const edges: [number, number][] = [];
      for (let i = 0; i < 9; i++) edges.push([i, i + 1]);
      for (let i = 0; i < 10; i++) edges.push([10, i]);
      expect(vertexDiameterBound(index(true, 11, edges))).toBe(11);
    });

    it("should bound a directed cycle by its length (ecc_in + ecc_out + 1 capped at |C|)", () => {
      const cycle: [number, number][] = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 0]];
      expect(vertexDiameterBound(index(true, 6, cycle))).toBe(6);
    });

    it("should chain strongly connected components along the condensation", () => {
      // 2-cycle {0,1} → 3-cycle {2,3,4} → node 5: 2 + 3 + 1.
      const edges: [number, number][] = [[0, 1], [1, 0], [1, 2], [2, 3], [3, 4], [4, 2], [4, 5]];
      expect(vertexDiameterBound(index(true, 6, edges))).toBe(6);
    });
  });

  describe("hand-checkable graphs", () => {
    it("should estimate a star's centre (exact 12/20 = 0.6) and give leaves 0", () => {
      const star = index(false, 5, [[0, 1], [0, 2], [0, 3], [0, 4]]);
      const result = computeBetweennessRk(star, { epsilon: 0.02, seed: 3 });
      expect(Math.abs(result.values[0] - 0.6)).toBeLessThan(0.02);
      for (let leaf = 1; leaf < 5; leaf++) expect(result.values[leaf]).toBe(0);
    });

    it("should give exactly 0 on a complete graph", () => {
      const edges: [number, number][] = [];
      for (let u = 0; u < 6; u++) for (let v = u + 1; v < 6; v++) edges.push([u, v]);
      const result = computeBetweennessRk(index(false, 6, edges), { epsilon: 0.05, seed: 1 });
      expect(result.samples).toBeGreaterThan(0);
      expect(Array.from(result.values)).toEqual(new Array(6).fill(0));
    });

    it("should split a diamond's two shortest paths evenly (exact 1/24 each)", () => {
      // Directed 0→1→3, 0→2→3: of the 4·3 ordered pairs only (0, 3) has an
      // interior node, on one of its two shortest paths each: (1/2) / 12.
      const diamond = index(true, 4, [[0, 1], [0, 2], [1, 3], [2, 3]]);
      const result = computeBetweennessRk(diamond, { epsilon: 0.01, seed: 5 });
      expect(Math.abs(result.values[1] - 1 / 24)).toBeLessThan(0.01);
      expect(Math.abs(result.values[2] - 1 / 24)).toBeLessThan(0.01);
      expect(result.values[0]).toBe(0);
      expect(result.values[3]).toBe(0);
    });

    it("should return no samples and zeros on empty, one-node, two-node and edgeless graphs", () => {
      for (const [order, edges] of [[0, []], [1, []], [2, [[0, 1]]], [5, []]] as [number, [number, number][]][]) {
        for (const directed of [false, true]) {
          const result = computeBetweennessRk(index(directed, order, edges));
          expect(result.samples).toBe(0);
          expect(Array.from(result.values)).toEqual(new Array(order).fill(0));
        }
      }
    });

    it("should ignore self-loops and parallel records (path 0→1→2→3: 1 and 2 each on 2 of 12 pairs)", () => {
      const plain = index(true, 4, [[0, 1], [1, 2], [2, 3]]);
      const noisy = index(true, 4, [[0, 1], [0, 1], [1, 1], [1, 2], [2, 2], [2, 3]]);
      for (const idx of [plain, noisy]) {
        const result = computeBetweennessRk(idx, { epsilon: 0.01, seed: 9 });
        expect(result.vertexDiameterBound).toBe(4);
        expect([result.values[0], result.values[3]]).toEqual([0, 0]);
        expect(Math.abs(result.values[1] - 1 / 6)).toBeLessThan(0.01);
        expect(Math.abs(result.values[2] - 1 / 6)).toBeLessThan(0.01);
      }
    });
  });

  describe("seeding", () => {
    const idx = referenceIndex("football");

    it("should give the same values for the same seed", () => {
      const a = computeBetweennessRk(idx, { epsilon: 0.05, seed: 42 });
      const b = computeBetweennessRk(idx, { epsilon: 0.05, seed: 42 });
      expect(b.values).toEqual(a.values);
    });

    it("should give different samples for different seeds", () => {
      const a = computeBetweennessRk(idx, { epsilon: 0.05, seed: 1 });
      const b = computeBetweennessRk(idx, { epsilon: 0.05, seed: 2 });
      expect(b.values).not.toEqual(a.values);
    });
  });

  describe("options and errors", () => {
    const idx = index(false, 3, [[0, 1], [1, 2]]);

    it("should export frozen defaults ε = 0.01, δ = 0.1", () => {
      expect(BETWEENNESS_RK_DEFAULTS).toEqual({ epsilon: 0.01, delta: 0.1, seed: 0 });
      expect(Object.isFrozen(BETWEENNESS_RK_DEFAULTS)).toBe(true);
    });

    it("should refuse ε or δ outside (0, 1) and a non-finite seed", () => {
      for (const epsilon of [0, 1, -0.1, 1.5, Number.NaN]) {
        expect(() => computeBetweennessRk(idx, { epsilon })).toThrow(UsageError);
        expect(() => computeBetweennessRk(idx, { epsilon })).toThrow(/epsilon must be in \(0, 1\)/);
      }
      for (const delta of [0, 1, -1, Number.NaN]) {
        expect(() => computeBetweennessRk(idx, { delta })).toThrow(UsageError);
        expect(() => computeBetweennessRk(idx, { delta })).toThrow(/delta must be in \(0, 1\)/);
      }
      expect(() => computeBetweennessRk(idx, { seed: Number.POSITIVE_INFINITY })).toThrow(/seed must be a finite number/);
    });
  });
});
