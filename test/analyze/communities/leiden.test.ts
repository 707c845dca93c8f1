import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csrFromEdges, csrFromGraph, type CsrIndex } from "../../../src/analyze/csr.ts";
import { createRng } from "../../../src/analyze/rng.ts";
import { disconnectedCommunities } from "../../../src/analyze/communities/connectivity.ts";
import { cpmQuality, leiden, leidenCommunities, LEIDEN_DEFAULTS } from "../../../src/analyze/communities/leiden.ts";
import { undirectedView } from "../../../src/analyze/communities/louvain.ts";
import { modularity } from "../../../src/analyze/communities/modularity.ts";
import { nmi } from "../../../src/analyze/communities/nmi.ts";
import { addEdgeRecord, createGraph, type AtlasGraph } from "../../../src/graph/model.ts";
import { AnalysisError, UsageError } from "../../../src/shared/errors.ts";
import { referenceGraph } from "../../helpers/reference-graphs.ts";

/** test/fixtures/reference/leiden/<name>.json, written by scripts/reference/leiden.py (igraph 0.10). */
interface LeidenFixture {
  graph: string;
  keys: string[] | null;
  nodes: number;
  edges_count: number;
  edges?: [number, number][];
  truth: number[];
  leiden: {
    seeds: number[];
    modularity: number[];
    nmi: number[];
    count: number[];
    disconnected: number[];
    bestModularity: number;
    meanNmi: number;
    multilevelModularity: number[];
  };
  cpm: Record<string, { quality: number[]; count: number[]; disconnected: number[]; bestQuality: number }>;
  /** Modularity objective at resolution γ (key String(γ)): networkx's generalized modularity at γ. */
  resolutions: Record<string, { modularity: number[]; count: number[]; disconnected: number[]; bestModularity: number }>;
}

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "reference", "leiden");
const NAMES = ["karate", "football", "polblogs", "lfr"] as const;
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

function fixture(name: string): LeidenFixture {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as LeidenFixture;
}

/** The graph as the engine sees it: undirected weighted view (polblogs: its largest weak component). */
function referenceView(name: (typeof NAMES)[number], fx: LeidenFixture): CsrIndex {
  if (name === "lfr") {
    const edges = fx.edges!;
    return csrFromEdges({ order: fx.nodes, sources: edges.map((e) => e[0]), targets: edges.map((e) => e[1]), directed: false });
  }
  const graph = referenceGraph(name);
  if (fx.keys) {
    const keep = new Set(fx.keys);
    for (const k of graph.nodes()) if (!keep.has(k)) graph.dropNode(k);
  }
  return csrFromGraph(graph, { undirected: true });
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Two 4-cliques {a0..a3}, {b0..b3} joined by the edge a3–b0. */
function twoCliques(): AtlasGraph {
  const g = createGraph({ directed: false });
  for (const side of ["a", "b"]) {
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) addEdgeRecord(g, `${side}${i}`, `${side}${j}`, 1, "edge", {});
  }
  addEdgeRecord(g, "a3", "b0", 1, "edge", {});
  return g;
}

/** All set partitions of 0..n-1 as restricted growth strings. */
function* partitions(n: number): Generator<Int32Array> {
  const a = new Int32Array(n);
  function* rec(i: number, max: number): Generator<Int32Array> {
    if (i === n) {
      yield a;
      return;
    }
    for (let c = 0; c <= max + 1; c++) {
      a[i] = c;
      yield* rec(i + 1, Math.max(max, c));
    }
  }
  yield* rec(1, 0);
}

function randomIndex(n: number, p: number, seed: number, weighted: boolean): CsrIndex {
  const rng = createRng(seed);
  const s: number[] = [];
  const t: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng() < p) {
        s.push(i);
        t.push(j);
        w.push(weighted ? 1 + Math.floor(rng() * 4) : 1);
      }
    }
  }
  return csrFromEdges({ order: n, sources: s, targets: t, weights: w, directed: false });
}

