/**
 * The leaders of each community: its top N nodes by a chosen score, best
 * first, ties broken by node key (ascending string order, not locale).
 * Default score: PageRank inside the community's own subgraph.
 *
 * The tie rule of the leader layer lives here (`tiedScores`, `orderByScore`):
 * scores equal up to `TIE_TOLERANCE` are tied, so that values equal in exact
 * arithmetic but computed along different float paths (LeaderRank of
 * equal-degree nodes of an undirected graph, HITS of automorphic nodes) are
 * not ranked by their rounding. The composite (composite.ts) ranks each
 * method by the same rule.
 */
import { compareKeys } from "../../graph/keys.ts";
import type { PagerankOptions } from "../centrality/pagerank.ts";
import type { CsrIndex } from "../csr.ts";
import { UsageError } from "../../shared/errors.ts";
import { checkCount } from "../communities/membership.ts";
import { communityPagerank } from "./community-pagerank.ts";
import type { LeaderRanking, RankLeadersOptions } from "./types.ts";

/**
 * Relative tolerance of the tie rule: scores a and b are tied when
 * |a − b| ≤ TIE_TOLERANCE · max(|a|, |b|). It sits between two scales:
 * above the rounding of the float scores and the accuracy of the iterative
 * methods as `leaderScores` and the in-community PageRank here compute them
 * (about 1e-12 relative, so that a tie of their limit is found), and below
 * the gaps between scores that differ (distinct integers under 1e9 are never
 * tied; the iterative methods' distinct scores on the reference graphs, and
 * on every bootstrap replicate of them, are 6e-6 relative apart or more).
 */
export const TIE_TOLERANCE = 1e-9;

/**
 * Whether two scores are tied: equal, or both finite and within
 * `TIE_TOLERANCE` of the larger magnitude. NaN is tied with NaN only, an
 * infinite score with itself only.
 */
export function tiedScores(a: number, b: number): boolean {
  if (a === b) return true;
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na && nb;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= TIE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Sorts `nodes` (node indices) in place by decreasing score, NaN last, and
 * orders every run of tied scores by node key. A run is a maximal stretch
 * of the sorted scores in which each score is tied (`tiedScores`) with the
 * one before it, so the grouping is transitive and does not depend on the
 * order the nodes come in. Returns the end (exclusive position in `nodes`)
 * of each run, in order; the NaNs form the last run.
 */
export function orderByScore(nodes: number[], score: ArrayLike<number>, keys: readonly string[]): number[] {
  nodes.sort((a, b) => {
    const sa = score[a];
    const sb = score[b];
    const na = Number.isNaN(sa);
    const nb = Number.isNaN(sb);
    if (na || nb) return na === nb ? 0 : na ? 1 : -1;
    return sa === sb ? 0 : sa > sb ? -1 : 1;
  });
  const ends: number[] = [];
  const byKey = (a: number, b: number) => compareKeys(keys[a], keys[b]);
  for (let a = 0; a < nodes.length; ) {
    let b = a + 1;
    while (b < nodes.length && tiedScores(score[nodes[b - 1]], score[nodes[b]])) b++;
    if (b - a > 1) {
      const run = nodes.slice(a, b).sort(byKey);
      for (let t = a; t < b; t++) nodes[t] = run[t - a];
    }
    ends.push(b);
    a = b;
  }
  return ends;
}

/**
 * Settings of the in-community PageRank when the leader layer computes it:
 * after networkx's rule, the nodes above the mean are refined to a relative
 * change of 1e-12 a step (remaining error ≲ 6e-12 relative, well inside
 * `TIE_TOLERANCE`; the refinement stops without error at `maxIterations`).
 */
export const LEADER_PAGERANK: Readonly<PagerankOptions> = Object.freeze({ relativeTolerance: 1e-12, maxIterations: 1000 });

export const LEADERS_DEFAULTS: Readonly<{ by: "communityPagerank"; top: number }> = Object.freeze({
  by: "communityPagerank",
  top: 10,
});

/**
 * Per community, the `top` node indices by score (NaN ranks last), tied
 * scores (`tiedScores`) by node key. Returns the ranking and the score used
 * for every node. The in-community PageRank is computed with
 * `options.pagerank` over `LEADER_PAGERANK`.
 */
export function rankLeaders(
  index: CsrIndex,
  membership: ArrayLike<number>,
  count: number,
  options: RankLeadersOptions = {},
): LeaderRanking {
  const where = "analyze/rankLeaders";
  checkCount(index, membership, count, where);
  const by = options.by ?? LEADERS_DEFAULTS.by;
  const top = options.top ?? LEADERS_DEFAULTS.top;
  if (!(top === Infinity || (Number.isInteger(top) && top >= 0))) {
    throw new UsageError(`${where}: top is ${String(top)}; give an integer ≥ 0.`);
  }
  const score = pickScore(index, membership, count, by, options, where);

  const n = index.order;
  const keys = index.keys;
  const groups: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < n; i++) groups[membership[i]].push(i);
  const leaders = groups.map((members) => {
    orderByScore(members, score, keys);
    return members.length > top ? members.slice(0, top) : members;
  });
  return { leaders, score, by };
}

function pickScore(
  index: CsrIndex,
  membership: ArrayLike<number>,
  count: number,
  by: string,
  options: RankLeadersOptions,
  where: string,
): Float64Array {
  if (by === "communityPagerank") {
    return communityPagerank(index, membership, count, { ...LEADER_PAGERANK, ...options.pagerank });
  }
  const scores = options.scores;
  let s: Float64Array | undefined;
  if (scores instanceof Float64Array) s = scores;
  else if (scores !== undefined && Object.prototype.hasOwnProperty.call(scores, by)) s = scores[by];
  if (s === undefined) {
    const names = scores === undefined || scores instanceof Float64Array ? [] : Object.keys(scores);
    throw new UsageError(
      `${where}: no "${by}" scores to rank by; pass them in options.scores (given: ${names.length ? names.join(", ") : "none"}) or use by: "communityPagerank".`,
    );
  }
  if (s.length !== index.order) {
    throw new UsageError(`${where}: "${by}" has ${s.length} scores but the graph has ${index.order} nodes; give one per node.`);
  }
  return s;
}
