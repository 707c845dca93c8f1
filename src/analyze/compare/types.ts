/** Types of the niche comparison (`src/analyze/compare`). */
import type { GraphSummary } from "../summary.ts";

/** A degree distribution (in- or out-degree) and its tail. */
export interface DegreeDistribution {
  /** Mean degree (over all nodes, zeros included). */
  mean: number;
  max: number;
  /** Quantiles over all nodes, as `numpy.quantile(..., method="linear")`. */
  quantiles: { p50: number; p90: number; p99: number };
  /** Complementary CDF over the distinct degrees k ≥ 1: `p[i]` = share of nodes with degree ≥ `k[i]`. */
  ccdf: { k: number[]; p: number[] };
  /** Discrete power-law fit of the tail (degrees ≥ 1), or `null` with fewer than `POWER_LAW_MIN_TAIL` such nodes. */
  powerLaw: PowerLawFit | null;
}

/**
 * Discrete power-law tail p(k) = k^−α / ζ(α, xmin) for k ≥ xmin (Clauset,
 * Shalizi & Newman 2009): α by their approximate MLE (eq. 3.7), xmin the
 * candidate minimising the Kolmogorov–Smirnov distance.
 */
export interface PowerLawFit {
  alpha: number;
  xmin: number;
  /** Number of nodes with degree ≥ xmin. */
  tail: number;
  /** KS distance between the tail's empirical CDF and the fitted one. */
  ks: number;
}

/** Degree assortativity by pairing (x-degree of the source, y-degree of the target, over edges). */
export interface Assortativity {
  /** `nx.degree_assortativity_coefficient(G)` (x = out, y = in; the plain degree if undirected). */
  outIn: number | null;
  inIn: number | null;
  outOut: number | null;
  inOut: number | null;
}

/** The size figures of a niche: those of its `GraphSummary` (summary.ts), under the same names. */
export type SizeProfile = Pick<GraphSummary, "nodes" | "edges" | "selfLoops" | "directed" | "density" | "reciprocity" | "weakComponents" | "largestWeakShare">;

export interface ShapeProfile {
  /** In-degree (the degree, if undirected). */
  inDegree: DegreeDistribution;
  /** Out-degree (the degree, if undirected). */
  outDegree: DegreeDistribution;
  /** `nx.average_clustering` of the undirected simple view. */
  averageClustering: number;
  assortativity: Assortativity;
  /** Largest core number (`max(nx.core_number(...))`, undirected simple view). */
  maxCoreness: number;
  /** Nodes in the max-core (core number = `maxCoreness`). */
  topCoreSize: number;
}

export interface CommunityProfile {
  count: number;
  /** Community sizes, largest first. */
  sizes: number[];
  /** Shannon entropy (nats) of the size distribution, −Σ (s/n) ln(s/n). */
  entropy: number;
  /** entropy / ln(count); `null` with one community. */
  evenness: number | null;
  /** Modularity of the partition on the undirected view (a reciprocated pair weighs 2). */
  modularity: number;
  /** Share of the edges inside communities (`nx.community.partition_quality(G, P)[0]`, coverage). */
  coverage: number;
  /** Largest community size / nodes. */
  largestShare: number;
}

export interface LeadershipProfile {
  /** Share of PageRank held by the top ⌈n/100⌉ nodes. */
  top1Share: number;
  /** Share of PageRank held by the top ⌈n/10⌉ nodes. */
  top10Share: number;
  /** Gini coefficient of PageRank. */
  gini: number;
  /** Lorenz curve of PageRank (nodes sorted by increasing PageRank), at most `LORENZ_POINTS` + 1 points from (0, 0) to (1, 1). */
  lorenz: { x: number[]; y: number[] };
  /** Keys of the top-k nodes by PageRank (ties by key). */
  leaders: string[];
  /** Their labels (the node key when the input gives none), in the same order. */
  leaderLabels: string[];
  /** Their PageRank, in the same order. */
  leaderScores: number[];
  /** In-edges of the leaders coming from another community / all their in-edges (self-loops excluded); `null` without any. */
  leadersOutsideInShare: number | null;
  /** Share of nodes whose neighbours span ≥ 2 communities (the engine's bridge candidates). */
  bridgeShare: number;
}

export interface NicheProfile {
  name: string;
  /** Where the niche comes from (a file, `db:NAME`, or `FILE --by ATTR=value`). */
  source: string;
  /** Key prefix shared by the node keys (`tw`, `yt`), or `null`. */
  platform: string | null;
  size: SizeProfile;
  shape: ShapeProfile;
  communities: CommunityProfile;
  leadership: LeadershipProfile;
}

/** Statistics of one randomized graph. */
export interface NullSample {
  modularity: number;
  averageClustering: number;
  reciprocity: number | null;
  assortativity: number | null;
  gini: number;
  top1Share: number;
  /** Successful swaps / attempted swaps. */
  swapRate: number;
}

export type ZMetric = "modularity" | "averageClustering" | "reciprocity" | "assortativity" | "gini" | "top1Share";

export interface ZScore {
  observed: number | null;
  /** Mean over the randomizations (`null` if any is undefined). */
  mean: number | null;
  /** Sample standard deviation (R − 1). */
  sd: number | null;
  /** (observed − mean) / sd; `null` if undefined or sd = 0. */
  z: number | null;
}

export interface NullModelResult {
  replicates: number;
  seed: number;
  swapsPerEdge: number;
  scores: Record<ZMetric, ZScore>;
  samples: NullSample[];
}

export interface NicheOverlap {
  a: string;
  b: string;
  /** Node keys present in both. */
  sharedNodes: number;
  /** |A ∩ B| / |A ∪ B| of the node sets. */
  nodeJaccard: number;
  /** Jaccard index of the two top-k leader sets. */
  leaderJaccard: number;
  /** Leaders present in both lists. */
  sharedLeaders: string[];
}

export interface NicheComparison {
  niches: Array<NicheProfile & { nullModel: NullModelResult | null }>;
  overlaps: NicheOverlap[];
  params: CompareParams;
}

export interface CompareParams {
  /** Seed of Louvain and of the randomizations. */
  seed: number;
  /** Randomizations per niche (0 = none). */
  replicates: number;
  /** Attempted swaps per edge in each randomization. */
  swapsPerEdge: number;
  /** Leaders per niche (top-k by PageRank). */
  top: number;
  /** Louvain resolution. */
  resolution: number;
}
