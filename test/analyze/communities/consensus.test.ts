import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csrFromEdges, type CsrIndex } from "../../../src/analyze/csr.ts";
import {
  coassignmentIndex,
  combineConsensus,
  consensusCommunities,
  consensusRun,
  consensusSeeds,
  consensusStability,
  CONSENSUS_DEFAULTS,
  partitionsAgree,
} from "../../../src/analyze/communities/consensus.ts";
import { leidenCommunities } from "../../../src/analyze/communities/leiden.ts";
import { nmi } from "../../../src/analyze/communities/nmi.ts";
import { addEdgeRecord, createGraph } from "../../../src/graph/model.ts";
import { UsageError } from "../../../src/shared/errors.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "reference", "leiden");

/** The seeded LFR graph (networkx, mu = 0.3) and its planted communities, from scripts/reference/leiden.py. */
function lfr(): { index: CsrIndex; truth: number[] } {
  const fx = JSON.parse(readFileSync(join(FIXTURES, "lfr.json"), "utf8")) as { nodes: number; edges: [number, number][]; truth: number[] };
  const index = csrFromEdges({ order: fx.nodes, sources: fx.edges.map((e) => e[0]), targets: fx.edges.map((e) => e[1]), directed: false });
  return { index, truth: fx.truth };
}

/** Ring of 6 five-cliques, consecutive cliques joined by one edge; planted = clique number. */
function ringOfCliques(): { index: CsrIndex; planted: number[] } {
  const s: number[] = [];
  const t: number[] = [];
  const planted: number[] = [];
  for (let c = 0; c < 6; c++) {
    for (let i = 0; i < 5; i++) {
      planted.push(c);
      for (let j = i + 1; j < 5; j++) {
        s.push(5 * c + i);
        t.push(5 * c + j);
      }
    }
    s.push(5 * c + 4);
    t.push((5 * (c + 1)) % 30);
  }
  return { index: csrFromEdges({ order: 30, sources: s, targets: t, directed: false }), planted };
}

const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

describe("consensusCommunities", () => {
  it("should find the cliques of a ring of cliques with stability 1 everywhere", () => {
    const { index, planted } = ringOfCliques();
    for (const algorithm of ["leiden", "louvain"] as const) {
      const r = consensusCommunities(index, { algorithm, runs: 8 });
      expect(r.count).toBe(6);
      expect(nmi(r.membership, planted)).toBe(1);
      expect(r.converged).toBe(true);
      expect(Array.from(r.nodeStability).every((x) => x === 1)).toBe(true);
      expect(Array.from(r.communityStability)).toEqual([1, 1, 1, 1, 1, 1]);
    }
  });

  it("should be reproducible for a seed", () => {
    const { index } = lfr();
    const a = consensusCommunities(index, { seed: 5, runs: 6 });
    const b = consensusCommunities(index, { seed: 5, runs: 6 });
    expect(Array.from(a.membership)).toEqual(Array.from(b.membership));
    expect(Array.from(a.nodeStability)).toEqual(Array.from(b.nodeStability));
    expect(a.rounds).toBe(b.rounds);
  });

  it("should match the planted LFR partition at least as well as single Leiden runs", () => {
    const { index, truth } = lfr();
    const single = consensusSeeds(undefined, 0).map((seed) => nmi(leidenCommunities(index, { seed }).membership, truth));
    const r = consensusCommunities(index);
    const score = nmi(r.membership, truth);
    // Figures (10 runs, τ = 0.5): single runs mean NMI 0.956, consensus 0.968.
    expect(score).toBeGreaterThanOrEqual(mean(single) - 0.01);
    expect(r.converged).toBe(true);
    expect(mean(r.nodeStability)).toBeGreaterThan(0.9);
    expect(mean(r.nodeStability)).toBeLessThanOrEqual(1);
  });

  it("should improve on single Louvain runs on the LFR graph", () => {
    const { index, truth } = lfr();
    const options = { algorithm: "louvain" as const };
    const single = consensusSeeds(options, 0).map((seed) => nmi(consensusRun(index, seed, options), truth));
    const r = consensusCommunities(index, options);
    // Figures: single runs mean NMI 0.888, consensus 0.931 (2 rounds), mean node stability 0.94.
    expect(nmi(r.membership, truth)).toBeGreaterThanOrEqual(mean(single) - 0.01);
    expect(r.converged).toBe(true);
  });

  it("should give the same result from runs computed one by one (worker split)", () => {
    const { index } = ringOfCliques();
    const options = { runs: 4, seed: 11, algorithm: "louvain" as const };
    const runs = consensusSeeds(options, 0).map((seed) => consensusRun(index, seed, options));
    expect(consensusSeeds(options, 0)).toEqual([11, 12, 13, 14]);
    expect(consensusSeeds(options, 2)).toEqual([19, 20, 21, 22]);
    const split = combineConsensus(index, runs, options);
    const whole = consensusCommunities(index, options);
    expect(Array.from(split.membership)).toEqual(Array.from(whole.membership));
    expect(Array.from(split.nodeStability)).toEqual(Array.from(whole.nodeStability));
  });

  it("should accept a graph, and give singletons to an edgeless one", () => {
    const g = createGraph({ directed: true });
    addEdgeRecord(g, "a", "b", 1, "edge", {});
    addEdgeRecord(g, "b", "a", 1, "edge", {});
    g.addNode("c");
    const r = consensusCommunities(g, { runs: 3 });
    expect(r.count).toBe(2);
    expect(r.membership[0]).toBe(r.membership[1]);
    const lone = createGraph({ directed: false });
    lone.addNode("x");
    lone.addNode("y");
    const s = consensusCommunities(lone, { runs: 2, algorithm: "louvain" });
    expect(s.count).toBe(2);
    expect(Array.from(s.nodeStability)).toEqual([1, 1]);
  });

  it("should reject bad options", () => {
    const { index } = ringOfCliques();
    expect(() => consensusCommunities(index, { runs: 0 })).toThrow(UsageError);
    expect(() => consensusCommunities(index, { runs: 0 })).toThrow(/runs is 0/);
    expect(() => consensusCommunities(index, { threshold: 2 })).toThrow(/threshold is 2/);
    expect(() => consensusCommunities(index, { algorithm: "walktrap" as "leiden" })).toThrow(/"leiden" or "louvain"/);
    expect(() => consensusCommunities(index, { maxRounds: 0 })).toThrow(/maxRounds is 0/);
    expect(() => combineConsensus(index, [])).toThrow(/no partitions given/);
    expect(() => combineConsensus(index, [[0, 1]])).toThrow(/partition 0 has 2 entries but the graph has 30 nodes/);
    expect(Object.isFrozen(CONSENSUS_DEFAULTS)).toBe(true);
  });
});

