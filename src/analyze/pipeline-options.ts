/**
 * Options of the analysis pipeline (`analyzeGraph`): every field, its
 * default (`ANALYZE_DEFAULTS`) and their validation (`resolveAnalyzeOptions`).
 */
import { alphaProblem, isValidAlpha } from "./centrality/pagerank.ts";
import { BETWEENNESS_RK_DEFAULTS } from "./centrality/betweenness-rk.ts";
import { UsageError } from "../shared/errors.ts";
import { type BetweennessRequest, COMMUNITY_ALGORITHMS, type CommunityAlgorithm, isLeaderMetric, LEADER_METRICS, type LeaderMetric } from "./atlas.ts";
import { PATH_METRICS_MAX_NODES } from "./centrality/closeness.ts";
import { BOOTSTRAP_DEFAULTS } from "./leaders/bootstrap.ts";

export interface AnalyzeOptions {
  /** Name of the input, stored as `atlas.source`. Default `""`. */
  source?: string;
  /** ISO timestamp stored as `atlas.createdAt` (the pipeline reads no clock). Default the epoch. */
  createdAt?: string;
  /** Edge attribute holding weights, or `null` for unweighted. Default `"weight"`. */
  weight?: string | null;
  /** Analyze a directed graph as undirected (u→v and v→u merged, weights summed). Default `false`. */
  undirected?: boolean;
  /** Modularity resolution of the community detection. Default `1`. */
  resolution?: number;
  /** Seed of every randomised step (communities, consensus, bootstrap, sampled betweenness). Default `0`. */
  seed?: number;
  /**
   * Community detection: `"leiden"` (Traag et al. 2019; every community
   * connected) or `"louvain"`. Default `"leiden"` (`"louvain"` when
   * `directedModularity` is set, which only Louvain optimises).
   */
  communities?: CommunityAlgorithm;
  /** Louvain optimises directed modularity (directed graphs, `communities: "louvain"` only). Default `false`. */
  directedModularity?: boolean;
  /**
   * Consensus clustering (Lancichinetti & Fortunato 2012): R runs of the
   * community algorithm combined into the partition used; gives node and
   * community `stability`. 0 = off. Default `"auto"`: `CONSENSUS_DEFAULTS.runs` (10) up to
   * `replicatesMaxNodes` nodes, else 0 (and 0 with `directedModularity`).
   */
  consensus?: number | "auto";
  /**
   * Bootstrap replicates B of the leader ranks (rank intervals, unstable
   * flag). 0 = off. Default `"auto"`: `BOOTSTRAP_DEFAULTS.replicates` (100) up to `replicatesMaxNodes` nodes and
   * `bootstrapMaxEdges` edges, else 0 (each replicate re-scores every leader
   * method: about 0.3 s a replicate at 100k edges on one core).
   */
  bootstrap?: number | "auto";
  /** `"auto"` bootstrap runs up to this many edges. Default `50000`. */
  bootstrapMaxEdges?: number;
  /** `"auto"` consensus and bootstrap run up to this many nodes. Default `20000`. */
  replicatesMaxNodes?: number;
  /** A leader is unstable when its rank interval is wider than this. Default `5`. */
  bootstrapMaxWidth?: number;
  /**
   * Collective Influence (ℓ = 2) is computed when Σ k² (undirected simple
   * degrees), the work of the ball search, is at most this. Default `2e8`.
   */
  collectiveInfluenceMaxWork?: number;
  /** Betweenness: `exact`, `approx` (sampled sources), `off`, or `auto` (exact up to `exactBetweennessMaxNodes`). Default `"auto"`. */
  betweenness?: BetweennessRequest;
  /** Sampled sources for approximate betweenness. Default `256`. */
  samples?: number;
  /**
   * Betweenness from sampled node pairs with a stated guarantee (Riondato &
   * Kornaropoulos 2016): every node within this of its normalized value, with
   * probability 1 − `betweennessDelta`; the sample size follows from a bound
   * on the vertex diameter. Overrides `betweenness` unless it is `off`.
   * Default `null` (off).
   */
  betweennessEpsilon?: number | null;
  /** Failure probability δ of `betweennessEpsilon`. Default `0.1`. */
  betweennessDelta?: number;
  /** `auto` betweenness is exact below this many nodes. Default `5000`. */
  exactBetweennessMaxNodes?: number;
  /**
   * Closeness and harmonic centrality are computed up to this many nodes (and
   * when nodes × (nodes + edges) ≤ `PATH_METRICS_MAX_WORK`). Default `PATH_METRICS_MAX_NODES` (20 000).
   */
  closenessMaxNodes?: number;
  /** Leaders kept per community. Default `10`. */
  top?: number;
  /** Score the leaders are ranked by. Default `"composite"` (Borda count of six methods inside each community). */
  by?: LeaderMetric;
  /** Number of bridges kept. Default `10`. */
  bridges?: number;
  /** PageRank damping factor. Default `0.85`. */
  alpha?: number;
  /**
   * Tolerance of the power iterations (PageRank, HITS, eigenvector) of the
   * analysis and of `atlas compare`, tighter than the 1e-6 of networkx (and of
   * `PAGERANK_DEFAULTS`, its library default) so that values agree with a
   * tight reference to ~1e-9 and the top scores stay right at any size.
   * Default `1e-12`.
   */
  tolerance?: number;
  /** Iteration limit of the power iterations. Default `1000`. */
  maxIterations?: number;
}

