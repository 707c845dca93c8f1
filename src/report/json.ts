/** The JSON report: for programs. */
import type { AtlasGraph } from "../graph/model.ts";
import { buildReportModel, EDGELESS_NOTE, type ReportModel, type ReportOptions } from "./model.ts";

export interface JsonReport {
  source: string;
  createdAt: string;
  directed: boolean;
  modularity: number;
  /** `leiden` or `louvain`. */
  communityAlgorithm: string;
  /** Communities not connected; `null` in older atlas files. */
  disconnectedCommunities: number | null;
  /** Consensus runs behind the communities and their stability (0 = off). */
  consensusRuns: number;
  /** Bootstrap replicates behind the leaders' rankLow/rankHigh (0 = none). */
  bootstrap: number;
  summary: ReportModel["summary"];
  params: ReportModel["params"];
  top: number;
  by: string;
  notes: string[];
  warnings: string[];
  /**
   * Each community carries its leaders (with role, stability, rankLow/rankHigh,
   * unstable), hubs and connectors, and `topItems` when the atlas has them (an interactions niche).
   */
  communities: ReportModel["communities"];
  bridges: ReportModel["bridges"];
}

export function jsonReport(graph: AtlasGraph, options: ReportOptions = {}): string {
  return renderJson(buildReportModel(graph, options));
}

export function renderJson(model: ReportModel): string {
  const report: JsonReport = {
    source: model.source,
    createdAt: model.createdAt,
    directed: model.directed,
    modularity: model.modularity,
    communityAlgorithm: model.communityAlgorithm,
    disconnectedCommunities: model.disconnectedCommunities,
    consensusRuns: model.consensusRuns,
    bootstrap: model.bootstrap,
    summary: model.summary,
    params: model.params,
    top: model.top,
    by: model.by,
    notes: model.edgeless ? [EDGELESS_NOTE] : [],
    warnings: model.warnings,
    communities: model.communities,
    bridges: model.bridges,
  };
  // Non-finite numbers cannot reach here (the model holds null instead); the
  // replacer is a last guard so the output is always valid JSON without NaN.
  return JSON.stringify(report, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
