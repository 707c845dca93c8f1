/**
 * The leaders of each community: its top N nodes by a chosen score, best
 * first, ties broken by node key (ascending string order, not locale).
 * Default score: PageRank inside the community's own subgraph.
 */
import { compareKeys } from "../../graph/keys.ts";
import type { CsrIndex } from "../csr.ts";
import { UsageError } from "../../shared/errors.ts";
import { checkCount } from "../communities/membership.ts";
import { communityPagerank } from "./community-pagerank.ts";
import type { LeaderRanking, RankLeadersOptions } from "./types.ts";

export const LEADERS_DEFAULTS: Readonly<{ by: "communityPagerank"; top: number }> = Object.freeze({
  by: "communityPagerank",
  top: 10,
});

/**
 * Per community, the `top` node indices by score (NaN ranks last). Returns
 * the ranking and the score used for every node.
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
    members.sort((a, b) => {
      const sa = score[a];
      const sb = score[b];
      const na = Number.isNaN(sa);
      const nb = Number.isNaN(sb);
      if (na !== nb) return na ? 1 : -1;
      if (!na && sa !== sb) return sb - sa;
      return compareKeys(keys[a], keys[b]);
    });
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
    return communityPagerank(index, membership, count, options.pagerank);
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
