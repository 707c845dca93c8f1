/**
 * Bootstrap confidence of leader ranks.
 *
 * Replicate b resamples the edges with replacement, Poisson style: each edge
 * (an undirected edge once, a self-loop once) is drawn K_e ~ Poisson(1) times,
 * independently, and its weight is multiplied by K_e (edges drawn 0 times,
 * about 37 %, disappear; weight-blind methods see only which edges remain).
 * This is the Poisson bootstrap (Hanley & MacGibbon 2006; Chamandy et al.
 * 2012): the large-m limit of drawing m edges out of m with replacement
 * (multinomial counts), with counts independent per edge, so a replicate is a
 * pure function of (index, membership, seed, b) and replicates can run in any
 * order, on any worker. Each replicate's graph is re-scored with the same
 * methods and re-ranked (composite Borda rank, or one method's rank) inside
 * the ORIGINAL communities, which stay fixed.
 *
 * For each of a community's top N leaders (by the same score on the original
 * graph), its B bootstrap ranks give a 90 % percentile interval
 * [q_0.05, q_0.95] (level configurable; the "inverted CDF" quantile
 * q_p = x_(⌈pB⌉) of the sorted ranks, so endpoints are ranks that occurred).
 * A leader is flagged unstable when q_0.95 > N (in more than 5 % of the
 * replicates it drops out of the top N) or q_0.95 − q_0.05 > `maxWidth`.
 *
 * What B changes, honestly: the percentile interval estimates a fixed
 * quantity (the spread of the rank under resampling), so its width does not
 * shrink as B grows; its Monte-Carlo error does. Each endpoint therefore comes
 * with a distribution-free 95 % band from order statistics (the number of
 * replicates below the true p-quantile is Binomial(B, p); band = the order
 * statistics at Bp ∓ 1.96·√(Bp(1−p)), rounded outwards), whose width shrinks
 * like 1/√B. `endpointError` sums both band widths: it is what "shrinks as B
 * grows", and the test checks that.
 *
 * Workers: `bootstrapReplicate(index, membership, b, options)` → ranks of every
 * node (Int32Array); `combineBootstrap(index, membership, replicates, options)`
 * → intervals. `bootstrapLeaders` runs both in one thread.
 */
import { csrFromEdges, type CsrIndex } from "../csr.ts";
import { createRng, type Rng } from "../rng.ts";
import { UsageError } from "../../shared/errors.ts";
import { membershipCount } from "../communities/membership.ts";
import { COMPOSITE_DEFAULTS, compositeScores, leaderScores } from "./composite.ts";

export interface BootstrapOptions {
  /** Number of replicates B (integer ≥ 1). Default `100`. */
  replicates?: number;
  /** Seed of the resampling. Default `0`. */
  seed?: number;
  /** Leaders per community given an interval (N). Default `10`. */
  top?: number;
  /**
   * Methods ranked by: several → their composite (Borda) rank; one → that
   * method's own rank in the community (ties by key). Default: the composite's
   * six (`COMPOSITE_DEFAULTS.methods`).
   */
  methods?: readonly string[];
  /** Interval level in (0, 1). Default `0.9` ([5th, 95th] percentile). */
  level?: number;
  /** A leader is unstable when its interval is wider than this many ranks. Default `5`. */
  maxWidth?: number;
}

export const BOOTSTRAP_DEFAULTS: Readonly<Required<BootstrapOptions>> = Object.freeze({
  replicates: 100,
  seed: 0,
  top: 10,
  methods: COMPOSITE_DEFAULTS.methods,
  level: 0.9,
  maxWidth: 5,
});

export interface LeaderInterval {
  node: number;
  community: number;
  /** Rank on the original graph (1 = first). */
  rank: number;
  /** Interval [lower, upper] of the bootstrap ranks (quantiles (1−level)/2 and (1+level)/2). */
  lower: number;
  upper: number;
  /** Median bootstrap rank. */
  median: number;
  /** 95 % Monte-Carlo bands of the lower and upper endpoints (order statistics). */
  lowerBand: [number, number];
  upperBand: [number, number];
  /** Width of both bands together: the Monte-Carlo error of the interval, shrinking like 1/√B. */
  endpointError: number;
  unstable: boolean;
}

