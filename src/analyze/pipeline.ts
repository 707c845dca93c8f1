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
import { AnalysisError } from "../shared/errors.ts";
import {
  ATLAS_VERSION,
  type AtlasCommunity,
  type AtlasMeta,
  type AtlasParams,
  type AtlasSummary,
  type LeaderMetric,
  finiteOrNull,
} from "./atlas.ts";
import { csrFromGraph, type CsrIndex } from "./csr.ts";
import { countNonFinite, type NodeColumn, writeNodeColumns } from "./node-columns.ts";
import { nodeColumns, STALE_ATTRIBUTES } from "./pipeline-columns.ts";
import { computeDegrees } from "./centrality/degree.ts";
import { computePagerank } from "./centrality/pagerank.ts";
import { computeHits } from "./centrality/hits.ts";
import { computeEigenvector } from "./centrality/eigenvector.ts";
import { computeCoreness } from "./centrality/coreness.ts";
import { finishBetweenness, planBetweenness, type BetweennessResult } from "./centrality/betweenness.ts";
import { computeBetweennessRk } from "./centrality/betweenness-rk.ts";
import { computeCloseness, PATH_METRICS_MAX_WORK, pathMetricsFeasible } from "./centrality/closeness.ts";
import { computeHarmonic } from "./centrality/harmonic.ts";
import { graphSummary } from "./summary.ts";
import { louvainCommunities, louvainIndexCommunities, undirectedView } from "./communities/louvain.ts";
import { leidenCommunities } from "./communities/leiden.ts";
import { disconnectedCommunities } from "./communities/connectivity.ts";
import { modularity as modularityOf } from "./communities/modularity.ts";
import { communityStats } from "./communities/stats.ts";
import { communityPagerank, rankLeaders, selectBridges } from "./leaders/index.ts";
import { nodeRoles } from "./leaders/roles.ts";
import { compositeScores, LEADER_SCORE_METHODS, leaderScores } from "./leaders/composite.ts";
import { BOOTSTRAP_DEFAULTS, combineBootstrap, type LeaderInterval } from "./leaders/bootstrap.ts";
import { computeCollectiveInfluence } from "./spreaders/collective-influence.ts";
import { consensusPartition, type ConsensusOutcome } from "./consensus-steps.ts";
import { ANALYZE_DEFAULTS, type AnalyzeOptions, resolveAnalyzeOptions } from "./pipeline-options.ts";
import { inlineExecutor, runBatchSync, throwIfAborted, type ReplicateBatch, type ReplicateExecutor, type ReplicateProgress, type ReplicateResult } from "./replicates.ts";

export { ANALYZE_DEFAULTS, type AnalyzeOptions, resolveAnalyzeOptions };

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
  "roles",
  "spreaders",
  "leaders",
  "bootstrap",
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

/** What the pipeline computes from an index alone: the atlas meta and every node attribute as a column. */
export interface IndexAnalysisResult {
  atlas: AtlasMeta;
  /** Node attributes in the order they are written (`writeNodeColumns`). */
  columns: NodeColumn[];
  index: CsrIndex;
}

/** How `analyzeGraphAsync` runs the replicate jobs (consensus runs, bootstrap replicates). */
export interface AnalyzeRunOptions {
  /** Runs the replicate batches. Default: this thread (`inlineExecutor`). */
  executor?: ReplicateExecutor;
  /** Progress of the replicate jobs of each batch. */
  onReplicates?: ReplicateProgress;
  /** Cancels the run: the promise rejects with the signal's reason (or an `AbortError`). */
  signal?: AbortSignal;
}

/**
 * Runs every metric on `graph`, writes the node attributes and the `atlas`
 * graph attribute, and returns them. Mutates `graph` (or, with `undirected` on
 * a directed graph, works on an undirected copy and returns it). Replicate
 * jobs run in this thread; `analyzeGraphAsync` can hand them to workers and
 * gives the same result.
 */
