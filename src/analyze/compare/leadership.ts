/**
 * How concentrated leadership is in a niche: PageRank shares of the top 1%
 * and 10%, the Gini coefficient and Lorenz curve of PageRank, whether the
 * leaders draw attention from outside their own community, and how many
 * nodes bridge communities.
 */
import { compareKeys } from "../../graph/keys.ts";
import { computePagerank } from "../centrality/pagerank.ts";
import { neighbourCommunityCounts } from "../communities/participation.ts";
import type { CsrIndex } from "../csr.ts";
import type { LeadershipProfile } from "./types.ts";
import { ANALYZE_DEFAULTS } from "../pipeline-options.ts";

/** Points of the Lorenz curve kept for plots (plus the origin). */
export const LORENZ_POINTS = 200;

/** PageRank options of the comparison: unweighted, the analysis' damping and tolerance. */
export const COMPARE_PAGERANK = Object.freeze({ alpha: ANALYZE_DEFAULTS.alpha, tolerance: ANALYZE_DEFAULTS.tolerance, maxIterations: 10_000, weighted: false });

/** Unweighted PageRank of the index (`COMPARE_PAGERANK`). */
export function comparePagerank(index: CsrIndex): Float64Array {
  return computePagerank(index, COMPARE_PAGERANK);
}

/** Sum of the `k` largest values over the total (0 when the total is 0). */
export function topShare(values: ArrayLike<number>, k: number): number {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const n = sorted.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i];
  let top = 0;
  for (let i = Math.max(0, n - k); i < n; i++) top += sorted[i];
  return total > 0 ? top / total : 0;
}

/** Gini coefficient: Σ_i (2i − n − 1)·x_(i) / (n Σ x), x ascending, i from 1; 0 when n < 2 or Σ x = 0. */
export function gini(values: ArrayLike<number>): number {
  const x = Float64Array.from(values as ArrayLike<number>).sort();
  const n = x.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += x[i];
    weighted += (2 * (i + 1) - n - 1) * x[i];
  }
  return n < 2 || !(total > 0) ? 0 : weighted / (n * total);
}

/** Lorenz curve: share of the total held by the poorest i/n of the nodes, sampled at ≤ `points` steps. */
export function lorenzCurve(values: ArrayLike<number>, points = LORENZ_POINTS): { x: number[]; y: number[] } {
  const v = Float64Array.from(values as ArrayLike<number>).sort();
  const n = v.length;
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i] + v[i];
  const total = cumulative[n];
  const x: number[] = [0];
  const y: number[] = [0];
  if (n === 0 || !(total > 0)) return { x, y };
  const steps = Math.min(points, n);
  for (let s = 1; s <= steps; s++) {
    const i = Math.round((s * n) / steps);
    x.push(i / n);
    y.push(cumulative[i] / total);
  }
  return { x, y };
}

/** Indices of the top `k` nodes by score (ties by key, ascending). */
export function topByScore(index: CsrIndex, scores: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: index.order }, (_, i) => i);
  const keys = index.keys;
  order.sort((a, b) => scores[b] - scores[a] || compareKeys(keys[a], keys[b]));
  return order.slice(0, Math.min(k, order.length));
}

/**
 * In-edges of `leaders` (in-neighbours on a directed index, neighbours on an
 * undirected one; self-loops excluded) coming from another community, over all
 * of their in-edges; `null` when they have none.
 */
export function leadersOutsideInShare(index: CsrIndex, membership: ArrayLike<number>, leaders: readonly number[]): number | null {
  const { inOffsets, inNeighbors } = index;
  let all = 0;
  let outside = 0;
  for (const l of leaders) {
    const c = membership[l];
    for (let p = inOffsets[l]; p < inOffsets[l + 1]; p++) {
      const u = inNeighbors[p];
      if (u === l) continue;
      all++;
      if (membership[u] !== c) outside++;
    }
  }
  return all === 0 ? null : outside / all;
}

/** Share of nodes whose neighbours (either direction, self excluded) span ≥ 2 communities. */
export function bridgeShare(index: CsrIndex, membership: ArrayLike<number>): number {
  const n = index.order;
  if (n === 0) return 0;
  const spans = neighbourCommunityCounts(index, membership);
  let bridges = 0;
  for (let i = 0; i < n; i++) if (spans[i] >= 2) bridges++;
  return bridges / n;
}

/** Leadership profile from a PageRank vector and a partition; `top` leaders are kept. */
export function leadershipProfile(
  index: CsrIndex,
  membership: ArrayLike<number>,
  pagerank: Float64Array,
  top: number,
  labels?: readonly string[],
): LeadershipProfile {
  const n = index.order;
  const leaders = topByScore(index, pagerank, top);
  return {
    top1Share: topShare(pagerank, Math.ceil(n / 100)),
    top10Share: topShare(pagerank, Math.ceil(n / 10)),
    gini: gini(pagerank),
    lorenz: lorenzCurve(pagerank),
    leaders: leaders.map((i) => index.keys[i]),
    leaderLabels: leaders.map((i) => labels?.[i] ?? index.keys[i]),
    leaderScores: leaders.map((i) => pagerank[i]),
    leadersOutsideInShare: leadersOutsideInShare(index, membership, leaders),
    bridgeShare: bridgeShare(index, membership),
  };
}