describe("leidenCommunities against igraph's community_leiden", () => {
  for (const name of NAMES) {
    const fx = fixture(name);
    const view = referenceView(name, fx);
    // igraph's n_iterations=-1 (until stable), as in the fixture.
    const runs = SEEDS.map((seed) => leidenCommunities(view, { seed, iterations: -1 }));

    it(`should reach igraph's best modularity within 0.5% on ${name} (best and mean of 10 seeds)`, () => {
      expect(view.order).toBe(fx.nodes);
      expect(view.size).toBe(fx.edges_count);
      const ours = runs.map((r) => r.modularity);
      // Independent check of the quality: modularity() equals networkx's (modularity.test.ts).
      for (const r of runs) expect(Math.abs(r.modularity - modularity(view, r.membership))).toBeLessThan(1e-12);
      expect(Math.max(...ours)).toBeGreaterThanOrEqual(fx.leiden.bestModularity * 0.995);
      expect(mean(ours)).toBeGreaterThanOrEqual(mean(fx.leiden.modularity) * 0.995);
      // The default (2 iterations, igraph's default) stays within 0.5% too.
      const quick = SEEDS.slice(0, 5).map((seed) => leidenCommunities(view, { seed }).modularity);
      expect(Math.max(...quick)).toBeGreaterThanOrEqual(fx.leiden.bestModularity * 0.995);
    });

    it(`should find communities at least as close to the ground truth as igraph on ${name} (mean NMI ≥ igraph's − 0.02)`, () => {
      const ours = runs.map((r) => nmi(r.membership, fx.truth));
      expect(mean(ours)).toBeGreaterThanOrEqual(fx.leiden.meanNmi - 0.02);
    });

    it(`should leave no community disconnected on ${name}, as igraph`, () => {
      expect(fx.leiden.disconnected.every((d) => d === 0)).toBe(true);
      for (const r of runs) expect(disconnectedCommunities(view, r.membership)).toBe(0);
    });

    it(`should reach igraph's best CPM quality within 0.5% on ${name}, with more communities at higher γ`, () => {
      const resolutions = Object.keys(fx.cpm).map(Number).sort((a, b) => a - b);
      const counts: number[] = [];
      for (const gamma of resolutions) {
        const ref = fx.cpm[String(gamma)];
        const cpm = SEEDS.slice(0, 5).map((seed) => leidenCommunities(view, { seed, objective: "cpm", resolution: gamma, iterations: -1 }));
        const best = Math.max(...cpm.map((r) => r.quality));
        expect(best).toBeGreaterThanOrEqual(ref.bestQuality - 0.005 * Math.abs(ref.bestQuality));
        for (const r of cpm) expect(disconnectedCommunities(view, r.membership)).toBe(0);
        counts.push(mean(cpm.map((r) => r.count)));
        // igraph's counts at this γ bracket ours loosely (same objective, same order of magnitude).
        expect(mean(cpm.map((r) => r.count))).toBeGreaterThan(0.8 * mean(ref.count));
        expect(mean(cpm.map((r) => r.count))).toBeLessThan(1.25 * mean(ref.count));
      }
      expect(counts[1]).toBeGreaterThan(counts[0]);
      expect(mean(fx.cpm[String(resolutions[1])].count)).toBeGreaterThan(mean(fx.cpm[String(resolutions[0])].count));
    });

    it(`should reach igraph's best modularity at γ = 0.5 and 2 within 0.5% on ${name}, with igraph's community count`, () => {
      const resolutions = Object.keys(fx.resolutions).map(Number).sort((a, b) => a - b);
      expect(resolutions).toEqual([0.5, 2]);
      const counts: number[] = [];
      for (const gamma of resolutions) {
        const ref = fx.resolutions[String(gamma)];
        const at = SEEDS.map((seed) => leidenCommunities(view, { seed, resolution: gamma, iterations: -1 }));
        const ours = at.map((r) => r.modularity);
        // Independent check of the quality: modularity() at γ equals networkx's (modularity.test.ts).
        for (const r of at) {
          expect(r.quality).toBe(r.modularity);
          expect(Math.abs(r.modularity - modularity(view, r.membership, { resolution: gamma }))).toBeLessThan(1e-12);
          expect(disconnectedCommunities(view, r.membership)).toBe(0);
        }
        expect(Math.max(...ours)).toBeGreaterThanOrEqual(ref.bestModularity - 0.005 * Math.abs(ref.bestModularity));
        expect(mean(ours)).toBeGreaterThanOrEqual(mean(ref.modularity) - 0.005 * Math.abs(mean(ref.modularity)));
        const count = mean(at.map((r) => r.count));
        counts.push(count);
        // igraph's counts at this γ bracket ours loosely (same objective, same order of magnitude),
        // give or take one community where there are only a few: on polblogs at γ = 0.5 ours finds
        // 4 (two large, one of 4 nodes, one of 2) where igraph finds 3, at a slightly higher modularity.
        const theirs = mean(ref.count);
        expect(count).toBeGreaterThanOrEqual(Math.min(0.8 * theirs, theirs - 1));
        expect(count).toBeLessThanOrEqual(Math.max(1.25 * theirs, theirs + 1));
      }
      // More communities at higher γ, for us and for igraph, with resolution 1 in between.
      const one = mean(runs.map((r) => r.count));
      expect(counts[0]).toBeLessThan(one);
      expect(counts[1]).toBeGreaterThan(one);
      expect(mean(fx.resolutions["0.5"].count)).toBeLessThan(mean(fx.leiden.count));
      expect(mean(fx.resolutions["2"].count)).toBeGreaterThan(mean(fx.leiden.count));
    });
  }
});

