/**
 * A stage of the analysis pipeline, described as Gephi Lite describes a
 * metric: what it needs (the index, other stages' outputs), how it runs
 * (`run`, a generator that may yield replicate batches to an executor), the
 * node attributes it gives (`columns`, named as in `NODE_ATTRIBUTES`) and its
 * block of `atlas.params`. `pipeline.ts` runs the registry (`stages/index.ts`)
 * in order.
 */
import type { AtlasGraph } from "../../graph/model.ts";
import type { AtlasParams, AtlasSummary, LeaderMetric } from "../atlas.ts";
import type { CsrIndex } from "../csr.ts";
import type { Degrees } from "../centrality/degree.ts";
import type { HitsResult } from "../centrality/hits.ts";
import type { BetweennessResult } from "../centrality/betweenness.ts";
import type { CommunityAlgorithm } from "../atlas.ts";
import type { CommunityStats } from "../communities/types.ts";
import type { ConsensusOutcome } from "../consensus-steps.ts";
import type { NodeRoles } from "../leaders/roles.ts";
import type { CompositeResult } from "../leaders/composite.ts";
import type { LeaderInterval } from "../leaders/bootstrap.ts";
import type { NodeAttributeName } from "../node-attributes.ts";
import type { NodeColumnValues } from "../node-columns.ts";
import type { resolveAnalyzeOptions } from "../pipeline-options.ts";
import type { ReplicateBatch, ReplicateResult } from "../replicates.ts";

export type ResolvedAnalyzeOptions = ReturnType<typeof resolveAnalyzeOptions>;

/** Betweenness as a stage gives it: sources (exact or sampled) or sampled pairs with their guarantee. */
export type BetweennessOutcome =
  | BetweennessResult
  | { values: Float64Array; mode: "pairs"; samples: number; weighted: false; epsilon: number; delta: number; vertexDiameterBound: number };

export interface CommunitiesOutcome {
  algorithm: CommunityAlgorithm;
  membership: Int32Array;
  count: number;
  modularity: number;
  /** Consensus runs combined (0: one run of `algorithm`). */
  runs: number;
  consensus: ConsensusOutcome | null;
  /** Communities whose induced subgraph is not connected. */
  disconnected: number;
  /** Leiden iterations of the single run (absent otherwise). */
  leidenIterations?: number;
}

export interface SpreadersOutcome {
  /** Methods the composite aggregates (and the bootstrap re-scores). */
  methods: string[];
  methodScores: Record<string, Float64Array>;
  /** Collective Influence CI₂, or `null` above its work limit. */
  ci: Float64Array | null;
}

export interface LeadersOutcome {
  /** The score the leaders were ranked by (composite when the asked one was not computed). */
  by: LeaderMetric;
  communityPagerank: Float64Array;
  /** Community id → its listed leaders (node indices), best first. */
  ranks: number[][];
  composite: CompositeResult;
  /** Rank of each listed leader in its community (1-based), 0 for the others. */
  leaderRank: Int32Array;
}

export interface BootstrapOutcome {
  B: number;
  methods: string[];
  intervals: LeaderInterval[][] | null;
}

/** What each stage gives, by stage name; the keys are the stage names. */
export interface StageOutputs {
  degree: Degrees;
  pagerank: Float64Array;
  hits: HitsResult | null;
  eigenvector: Float64Array | null;
  coreness: Float64Array;
  betweenness: BetweennessOutcome | null;
  closeness: { closeness: Float64Array; harmonic: Float64Array } | null;
  summary: AtlasSummary;
  communities: CommunitiesOutcome;
  "community stats": CommunityStats[];
  roles: NodeRoles;
  spreaders: SpreadersOutcome;
  leaders: LeadersOutcome;
  bootstrap: BootstrapOutcome;
  bridges: number[];
}
export type StageName = keyof StageOutputs;

export interface StageContext {
  readonly index: CsrIndex;
  readonly opts: ResolvedAnalyzeOptions;
  /** The edge attribute the index's weights came from (`null`: unweighted). */
  readonly weight: string | null;
  /** The graph, when the pipeline has one (graph-based Louvain needs it). */
  readonly graph: AtlasGraph | null;
  /** Warnings of the run, in the order the stages raise them. */
  readonly warnings: string[];
  /** The output of an earlier stage (one listed in `needs`). */
  get<K extends StageName>(name: K): StageOutputs[K];
}

/** A node attribute's values by node index (`null`: not computed, every node `null`), sparse with `present`. */
export interface StageColumn {
  values: NodeColumnValues | null;
  present?: Uint8Array;
}
export type StageColumns = Partial<Record<NodeAttributeName, StageColumn>>;

export type StageRun<T> = Generator<ReplicateBatch, T, readonly ReplicateResult[]>;

export interface Stage<K extends StageName> {
  readonly name: K;
  /** Stages whose outputs `run` reads (each runs earlier in the registry). */
  readonly needs: readonly StageName[];
  /** Words for progress displays (e.g. `approx, 256 samples`). */
  detail?(ctx: StageContext): string | undefined;
  run(ctx: StageContext): StageRun<StageOutputs[K]>;
  /** Its node attributes (every `always` attribute of `NODE_ATTRIBUTES` of this stage must be given). */
  columns?(out: StageOutputs[K], ctx: StageContext): StageColumns;
  /** Its block of `atlas.params`. */
  params?(out: StageOutputs[K], ctx: StageContext): Partial<AtlasParams>;
}

export type AnyStage = { [K in StageName]: Stage<K> }[StageName];

/** A stage whose `run` yields nothing. */
export function* computed<T>(value: () => T): StageRun<T> {
  return value();
}
