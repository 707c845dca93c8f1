/** The Markdown report: for people. */
import type { AtlasGraph } from "../graph/model.ts";
import {
  escapeMarkdown as esc,
  formatNumber,
  METRIC_TITLES,
  summaryRows,
  TOP_ITEM_LISTS,
  topItemsLine,
  topItemsTitle,
} from "./format.ts";
import { buildReportModel, EDGELESS_NOTE, type ReportModel, type ReportOptions } from "./model.ts";

export function markdownReport(graph: AtlasGraph, options: ReportOptions = {}): string {
  return renderMarkdown(buildReportModel(graph, options));
}

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [];
  out.push(`# Influence atlas: ${esc(model.source || "graph")}`, "");
  if (model.edgeless) out.push(`> **Note.** ${EDGELESS_NOTE}`, "");
  out.push("## Graph", "", "| measure | value |", "|---|---|");
  for (const [k, v] of summaryRows(model)) out.push(`| ${esc(k)} | ${esc(v)} |`);
  out.push("");
  if (model.warnings.length > 0) {
    out.push("Warnings:", "");
    for (const w of model.warnings) out.push(`- ${esc(w)}`);
    out.push("");
  }

  out.push(`## Communities and their leaders (top ${model.top} by ${METRIC_TITLES[model.by] ?? model.by})`, "");
  const header = ["rank", "label", "key", ...model.scoreColumns.map((c) => METRIC_TITLES[c] ?? c)];
  for (const c of model.communities) {
    out.push(`### Community ${c.id}`, "");
    out.push(
      `Size ${c.size}, density ${formatNumber(c.density)}, conductance ${formatNumber(c.conductance)}, ` +
        `internal edges ${c.internalEdges}, modularity share ${formatNumber(c.modularityShare)}, ` +
        `reciprocity ${formatNumber(c.reciprocity)}.`,
      "",
    );
    out.push(row(header), row(header.map(() => "---")));
    for (const l of c.leaders) {
      out.push(
        row([String(l.rank), esc(l.label), esc(l.key), ...model.scoreColumns.map((s) => formatNumber(l.scores[s]))]),
      );
    }
    out.push("");
    if (model.hasTopItems) {
      const t = c.topItems;
      out.push(topItemsTitle(t?.posts), "");
      if (t && t.posts > 0) {
        for (const { list, title, prefix } of TOP_ITEM_LISTS) out.push(`- ${title}: ${topItemsLine(t[list], prefix, esc)}`);
        out.push("");
      }
    }
  }

  out.push("## Bridges", "");
  if (model.bridges.length === 0) out.push("No node links several communities.", "");
  else {
    const h = ["rank", "label", "key", "community", "betweenness", "participation", "PageRank"];
    out.push(row(h), row(h.map(() => "---")));
    for (const b of model.bridges) {
      out.push(
        row([
          String(b.rank),
          esc(b.label),
          esc(b.key),
          String(b.community),
          formatNumber(b.betweenness),
          formatNumber(b.participation),
          formatNumber(b.pagerank),
        ]),
      );
    }
    out.push("");
  }
  return out.join("\n");
}

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}