describe("leidenCommunities on hand-checkable graphs", () => {
  it("should split two 4-cliques joined by an edge, with modularity 12/13 − 1/2", () => {
    const graph = twoCliques();
    const r = leiden.detailed(graph, { seed: 3 });
    expect(r.count).toBe(2);
    expect(r.communities.a0).toBe(r.communities.a3);
    expect(r.communities.b0).toBe(r.communities.b3);
    expect(r.communities.a0).not.toBe(r.communities.b0);
    expect(r.modularity).toBeCloseTo(12 / 13 - 0.5, 12);
    expect(r.quality).toBe(r.modularity);
    expect(r.disconnected).toBe(0);
  });

  it("should give the CPM optimum of two 4-cliques: the cliques at γ = 0.5, singletons at γ = 1.5", () => {
    const graph = twoCliques();
    // igraph's normalised CPM: (2·L_in − γ·Σ n_c²) / 2m with m = 13.
    const half = leidenCommunities(graph, { objective: "cpm", resolution: 0.5 });
    expect(half.count).toBe(2);
    expect(half.quality).toBeCloseTo((24 - 0.5 * 32) / 26, 12);
    // Traag et al.'s Σ_c [L_c − γ·C(n_c, 2)] = 2·(6 − 0.5·6) = 6 = (Q·2m + γ·n)/2.
    expect((half.quality * 26 + 0.5 * 8) / 2).toBeCloseTo(6, 12);
    const high = leidenCommunities(graph, { objective: "cpm", resolution: 1.5 });
    expect(high.count).toBe(8);
    expect(high.quality).toBeCloseTo((-1.5 * 8) / 26, 12);
    // Modularity is reported at γ = 1 for CPM: singletons give −Σ(d/2m)².
    expect(high.modularity).toBeCloseTo(-(6 * 9 + 2 * 16) / (26 * 26), 12);
  });

  it("should find the brute-force modularity optimum on small random graphs (weighted and not)", () => {
    for (let g = 0; g < 6; g++) {
      const index = randomIndex(9, 0.35, 100 + g, g % 2 === 1);
      let best = -Infinity;
      for (const p of partitions(9)) best = Math.max(best, modularity(index, p));
      const found = Math.max(...[0, 1, 2].map((seed) => leidenCommunities(index, { seed }).modularity));
      expect(found).toBeCloseTo(best, 12);
    }
  });

  it("should find the brute-force CPM optimum on small random graphs", () => {
    for (let g = 0; g < 4; g++) {
      const index = randomIndex(9, 0.4, 200 + g, false);
      const gamma = 0.3;
      let best = -Infinity;
      for (const p of partitions(9)) best = Math.max(best, cpmQuality(index, p, gamma));
      const found = Math.max(...[0, 1, 2].map((seed) => leidenCommunities(index, { seed, objective: "cpm", resolution: gamma }).quality));
      expect(found).toBeCloseTo(best, 12);
    }
  });

  it("should weigh CPM nodes by the given node weights", () => {
    // A heavy node a0 (weight 10) costs its clique 10·3·γ extra: at γ = 0.5 it leaves.
    const graph = twoCliques();
    graph.setNodeAttribute("a0", "size", 10);
    const r = leiden.detailed(graph, { objective: "cpm", resolution: 0.5, nodeWeights: "size" });
    expect(r.communities.a1).toBe(r.communities.a2);
    expect(r.communities.a0).not.toBe(r.communities.a1);
    const index = csrFromGraph(graph, { undirected: true });
    const weights = graph.nodes().map((k) => (k === "a0" ? 10 : 1));
    const same = leidenCommunities(index, { objective: "cpm", resolution: 0.5, nodeWeights: weights });
    expect(nmi(same.membership, r.membership)).toBe(1);
    expect(same.quality).toBeCloseTo(cpmQuality(index, same.membership, 0.5, weights), 12);
  });

  it("should return nothing for the empty graph and singletons for an edgeless one", () => {
    const empty = leidenCommunities(createGraph({ directed: true }));
    expect(empty.count).toBe(0);
    expect(empty.membership.length).toBe(0);
    expect(empty.modularity).toBe(0);
    const g = createGraph({ directed: false });
    for (const k of ["c", "a", "b"]) g.addNode(k);
    const r = leidenCommunities(g);
    expect(r.count).toBe(3);
    // Singletons renumbered by smallest key: a → 0, b → 1, c → 2 (graph order c, a, b).
    expect(Array.from(r.membership)).toEqual([2, 0, 1]);
    expect(r.quality).toBe(0);
    expect(leidenCommunities(g, { objective: "cpm" }).count).toBe(3);
  });
});

