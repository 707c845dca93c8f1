/**
 * The analysis pipeline: one graph in, the same graph out with every metric
 * written on its nodes and the `atlas` graph attribute set (see `atlas.ts`).
 *
 * It builds ONE `CsrIndex` and runs every metric over it. Pure: no I/O, no
 * clock (`createdAt` is passed in), randomness only from `seed`. Runs in a
 * browser worker too.
 */
import type { AtlasGraph } from "../graph/model.ts";
import { addEdgeRecord, createGraph } from "../graph/model.ts";
import { AnalysisError, UsageError } from "../shared/errors.ts";
import {
  ATLAS_VERSION,
  type AtlasCommunity,
  type AtlasMeta,
  type AtlasParams,
  type AtlasSummary,
  type BetweennessRequest,
  type LeaderMetric,
  finiteOrNull,
  isLeaderMetric,
  LEADER_METRICS,
} from "./atlas.ts";
import { csrFromGraph, type CsrIndex } from "./csr.ts";
import { computeDegrees } from "./centrality/degree.ts";
import { computePagerank } from "./centrality/pagerank.ts";
import { computeHits } from "./centrality/hits.ts";
import { computeEigenvector } from "./centrality/eigenvector.ts";
import { computeCoreness } from "./centrality/coreness.ts";
import { computeBetweenness } from "./centrality/betweenness.ts";
import { computeCloseness, PATH_METRICS_MAX_NODES, PATH_METRICS_MAX_WORK, pathMetricsFeasible } from "./centrality/closeness.ts";
import { computeHarmonic } from "./centrality/harmonic.ts";
import { graphSummary } from "./summary.ts";
import { louvainCommunities } from "./communities/louvain.ts";
import { communityStats } from "./communities/stats.ts";
import { participationCoefficient } from "./communities/participation.ts";
import { communityPagerank, rankLeaders, selectBridges } from "./leaders/index.ts";