describe("consensus steps", () => {
  it("should weigh each edge by the share of runs putting its ends together, dropping weights below τ", () => {
    // Path 0–1–2–3; runs {01|23} and {012|3}: (0,1) = 1, (1,2) = 1/2, (2,3) = 1/2.
    const path = csrFromEdges({ order: 4, sources: [0, 1, 2], targets: [1, 2, 3], directed: false });
    const runs = [[0, 0, 1, 1], [0, 0, 0, 1]];
    const all = coassignmentIndex(path, runs, 0.5);
    expect(Array.from(all.outWeights)).toEqual([1, 1, 0.5, 0.5, 0.5, 0.5]);
    // τ = 0.6 drops (1,2) and (2,3), but 2 and 3 would lose every edge: each keeps its
    // strongest (2: tie 0.5/0.5 → lowest neighbour 1; 3: its only edge to 2).
    const cut = coassignmentIndex(path, runs, 0.6);
    expect(cut.size).toBe(3);
    // Runs that always split 1 and 2: the zero-weight edge goes, nothing to rescue.
    const split = coassignmentIndex(path, [[0, 0, 1, 1], [5, 5, 7, 7]], 0.5);
    expect(split.size).toBe(2);
    expect(Array.from(split.outNeighbors)).toEqual([1, 0, 3, 2]);
  });

  it("should define stability by the run community holding a strict majority of the consensus community", () => {
    const consensus = [0, 0, 0, 1, 1];
    const runs = [
      [0, 0, 0, 1, 1], // everyone agrees
      [4, 4, 2, 2, 2], // C0's majority {0,1} (2 of 3); C1 entirely in 2
      [0, 1, 2, 3, 4], // no majority anywhere (1 of 3, 1 of 2)
    ];
    const { nodeStability, communityStability } = consensusStability(consensus, 2, runs);
    const expected = [2 / 3, 2 / 3, 1 / 3, 2 / 3, 2 / 3];
    Array.from(nodeStability).forEach((x, i) => expect(x).toBeCloseTo(expected[i], 15));
    expect(communityStability[0]).toBeCloseTo(5 / 9, 15);
    expect(communityStability[1]).toBeCloseTo(2 / 3, 15);
  });

  it("should compare partitions, not labels", () => {
    expect(partitionsAgree([[0, 0, 1], [7, 7, 3], [1, 1, 0]])).toBe(true);
    expect(partitionsAgree([[0, 0, 1], [0, 1, 1]])).toBe(false);
    expect(partitionsAgree([[2, 1]])).toBe(true);
  });
});