describe("leiden options and wrappers", () => {
  const fx = fixture("lfr");
  const lfr = referenceView("lfr", fx);

  it("should be deterministic for a seed and vary with it", () => {
    const a = leidenCommunities(lfr, { seed: 7 });
    const b = leidenCommunities(lfr, { seed: 7 });
    expect(Array.from(a.membership)).toEqual(Array.from(b.membership));
    expect(a.quality).toBe(b.quality);
    const others = [1, 2, 3].map((seed) => leidenCommunities(lfr, { seed }).membership);
    expect(others.some((m) => nmi(m, a.membership) < 1)).toBe(true);
  });

  it("should read a directed index or graph as its undirected weighted view", () => {
    const graph = referenceGraph("polblogs");
    const directed = csrFromGraph(graph);
    const view = undirectedView(directed);
    const a = leidenCommunities(directed, { seed: 1 });
    const b = leidenCommunities(view, { seed: 1 });
    const c = leidenCommunities(graph, { seed: 1 });
    expect(Array.from(a.membership)).toEqual(Array.from(b.membership));
    expect(Array.from(c.membership)).toEqual(Array.from(b.membership));
    expect(a.modularity).toBeCloseTo(modularity(directed, a.membership, { directed: false }), 12);
  });

  it("should use weights unless weight is null", () => {
    // A path a–b–c–d with a heavy middle edge: weighted, {b,c} stick together.
    const g = createGraph({ directed: false });
    addEdgeRecord(g, "a", "b", 1, "edge", {});
    addEdgeRecord(g, "b", "c", 10, "edge", {});
    addEdgeRecord(g, "c", "d", 1, "edge", {});
    const weighted = leiden(g);
    expect(weighted.b).toBe(weighted.c);
    const plain = leiden(g, { getEdgeWeight: null });
    expect(plain.a).toBe(plain.b);
    expect(plain.c).toBe(plain.d);
    expect(plain.b).not.toBe(plain.c);
  });

  it("should write the communities with .assign and report parameters with .detailed", () => {
    const graph = twoCliques();
    leiden.assign(graph, { nodeAttribute: "niche" });
    const d = leiden.detailed(graph);
    for (const k of graph.nodes()) expect(graph.getNodeAttribute(k, "niche")).toBe(d.communities[k]);
    expect(d.objective).toBe("modularity");
    expect(d.theta).toBe(0.01);
    expect(d.iterations).toBeGreaterThanOrEqual(1);
    expect(LEIDEN_DEFAULTS.iterations).toBe(2);
    expect(Object.isFrozen(LEIDEN_DEFAULTS)).toBe(true);
  });

  it("should run a fixed number of iterations or until stable, and greedily with theta 0", () => {
    const two = leiden.detailed(lfr, { iterations: 3 });
    expect(two.iterations).toBe(3);
    const stable = leiden.detailed(lfr, { iterations: -1, seed: 2 });
    // The first iteration always changes the singleton start, so "until stable" runs at least two.
    expect(stable.iterations).toBeGreaterThanOrEqual(2);
    const greedy = leidenCommunities(lfr, { theta: 0 });
    expect(disconnectedCommunities(lfr, greedy.membership)).toBe(0);
    expect(greedy.modularity).toBeGreaterThanOrEqual(fx.leiden.bestModularity * 0.995);
  });

  it("should reject bad options and negative weights", () => {
    const graph = twoCliques();
    expect(() => leiden(graph, { objective: "potts" as "cpm" })).toThrow(UsageError);
    expect(() => leiden(graph, { objective: "potts" as "cpm" })).toThrow(/objective.*"modularity" or "cpm"/);
    expect(() => leiden(graph, { theta: -1 })).toThrow(/theta is -1/);
    expect(() => leiden(graph, { iterations: 0 })).toThrow(/iterations is 0/);
    expect(() => leiden(graph, { resolution: -2 })).toThrow(/resolution is -2/);
    expect(() => leiden(graph, { nodeWeights: [1] })).toThrow(/CPM objective only/);
    expect(() => leiden(graph, { objective: "cpm", nodeWeights: [1] })).toThrow(/1 entries but the graph has 8 nodes/);
    const index = csrFromGraph(graph, { undirected: true });
    expect(() => leidenCommunities(index, { objective: "cpm", nodeWeights: "size" })).toThrow(/names a node attribute/);
    addEdgeRecord(graph, "a0", "b3", -2, "edge", {});
    expect(() => leiden(graph)).toThrow(/weight -2 is negative/);
    const bad = createGraph({ directed: false });
    bad.mergeEdge("x", "y", { weight: Number.NaN });
    expect(() => leiden(bad)).toThrow(AnalysisError);
  });
});
