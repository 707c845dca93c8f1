/**
 * The leader layer against the Python reference (scripts/reference/leaders.py,
 * networkx / numpy / exact fractions, computed without the engine's code), on
 * the karate club (undirected) and the Congress network's subgraph induced by
 * its first 30 nodes (directed, weighted), each with its consensus partition:
 *
 * - the six composite methods' scores; the in-community ranks (ties by key)
 *   and Borda points of each of them; the order of the iterative ones
 *   wherever the reference tells two members apart;
 * - the Borda points of all six and the composite, from the reference's scores;
 * - the rankings end to end (in-degree alone, the three integer-scored
 *   methods' composite, the six methods' composite): their ranks on the
 *   graph, on each of the 100 bootstrap replicates, the intervals, medians,
 *   endpoint bands and unstable flags, and the same written by the pipeline;
 * - the consensus co-assignment graph and stability, of the consensus runs
 *   and of runs at finer resolutions;
 * - the Guimerà–Amaral thresholds, z-scores, participation and roles, on the
 *   graph and on every replicate.
 *
 * The random draws (consensus runs, bootstrap replicate weights) come from
 * test/fixtures/reference/leaders/<graph>.inputs.json, written by
 * scripts/reference/leaders-inputs.ts; the first test checks that the engine
 * still draws exactly those, so the fixtures cannot go stale silently.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coassignmentIndex, consensusStability } from "../../../src/analyze/communities/consensus.ts";
import {
  bootstrapReplicate,
  combineBootstrap,
  resampleEdges,
  type BootstrapOptions,
  type BootstrapResult,
} from "../../../src/analyze/leaders/bootstrap.ts";
import { compositeScores, leaderScores } from "../../../src/analyze/leaders/composite.ts";
import { rankLeaders } from "../../../src/analyze/leaders/rank.ts";
import { HUB_Z, nodeRoles, ROLE_THRESHOLDS } from "../../../src/analyze/leaders/roles.ts";
import { analyzeGraph } from "../../../src/analyze/pipeline.ts";
import {
  LEADER_INPUTS,
  leaderGraph,
  leaderIndex,
  leaderInputs,
  type LeaderInputs,
  type LeaderInputsName,
} from "../../../scripts/reference/leaders-inputs.ts";
import { ROOT } from "../../helpers/reference-graphs.ts";

interface ReferenceInterval {
  key: string;
  community: number;
  rank: number;
  lower: number;
  upper: number;
  median: number;
  lowerBand: [number, number];
  upperBand: [number, number];
  endpointError: number;
  unstable: boolean;
}

interface ReferenceComposite {
  methods: string[];
  score: number[];
  rank: number[];
  leaders: string[][];
  replicateRanks: number[][];
  intervals: ReferenceInterval[];
}

interface ReferenceStability {
  coassignment: [number, number, number][];
  nodeStability: number[];
  communityStability: number[];
}

interface LeadersReference {
  graph: string;
  keys: string[];
  membership: number[];
  count: number;
  methods: Record<string, { score: number[]; rank: number[]; points: number[] }>;
  bootstrap: { replicates: number; seed: number; top: number; level: number; maxWidth: number };
  composites: Record<"default" | "exact" | "inDegree", ReferenceComposite>;
  consensus: ReferenceStability & { finer: (ReferenceStability & { resolution: number })[] };
  roles: { z: number[]; participation: number[]; role: number[]; thresholds: { hubZ: number; nonHub: number[]; hub: number[] } };
  replicateRoles: number[][];
}
const DIR = join(ROOT, "test", "fixtures", "reference", "leaders");
const GRAPHS = Object.keys(LEADER_INPUTS) as LeaderInputsName[];

/** Methods whose scores are integers (degree, k-shell, VoteRank position): equal scores are exact ties on both sides. */
const INTEGER_METHODS = ["inDegree", "coreness", "voterank"];

