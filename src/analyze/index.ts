/**
 * Public API of `src/analyze`: the pipeline (`analyzeGraph`), the atlas file
 * contract, the shared index, and every metric, community and leader function.
 * Browser-safe (no Node imports): the viewer runs it in a web worker.
 */
export {
  analysisSteps,
  analyzeGraph,
  analyzeGraphAsync,
  ANALYZE_DEFAULTS,
  ANALYZE_STAGES,
  type AnalyzeOptions,
  type AnalyzeProgress,
  type AnalyzeResult,
  type AnalyzeRunOptions,
  type AnalyzeStage,
} from "./pipeline.ts";
export {
  batchSize,
  inlineExecutor,
  runBatchSync,
  runReplicateJob,
  type BootstrapBatch,
  type ConsensusBatch,
  type ReplicateBatch,
  type ReplicateExecutor,
  type ReplicateProgress,
} from "./replicates.ts";
export { consensusPartition } from "./consensus-steps.ts";
export {
  assertAtlasExport,
  ATLAS_VERSION,
  COMMUNITY_ALGORITHMS,
  LEADER_NODE_METRICS,
  leaderMetricAttribute,
  type CommunityAlgorithm,
  type LeaderNodeMetric,
  finiteOrNull,
  isAtlasExport,
  isLeaderMetric,
  LEADER_METRICS,
  NODE_METRICS,
  sanitizeJson,
  type AtlasCommunity,
  type AtlasExport,
  type AtlasMeta,
  type AtlasNodeAttributes,
  type AtlasParams,
  type AtlasSummary,
  type BetweennessRequest,
  type LeaderMetric,
  type NodeMetric,
} from "./atlas.ts";
export { csrFromEdges, csrFromGraph, type CsrIndex, type CsrOptions, type EdgeStream } from "./csr.ts";
export { createRng, randomInt, type Rng } from "./rng.ts";

export { computeDegrees, degrees, DEGREE_DEFAULTS, DEGREE_FIELDS, type Degrees, type DegreeOptions } from "./centrality/degree.ts";
export {
  computePagerank,
  pagerank,
  PAGERANK_DEFAULTS,
  personalizationVector,
  type PagerankGraphOptions,
  type PagerankOptions,
  type Personalization,
} from "./centrality/pagerank.ts";
export { computeHits, hits, HITS_DEFAULTS, type HitsGraphOptions, type HitsOptions, type HitsResult } from "./centrality/hits.ts";
export {
  computeEigenvector,
  eigenvectorCentrality,
  EIGENVECTOR_DEFAULTS,
  type EigenvectorGraphOptions,
  type EigenvectorOptions,
} from "./centrality/eigenvector.ts";
export { computeCoreness, coreness, CORENESS_DEFAULTS, type CorenessOptions } from "./centrality/coreness.ts";
export {
  betweenness,
  BETWEENNESS_DEFAULTS,
  computeBetweenness,
  type BetweennessOptions,
  type BetweennessResult,
} from "./centrality/betweenness.ts";
export {
  closeness,
  CLOSENESS_DEFAULTS,
  computeCloseness,
  PATH_METRICS_MAX_NODES,
  PATH_METRICS_MAX_WORK,
  pathMetricsFeasible,
} from "./centrality/closeness.ts";
export { computeHarmonic, harmonic, HARMONIC_DEFAULTS } from "./centrality/harmonic.ts";
export { graphSummary, summarize, type GraphSummary } from "./summary.ts";
export * from "./communities/index.ts";
export * from "./leaders/index.ts";
export * from "./spreaders/index.ts";