export const ANALYZE_DEFAULTS: Readonly<Required<AnalyzeOptions>> = Object.freeze({
  source: "",
  createdAt: "1970-01-01T00:00:00.000Z",
  weight: "weight",
  undirected: false,
  resolution: 1,
  seed: 0,
  communities: "leiden",
  directedModularity: false,
  consensus: "auto",
  bootstrap: "auto",
  replicatesMaxNodes: 20000,
  bootstrapMaxEdges: 50000,
  bootstrapMaxWidth: BOOTSTRAP_DEFAULTS.maxWidth,
  collectiveInfluenceMaxWork: 2e8,
  betweenness: "auto",
  samples: 256,
  betweennessEpsilon: null,
  betweennessDelta: BETWEENNESS_RK_DEFAULTS.delta,
  exactBetweennessMaxNodes: 5000,
  closenessMaxNodes: PATH_METRICS_MAX_NODES,
  top: 10,
  by: "composite",
  bridges: 10,
  alpha: 0.85,
  tolerance: 1e-12,
  maxIterations: 1000,
});

/** `options` over `ANALYZE_DEFAULTS`, checked (`UsageError` on a bad value). */
export function resolveAnalyzeOptions(options: AnalyzeOptions): Required<AnalyzeOptions> {
  const opts: Required<AnalyzeOptions> = { ...ANALYZE_DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (opts as Record<string, unknown>)[k] = v;
  const bad = (what: string): never => {
    throw new UsageError(`analyze: ${what}`);
  };
  if (!(Number.isFinite(opts.resolution) && opts.resolution > 0)) bad(`resolution must be a positive number, got ${opts.resolution}`);
  if (!Number.isInteger(opts.seed)) bad(`seed must be an integer, got ${opts.seed}`);
  if (!(Number.isInteger(opts.samples) && opts.samples > 0)) bad(`samples must be a positive integer, got ${opts.samples}`);
  if (!(Number.isInteger(opts.top) && opts.top > 0)) bad(`top must be a positive integer, got ${opts.top}`);
  if (!(Number.isInteger(opts.bridges) && opts.bridges >= 0)) bad(`bridges must be a non-negative integer, got ${opts.bridges}`);
  if (!isValidAlpha(opts.alpha)) bad(alphaProblem(opts.alpha));
  if (!(opts.tolerance > 0)) bad(`tolerance must be positive, got ${opts.tolerance}`);
  if (!(Number.isInteger(opts.maxIterations) && opts.maxIterations > 0)) {
    bad(`maxIterations must be a positive integer, got ${opts.maxIterations}`);
  }
  if (opts.betweennessEpsilon !== null && !(opts.betweennessEpsilon > 0 && opts.betweennessEpsilon < 1)) {
    bad(`betweennessEpsilon must be in (0, 1), got ${opts.betweennessEpsilon}`);
  }
  if (!(opts.betweennessDelta > 0 && opts.betweennessDelta < 1)) bad(`betweennessDelta must be in (0, 1), got ${opts.betweennessDelta}`);
  if (!["exact", "approx", "off", "auto"].includes(opts.betweenness)) {
    bad(`betweenness must be exact, approx, off or auto, got "${opts.betweenness}"`);
  }
  if (options.communities === undefined && opts.directedModularity) opts.communities = "louvain";
  if (!(COMMUNITY_ALGORITHMS as readonly string[]).includes(opts.communities)) {
    bad(`communities must be ${COMMUNITY_ALGORITHMS.join(" or ")}, got "${opts.communities}"`);
  }
  if (opts.directedModularity && opts.communities !== "louvain") {
    bad("directed modularity needs communities: louvain (Leiden optimises undirected modularity)");
  }
  const replicates = (name: string, v: number | "auto"): void => {
    if (v !== "auto" && !(Number.isInteger(v) && v >= 0)) bad(`${name} must be a non-negative integer or "auto", got ${String(v)}`);
  };
  replicates("consensus", opts.consensus);
  replicates("bootstrap", opts.bootstrap);
  if (opts.directedModularity && opts.consensus !== "auto" && opts.consensus > 0) {
    bad("consensus runs optimise undirected modularity; drop directedModularity or set consensus to 0");
  }
  if (!(opts.bootstrapMaxWidth >= 0)) bad(`bootstrapMaxWidth must be ≥ 0, got ${opts.bootstrapMaxWidth}`);
  if (!isLeaderMetric(opts.by)) bad(`unknown leader metric "${opts.by}"; use one of ${LEADER_METRICS.join(", ")}`);
  return opts;
}
