/**
 * Composite leader score: a Borda count of several methods' ranks inside
 * each community.
 *
 * For each method m and community c of size s, every member gets its rank
 * r_m(i) ∈ [1, s] by decreasing score (tied scores share their average rank,
 * so a method that cannot tell nodes apart favours none of them; NaN ranks
 * last), worth (s − r_m(i)) / (s − 1) Borda points (1 for the best, 0 for the
 * worst; a community of one scores 1). Scores are tied by the leader layer's
 * tie rule (`tiedScores` in rank.ts: equal up to a relative `TIE_TOLERANCE`),
 * over runs of the sorted scores, as `rankLeaders` ties them. The composite
 * score is the mean of the points over the methods, in [0, 1]: 1 means every
 * method ranks the node first in its community. Leaders are ordered by
 * composite score, ties by node key.
 *
 * The points are summed exactly: twice a Borda numerator, 2 · (s − r_m(i)),
 * is an integer (an average rank is a multiple of 1/2), so each member's sum
 * of them is exact, and members are ranked by that sum. Sums of the
 * fractions themselves would round apart for equal composites made of
 * different points.
 *
 * `leaderScores` computes the default methods on an index (used by the
 * bootstrap to re-score each resampled graph), the iterative ones converged
 * far inside the tie tolerance (`LEADER_SCORE_ITERATIONS`).
 */
import { compareKeys } from "../../graph/keys.ts";
import type { CsrIndex } from "../csr.ts";
import { AnalysisError, UsageError } from "../../shared/errors.ts";
import { computeDegrees } from "../centrality/degree.ts";
import { computeCoreness } from "../centrality/coreness.ts";
import { computeHits, type HitsOptions } from "../centrality/hits.ts";
import { membershipCount } from "../communities/membership.ts";
import { communityPagerank } from "./community-pagerank.ts";
import { LEADER_PAGERANK, orderByScore } from "./rank.ts";
import { computeLeaderrank, type LeaderrankOptions } from "../spreaders/leaderrank.ts";
import { computeVoterank } from "../spreaders/voterank.ts";

/** Methods `leaderScores` knows how to compute. */
export const LEADER_SCORE_METHODS = Object.freeze([
  "communityPagerank",
  "inDegree",
  "coreness",
  "authority",
  "leaderrank",
  "voterank",
] as const);
export type LeaderScoreMethod = (typeof LEADER_SCORE_METHODS)[number];

export interface CompositeOptions {
  /** Methods to aggregate (names in `scores`). Default: every name of `scores`, in its order. */
  methods?: readonly string[];
  /** Leaders listed per community (integer ≥ 0 or `Infinity`). Default `10`. */
  top?: number;
}

export const COMPOSITE_DEFAULTS: Readonly<{ methods: readonly LeaderScoreMethod[]; top: number }> = Object.freeze({
  methods: LEADER_SCORE_METHODS,
  top: 10,
});

export interface CompositeResult {
  /** Composite score of every node (index order), in [0, 1]. */
  score: Float64Array;
  /** 1-based rank of every node inside its community by composite score (ties by key). */
  rank: Int32Array;
  /** Community id → its top leaders (node indices), best first. */
  leaders: number[][];
  /** The methods aggregated, in order. */
  methods: string[];
}

/**
 * Iteration settings of the iterative methods in `leaderScores`, each
 * converged to about 1e-12 relative, far inside the tie tolerance
 * (`TIE_TOLERANCE` = 1e-9, rank.ts): a tie of the limit shows as a tie of
 * the scores (LeaderRank of equal-degree nodes of an undirected graph is
 * equal in the limit only; with LeaderRank's default tolerance they stay up
 * to ~1e-9 apart), and scores the limit tells apart by more than the
 * tolerance keep their order. In-community PageRank: `LEADER_PAGERANK`;
 * HITS: an L1 change below 1e-12 (the pipeline's default tolerance);
 * LeaderRank: an L1 change below order × 1e-13.
 */
export const LEADER_SCORE_ITERATIONS: Readonly<{
  communityPagerank: typeof LEADER_PAGERANK;
  authority: Readonly<HitsOptions>;
  leaderrank: Readonly<LeaderrankOptions>;
}> = Object.freeze({
  communityPagerank: LEADER_PAGERANK,
  authority: Object.freeze({ tolerance: 1e-12 }),
  leaderrank: Object.freeze({ tolerance: 1e-13 }),
});

/**
 * Scores of the chosen methods on `index` (index order): `communityPagerank`
 * (PageRank inside each community), `inDegree` (degree when undirected),
 * `coreness` (k-shell), `authority` (HITS), `leaderrank`, and `voterank`
 * (rank score of VoteRank on the reversed graph, so that, like in-degree and
 * PageRank, a node pointed to by many gathers votes).
 */