export function analyzeGraph(
  input: AtlasGraph,
  options: AnalyzeOptions = {},
  onProgress?: (event: AnalyzeProgress) => void,
  run: Omit<AnalyzeRunOptions, "executor"> = {},
): AnalyzeResult {
  const steps = analysisSteps(input, options, onProgress, run.signal);
  let step = steps.next();
  while (!step.done) step = steps.next(runBatchSync(step.value, run.onReplicates, run.signal));
  return step.value;
}

/** `analyzeGraph` with the replicate batches run by `run.executor` (e.g. a worker pool); same result for the same seed. */
export async function analyzeGraphAsync(
  input: AtlasGraph,
  options: AnalyzeOptions = {},
  onProgress?: (event: AnalyzeProgress) => void,
  run: AnalyzeRunOptions = {},
): Promise<AnalyzeResult> {
  return driveSteps(analysisSteps(input, options, onProgress, run.signal), run);
}

/** Runs a pipeline generator to its end, its replicate batches by `run.executor` (default: this thread). */
async function driveSteps<T>(steps: Generator<ReplicateBatch, T, readonly ReplicateResult[]>, run: AnalyzeRunOptions): Promise<T> {
  const executor = run.executor ?? inlineExecutor;
  let step = steps.next();
  while (!step.done) {
    const results = await executor.run(step.value, run.onReplicates, run.signal);
    throwIfAborted(run.signal);
    step = steps.next(results);
  }
  return step.value;
}

/** The pipeline as a generator: it yields the replicate batches and receives their results. */
export function* analysisSteps(
  input: AtlasGraph,
  options: AnalyzeOptions = {},
  onProgress?: (event: AnalyzeProgress) => void,
  signal?: AbortSignal,
): Generator<ReplicateBatch, AnalyzeResult, readonly ReplicateResult[]> {
  const opts = resolveAnalyzeOptions(options);
  const graph = opts.undirected && input.type === "directed" ? undirectedCopy(input, opts.weight) : input;
  const weight = opts.undirected && input.type === "directed" && opts.weight !== null ? "weight" : opts.weight;
  const emit = stageEmitter(onProgress, signal);
  emit("index", "start");
  const index = csrFromGraph(graph, { weight });
  emit("index", "end");
  const { atlas, columns } = yield* indexStages(index, opts, { ...options, weight }, emit, graph);
  emit("attributes", "start");
  writeNodeColumns(graph, index.keys, columns, STALE_ATTRIBUTES);
  graph.setAttribute("atlas", atlas);
  emit("attributes", "end");
  return { graph, atlas, index };
}

/**
 * The pipeline over an index alone, with no graph (an edge stream read
 * straight into the index): the same stages, the atlas meta, and the node
 * attributes as columns. `options.weight` records which edge weight the index
 * holds (`null`: unweighted); `options.undirected` is applied by the caller
 * when it builds the index.
 */
export function* indexAnalysisSteps(
  index: CsrIndex,
  options: AnalyzeOptions = {},
  onProgress?: (event: AnalyzeProgress) => void,
  signal?: AbortSignal,
): Generator<ReplicateBatch, IndexAnalysisResult, readonly ReplicateResult[]> {
  const opts = resolveAnalyzeOptions(options);
  const emit = stageEmitter(onProgress, signal);
  emit("index", "start");
  emit("index", "end");
  const { atlas, columns } = yield* indexStages(index, opts, options, emit, null);
  emit("attributes", "start");
  emit("attributes", "end");
  return { atlas, columns, index };
}

/** `indexAnalysisSteps` run in this thread (or with `run.executor`, see `analyzeGraphAsync`). */
export async function analyzeIndexAsync(
  index: CsrIndex,
  options: AnalyzeOptions = {},
  onProgress?: (event: AnalyzeProgress) => void,
  run: AnalyzeRunOptions = {},
): Promise<IndexAnalysisResult> {
  return driveSteps(indexAnalysisSteps(index, options, onProgress, run.signal), run);
}

