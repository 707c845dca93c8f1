/**
 * The HTML report: one self-contained file (inline CSS and JS, no external
 * resource), the same tables as the Markdown report, sortable by clicking a
 * column header.
 */
import type { AtlasGraph } from "../graph/model.ts";
import {
  escapeHtml as esc,
  formatNumber,
  METRIC_TITLES,
  roleLabel,
  summaryRows,
  TOP_ITEM_LISTS,
  isWebUrl,
  topItemsLine,
  topItemsTitle,
} from "./format.ts";
import { buildReportModel, EDGELESS_NOTE, leaderColumns, type ReportMember, type ReportModel, type ReportOptions } from "./model.ts";

export function htmlReport(graph: AtlasGraph, options: ReportOptions = {}): string {
  return renderHtml(buildReportModel(graph, options));
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3}table.sortable th{cursor:pointer}td.num{text-align:right;font-variant-numeric:tabular-nums}
.note{background:#fff6d5;padding:.5em 1em;border-left:4px solid #e0b000}
tr.unstable td,span.unstable{color:#a04000;font-style:italic}`;

// Sorts a table by the clicked column (its index in its own row, th.cellIndex: every table on its
// own); numeric when the cells carry data-v.
const SCRIPT = `document.querySelectorAll("table.sortable th").forEach(function(th){th.addEventListener("click",function(){
var i=th.cellIndex,tb=th.closest("table").tBodies[0],rows=Array.from(tb.rows),asc=th.dataset.dir!=="asc";th.dataset.dir=asc?"asc":"desc";
function v(r){var c=r.cells[i],x=c.getAttribute("data-v");return x===null?c.textContent:(x===""?-1e308:+x)}
rows.sort(function(a,b){var x=v(a),y=v(b),d=typeof x==="number"?x-y:String(x).localeCompare(String(y));return asc?d:-d});
rows.forEach(function(r){tb.appendChild(r)})})});`;

export function renderHtml(model: ReportModel): string {
  const title = `Influence atlas: ${model.source || "graph"}`;
  const out: string[] = [];
  out.push(
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
  );
  if (model.edgeless) out.push(`<p class="note">${esc(EDGELESS_NOTE)}</p>`);
  out.push("<h2>Graph</h2><table><tbody>");
  for (const [k, v] of summaryRows(model)) out.push(`<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`);
  out.push("</tbody></table>");
  if (model.warnings.length > 0) {
    out.push("<p>Warnings:</p><ul>", ...model.warnings.map((w) => `<li>${esc(w)}</li>`), "</ul>");
  }

  out.push(`<h2>Communities and their leaders (top ${model.top} by ${esc(METRIC_TITLES[model.by] ?? model.by)})</h2>`);
  if (model.bootstrap > 0) {
    out.push(
      `<p>Rank interval: where the leader's rank falls in 90% of ${model.bootstrap} bootstrap resamplings of the edges; ` +
        '<span class="unstable">unstable</span>: it leaves the top list in more than 5% of them, or the interval is wide.</p>',
    );
  }
  const columns = leaderColumns(model);
  const header = ["rank", "label", "key", ...columns.map((c) => c.title), ...model.scoreColumns.map((c) => METRIC_TITLES[c] ?? c)];
  for (const c of model.communities) {
    out.push(
      `<h3>Community ${c.id}</h3>`,
      `<p>Size ${c.size}, density ${formatNumber(c.density)}, conductance ${formatNumber(c.conductance)}, ` +
        `internal edges ${c.internalEdges}, modularity share ${formatNumber(c.modularityShare)}, ` +
        `reciprocity ${formatNumber(c.reciprocity)}` +
        (c.stability !== null ? `, stability ${formatNumber(c.stability)}` : "") +
        ".</p>",
    );
    out.push(tableHead(header));
    for (const l of c.leaders) {
      out.push(
        `<tr${l.unstable ? ' class="unstable"' : ""}>` +
          num(l.rank) +
          text(l.label) +
          text(l.key) +
          columns.map((col) => `<td data-v="${col.value(l) ?? ""}">${esc(col.cell(l))}</td>`).join("") +
          model.scoreColumns.map((s) => num(l.scores[s])).join("") +
          "</tr>",
      );
    }
    out.push("</tbody></table>");
    if (model.hasRoles) {
      const member = (m: ReportMember, value: string): string => `${esc(m.label)} (${esc(roleLabel(m.role, m.roleName))}, ${esc(value)})`;
      out.push(
        '<ul class="roles">',
        `<li>Hubs (its leaders by role, z ≥ 2.5): ` +
          (c.hubs.length ? c.hubs.map((m) => member(m, `z ${formatNumber(m.withinModuleZ)}`)).join(", ") : "none; its top leaders above lead it") +
          "</li>",
        `<li>Connectors (bridges to other niches, R3/R4/R6/R7): ` +
          (c.connectors.length ? c.connectors.map((m) => member(m, `participation ${formatNumber(m.participation)}`)).join(", ") : "none") +
          "</li>",
        "</ul>",
      );
    }
    if (model.hasTopItems) {
      const t = c.topItems;
      out.push(`<p>${esc(topItemsTitle(t?.posts))}</p>`);
      if (t && t.posts > 0) {
        out.push('<ul class="top-items">');
        for (const { list, title, prefix } of TOP_ITEM_LISTS) {
          out.push(`<li>${esc(title)}: ${topItemsLine(t[list], prefix, list === "urls" ? link : esc)}</li>`);
        }
        out.push("</ul>");
      }
    }
  }

  out.push("<h2>Bridges</h2>");
  if (model.bridges.length === 0) out.push("<p>No node links several communities.</p>");
  else {
    out.push(tableHead(["rank", "label", "key", "community", "betweenness", "participation", "PageRank"]));
    for (const b of model.bridges) {
      out.push(
        "<tr>" +
          num(b.rank) +
          text(b.label) +
          text(b.key) +
          num(b.community) +
          num(b.betweenness) +
          num(b.participation) +
          num(b.pagerank) +
          "</tr>",
      );
    }
    out.push("</tbody></table>");
  }
  out.push(`<script>${SCRIPT}</script>`, "</body></html>", "");
  return out.join("\n");
}

function tableHead(cells: string[]): string {
  return `<table class="sortable"><thead><tr>${cells.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>`;
}

function num(v: number | null): string {
  const raw = v === null || !Number.isFinite(v) ? "" : String(v);
  return `<td class="num" data-v="${raw}">${esc(formatNumber(v))}</td>`;
}

/** An http(s) URL as a link (anything else as text). */
function link(url: string): string {
  return isWebUrl(url) ? `<a href="${esc(url)}" rel="nofollow noopener">${esc(url)}</a>` : esc(url);
}

function text(v: string): string {
  return `<td>${esc(v)}</td>`;
}
