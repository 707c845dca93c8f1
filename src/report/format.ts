/** Number formatting and escaping shared by the report writers. */
import { NODE_ATTRIBUTES } from "../analyze/node-attributes.ts";

/** A number for people: integers as is, others with 6 significant digits; `null` as an en dash. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

/**
 * Escapes text for Markdown (a table cell, a list item, a heading): the
 * characters that open links and images (`[`, `]`), inline HTML, autolinks
 * and entities (`<`, `>`, `&`), code spans and table cells are
 * backslash-escaped as CommonMark allows, so a label such as `<img onerror=…>`
 * or `[x](javascript:…)` renders as its own text; emphasis characters are
 * left alone (they can only style text); line breaks become spaces. The colon
 * of `://` is escaped too, so that renderers which autolink bare URLs by
 * scanning the source (markdown-it's linkify) make no link of a label and do
 * not take an escaping backslash into one.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`[\]<>&|]/g, "\\$&").replace(/:\/\//g, "\\://").replace(/[\r\n]+/g, " ");
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Human names of the leader metrics and node metrics, for table headers (`NODE_ATTRIBUTES` titles). */
export const METRIC_TITLES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries([
    ["composite", "composite score"],
    ...NODE_ATTRIBUTES.filter((a) => a.group === "centrality" || a.group === "metric").map((a) => [a.name, a.title]),
  ]),
);

/** Rows of the graph summary table: [name, value]. */
export function summaryRows(model: {
  source: string;
  directed: boolean;
  modularity: number;
  summary: import("../analyze/atlas.ts").AtlasSummary;
  communities: readonly unknown[];
  params: import("../analyze/atlas.ts").AtlasParams;
  disconnectedCommunities?: number | null;
}): [string, string][] {
  const s = model.summary;
  const b = model.params.betweenness;
  const p = model.params;
  const algorithm = p.communities ?? "louvain";
  const consensus = p.consensus && p.consensus.runs > 0 ? `, consensus of ${p.consensus.runs} runs` : "";
  const extra: [string, string][] = [
    ["community algorithm", `${ALGORITHM_TITLES[algorithm] ?? algorithm} (seed ${p.seed}, resolution ${formatNumber(p.resolution)}${consensus})`],
  ];
  if (model.disconnectedCommunities !== undefined && model.disconnectedCommunities !== null) {
    extra.push(["disconnected communities", String(model.disconnectedCommunities)]);
  }
  if (p.bootstrap && p.bootstrap.B > 0) {
    extra.push([
      "rank intervals",
      `${Math.round((p.bootstrap.level ?? 0.9) * 100)}% bootstrap, ${p.bootstrap.B} edge resamplings (seed ${p.bootstrap.seed}); unstable beyond width ${p.bootstrap.maxWidth}`,
    ]);
  }
  return [
    ["source", model.source || "–"],
    ["directed", model.directed ? "yes" : "no"],
    ["nodes", formatNumber(s.nodes)],
    ["edges", formatNumber(s.edges)],
    ["self-loops", formatNumber(s.selfLoops)],
    ["density", formatNumber(s.density)],
    ["reciprocity", formatNumber(s.reciprocity)],
    ["weak components", formatNumber(s.weakComponents)],
    ["strong components", formatNumber(s.strongComponents)],
    ["largest weak component share", formatNumber(s.largestWeakShare)],
    ["average clustering", formatNumber(s.averageClustering)],
    ["degree assortativity", formatNumber(s.assortativity)],
    ["communities", String(model.communities.length)],
    ...extra,
    ["modularity", formatNumber(model.modularity)],
    [
      "betweenness",
      b.mode === "approx"
        ? `approximate, ${b.samples} sampled sources`
        : b.mode === "pairs"
          ? `approximate, ${b.samples} sampled pairs (within ${b.epsilon} with probability ${1 - (b.delta ?? 0)})`
          : b.mode,
    ],
  ];
}

const ALGORITHM_TITLES: Readonly<Record<string, string>> = Object.freeze({ leiden: "Leiden", louvain: "Louvain" });

/** `R6 connector hub`, or `–` when the atlas has no roles. */
export function roleLabel(role: number | null, name: string | null): string {
  return role === null ? "–" : `R${role}${name ? ` ${name}` : ""}`;
}

/** `[1–3]`: a leader's bootstrap rank interval, lowest to highest rank (the report, the terminal summary and the viewer write it so). */
export function rankIntervalText(low: number | string, high: number | string): string {
  return `[${low}–${high}]`;
}

/** `[1–3]`, `[2–9] unstable`, or `–` without an interval. */
export function rankIntervalLabel(l: { rankLow: number | null; rankHigh: number | null; unstable: boolean | null }): string {
  if (l.rankLow === null || l.rankHigh === null) return "–";
  return `${rankIntervalText(l.rankLow, l.rankHigh)}${l.unstable ? " unstable" : ""}`;
}

/** The lists of a community's top items, in report order, with their titles. */
export const TOP_ITEM_LISTS = [
  { list: "hashtags", title: "hashtags", prefix: "#" },
  { list: "urls", title: "URLs", prefix: "" },
  { list: "mentions", title: "mentioned accounts", prefix: "" },
] as const;

/** Whether a top URL is made a link by the reports: http(s) only. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/**
 * A top URL in Markdown: an http(s) URL as a CommonMark autolink (`<…>`, which
 * holds no space, `<` or `>`, and in which nothing is unescaped), anything
 * else as escaped text.
 */
export function markdownUrl(url: string): string {
  return isWebUrl(url) && !/[\s<>\u0000-\u001f\u007f]/.test(url) ? `<${url}>` : escapeMarkdown(url);
}

/** `#brexit (12), #peoplesvote (3)`, or `none`; `show` escapes/decorates each item. */
export function topItemsLine(
  items: readonly { item: string; count: number }[],
  prefix: string,
  show: (text: string) => string = (t) => t,
): string {
  if (items.length === 0) return "none";
  return items.map((i) => `${show(prefix + i.item)} (${i.count})`).join(", ");
}

/** `Top items (12 posts by its members):`, or the note for a community without posts. */
export function topItemsTitle(posts: number | undefined): string {
  if (posts === undefined || posts === 0) return "Top items: no posts by its members.";
  return `Top items (${posts} post${posts === 1 ? "" : "s"} by its members):`;
}
