/**
 * The niche comparison as one self-contained HTML page: the profile tables
 * and five plots drawn by @observablehq/plot as inline SVG (degree CCDFs on
 * log–log axes, community sizes, PageRank Lorenz curves, z-scores). Plot runs
 * here in Node on linkedom's DOM (`document` option), so the page needs no
 * script and no network.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { Z_METRICS } from "../../analyze/compare/null-model.ts";
import type { NicheComparison } from "../../analyze/compare/types.ts";
import { escapeHtml } from "../format.ts";
import { fmt, leaderName, profileSections, type Section, Z_TITLES, zSection } from "./rows.ts";

const WIDTH = 540;
const HEIGHT = 340;

type PlotOptions = Parameters<typeof Plot.plot>[0];

function render(document: Document, options: PlotOptions): string {
  const node = Plot.plot({ ...options, document, width: WIDTH, height: HEIGHT, style: { background: "white" } } as PlotOptions);
  return (node as unknown as { outerHTML: string }).outerHTML;
}

function figure(title: string, caption: string, svg: string): string {
  return `<figure class="plot"><figcaption><strong>${escapeHtml(title)}</strong> — ${escapeHtml(caption)}</figcaption>${svg}</figure>`;
}

function tableHtml(section: Section, names: readonly string[]): string {
  const head = `<tr><th></th>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")}</tr>`;
  const body = section.rows
    .map(
      (r) =>
        `<tr><th scope="row"${r.hint ? ` title="${escapeHtml(r.hint)}"` : ""}>${escapeHtml(r.label)}</th>${r.cells
          .map((c) => `<td>${escapeHtml(c)}</td>`)
          .join("")}</tr>`,
    )
    .join("");
  return `<section><h2>${escapeHtml(section.title)}</h2><table><thead>${head}</thead><tbody>${body}</tbody></table></section>`;
}

/** The plots as `{ id, html }` (exported for tests). */
export function comparePlots(result: NicheComparison): { id: string; html: string }[] {
  const { document } = parseHTML("<!doctype html><html><head></head><body></body></html>");
  const doc = document as unknown as Document;
  const names = result.niches.map((n) => n.name);
  const color = { legend: true, type: "ordinal" as const, domain: names, scheme: "tableau10" as const };
  const plots: { id: string; html: string }[] = [];

  // Undirected niches have one degree: one CCDF plot when no niche is directed.
  const anyDirected = result.niches.some((n) => n.size.directed);
  for (const which of anyDirected ? (["inDegree", "outDegree"] as const) : (["inDegree"] as const)) {
    const rows = result.niches.flatMap((n) => n.shape[which].ccdf.k.map((k, i) => ({ niche: n.name, k, p: n.shape[which].ccdf.p[i] })));
    const label = !anyDirected ? "degree" : which === "inDegree" ? "in-degree" : "out-degree";
    plots.push({
      id: `ccdf-${label}`,
      html: figure(
        `${label[0].toUpperCase()}${label.slice(1)} CCDF`,
        `share of nodes with ${label} ≥ k, log–log${anyDirected && result.niches.some((n) => !n.size.directed) ? " (undirected niches: the degree)" : ""}`,
        render(doc, {
          marginLeft: 52,
          x: { type: "log", label: `${label} k`, grid: true },
          y: { type: "log", label: "P(K ≥ k)", grid: true, tickFormat: "~g" },
          color,
          marks: [Plot.line(rows, { x: "k", y: "p", stroke: "niche", curve: "step-after" }), Plot.dot(rows, { x: "k", y: "p", stroke: "niche", r: 1.5 })],
        }),
      ),
    });
  }

  const sizes = result.niches.flatMap((n) => n.communities.sizes.map((s, i) => ({ niche: n.name, rank: i + 1, size: s })));
  plots.push({
    id: "community-sizes",
    html: figure(
      "Community sizes",
      "size of each Louvain community by rank, log–log",
      render(doc, {
        x: { type: "log", label: "rank", grid: true },
        y: { type: "log", label: "community size (nodes)", grid: true },
        color,
        marks: [Plot.line(sizes, { x: "rank", y: "size", stroke: "niche" }), Plot.dot(sizes, { x: "rank", y: "size", fill: "niche", r: 2 })],
      }),
    ),
  });

  const lorenz = result.niches.flatMap((n) => n.leadership.lorenz.x.map((x, i) => ({ niche: n.name, x, y: n.leadership.lorenz.y[i] })));
  plots.push({
    id: "lorenz",
    html: figure(
      "PageRank Lorenz curves",
      "share of PageRank held by the bottom share of nodes; the diagonal is perfect equality",
      render(doc, {
        x: { label: "share of nodes (by increasing PageRank)", domain: [0, 1], grid: true },
        y: { label: "share of PageRank", domain: [0, 1], grid: true },
        color,
        marks: [
          Plot.line([{ x: 0, y: 0 }, { x: 1, y: 1 }], { x: "x", y: "y", stroke: "#999", strokeDasharray: "4,3" }),
          Plot.line(lorenz, { x: "x", y: "y", stroke: "niche" }),
        ],
      }),
    ),
  });

  const zs = result.niches.flatMap((n) =>
    Z_METRICS.flatMap((m) => {
      const z = n.nullModel?.scores[m].z;
      return z === null || z === undefined ? [] : [{ niche: n.name, metric: Z_TITLES[m], z }];
    }),
  );
  if (zs.length > 0) {
    plots.push({
      id: "z-scores",
      html: figure(
        "z-scores against degree-preserving randomizations",
        "dashed lines at ±2; symlog axis",
        render(doc, {
          marginLeft: 150,
          x: { type: "symlog", label: "z", grid: true },
          y: { label: null, domain: Z_METRICS.map((m) => Z_TITLES[m]).filter((t) => zs.some((z) => z.metric === t)) },
          color,
          marks: [
            Plot.ruleX([0]),
            Plot.ruleX([-2, 2], { stroke: "#999", strokeDasharray: "4,3" }),
            Plot.dot(zs, { x: "z", y: "metric", fill: "niche", r: 4 }),
          ],
        }),
      ),
    });
  }
  return plots;
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #999}tbody th{font-weight:500;color:#444}figure.plot{margin:1rem 0 2rem}figcaption{margin-bottom:.4rem}
.plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:1rem}code{font-size:90%}`;

export function compareHtml(result: NicheComparison): string {
  const names = result.niches.map((n) => n.name);
  const p = result.params;
  const tables = profileSections(result.niches).map((s) => tableHtml(s, names));
  const z = zSection(result.niches);
  if (z) tables.push(tableHtml(z, names));
  const leaders = `<section><h2>Leaders (top ${p.top} by PageRank)</h2><table><thead><tr><th>rank</th>${names
    .map((n) => `<th>${escapeHtml(n)}</th>`)
    .join("")}</tr></thead><tbody>${Array.from(
    { length: Math.max(0, ...result.niches.map((n) => n.leadership.leaders.length)) },
    (_, i) =>
      `<tr><th>${i + 1}</th>${result.niches
        .map((n) => `<td>${i < n.leadership.leaders.length ? `${escapeHtml(leaderName(n, i))} (${fmt(n.leadership.leaderScores[i], 3)})` : ""}</td>`)
        .join("")}</tr>`,
  ).join("")}</tbody></table></section>`;
  const overlaps =
    result.overlaps.length === 0
      ? ""
      : `<section><h2>Overlap (niches of the same platform)</h2><table><thead><tr><th>niches</th><th>shared accounts</th><th>account Jaccard</th><th>leader Jaccard</th></tr></thead><tbody>${result.overlaps
          .map((o) => `<tr><td>${escapeHtml(o.a)} · ${escapeHtml(o.b)}</td><td>${o.sharedNodes}</td><td>${fmt(o.nodeJaccard)}</td><td>${fmt(o.leaderJaccard)}</td></tr>`)
          .join("")}</tbody></table></section>`;
  const plots = comparePlots(result)
    .map((pl) => `<div id="${pl.id}">${pl.html}</div>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Niche comparison: ${escapeHtml(names.join(", "))}</title><style>${CSS}</style></head>
<body><h1>Niche comparison</h1>
<ul>${result.niches.map((n) => `<li><strong>${escapeHtml(n.name)}</strong>: <code>${escapeHtml(n.source)}</code></li>`).join("")}</ul>
<p>Seed ${p.seed}; Louvain resolution ${p.resolution}; ${
    p.replicates > 0 ? `${p.replicates} degree-preserving randomizations per niche (${p.swapsPerEdge} swap attempts per edge)` : "no randomizations"
  }. Definitions: README, “Comparing niches”.</p>
<div class="plots">${plots}</div>
${tables.join("\n")}
${leaders}
${overlaps}
</body></html>
`;
}
