/**
 * The registry of the analysis stages, in the order they run, and the loop
 * that runs them: each stage's output is kept for the stages that need it,
 * its node attributes become columns in `NODE_ATTRIBUTES` order, its block of
 * `atlas.params` is merged.
 */
import type { AtlasParams } from "../atlas.ts";
import { NODE_ATTRIBUTES, type NodeAttributeName } from "../node-attributes.ts";
import type { NodeColumn } from "../node-columns.ts";
import {
  betweennessStage,
  closenessStage,
  corenessStage,
  degreeStage,
  eigenvectorStage,
  hitsStage,
  pagerankStage,
  summaryStage,
} from "./centrality.ts";
import { communitiesStage, communityStatsStage, rolesStage } from "./communities.ts";
import { bootstrapStage, bridgesStage, leadersStage, spreadersStage } from "./leaders.ts";
import type { AnyStage, StageColumn, StageContext, StageName, StageOutputs, StageRun } from "./stage.ts";

export type { StageContext, StageName, StageOutputs } from "./stage.ts";
export { LEIDEN_ONE_ITERATION_EDGES } from "./communities.ts";

/** Every stage, in the order the pipeline runs them (each after the stages it needs). */
export const STAGES: readonly AnyStage[] = Object.freeze([
  degreeStage,
  pagerankStage,
  hitsStage,
  eigenvectorStage,
  corenessStage,
  betweennessStage,
  closenessStage,
  summaryStage,
  communitiesStage,
  communityStatsStage,
  rolesStage,
  spreadersStage,
  leadersStage,
  bootstrapStage,
  bridgesStage,
]);

export type StageEmit = (stage: StageName, phase: "start" | "end", detail?: string) => void;

export interface StagesResult {
  outputs: StageOutputs;
  /** Node attributes in `NODE_ATTRIBUTES` order (the optional ones only where their stage gave them). */
  columns: NodeColumn[];
  /** The stages' blocks of `atlas.params`, merged. */
  params: Partial<AtlasParams>;
}

/** Runs `STAGES` over `base` (the context without `get`), yielding their replicate batches. */
export function* runStages(base: Omit<StageContext, "get">, emit: StageEmit): StageRun<StagesResult> {
  const outputs: Partial<StageOutputs> = {};
  const ctx: StageContext = {
    ...base,
    get<K extends StageName>(name: K): StageOutputs[K] {
      if (!(name in outputs)) throw new Error(`analyze/stages: stage "${name}" read before it ran; order STAGES after their needs`);
      return outputs[name] as StageOutputs[K];
    },
  };
  const given = new Map<string, StageColumn>();
  let params: Partial<AtlasParams> = {};
  for (const stage of STAGES) {
    const detail = stage.detail?.(ctx);
    emit(stage.name, "start", detail);
    const out = yield* (stage.run as (c: StageContext) => StageRun<unknown>)(ctx);
    (outputs as Record<string, unknown>)[stage.name] = out;
    const columns = (stage.columns as ((o: unknown, c: StageContext) => Partial<Record<NodeAttributeName, StageColumn>>) | undefined)?.(out, ctx) ?? {};
    for (const [name, column] of Object.entries(columns)) {
      const spec = NODE_ATTRIBUTES.find((a) => a.name === name);
      if (spec === undefined || spec.stage !== stage.name) throw new Error(`analyze/stages: stage "${stage.name}" gives "${name}", which NODE_ATTRIBUTES does not give to it`);
      given.set(name, column as StageColumn);
    }
    params = { ...params, ...(stage.params as ((o: unknown, c: StageContext) => Partial<AtlasParams>) | undefined)?.(out, ctx) };
    emit(stage.name, "end", detail);
  }
  return { outputs: outputs as StageOutputs, columns: attributeColumns(given), params };
}

/** The given columns as `NodeColumn`s in attribute order; an `always` attribute its stage did not give is a bug. */
function attributeColumns(given: ReadonlyMap<string, StageColumn>): NodeColumn[] {
  const columns: NodeColumn[] = [];
  for (const spec of NODE_ATTRIBUTES) {
    const column = given.get(spec.name);
    if (column === undefined) {
      if (spec.presence === "always") throw new Error(`analyze/stages: stage "${spec.stage}" did not give "${spec.name}"`);
      continue;
    }
    const nonFinite = "nonFinite" in spec ? spec.nonFinite : undefined;
    columns.push({
      name: spec.name,
      type: spec.type,
      values: column.values,
      ...(nonFinite !== undefined ? { nonFinite } : {}),
      ...(column.present !== undefined ? { present: column.present } : {}),
    });
  }
  return columns;
}
