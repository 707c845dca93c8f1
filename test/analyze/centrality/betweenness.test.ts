import { describe, expect, it } from "vitest";
import {
  betweenness,
  BETWEENNESS_DEFAULTS,
  computeBetweenness,
  sampleSources,
} from "../../../src/analyze/centrality/betweenness.ts";
import { csrFromEdges, type CsrIndex } from "../../../src/analyze/csr.ts";
import { addEdgeRecord, createGraph } from "../../../src/graph/model.ts";
import { AnalysisError, UsageError } from "../../../src/shared/errors.ts";
import { maxDiff, readPathFixture, readSmallPathFixture, smallIndex, type SmallPathGraph } from "../../helpers/reference-fixtures.ts";
import { REFERENCE_GRAPHS, referenceIndex } from "../../helpers/reference-graphs.ts";

const small = readSmallPathFixture();
const smallGraph = (name: string): SmallPathGraph => small.graphs.find((g) => g.name === name)!;

/**
 * Hoeffding bound for the sampled estimator. With k distinct sources the
 * normalized estimate of v is the mean of X_s = n·δ_s(v)/((n-1)(n-2)) over the
 * sample, and δ_s(v) ≤ n-2, so X_s ∈ [0, n/(n-1)]; its mean over all sources
 * is the exact value. Hoeffding (which also holds for sampling without
 * replacement, Hoeffding 1963 §6) and a union bound over the n nodes give
 * P(max_v |est - exact| ≥ ε) ≤ 2n·exp(-2kε²/R²), R = n/(n-1). Solving for a
 * failure probability p: ε = R·sqrt(ln(2n/p) / (2k)).
 */
function hoeffdingBound(n: number, k: number, p: number): number {
  return (n / (n - 1)) * Math.sqrt(Math.log((2 * n) / p) / (2 * k));
}

function withSelfLoops(index: CsrIndex): CsrIndex {
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  for (let u = 0; u < index.order; u++) {
    for (let p = index.outOffsets[u]; p < index.outOffsets[u + 1]; p++) {
      if (!index.directed && index.outNeighbors[p] < u) continue;
      src.push(u);
      dst.push(index.outNeighbors[p]);
      w.push(index.outWeights[p]);
    }
    src.push(u);
    dst.push(u);
    w.push(1e-3); // a very short loop: it must still never lie on a path
  }
  return csrFromEdges({ order: index.order, keys: index.keys, directed: index.directed, sources: src, targets: dst, weights: w });
}

