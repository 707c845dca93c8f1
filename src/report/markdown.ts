/** The Markdown report: for people. */
import type { AtlasGraph } from "../graph/model.ts";
import {
  escapeMarkdown as esc,
  formatNumber,
  markdownUrl,
  METRIC_TITLES,
  roleLabel,
  summaryRows,
  TOP_ITEM_LISTS,
  topItemsLine,
  topItemsTitle,
} from "./format.ts";
import { buildReportModel, EDGELESS_NOTE, leaderColumns, type ReportMember, type ReportModel, type ReportOptions } from "./model.ts";

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
  if (model.bootstrap > 0) {
    out.push(
      `Rank interval: where the leader's rank falls in 90% of ${model.bootstrap} bootstrap resamplings of the edges; ` +
        "unstable: it leaves the top list in more than 5% of them, or the interval is wide.",
      "",
    );
  }
  const columns = leaderColumns(model);
  const header = ["rank", "label", "key", ...columns.map((c) => c.title), ...model.scoreColumns.map((c) => METRIC_TITLES[c] ?? c)];
  for (const c of model.communities) {
    out.push(`### Community ${c.id}`, "");
    out.push(
      `Size ${c.size}, density ${formatNumber(c.density)}, conductance ${formatNumber(c.conductance)}, ` +
        `internal edges ${c.internalEdges}, modularity share ${formatNumber(c.modularityShare)}, ` +
        `reciprocity ${formatNumber(c.reciprocity)}` +
        (c.stability !== null ? `, stability ${formatNumber(c.stability)}` : "") +
        ".",
      "",
    );
    out.push(row(header), row(header.map(() => "---")));
    for (const l of c.leaders) {
      out.push(
        row([
          String(l.rank),
          esc(l.label),
          esc(l.key),
          ...columns.map((col) => esc(col.cell(l))),
          ...model.scoreColumns.map((s) => formatNumber(l.scores[s])),
        ]),
      );
    }
    out.push("");
    if (model.hasRoles) {
      const member = (m: ReportMember, value: string): string => `${esc(m.label)} (${esc(roleLabel(m.role, m.roleName))}, ${value})`;
      out.push(
        `- Hubs (its leaders by role, z ≥ 2.5): ` +
          (c.hubs.length ? c.hubs.map((m) => member(m, `z ${formatNumber(m.withinModuleZ)}`)).join(", ") : "none; its top leaders above lead it"),
        `- Connectors (bridges to other niches, R3/R4/R6/R7): ` +
          (c.connectors.length ? c.connectors.map((m) => member(m, `participation ${formatNumber(m.participation)}`)).join(", ") : "none"),
        "",
      );
    }
    if (model.hasTopItems) {
      const t = c.topItems;
      out.push(topItemsTitle(t?.posts), "");
      if (t && t.posts > 0) {
        for (const { list, title, prefix } of TOP_ITEM_LISTS) out.push(`- ${title}: ${topItemsLine(t[list], prefix, list === "urls" ? markdownUrl : esc)}`);
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