type Emit = (stage: AnalyzeStage, phase: "start" | "end", detail?: string) => void;

function stageEmitter(onProgress: ((event: AnalyzeProgress) => void) | undefined, signal: AbortSignal | undefined): Emit {
  const steps = ANALYZE_STAGES.length;
  return (stage, phase, detail) => {
    throwIfAborted(signal);
    onProgress?.({ stage, step: ANALYZE_STAGES.indexOf(stage) + 1, steps, phase, detail });
  };
}

/** Every stage from degree to bridges, over `index`; `graph` (when there is one) serves graph-based Louvain. */
function* indexStages(
  index: CsrIndex,
  opts: ReturnType<typeof resolveAnalyzeOptions>,
  given: AnalyzeOptions,
  emit: Emit,
  graph: AtlasGraph | null,
): Generator<ReplicateBatch, { atlas: AtlasMeta; columns: NodeColumn[] }, readonly ReplicateResult[]> {
  const warnings: string[] = [];
  const weight = given.weight === undefined ? opts.weight : given.weight;
  const run = <T>(stage: AnalyzeStage, fn: () => T, detail?: string): T => {
    emit(stage, "start", detail);
    const out = fn();
    emit(stage, "end", detail);
    return out;
  };
  const n = index.order;
  const consensusRuns = opts.consensus === "auto" ? (n <= opts.replicatesMaxNodes && !opts.directedModularity ? 10 : 0) : opts.consensus;
  const bootstrapFits = n <= opts.replicatesMaxNodes && index.size <= opts.bootstrapMaxEdges;
  const bootstrapB = opts.bootstrap === "auto" ? (bootstrapFits ? 100 : 0) : opts.bootstrap;
  if (opts.consensus === "auto" && consensusRuns === 0 && n > opts.replicatesMaxNodes) {
    warnings.push(`consensus clustering skipped: ${n} nodes is above ${opts.replicatesMaxNodes} (set consensus to run it)`);
  }
  if (opts.bootstrap === "auto" && bootstrapB === 0) {
    warnings.push(
      `bootstrap rank intervals skipped: ${n} nodes and ${index.size} edges is above the automatic limit ` +
        `(${opts.replicatesMaxNodes} nodes, ${opts.bootstrapMaxEdges} edges); set bootstrap (--bootstrap 100) to run it`,
    );
  }

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

  const betweennessMode: "exact" | "approx" | "pairs" | "off" =
    opts.betweenness === "off"
      ? "off"
      : opts.betweennessEpsilon !== null
        ? "pairs"
        : opts.betweenness === "auto"
          ? n < opts.exactBetweennessMaxNodes ? "exact" : "approx"
          : opts.betweenness;
  const betweennessDetail =
    betweennessMode === "approx"
      ? `approx, ${Math.min(opts.samples, n)} samples`
      : betweennessMode === "pairs"
        ? `sampled pairs, ε ${opts.betweennessEpsilon}, δ ${opts.betweennessDelta}`
        : betweennessMode;
  emit("betweenness", "start", betweennessDetail);
  let betweenness: BetweennessResult | ReturnType<typeof pairBetweenness> | null = null;
  if (betweennessMode === "pairs") {
    betweenness = pairBetweenness(index, opts.betweennessEpsilon as number, opts.betweennessDelta, opts.seed, warnings);
  } else if (betweennessMode !== "off") {
    // The sources' jobs go to the executor (worker threads in the CLI); the sum does not depend on who ran them.
    const plan = planBetweenness(index, {
      mode: opts.betweenness === "auto" ? "auto" : betweennessMode,
      exactThreshold: opts.exactBetweennessMaxNodes,
      samples: opts.samples,
      seed: opts.seed,
    });
    const parts = (yield { kind: "betweenness", index, jobs: plan.jobs, weighted: plan.weighted, label: "betweenness sources" }) as Float64Array[];
    betweenness = finishBetweenness(plan, parts);
  }
  emit("betweenness", "end", betweennessDetail);

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

  // Communities: one run of the algorithm, or the consensus of `consensusRuns` runs.
  const algorithm = opts.communities;
  const communityDetail = consensusRuns > 0 ? `${algorithm}, consensus of ${consensusRuns} runs` : algorithm;
  emit("communities", "start", communityDetail);
  let membership: Int32Array;
  let count: number;
  let modularity: number;
  let consensus: ConsensusOutcome | null = null;
  if (consensusRuns > 0) {
    consensus = yield* consensusPartition(index, {
      algorithm,
      runs: consensusRuns,
      seed: opts.seed,
      resolution: opts.resolution,
    });
    ({ membership, count } = consensus);
    modularity = modularityOf(index, membership, { resolution: opts.resolution, directed: false });
    if (!consensus.converged) {
      warnings.push(`consensus clustering did not converge in ${consensus.rounds} rounds; the best partition of the last round is used`);
    }
  } else if (algorithm === "leiden") {
    ({ membership, count, modularity } = leidenCommunities(index, {
      seed: opts.seed,
      resolution: opts.resolution,
      iterations: leidenIterations(index),
    }));
  } else if (graph === null) {
    if (opts.directedModularity) {
      throw new AnalysisError("analyze/pipeline: directed modularity needs the graph; call analyzeGraph with it (the CLI does), or drop directedModularity.");
    }
    ({ membership, count, modularity } = louvainIndexCommunities(index, { resolution: opts.resolution, seed: opts.seed }));
  } else {
    ({ membership, count, modularity } = louvainCommunities(graph, {
      resolution: opts.resolution,
      seed: opts.seed,
      directed: opts.directedModularity,
      weight,
      // Louvain derives the undirected view from this index when it needs it.
      index,
    }));
  }
  const disconnected = disconnectedCommunities(index, membership);
  if (disconnected > 0) warnings.push(`${disconnected} ${algorithm} communities are not connected`);
  emit("communities", "end", communityDetail);

  const stats = run("community stats", () =>
    communityStats(index, membership, count, { resolution: opts.resolution, directed: opts.directedModularity }),
  );
  const roles = run("roles", () => nodeRoles(index, membership));
  const participation = roles.participation;

  // The composite's methods (LeaderRank and VoteRank among them), as the bootstrap re-scores them.
  const spreaders = run("spreaders", () => {
    let methods: string[] = [...LEADER_SCORE_METHODS];
    if (hits === null) {
      methods = methods.filter((m) => m !== "authority");
      warnings.push("composite leader score without HITS authority (HITS did not converge)");
    }
    const methodScores = leaderScores(index, membership, methods);
    const ciWork = squaredDegreeSum(index);
    let ci: Float64Array | null = null;
    if (ciWork <= opts.collectiveInfluenceMaxWork) ci = computeCollectiveInfluence(index, { radius: 2, maxRemovals: 0 }).initial;
    else warnings.push(`collective influence skipped: Σk² = ${ciWork} is above ${opts.collectiveInfluenceMaxWork}`);
    return { methods, methodScores, ci };
  });

  const scores: Record<Exclude<LeaderMetric, "composite">, Float64Array | null> = {
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
  let by: LeaderMetric = opts.by;
  const leaders = run("leaders", () => {
    const pagerankOptions = { alpha: opts.alpha, tolerance: opts.tolerance, maxIterations: opts.maxIterations };
    const composite = compositeScores(index, membership, spreaders.methodScores, { methods: spreaders.methods, top: opts.top });
    if (by !== "composite" && by !== "communityPagerank" && scores[by] === null) {
      warnings.push(`leaders ranked by composite: ${by} was not computed`);
      by = "composite";
    }
    if (by === "composite") {
      const cpr = communityPagerank(index, membership, count, pagerankOptions);
      return { communityPagerank: cpr, ranks: composite.leaders, composite };
    }
    const available: Record<string, Float64Array> = {};
    for (const [name, arr] of Object.entries(scores)) if (arr !== null) available[name] = arr;
    const ranking = rankLeaders(index, membership, count, { by, top: opts.top, scores: available, pagerank: pagerankOptions });
    const cpr = by === "communityPagerank" ? ranking.score : communityPagerank(index, membership, count, pagerankOptions);
    return { communityPagerank: cpr, ranks: ranking.leaders, composite };
  });
  scores.communityPagerank = leaders.communityPagerank;

  // Bootstrap: the rank of each listed leader under resampled edges, by the same ranking.
  const bootstrapMethods: string[] | null =
    by === "composite" ? spreaders.methods : (LEADER_SCORE_METHODS as readonly string[]).includes(by) ? [by] : null;
  if (bootstrapB > 0 && bootstrapMethods === null) {
    warnings.push(`bootstrap rank intervals skipped: leaders ranked by ${by}, which the bootstrap cannot re-score (use composite, communityPagerank, inDegree, coreness or authority)`);
  }
  let intervals: LeaderInterval[][] | null = null;
  if (bootstrapB > 0 && bootstrapMethods !== null) {
    const bootstrapOptions = { replicates: bootstrapB, seed: opts.seed, top: opts.top, methods: bootstrapMethods, maxWidth: opts.bootstrapMaxWidth };
    emit("bootstrap", "start", `${bootstrapB} replicates`);
    const replicates = (yield {
      kind: "bootstrap",
      index,
      membership,
      replicates: Array.from({ length: bootstrapB }, (_, b) => b),
      options: bootstrapOptions,
      label: "bootstrap replicates",
    }) as Int32Array[];
    intervals = combineBootstrap(index, membership, replicates, bootstrapOptions).leaders;
    emit("bootstrap", "end", `${bootstrapB} replicates`);
  }

  const bridges = run("bridges", () => {
    // Without betweenness, bridges are ranked by participation instead.
    if (betweenness === null) warnings.push("bridges ranked by participation (betweenness is off)");
    const rankBy = betweenness?.values ?? participation;
    return selectBridges(index, membership, rankBy, participation, { top: opts.bridges }).map((b) => b.node);
  });

  const keys = index.keys;
  const leaderRank = new Int32Array(n);
  for (const list of leaders.ranks) for (let r = 0; r < list.length; r++) leaderRank[list[r]] = r + 1;
  const { methodScores, ci } = spreaders;
  const { composite } = leaders;
  const columns = nodeColumns({
    n, pagerank, scores, degrees, eigenvector, coreness, participation, membership, roles,
    communityPagerank: leaders.communityPagerank, stability: consensus?.nodeStability ?? null,
    composite, methodScores, ci, leaderRank, intervals,
  });
  const nonFinite = countNonFinite(columns);
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
    ...(consensus !== null ? { stability: consensus.communityStability[c] } : {}),
  }));

  const params: AtlasParams = {
    weight,
    undirected: opts.undirected,
    resolution: opts.resolution,
    seed: opts.seed,
    directedModularity: opts.directedModularity,
    top: opts.top,
    by,
    pagerank: { alpha: opts.alpha },
    betweenness: {
      requested: opts.betweenness,
      mode: betweenness?.mode ?? "off",
      samples: betweenness?.samples ?? 0,
      weighted: betweenness?.weighted ?? false,
      ...(betweenness !== null && "epsilon" in betweenness
        ? { epsilon: betweenness.epsilon, delta: betweenness.delta, vertexDiameterBound: betweenness.vertexDiameterBound }
        : {}),
      exactMaxNodes: opts.exactBetweennessMaxNodes,
    },
    closeness: { computed: closenessComputed, maxNodes: opts.closenessMaxNodes },
    eigenvector: { converged: eigenvector !== null },
    communities: algorithm,
    ...(algorithm === "leiden" && consensusRuns === 0 ? { leidenIterations: leidenIterations(index) } : {}),
    consensus: {
      runs: consensusRuns,
      threshold: consensus !== null ? CONSENSUS_THRESHOLD : 0,
      rounds: consensus?.rounds ?? 0,
      converged: consensus?.converged ?? false,
    },
    bootstrap: {
      B: intervals !== null ? bootstrapB : 0,
      seed: opts.seed,
      maxWidth: opts.bootstrapMaxWidth,
      level: BOOTSTRAP_DEFAULTS.level,
      methods: intervals !== null && bootstrapMethods !== null ? bootstrapMethods : [],
    },
    composite: { methods: spreaders.methods },
    spreaders: { voteRank: true, leaderRankScore: true, collectiveInfluence: ci !== null, radius: 2 },
  };
  const meta: AtlasMeta = {
    version: ATLAS_VERSION,
    source: opts.source,
    createdAt: opts.createdAt,
    directed: index.directed,
    params,
    modularity: finiteOrNull(modularity) ?? 0,
    disconnectedCommunities: disconnected,
    summary,
    communities: communityList,
    bridges: bridges.map((i) => keys[i]),
    warnings,
  };
  return { atlas: meta, columns };
}