describe("betweenness", () => {
  for (const name of REFERENCE_GRAPHS) {
    it(`should equal networkx exact hop-count betweenness on ${name} to 1e-9`, () => {
      const ref = readPathFixture(name);
      const index = referenceIndex(name);
      const r = computeBetweenness(index, { mode: "exact" });
      expect(r.mode).toBe("exact");
      expect(r.samples).toBe(index.order);
      expect(r.weighted).toBe(false);
      expect(maxDiff(index.keys, r.values, ref.keys, ref.betweenness)).toBeLessThan(1e-9);
    });

    it(`should equal networkx weighted betweenness (length 1/weight) on ${name} to 1e-9`, () => {
      const ref = readPathFixture(name);
      const index = referenceIndex(name);
      const r = computeBetweenness(index, { mode: "exact", weighted: true });
      expect(r.weighted).toBe(true);
      expect(maxDiff(index.keys, r.values, ref.keys, ref.betweennessWeighted)).toBeLessThan(1e-9);
    });
  }

  it("should equal networkx on path, star, complete, Krackhardt kite, repeated records, edgeless and empty graphs", () => {
    for (const g of small.graphs) {
      const index = smallIndex(g);
      const hop = computeBetweenness(index).values;
      const weighted = computeBetweenness(index, { weighted: true }).values;
      expect(maxDiff(index.keys, hop, g.keys, g.betweenness), g.name).toBeLessThan(1e-12);
      expect(maxDiff(index.keys, weighted, g.keys, g.betweennessWeighted), g.name).toBeLessThan(1e-12);
    }
  });

  it("should give the hand-computed values on a path, a star and a complete graph", () => {
    // P5: node 1 lies on the pairs {0,2},{0,3},{0,4}; node 2 on {0,3},{0,4},{1,3},{1,4}.
    const path = computeBetweenness(smallIndex(smallGraph("path5")), { normalized: false }).values;
    expect([...path]).toEqual([0, 3, 4, 3, 0]);
    // Star with 5 leaves: the centre is on all C(5,2) = 10 leaf pairs; normalized 10 / C(5,2) = 1.
    const star = smallIndex(smallGraph("star6"));
    expect(computeBetweenness(star, { normalized: false }).values[0]).toBe(10);
    expect(computeBetweenness(star).values[0]).toBeCloseTo(1, 12);
    expect([...computeBetweenness(smallIndex(smallGraph("complete6"))).values]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("should give the Krackhardt kite values (networkx fixture and literature)", () => {
    const fx = smallGraph("kite");
    const kite = smallIndex(fx);
    const v = computeBetweenness(kite).values;
    // Krackhardt (1990): Heather (node 7) has the highest betweenness, 14 of 36 pairs → 0.3889.
    expect(v[7]).toBeCloseTo(14 / 36, 12);
    // Node 5 (Fernando): nx.betweenness_centrality(nx.krackhardt_kite_graph()) from scripts/reference/paths.py.
    expect(fx.keys[5]).toBe("5");
    expect(v[5]).toBeCloseTo(fx.betweenness[5], 12);
  });

  it("should not be changed by self-loops", () => {
    for (const name of ["kite", "random40", "multiRecords"]) {
      const index = smallIndex(smallGraph(name));
      const looped = withSelfLoops(index);
      for (const weighted of [false, true]) {
        const a = computeBetweenness(index, { weighted }).values;
        const b = computeBetweenness(looped, { weighted }).values;
        expect(maxDiff(index.keys, a, looped.keys, b), name).toBeLessThan(1e-15);
      }
    }
  });

  it("should rescale unnormalized values as networkx (undirected halved, directed raw sums)", () => {
    const g = smallGraph("random40");
    const index = smallIndex(g);
    const n = index.order;
    const raw = computeBetweenness(index, { normalized: false }).values;
    const norm = computeBetweenness(index).values;
    for (let i = 0; i < n; i++) expect(raw[i] / ((n - 1) * (n - 2))).toBeCloseTo(norm[i], 14);
    // Directed raw sum = Σ_s δ_s(v) from networkx's own accumulation.
    for (let v = 0; v < n; v++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += g.dependencies![r][v];
      expect(raw[v]).toBeCloseTo(s, 9);
    }
  });

  describe("approximate", () => {
    it("should equal (n/k)·Σ over the drawn sources of networkx's per-source dependencies (karate, undirected)", () => {
      const { keys, rows } = small.karateDependencies;
      const index = referenceIndex("karate");
      const pos = keys.map((k) => index.keys.indexOf(k));
      const n = index.order;
      for (const seed of [1, 2, 3, 4, 5]) {
        const k = 10;
        const r = computeBetweenness(index, { mode: "approx", samples: k, seed });
        const rawR = computeBetweenness(index, { mode: "approx", samples: k, seed, normalized: false });
        expect(r.mode).toBe("approx");
        expect(r.samples).toBe(k);
        expect(new Set(r.sources).size).toBe(k);
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (const s of r.sources!) sum += rows[keys.indexOf(index.keys[s])][j];
          const v = pos[j];
          expect(Math.abs(r.values[v] - ((sum * n) / k) / ((n - 1) * (n - 2)))).toBeLessThan(1e-12);
          expect(Math.abs(rawR.values[v] - (0.5 * sum * n) / k)).toBeLessThan(1e-9);
        }
      }
    });

    it("should equal the networkx-scaled sum over the drawn sources on a directed graph", () => {
      const g = smallGraph("random40");
      const index = smallIndex(g);
      const n = index.order;
      for (const seed of [11, 12, 13]) {
        const k = 7;
        const r = computeBetweenness(index, { mode: "approx", samples: k, seed });
        const raw = computeBetweenness(index, { mode: "approx", samples: k, seed, normalized: false });
        for (let v = 0; v < n; v++) {
          let sum = 0;
          for (const s of r.sources!) sum += g.dependencies![s][v];
          expect(Math.abs(r.values[v] - ((sum * n) / k) / ((n - 1) * (n - 2)))).toBeLessThan(1e-12);
          // networkx 2.8 applies no n/k factor to unnormalized directed estimates.
          expect(Math.abs(raw.values[v] - sum)).toBeLessThan(1e-9);
        }
      }
    });

    for (const name of ["polblogs", "congress"] as const) {
      it(`should stay within the Hoeffding bound of the exact values on ${name}`, () => {
        const ref = readPathFixture(name);
        const index = referenceIndex(name);
        const n = index.order;
        const k = 128;
        const bound = hoeffdingBound(n, k, 1e-6); // holds with probability ≥ 1 - 1e-6 per run
        for (const seed of [1, 2, 3]) {
          const r = computeBetweenness(index, { mode: "approx", samples: k, seed });
          expect(r.mode).toBe("approx");
          expect(r.samples).toBe(k);
          expect(maxDiff(index.keys, r.values, ref.keys, ref.betweenness)).toBeLessThan(bound);
        }
        // The estimate is unbiased: the mean over many seeds is much closer than one run.
        const seeds = 12;
        const mean = new Float64Array(n);
        for (let seed = 100; seed < 100 + seeds; seed++) {
          const r = computeBetweenness(index, { mode: "approx", samples: k, seed });
          for (let i = 0; i < n; i++) mean[i] += r.values[i] / seeds;
        }
        expect(maxDiff(index.keys, mean, ref.keys, ref.betweenness)).toBeLessThan(hoeffdingBound(n, k * seeds, 1e-6));
      });
    }

    it("should be reproducible for a seed and differ between seeds", () => {
      const index = referenceIndex("congress");
      const a = computeBetweenness(index, { mode: "approx", samples: 20, seed: 42 });
      const b = computeBetweenness(index, { mode: "approx", samples: 20, seed: 42 });
      const c = computeBetweenness(index, { mode: "approx", samples: 20, seed: 43 });
      expect([...b.values]).toEqual([...a.values]);
      expect([...b.sources!]).toEqual([...a.sources!]);
      expect([...c.sources!]).not.toEqual([...a.sources!]);
    });

    it("should give the exact values when k = n (and clamp larger k)", () => {
      const ref = readPathFixture("football");
      const index = referenceIndex("football");
      for (const samples of [index.order, index.order + 50]) {
        const r = computeBetweenness(index, { mode: "approx", samples, seed: 9 });
        expect(r.mode).toBe("exact");
        expect(r.samples).toBe(index.order);
        expect(maxDiff(index.keys, r.values, ref.keys, ref.betweenness)).toBeLessThan(1e-9);
      }
    });

    it("should draw k distinct sources uniformly", () => {
      const counts = new Float64Array(10);
      for (let seed = 0; seed < 2000; seed++) {
        const s = sampleSources(10, 3, seed);
        expect(new Set(s).size).toBe(3);
        for (const v of s) counts[v]++;
      }
      // Each node is drawn with probability 3/10: 600 of 2000 expected, sd ≈ 20.5.
      for (const c of counts) expect(Math.abs(c - 600)).toBeLessThan(100);
    });
  });

  it("should pick exact below exactThreshold nodes and approximate above in auto mode", () => {
    const index = referenceIndex("polblogs");
    const auto = computeBetweenness(index, { exactThreshold: 1000, samples: 64 });
    expect(auto.mode).toBe("approx");
    expect(auto.samples).toBe(64);
    const below = computeBetweenness(referenceIndex("karate"));
    expect(below.mode).toBe("exact");
    expect(BETWEENNESS_DEFAULTS.mode).toBe("auto");
    expect(Object.isFrozen(BETWEENNESS_DEFAULTS)).toBe(true);
  });

  it("should throw on bad options and on non-positive weights when weighted", () => {
    const index = smallIndex(smallGraph("kite"));
    expect(() => computeBetweenness(index, { mode: "fast" as "exact" })).toThrow(UsageError);
    expect(() => computeBetweenness(index, { samples: 0 })).toThrow(/samples must be a positive integer/);
    expect(() => computeBetweenness(index, { samples: 2.5 })).toThrow(UsageError);
    const bad = csrFromEdges({ order: 3, keys: ["a", "b", "c"], directed: true, sources: [0, 1], targets: [1, 2], weights: [1, 0] });
    expect(() => computeBetweenness(bad, { weighted: true })).toThrow(AnalysisError);
    expect(() => computeBetweenness(bad, { weighted: true })).toThrow(/edge b -> c has weight 0/);
    expect(computeBetweenness(bad).values[1]).toBe(0.5);
  });

  it("should merge repeated records and sum their weights (graph wrapper, weighted vs unweighted)", () => {
    const g = smallGraph("multiRecords");
    const graph = createGraph({ directed: true });
    for (const [s, t, w] of g.records!) addEdgeRecord(graph, s, t, w);
    const weighted = betweenness(graph, { weighted: true });
    const hop = betweenness(graph, { weighted: true, getEdgeWeight: null });
    const plain = betweenness(graph);
    for (let i = 0; i < g.keys.length; i++) {
      expect(weighted[g.keys[i]]).toBeCloseTo(g.betweennessWeighted[i], 12);
      expect(hop[g.keys[i]]).toBeCloseTo(g.betweenness[i], 12);
      expect(plain[g.keys[i]]).toBeCloseTo(g.betweenness[i], 12);
    }
    expect(weighted).not.toEqual(plain);
    const detailed = betweenness.detailed(graph, { weighted: true });
    expect(detailed.mode).toBe("exact");
    expect(detailed.samples).toBe(6);
    expect(detailed.values).toEqual(weighted);
    betweenness.assign(graph, { weighted: true });
    expect(graph.getNodeAttribute("a", "betweenness")).toBe(weighted.a);
  });

  it("should be defined on the empty and the edgeless graph", () => {
    const empty = computeBetweenness(csrFromEdges({ order: 0, directed: true, sources: [], targets: [] }));
    expect(empty.values.length).toBe(0);
    const edgeless = computeBetweenness(csrFromEdges({ order: 3, directed: false, sources: [], targets: [] }), {
      mode: "approx",
      samples: 2,
    });
    expect([...edgeless.values]).toEqual([0, 0, 0]);
    expect(edgeless.mode).toBe("approx");
  });
});
