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
import { ATLAS_VERSION, type AtlasCommunity, type AtlasMeta, type AtlasParams, finiteOrNull } from "./atlas.ts";
import { csrFromGraph, type CsrIndex } from "./csr.ts";
import { OPTIONAL_ATTRIBUTES } from "./node-attributes.ts";
import { countNonFinite, type NodeColumn, writeNodeColumns } from "./node-columns.ts";
import { runStages, STAGES, type StageName } from "./stages/index.ts";
import { ANALYZE_DEFAULTS, type AnalyzeOptions, resolveAnalyzeOptions } from "./pipeline-options.ts";
import { inlineExecutor, runBatchSync, throwIfAborted, type ReplicateBatch, type ReplicateExecutor, type ReplicateProgress, type ReplicateResult } from "./replicates.ts";

export { ANALYZE_DEFAULTS, type AnalyzeOptions, resolveAnalyzeOptions };

export type AnalyzeStage = "index" | StageName | "attributes";

/** Stages in the order they run (for progress displays): the index, the registry's stages, the attributes. */
export const ANALYZE_STAGES: readonly AnalyzeStage[] = Object.freeze(["index", ...STAGES.map((s) => s.name), "attributes"]);

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
  const index = csrFromGraph(graph, { getEdgeWeight: weight });
  emit("index", "end");
  const { atlas, columns } = yield* indexStages(index, opts, { ...options, weight }, emit, graph);
  emit("attributes", "start");
  writeNodeColumns(graph, index.keys, columns, OPTIONAL_ATTRIBUTES);
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

/** Every stage of the registry over `index`, then the atlas meta; `graph` (when there is one) serves graph-based Louvain. */
function* indexStages(
  index: CsrIndex,
  opts: ReturnType<typeof resolveAnalyzeOptions>,
  given: AnalyzeOptions,
  emit: Emit,
  graph: AtlasGraph | null,
): Generator<ReplicateBatch, { atlas: AtlasMeta; columns: NodeColumn[] }, readonly ReplicateResult[]> {
  const warnings: string[] = [];
  const weight = given.weight === undefined ? opts.weight : given.weight;
  const { outputs, columns, params } = yield* runStages({ index, opts, weight, graph, warnings }, emit);
  const nonFinite = countNonFinite(columns);
  if (nonFinite > 0) warnings.push(`${nonFinite} non-finite metric values were written as null`);

  const keys = index.keys;
  const { consensus } = outputs.communities;
  const communities: AtlasCommunity[] = outputs["community stats"].map((s, c) => ({
    id: s.id,
    size: s.size,
    density: finiteOrNull(s.density) ?? 0,
    conductance: finiteOrNull(s.conductance) ?? 0,
    internalEdges: s.internalEdges,
    modularityShare: finiteOrNull(s.modularityShare) ?? 0,
    reciprocity: finiteOrNull(s.reciprocity),
    leaders: (outputs.leaders.ranks[c] ?? []).map((i) => keys[i]),
    ...(consensus !== null ? { stability: consensus.communityStability[c] } : {}),
  }));
  const meta: AtlasMeta = {
    version: ATLAS_VERSION,
    source: opts.source,
    createdAt: opts.createdAt,
    directed: index.directed,
    params: { weight, undirected: opts.undirected, seed: opts.seed, ...params } as AtlasParams,
    modularity: finiteOrNull(outputs.communities.modularity) ?? 0,
    disconnectedCommunities: outputs.communities.disconnected,
    summary: outputs.summary,
    communities,
    bridges: outputs.bridges.map((i) => keys[i]),
    warnings,
  };
  return { atlas: meta, columns };
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

export { LEIDEN_ONE_ITERATION_EDGES } from "./stages/index.ts";