export interface AnalyzeOptions {
  /** Name of the input, stored as `atlas.source`. Default `""`. */
  source?: string;
  /** ISO timestamp stored as `atlas.createdAt` (the pipeline reads no clock). Default the epoch. */
  createdAt?: string;
  /** Edge attribute holding weights, or `null` for unweighted. Default `"weight"`. */
  weight?: string | null;
  /** Analyze a directed graph as undirected (u→v and v→u merged, weights summed). Default `false`. */
  undirected?: boolean;
  /** Louvain resolution. Default `1`. */
  resolution?: number;
  /** Seed of every randomised step (Louvain, sampled betweenness). Default `0`. */
  seed?: number;
  /** Louvain optimises directed modularity (directed graphs only). Default `false`. */
  directedModularity?: boolean;
  /** Betweenness: `exact`, `approx` (sampled sources), `off`, or `auto` (exact up to `exactBetweennessMaxNodes`). Default `"auto"`. */
  betweenness?: BetweennessRequest;
  /** Sampled sources for approximate betweenness. Default `256`. */
  samples?: number;
  /** `auto` betweenness is exact below this many nodes. Default `5000`. */
  exactBetweennessMaxNodes?: number;
  /**
   * Closeness and harmonic centrality are computed up to this many nodes (and
   * when nodes × (nodes + edges) ≤ `PATH_METRICS_MAX_WORK`). Default `PATH_METRICS_MAX_NODES` (20 000).
   */
  closenessMaxNodes?: number;
  /** Leaders kept per community. Default `10`. */
  top?: number;
  /** Score the leaders are ranked by. Default `"communityPagerank"`. */
  by?: LeaderMetric;
  /** Number of bridges kept. Default `10`. */
  bridges?: number;
  /** PageRank damping factor. Default `0.85`. */
  alpha?: number;
  /**
   * Tolerance of the power iterations (PageRank, HITS, eigenvector), tighter
   * than networkx's 1e-6 so that values agree with a tight reference to ~1e-9.
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
  directedModularity: false,
  betweenness: "auto",
  samples: 256,
  exactBetweennessMaxNodes: 5000,
  closenessMaxNodes: PATH_METRICS_MAX_NODES,
  top: 10,
  by: "communityPagerank",
  bridges: 10,
  alpha: 0.85,
  tolerance: 1e-12,
  maxIterations: 1000,
});

/** Stages in the order they run (for progress displays). */
export const ANALYZE_STAGES = [
  "index",
  "degree",
  "pagerank",
  "hits",
  "eigenvector",
  "coreness",
  "betweenness",
  "closeness",
  "summary",
  "communities",
  "community stats",
  "leaders",
  "bridges",
  "attributes",
] as const;
export type AnalyzeStage = (typeof ANALYZE_STAGES)[number];

export interface AnalyzeProgress {
  stage: AnalyzeStage;
  /** 1-based position of the stage in `ANALYZE_STAGES`. */
  step: number;
  steps: number;
  phase: "start" | "end";
  /** Extra words for display, e.g. `exact` or `256 samples`. */
  detail?: string;
}

export interface AnalyzeResult {
  /** The graph carrying the attributes: `graph` itself, or its undirected copy with `undirected`. */
  graph: AtlasGraph;
  atlas: AtlasMeta;
  index: CsrIndex;
}

/**
 * Runs every metric on `graph`, writes the node attributes and the `atlas`
 * graph attribute, and returns them. Mutates `graph` (or, with `undirected` on
 * a directed graph, works on an undirected copy and returns it).
 */
export function analyzeGraph(
  input: AtlasGraph,
  options: AnalyzeOptions = {},
  onProgress?: (event: AnalyzeProgress) => void,
): AnalyzeResult {
  const opts = resolveOptions(options);
  const warnings: string[] = [];
  const steps = ANALYZE_STAGES.length;
  const run = <T>(stage: AnalyzeStage, fn: () => T, detail?: string): T => {
    const step = ANALYZE_STAGES.indexOf(stage) + 1;
    onProgress?.({ stage, step, steps, phase: "start", detail });
    const out = fn();
    onProgress?.({ stage, step, steps, phase: "end", detail });
    return out;
  };

  const graph = opts.undirected && input.type === "directed" ? undirectedCopy(input, opts.weight) : input;
  const weight = opts.undirected && input.type === "directed" && opts.weight !== null ? "weight" : opts.weight;
  const index = run("index", () => csrFromGraph(graph, { weight }));
  const n = index.order;

  const degrees = run("degree", () => computeDegrees(index));
  const pagerank = run("pagerank", () =>
    computePagerank(index, { alpha: opts.alpha, tolerance: opts.tolerance, maxIterations: opts.maxIterations }),
  );
  const hits = run("hits", () =>
    tryMetric("HITS", warnings, () =>
      computeHits(index, { tolerance: opts.tolerance, maxIterations: opts.maxIterations }),
    ),
  );
  const eigenvector = run("eigenvector", () =>
    tryMetric("eigenvector centrality", warnings, () =>
      computeEigenvector(index, { tolerance: opts.tolerance, maxIterations: opts.maxIterations }),
    ),
  );
  const coreness = run("coreness", () => computeCoreness(index));

  const betweennessMode: "exact" | "approx" | "off" =
    opts.betweenness === "auto" ? (n < opts.exactBetweennessMaxNodes ? "exact" : "approx") : opts.betweenness;
  const betweenness = run(
    "betweenness",
    () =>
      betweennessMode === "off"
        ? null
        : computeBetweenness(index, {
            mode: opts.betweenness === "auto" ? "auto" : betweennessMode,
            exactThreshold: opts.exactBetweennessMaxNodes,
            samples: opts.samples,
            seed: opts.seed,
          }),
    betweennessMode === "approx" ? `approx, ${Math.min(opts.samples, n)} samples` : betweennessMode,
  );

  const closenessComputed = n <= opts.closenessMaxNodes && pathMetricsFeasible(index);
  const closeness = run("closeness", () =>
    closenessComputed ? { closeness: computeCloseness(index), harmonic: computeHarmonic(index) } : null,
  );
  if (!closenessComputed) {
    warnings.push(
      `closeness and harmonic centrality skipped: ${n} nodes and ${index.size} edges is above the size limit ` +
        `(${opts.closenessMaxNodes} nodes, ${PATH_METRICS_MAX_WORK} edge visits)`,
    );
  }

  const summary = run("summary", () => sanitizeSummary(graphSummary(index)));

  const communities = run("communities", () =>
    louvainCommunities(graph, {
      resolution: opts.resolution,
      seed: opts.seed,
      directed: opts.directedModularity,
      weight,
      // Louvain derives the undirected view from this index when it needs it.
      index,
    }),
  );
  const { membership, count } = communities;

  const stats = run("community stats", () =>
    communityStats(index, membership, count, { resolution: opts.resolution, directed: opts.directedModularity }),
  );
  const participation = participationCoefficient(index, membership);

  const scores: Record<LeaderMetric, Float64Array | null> = {
    communityPagerank: null,
    pagerank,
    authority: hits?.authorities ?? null,
    hub: hits?.hubs ?? null,
    inDegree: degrees.inDegree,
    outDegree: degrees.outDegree,
    inStrength: degrees.inStrength,
    outStrength: degrees.outStrength,
    eigenvector,
    coreness,
    betweenness: betweenness?.values ?? null,
    closeness: closeness?.closeness ?? null,
    harmonic: closeness?.harmonic ?? null,
  };
  const leaders = run("leaders", () => {
    const pagerankOptions = { alpha: opts.alpha, tolerance: opts.tolerance, maxIterations: opts.maxIterations };
    let by: LeaderMetric = opts.by;
    if (by !== "communityPagerank" && scores[by] === null) {
      warnings.push(`leaders ranked by pagerank: ${by} was not computed`);
      by = "pagerank";
    }
    const available: Record<string, Float64Array> = {};
    for (const [name, arr] of Object.entries(scores)) if (arr !== null) available[name] = arr;
    const ranking = rankLeaders(index, membership, count, { by, top: opts.top, scores: available, pagerank: pagerankOptions });
    const cpr = by === "communityPagerank" ? ranking.score : communityPagerank(index, membership, count, pagerankOptions);
    scores.communityPagerank = cpr;
    return { communityPagerank: cpr, ranks: ranking.leaders };
  });

  const bridges = run("bridges", () => {
    // Without betweenness, bridges are ranked by participation instead.
    if (betweenness === null) warnings.push("bridges ranked by participation (betweenness is off)");
    const rankBy = betweenness?.values ?? participation;
    return selectBridges(index, membership, rankBy, participation, { top: opts.bridges }).map((b) => b.node);
  });

  const atlas = run("attributes", () => {
    const leaderRank = new Int32Array(n);
    for (const list of leaders.ranks) for (let r = 0; r < list.length; r++) leaderRank[list[r]] = r + 1;
    let nonFinite = 0;
    const num = (arr: Float64Array | null, i: number): number | null => {
      if (arr === null) return null;
      const v = arr[i];
      if (Number.isFinite(v)) return v;
      nonFinite++;
      return null;
    };
    const zero = (arr: Float64Array | null, i: number): number => num(arr, i) ?? 0;
    const keys = index.keys;
    // The graph iterates its nodes in the index's order (csrFromGraph uses graph.nodes()).
    let i = 0;
    graph.updateEachNodeAttributes((key, attrs) => {
      if (key !== keys[i]) throw new Error(`analyze/pipeline: node order changed at "${key}"; this is a bug.`);
      if (attrs.leaderRank !== undefined) delete attrs.leaderRank;
      attrs.label = typeof attrs.label === "string" ? attrs.label : String(attrs.label ?? key);
      attrs.pagerank = zero(pagerank, i);
      attrs.authority = num(scores.authority, i);
      attrs.hub = num(scores.hub, i);
      attrs.inDegree = zero(degrees.inDegree, i);
      attrs.outDegree = zero(degrees.outDegree, i);
      attrs.inStrength = zero(degrees.inStrength, i);
      attrs.outStrength = zero(degrees.outStrength, i);
      attrs.eigenvector = num(eigenvector, i);
      attrs.coreness = zero(coreness, i);
      attrs.betweenness = num(scores.betweenness, i);
      attrs.closeness = num(scores.closeness, i);
      attrs.harmonic = num(scores.harmonic, i);
      attrs.participation = zero(participation, i);
      attrs.community = membership[i];
      attrs.communityPagerank = zero(leaders.communityPagerank, i);
      if (leaderRank[i] > 0) attrs.leaderRank = leaderRank[i];
      i++;
      return attrs;
    });
    if (nonFinite > 0) warnings.push(`${nonFinite} non-finite metric values were written as null`);

    const communityList: AtlasCommunity[] = stats.map((s, c) => ({
      id: s.id,
      size: s.size,
      density: finiteOrNull(s.density) ?? 0,
      conductance: finiteOrNull(s.conductance) ?? 0,
      internalEdges: s.internalEdges,
      modularityShare: finiteOrNull(s.modularityShare) ?? 0,
      reciprocity: finiteOrNull(s.reciprocity),
      leaders: (leaders.ranks[c] ?? []).map((i) => keys[i]),
    }));

    const params: AtlasParams = {
      weight,
      undirected: opts.undirected,
      resolution: opts.resolution,
      seed: opts.seed,
      directedModularity: opts.directedModularity,
      top: opts.top,
      by: opts.by,
      pagerank: { alpha: opts.alpha },
      betweenness: {
        requested: opts.betweenness,
        mode: betweenness?.mode ?? "off",
        samples: betweenness?.samples ?? 0,
        weighted: betweenness?.weighted ?? false,
        exactMaxNodes: opts.exactBetweennessMaxNodes,
      },
      closeness: { computed: closenessComputed, maxNodes: opts.closenessMaxNodes },
      eigenvector: { converged: eigenvector !== null },
    };
    const meta: AtlasMeta = {
      version: ATLAS_VERSION,
      source: opts.source,
      createdAt: opts.createdAt,
      directed: index.directed,
      params,
      modularity: finiteOrNull(communities.modularity) ?? 0,
      summary,
      communities: communityList,
      bridges: bridges.map((i) => keys[i]),
      warnings,
    };
    graph.setAttribute("atlas", meta);
    return meta;
  });

  return { graph, atlas, index };
}

function resolveOptions(options: AnalyzeOptions): Required<AnalyzeOptions> {
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
  if (!(opts.alpha > 0 && opts.alpha < 1)) bad(`alpha must be in (0, 1), got ${opts.alpha}`);
  if (!(opts.tolerance > 0)) bad(`tolerance must be positive, got ${opts.tolerance}`);
  if (!(Number.isInteger(opts.maxIterations) && opts.maxIterations > 0)) {
    bad(`maxIterations must be a positive integer, got ${opts.maxIterations}`);
  }
  if (!["exact", "approx", "off", "auto"].includes(opts.betweenness)) {
    bad(`betweenness must be exact, approx, off or auto, got "${opts.betweenness}"`);
  }
  if (!isLeaderMetric(opts.by)) bad(`unknown leader metric "${opts.by}"; use one of ${LEADER_METRICS.join(", ")}`);
  return opts;
}

/** Runs a metric that may not converge: an `AnalysisError` becomes a warning and `null`. */
function tryMetric<T>(name: string, warnings: string[], fn: () => T): T | null {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AnalysisError) {
      warnings.push(`${name} not computed: ${error.message}`);
      return null;
    }
    throw error;
  }
}