export function leaderScores(
  index: CsrIndex,
  membership: ArrayLike<number>,
  methods: readonly string[] = COMPOSITE_DEFAULTS.methods,
): Record<string, Float64Array> {
  const count = membershipCount(index, membership, "analyze/leaderScores");
  const out: Record<string, Float64Array> = {};
  for (const m of methods) {
    switch (m) {
      case "communityPagerank":
        out[m] = communityPagerank(index, membership, count, LEADER_SCORE_ITERATIONS.communityPagerank);
        break;
      case "inDegree":
        out[m] = computeDegrees(index).inDegree;
        break;
      case "coreness":
        out[m] = computeCoreness(index);
        break;
      case "authority":
        // A resampled (bootstrap) graph can make HITS miss convergence: the method then
        // scores every node NaN, which ranks them all tied, favouring none.
        try {
          out[m] = computeHits(index, LEADER_SCORE_ITERATIONS.authority).authorities;
        } catch (error) {
          if (!(error instanceof AnalysisError)) throw error;
          out[m] = new Float64Array(index.order).fill(NaN);
        }
        break;
      case "leaderrank":
        out[m] = computeLeaderrank(index, LEADER_SCORE_ITERATIONS.leaderrank);
        break;
      case "voterank":
        out[m] = computeVoterank(index, { reverse: true }).score;
        break;
      default:
        throw new UsageError(`analyze/leaderScores: unknown method "${m}"; choose among ${LEADER_SCORE_METHODS.join(", ")}.`);
    }
  }
  return out;
}

/** Members of each community, in index order: `start[c]..start[c+1]` of `members`. */
export function groupMembers(membership: ArrayLike<number>, count: number): { start: Int32Array; members: Int32Array } {
  const n = membership.length;
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[membership[i] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const members = new Int32Array(n);
  const fill = start.slice(0, count);
  for (let i = 0; i < n; i++) members[fill[membership[i]]++] = i;
  return { start, members };
}

/** Composite (Borda) score, in-community rank and top leaders of every community. */
export function compositeScores(
  index: CsrIndex,
  membership: ArrayLike<number>,
  scores: Readonly<Record<string, Float64Array>>,
  options: CompositeOptions = {},
): CompositeResult {
  const where = "analyze/compositeScores";
  const count = membershipCount(index, membership, where);
  const methods = [...(options.methods ?? Object.keys(scores))];
  const top = options.top ?? COMPOSITE_DEFAULTS.top;
  if (!(top === Infinity || (Number.isInteger(top) && top >= 0))) {
    throw new UsageError(`${where}: top is ${String(top)}; give an integer ≥ 0.`);
  }
  if (methods.length === 0) throw new UsageError(`${where}: no methods to aggregate; pass scores or options.methods.`);
  const n = index.order;
  for (const m of methods) {
    const s = Object.prototype.hasOwnProperty.call(scores, m) ? scores[m] : undefined;
    if (s === undefined) {
      throw new UsageError(`${where}: no "${m}" scores; pass them in scores (given: ${Object.keys(scores).join(", ") || "none"}).`);
    }
    if (s.length !== n) throw new UsageError(`${where}: "${m}" has ${s.length} scores but the graph has ${n} nodes; give one per node.`);
  }
  const { start, members } = groupMembers(membership, count);
  const keys = index.keys;
  // Doubled Borda points, 2 · (s − r) summed over the methods: integers, exact.
  const points = new Float64Array(n);
  const buffer: number[] = [];
  for (const m of methods) {
    const s = scores[m];
    for (let c = 0; c < count; c++) {
      const size = start[c + 1] - start[c];
      if (size === 0) continue;
      if (size === 1) {
        points[members[start[c]]] += 2; // a community of one: 1 point, doubled
        continue;
      }
      buffer.length = 0;
      for (let r = start[c]; r < start[c + 1]; r++) buffer.push(members[r]);
      // Each run of tied scores shares the mean of its ranks a+1..b: 2 · (s − (a + 1 + b) / 2).
      let a = 0;
      for (const b of orderByScore(buffer, s, keys)) {
        const doubled = 2 * size - (a + 1 + b);
        for (let t = a; t < b; t++) points[buffer[t]] += doubled;
        a = b;
      }
    }
  }
  const score = new Float64Array(n);
  for (let c = 0; c < count; c++) {
    const scale = 2 * Math.max(start[c + 1] - start[c] - 1, 1) * methods.length;
    for (let r = start[c]; r < start[c + 1]; r++) score[members[r]] = points[members[r]] / scale;
  }
  const rank = new Int32Array(n);
  const leaders: number[][] = [];
  for (let c = 0; c < count; c++) {
    const list = Array.from(members.subarray(start[c], start[c + 1]));
    // Exact integers: equal composites compare equal, then by key.
    list.sort((a, b) => points[b] - points[a] || compareKeys(keys[a], keys[b]));
    for (let r = 0; r < list.length; r++) rank[list[r]] = r + 1;
    leaders.push(list.length > top ? list.slice(0, top) : list);
  }
  return { score, rank, leaders, methods };
}