/** Threshold τ of the consensus co-assignment graph (`CONSENSUS_DEFAULTS.threshold`). */
const CONSENSUS_THRESHOLD = 0.5;


/** Σ k² over the undirected simple view: the work of the radius-2 ball search of Collective Influence. */
function squaredDegreeSum(index: CsrIndex): number {
  const view = index.directed ? undirectedView(index) : index;
  let sum = 0;
  for (let u = 0; u < view.order; u++) {
    const k = view.outOffsets[u + 1] - view.outOffsets[u];
    sum += k * k;
  }
  return sum;
}

/**
 * Betweenness from sampled node pairs with the Riondato–Kornaropoulos
 * guarantee (every node within ε of its normalized betweenness with
 * probability 1 − δ), on networkx's `normalized=True` scale: the estimate of
 * Σ over ordered pairs / n(n−1) times n/(n−2), so the bound there is ε·n/(n−2).
 * Hop counts only: a weighted index gets a warning.
 */
function pairBetweenness(index: CsrIndex, epsilon: number, delta: number, seed: number, warnings: string[]) {
  const rk = computeBetweennessRk(index, { epsilon, delta, seed });
  const n = index.order;
  const scale = n > 2 ? n / (n - 2) : 1;
  const values = rk.values;
  for (let i = 0; i < n; i++) values[i] *= scale;
  let weighted = false;
  for (let p = 0; p < index.outWeights.length && !weighted; p++) if (index.outWeights[p] !== 1) weighted = true;
  if (weighted) warnings.push("betweenness from sampled pairs counts hops: the edge weights were not used");
  return { values, mode: "pairs" as const, samples: rk.samples, weighted: false, epsilon: rk.epsilon, delta: rk.delta, vertexDiameterBound: rk.vertexDiameterBound };
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

/**
 * Leiden iterations of a single run: 2 (igraph's default) up to
 * `LEIDEN_ONE_ITERATION_EDGES` edges, 1 above, where the second iteration
 * doubles the time for about 4% more modularity (100k nodes / 1M edges:
 * 0.2405 in 1.7–2.6 s against 0.2498 in 2.7–3.9 s; graphology's Louvain 0.2348
 * in 2.5–3.1 s).
 */
export const LEIDEN_ONE_ITERATION_EDGES = 200_000;

function leidenIterations(index: CsrIndex): number {
  return index.size > LEIDEN_ONE_ITERATION_EDGES ? 1 : 2;
}