function sanitizeSummary(s: Record<string, unknown> | AtlasSummary): AtlasSummary {
  const r = s as Record<string, unknown>;
  const num = (k: string): number => finiteOrNull(r[k]) ?? 0;
  return {
    nodes: num("nodes"),
    edges: num("edges"),
    selfLoops: num("selfLoops"),
    directed: Boolean(r.directed),
    density: num("density"),
    reciprocity: finiteOrNull(r.reciprocity),
    weakComponents: num("weakComponents"),
    strongComponents: num("strongComponents"),
    largestWeakShare: num("largestWeakShare"),
    averageClustering: num("averageClustering"),
    assortativity: finiteOrNull(r.assortativity),
  };
}

/** Undirected copy of a directed graph: u→v and v→u become one edge, weights summed. */
function undirectedCopy(graph: AtlasGraph, weight: string | null): AtlasGraph {
  const out = createGraph({ directed: false });
  out.replaceAttributes({ ...graph.getAttributes() });
  graph.forEachNode((key, attrs) => {
    out.addNode(key, { ...attrs });
  });
  graph.forEachEdge((_e, attrs, s, t) => {
    const w = weight === null ? 1 : attrs[weight];
    addEdgeRecord(out, s, t, typeof w === "number" && Number.isFinite(w) ? w : 1);
  });
  return out;
}