/**
 * Accuracy of the iterative methods against the reference's exact solves,
 * relative to the largest value, set by the stopping rules `leaderScores`
 * uses (LEADER_SCORE_ITERATIONS: community PageRank refined to a relative
 * change < 1e-12, HITS: L1 change < 1e-12, LeaderRank: L1 change <
 * n·1e-13): two orders of magnitude inside the tie tolerance (1e-9), which
 * the ties of the limits depend on. Everything else is compared at 1e-9 or
 * exactly.
 */
const SCORE_TOLERANCE: Record<string, number> = { communityPagerank: 1e-11, authority: 1e-11, leaderrank: 1e-11 };

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

function maxOf(a: ArrayLike<number>): number {
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i]));
  return most;
}

/**
 * The rankings compared end to end, from the engine's own scoring of the
 * graph and of each replicate to the intervals and the analyzed graph: the
 * one-method ranking (in-degree, ties by key; `by: "inDegree"`), the
 * composite of the three integer-scored methods (`exact`), and the composite
 * of all six (`default`, the pipeline's `by: "composite"`). The last one
 * holds ties that only the tie rule finds: LeaderRank of equal-degree nodes
 * of the undirected karate club, HITS of its automorphic nodes, and equal
 * composites made of different Borda points (karate nodes 9 and 26 reach
 * the composite of nodes 14, 15, 18, 20 and 22 from other points).
 */
const END_TO_END: readonly { variant: "inDegree" | "exact" | "default"; by: "inDegree" | "composite" | null }[] = [
  { variant: "inDegree", by: "inDegree" },
  { variant: "exact", by: null },
  { variant: "default", by: "composite" },
];

const indexes = new Map(await Promise.all(GRAPHS.map(async (name) => [name, await leaderIndex(name)] as const)));

