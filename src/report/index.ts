/** Reports of an analyzed graph: pure string builders (no I/O). */
import type { AtlasGraph } from "../graph/model.ts";
import { UsageError } from "../shared/errors.ts";
import { csvReport } from "./csv.ts";
import { htmlReport } from "./html.ts";
import { jsonReport } from "./json.ts";
import { markdownReport } from "./markdown.ts";
import type { ReportOptions } from "./model.ts";

export { csvReport } from "./csv.ts";
export { htmlReport, renderHtml } from "./html.ts";
export { jsonReport, renderJson, type JsonReport } from "./json.ts";
export { markdownReport, renderMarkdown } from "./markdown.ts";
export {
  atlasMeta,
  buildReportModel,
  type CommunityTopItems,
  EDGELESS_NOTE,
  nodeTable,
  rankByAttribute,
  type ReportBridge,
  type ReportCommunity,
  type ReportLeader,
  type ReportModel,
  type ReportOptions,
  type TopItem,
} from "./model.ts";
export { TOP_ITEM_LISTS, topItemsLine } from "./format.ts";

export const REPORT_FORMATS = ["md", "csv", "json", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The report of `graph` (an analyzed graph) in `format`. */
export function renderReport(graph: AtlasGraph, format: ReportFormat, options: ReportOptions = {}): string {
  switch (format) {
    case "md":
      return markdownReport(graph, options);
    case "csv":
      return csvReport(graph);
    case "json":
      return jsonReport(graph, options);
    case "html":
      return htmlReport(graph, options);
    default:
      throw new UsageError(`report: unknown format "${String(format)}"; use md, csv, json or html`);
  }
}