export interface BootstrapResult {
  /** Community id → one interval per listed leader, best first. */
  leaders: LeaderInterval[][];
  replicates: number;
  seed: number;
  level: number;
}

interface Resolved {
  replicates: number;
  seed: number;
  top: number;
  methods: readonly string[];
  level: number;
  maxWidth: number;
}

function resolve(options: BootstrapOptions | undefined): Resolved {
  const where = "analyze/bootstrap";
  const o: Resolved = { ...BOOTSTRAP_DEFAULTS };
  for (const [k, v] of Object.entries(options ?? {})) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  if (!Number.isInteger(o.replicates) || o.replicates < 1) throw new UsageError(`${where}: replicates is ${String(o.replicates)}; give an integer ≥ 1.`);
  if (!Number.isFinite(o.seed)) throw new UsageError(`${where}: seed is ${String(o.seed)}; give a finite number.`);
  if (!Number.isInteger(o.top) || o.top < 1) throw new UsageError(`${where}: top is ${String(o.top)}; give an integer ≥ 1.`);
  if (!(o.level > 0 && o.level < 1)) throw new UsageError(`${where}: level is ${String(o.level)}; give a number in (0, 1), e.g. 0.9.`);
  if (!(o.maxWidth >= 0)) throw new UsageError(`${where}: maxWidth is ${String(o.maxWidth)}; give a number ≥ 0.`);
  if (o.methods.length === 0) throw new UsageError(`${where}: methods is empty; give at least one method.`);
  return o;
}

/** Seed of replicate b: a hash of (seed, b), so replicates are independent of the order they run in. */
export function replicateSeed(seed: number, replicate: number): number {
  let h = Math.imul((Math.trunc(seed) >>> 0) ^ 0x85ebca6b, 0xc2b2ae35) >>> 0;
  h = Math.imul(h ^ (replicate >>> 0) ^ (h >>> 16), 0x27d4eb2f) >>> 0;
  h ^= h >>> 15;
  return Math.imul(h, 0x165667b1) >>> 0;
}