for (const name of GRAPHS) {
  describe(`leader reference: ${name}, its consensus partition, its bootstrap replicates`, () => {
    const inputs = JSON.parse(readFileSync(join(DIR, `${name}.inputs.json`), "utf8")) as LeaderInputs;
    const ref = JSON.parse(readFileSync(join(DIR, `${name}.json`), "utf8")) as LeadersReference;
    const index = indexes.get(name)!;
    const membership = Int32Array.from(inputs.consensus.membership);
    const count = inputs.consensus.count;
    const n = index.order;
    const methods = inputs.bootstrap.methods;

    function bootstrapOptions(variant: ReferenceComposite): BootstrapOptions {
      const { replicates, seed, top, level, maxWidth } = inputs.bootstrap;
      return { replicates, seed, top, level, maxWidth, methods: variant.methods };
    }

    function intervalsOf(result: BootstrapResult): ReferenceInterval[] {
      return result.leaders.flat().map((iv) => ({
        key: index.keys[iv.node],
        community: iv.community,
        rank: iv.rank,
        lower: iv.lower,
        upper: iv.upper,
        median: iv.median,
        lowerBand: iv.lowerBand,
        upperBand: iv.upperBand,
        endpointError: iv.endpointError,
        unstable: iv.unstable,
      }));
    }

    it("should read the graph and draw the inputs the fixture holds", async () => {
      expect([...index.keys]).toEqual(inputs.keys);
      expect(ref.keys).toEqual(inputs.keys);
      expect(ref.membership).toEqual(inputs.consensus.membership);
      expect(ref.bootstrap).toMatchObject({ replicates: inputs.bootstrap.replicates, seed: inputs.bootstrap.seed, top: inputs.bootstrap.top });
      // Regenerate with scripts/reference/leaders-inputs.ts, then leaders.py, when the engine's draws change.
      expect(await leaderInputs(name)).toEqual(inputs);
      expect(Object.keys(ref.methods)).toEqual(methods);
      expect(ref.composites.default.methods).toEqual(methods);
    });

    const scores = leaderScores(index, membership, methods);

    it("should score the six methods as the reference does", () => {
      for (const m of methods) {
        expect(maxAbs(scores[m], ref.methods[m].score), m).toBeLessThanOrEqual((SCORE_TOLERANCE[m] ?? 0) * maxOf(ref.methods[m].score));
      }
    });

    it("should rank each method inside each community, ties by key, and give its Borda points as the reference", () => {
      for (const m of methods) {
        const ranking = rankLeaders(index, membership, count, { by: m, scores, top: Infinity });
        const rank = new Array<number>(n).fill(0);
        for (const list of ranking.leaders) list.forEach((i, r) => (rank[i] = r + 1));
        expect(rank, m).toEqual(ref.methods[m].rank);
        const points = compositeScores(index, membership, { [m]: scores[m] }, { top: Infinity }).score;
        expect(maxAbs(points, ref.methods[m].points), m).toBeLessThanOrEqual(1e-9);
      }
    });

    it("should order the iterative methods' scores as the reference wherever the reference tells two members apart", () => {
      for (const m of methods.filter((x) => !INTEGER_METHODS.includes(x))) {
        const expected = ref.methods[m].score;
        let separated = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (membership[i] !== membership[j] || !(expected[i] > expected[j])) continue;
            separated++;
            expect(scores[m][i] > scores[m][j], `${m}: ${index.keys[i]} above ${index.keys[j]}`).toBe(true);
          }
        }
        expect(separated, m).toBeGreaterThan(0);
      }
    });

    it("should give the reference's Borda points of every method, and composite, from the reference's scores", () => {
      // The reference's scores hold its ties exactly (equal values), so this checks the Borda rule on the real tie structure.
      const given: Record<string, Float64Array> = {};
      for (const m of methods) {
        given[m] = Float64Array.from(ref.methods[m].score);
        const points = compositeScores(index, membership, { [m]: given[m] }, { top: Infinity }).score;
        expect(maxAbs(points, ref.methods[m].points), m).toBeLessThanOrEqual(1e-9);
      }
      const composite = compositeScores(index, membership, given, { methods, top: inputs.bootstrap.top });
      expect(maxAbs(composite.score, ref.composites.default.score)).toBeLessThanOrEqual(1e-9);
    });

    for (const { variant: variantName, by } of END_TO_END) {
      describe(`the ${variantName} ranking end to end: the graph, every replicate, the intervals, the pipeline`, () => {
        const variant = ref.composites[variantName];
        const options = bootstrapOptions(variant);
        const replicates = Array.from({ length: inputs.bootstrap.replicates }, (_, b) => bootstrapReplicate(index, membership, b, options));

        it("should rank the original graph as the reference", () => {
          const own = leaderScores(index, membership, variant.methods);
          const composite = compositeScores(index, membership, own, { methods: variant.methods, top: inputs.bootstrap.top });
          expect(maxAbs(composite.score, variant.score)).toBeLessThanOrEqual(1e-9);
          expect(Array.from(composite.rank)).toEqual(variant.rank);
          expect(composite.leaders.map((l) => l.map((i) => index.keys[i]))).toEqual(variant.leaders);
        });

        it("should rank every replicate as the reference", () => {
          expect(variant.replicateRanks.length).toBe(replicates.length);
          const differing = replicates.map((_, b) => b).filter((b) => Array.from(replicates[b]).join() !== variant.replicateRanks[b].join());
          expect(differing).toEqual([]);
        });

        it("should give the reference's intervals, medians, endpoint bands and unstable flags", () => {
          expect(intervalsOf(combineBootstrap(index, membership, replicates, options))).toEqual(variant.intervals);
        });

        if (by === null) return;
        it(`should write the reference's ranks, intervals, stability and roles into the analyzed graph (by ${by})`, async () => {
          const { graph, index: analyzed, atlas } = analyzeGraph(await leaderGraph(name), {
            seed: inputs.bootstrap.seed,
            bootstrap: inputs.bootstrap.replicates,
            top: inputs.bootstrap.top,
            by,
            betweenness: "off",
          });
          expect([...analyzed.keys]).toEqual(ref.keys);
          expect(atlas.params.bootstrap).toMatchObject({ B: inputs.bootstrap.replicates, methods: variant.methods });
          const intervals = new Map(variant.intervals.map((iv) => [iv.key, iv]));
          ref.keys.forEach((key, i) => {
            const a = graph.getNodeAttributes(key);
            expect(a.community).toBe(ref.membership[i]);
            expect(Math.abs((a.stability as number) - ref.consensus.nodeStability[i])).toBeLessThanOrEqual(1e-9);
            expect(a.role).toBe(ref.roles.role[i]);
            const iv = intervals.get(key);
            expect([a.leaderRank, a.rankLow, a.rankHigh, a.unstableLeader], key).toEqual(
              iv === undefined ? [undefined, undefined, undefined, undefined] : [iv.rank, iv.lower, iv.upper, iv.unstable],
            );
          });
        });
      });
    }

    it("should hold leaders on both sides of the unstable rule, with intervals of several widths", () => {
      const intervals = ref.composites.inDegree.intervals;
      const unstable = intervals.filter((iv) => iv.unstable).length;
      expect(unstable).toBeGreaterThan(0);
      expect(unstable).toBeLessThan(intervals.length);
      expect(new Set(intervals.map((iv) => iv.upper - iv.lower)).size).toBeGreaterThan(3);
    });

    it("should build the reference's co-assignment graphs and stability, from the consensus runs and from finer runs", () => {
      const sets = [
        { partitions: inputs.consensus.partitions, expected: ref.consensus },
        ...inputs.consensus.finer.map((f, k) => ({ partitions: f.partitions, expected: ref.consensus.finer[k] })),
      ];
      expect(sets.length).toBe(1 + ref.consensus.finer.length);
      for (const { partitions, expected } of sets) {
        const graph = coassignmentIndex(index, partitions, inputs.consensus.threshold);
        const edges: [number, number, number][] = [];
        for (let i = 0; i < graph.order; i++) {
          for (let p = graph.outOffsets[i]; p < graph.outOffsets[i + 1]; p++) {
            if (graph.outNeighbors[p] > i) edges.push([i, graph.outNeighbors[p], graph.outWeights[p]]);
          }
        }
        expect(edges.map(([i, j]) => [i, j])).toEqual(expected.coassignment.map(([i, j]) => [i, j]));
        expect(maxAbs(edges.map((e) => e[2]), expected.coassignment.map((e) => e[2]))).toBeLessThanOrEqual(1e-9);
        const stability = consensusStability(membership, count, partitions);
        expect(maxAbs(stability.nodeStability, expected.nodeStability)).toBeLessThanOrEqual(1e-9);
        expect(maxAbs(stability.communityStability, expected.communityStability)).toBeLessThanOrEqual(1e-9);
      }
      // The finer runs take the stability across its range.
      const all = ref.consensus.finer.flatMap((f) => f.nodeStability);
      expect(Math.min(...all)).toBe(0);
      expect(Math.max(...all)).toBe(1);
      expect(new Set(all).size).toBeGreaterThanOrEqual(3);
    });

    it("should give the reference's thresholds, z-scores, participation and roles, on the graph and on every replicate", () => {
      expect(ROLE_THRESHOLDS).toEqual(ref.roles.thresholds);
      expect(HUB_Z).toBe(ref.roles.thresholds.hubZ);
      const roles = nodeRoles(index, membership);
      expect(maxAbs(roles.z, ref.roles.z)).toBeLessThanOrEqual(1e-9);
      expect(maxAbs(roles.participation, ref.roles.participation)).toBeLessThanOrEqual(1e-9);
      expect(Array.from(roles.role)).toEqual(ref.roles.role);
      const differing: number[] = [];
      for (let b = 0; b < inputs.bootstrap.replicates; b++) {
        const role = nodeRoles(resampleEdges(index, inputs.bootstrap.seed, b), membership).role;
        if (Array.from(role).join() !== ref.replicateRoles[b].join()) differing.push(b);
      }
      expect(differing).toEqual([]);
    });
  });
}