/** A Poisson(1) draw (Knuth's product of uniforms). */
function poisson1(rng: Rng): number {
  const limit = Math.exp(-1);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

/** The index of replicate b: each edge's weight × its Poisson(1) count, edges drawn 0 times dropped. */
export function resampleEdges(index: CsrIndex, seed: number, replicate: number): CsrIndex {
  const rng = createRng(replicateSeed(seed, replicate));
  const n = index.order;
  const { directed, outOffsets, outNeighbors, outWeights } = index;
  const m = outNeighbors.length;
  const sources = new Int32Array(m);
  const targets = new Int32Array(m);
  const weights = new Float64Array(m);
  let e = 0;
  for (let u = 0; u < n; u++) {
    for (let p = outOffsets[u], end = outOffsets[u + 1]; p < end; p++) {
      const v = outNeighbors[p];
      if (!directed && v < u) continue;
      const k = poisson1(rng);
      if (k === 0) continue;
      sources[e] = u;
      targets[e] = v;
      weights[e] = outWeights[p] * k;
      e++;
    }
  }
  return csrFromEdges({
    order: n,
    keys: index.keys,
    sources: sources.subarray(0, e),
    targets: targets.subarray(0, e),
    weights: weights.subarray(0, e),
    directed,
  });
}

/** Rank of every node inside its community (1 = first, ties by key) by the chosen methods on `index`. */
export function communityRanks(index: CsrIndex, membership: ArrayLike<number>, methods: readonly string[]): Int32Array {
  const scores = leaderScores(index, membership, methods);
  return compositeScores(index, membership, scores, { methods, top: 0 }).rank;
}

/**
 * Replicate `replicate` (0-based) of the bootstrap: the rank of every node
 * inside its original community on the resampled graph. Pure and
 * deterministic for (index, membership, options.seed, replicate).
 */
export function bootstrapReplicate(
  index: CsrIndex,
  membership: ArrayLike<number>,
  replicate: number,
  options?: BootstrapOptions,
): Int32Array {
  const o = resolve(options);
  membershipCount(index, membership, "analyze/bootstrap");
  return communityRanks(resampleEdges(index, o.seed, replicate), membership, o.methods);
}

/** x_(⌈pB⌉) of sorted values (1-based order statistic, clamped to [1, B]). */
function orderStatistic(sorted: Int32Array, k: number): number {
  const B = sorted.length;
  return sorted[Math.min(B, Math.max(1, k)) - 1];
}

function quantile(sorted: Int32Array, p: number): number {
  // Round p·B to 9 decimals first so that 0.05 · 100 gives 5, not 5.000000000000001.
  return orderStatistic(sorted, Math.ceil(Math.round(p * sorted.length * 1e9) / 1e9));
}

/** Distribution-free 95 % band of the p-quantile from B sorted values (normal approximation of Binomial(B, p)). */
function quantileBand(sorted: Int32Array, p: number): [number, number] {
  const B = sorted.length;
  const half = 1.959963984540054 * Math.sqrt(B * p * (1 - p));
  return [orderStatistic(sorted, Math.floor(B * p - half)), orderStatistic(sorted, Math.ceil(B * p + half) + 1)];
}

/** Intervals of the top leaders from the replicates' ranks (any order of replicates gives the same result). */
export function combineBootstrap(
  index: CsrIndex,
  membership: ArrayLike<number>,
  replicates: readonly Int32Array[],
  options?: BootstrapOptions,
): BootstrapResult {
  const o = resolve(options);
  const where = "analyze/bootstrap";
  const count = membershipCount(index, membership, where);
  if (replicates.length === 0) throw new UsageError(`${where}: no replicates to combine; run bootstrapReplicate first.`);
  for (const r of replicates) {
    if (r.length !== index.order) throw new UsageError(`${where}: a replicate has ${r.length} ranks but the graph has ${index.order} nodes.`);
  }
  const original = communityRanks(index, membership, o.methods);
  const leaders: LeaderInterval[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < index.order; i++) {
    if (original[i] <= o.top) leaders[membership[i]].push(intervalOf(i));
  }
  for (const list of leaders) list.sort((a, b) => a.rank - b.rank);
  return { leaders, replicates: replicates.length, seed: o.seed, level: o.level };

  function intervalOf(node: number): LeaderInterval {
    const B = replicates.length;
    const ranks = new Int32Array(B);
    for (let b = 0; b < B; b++) ranks[b] = replicates[b][node];
    ranks.sort();
    const lowP = (1 - o.level) / 2;
    const highP = (1 + o.level) / 2;
    const lower = quantile(ranks, lowP);
    const upper = quantile(ranks, highP);
    const lowerBand = quantileBand(ranks, lowP);
    const upperBand = quantileBand(ranks, highP);
    return {
      node,
      community: membership[node],
      rank: original[node],
      lower,
      upper,
      median: quantile(ranks, 0.5),
      lowerBand,
      upperBand,
      endpointError: lowerBand[1] - lowerBand[0] + (upperBand[1] - upperBand[0]),
      unstable: upper > o.top || upper - lower > o.maxWidth,
    };
  }
}

/** All replicates in this thread, then `combineBootstrap`. */
export function bootstrapLeaders(index: CsrIndex, membership: ArrayLike<number>, options?: BootstrapOptions): BootstrapResult {
  const o = resolve(options);
  const replicates: Int32Array[] = [];
  for (let b = 0; b < o.replicates; b++) replicates.push(bootstrapReplicate(index, membership, b, o));
  return combineBootstrap(index, membership, replicates, o);
}
