/**
 * What the viewer derives once from a loaded graph (read-only afterwards):
 * the numeric metrics and their domains, the communities with their names,
 * sizes and leaders, the edge kinds, whether positions are stored, and a
 * search index. Pure module (no DOM), unit-tested under Node.
 */
import { NODE_METRICS } from "../../src/analyze/atlas.ts";
import Graph from "graphology";
import { compareKeys } from "../../src/graph/keys.ts";
import type { AtlasMeta } from "../../src/analyze/atlas.ts";
import { nodeHandle } from "./profile.ts";
import { COMMUNITY_GREY, type Domain, domainOf, ISOLATED_COLOR, COMMUNITY_PALETTE, communityColor } from "./scales.ts";

export interface CommunityInfo {
  id: number;
  /** Members in the graph. */
  size: number;
  color: string;
  /** The top leader's label, or `Community <id>`. */
  name: string;
  /** Node keys, best first (from the atlas file, else by PageRank). */
  leaders: string[];
  /** Every member has no edge: the legend groups these communities in one "isolated" row. */
  isolated: boolean;
}

/** One value of a text attribute, with its nodes and its colour on the map. */
export interface CategoryInfo {
  /** The value as text; `""` for nodes without one. */
  value: string;
  count: number;
  color: string;
}

/** A text (or boolean) node attribute, its values by decreasing count. */
export interface CategoricalAttribute {
  name: string;
  /** The values with a colour of their own (all of them, or the top `MAX_CATEGORIES - 1`). */
  categories: CategoryInfo[];
  /** The values beyond them, grey on the map (`null` when every value has a colour). */
  other: { values: string[]; count: number } | null;
}

/** Values of a text attribute coloured one by one; more values: the first 19 by count, then "other". */
export const MAX_CATEGORIES = 20;

export interface AtlasModel {
  graph: Graph;
  /** The `atlas` graph attribute, when the file has one. */
  meta: AtlasMeta | null;
  /** Display name (file name or `atlas.source`). */
  name: string;
  directed: boolean;
  /** Numeric node attributes, engine metrics first. */
  metrics: string[];
  /** Every numeric node attribute (colour, size and range filter): the metrics, then the other numeric columns. */
  numeric: string[];
  /** Domain of every numeric attribute. */
  domains: Record<string, Domain>;
  /** Text and boolean node attributes to colour by (not those with a different value on every node, such as labels). */
  categorical: Record<string, CategoricalAttribute>;
  categoricalNames: string[];
  /** Every node attribute except the position, in first-seen order (the node panel lists them). */
  attributeNames: string[];
  /** Nodes in isolated communities (no edge). */
  isolatedNodes: number;
  /** By decreasing size (the engine numbers them so: index = id when ids are dense). */
  communities: CommunityInfo[];
  communityById: Map<number, CommunityInfo>;
  /** Edge kinds present (split on commas), sorted. */
  kinds: string[];
  /** Every node has finite `x` and `y`. */
  hasPositions: boolean;
  search: SearchIndex;
}

/** Node attributes that are neither attributes to colour, size or filter by nor listed as such. */
const NOT_ATTRIBUTES = new Set(["x", "y", "z", "community", "size", "color", "hidden"]);

/** A node's value of text attribute `name` as `CategoryInfo.value` (`""` when it has none). */
export function categoryOf(attrs: Record<string, unknown>, name: string): string {
  const v = attrs[name];
  if (v === undefined || v === null) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Node attributes that are not metrics. */
const NOT_METRICS = new Set(["x", "y", "z", "community", "size", "color", "leaderRank", "hidden", "role", "compositeRank", "rankLow", "rankHigh"]);

/** Engine metrics, in display order; others follow alphabetically. */
export const METRIC_ORDER: readonly string[] = [
  "pagerank",
  "communityPagerank",
  ...NODE_METRICS.filter((m) => m !== "pagerank" && m !== "communityPagerank"),
];

/** Builds the model of `graph` (an atlas graph, or any graph with or without metrics). */
export function buildModel(graph: Graph, name: string, leadersPerCommunity = 10): AtlasModel {
  const rawMeta = graph.getAttribute("atlas") as unknown;
  const meta = rawMeta && typeof rawMeta === "object" ? (rawMeta as AtlasMeta) : null;
  const numeric = new Set<string>();
  /** Attributes with a number among their values (the others are text). */
  const hasNumber = new Set<string>();
  const seen = new Set<string>();
  const sizes = new Map<number, number>();
  let positioned = 0;
  graph.forEachNode((_key, attrs) => {
    for (const k in attrs) {
      if (!seen.has(k)) seen.add(k);
      if (!hasNumber.has(k) && typeof attrs[k] === "number") hasNumber.add(k);
      if (!numeric.has(k) && !NOT_METRICS.has(k) && typeof attrs[k] === "number") numeric.add(k);
    }
    const c = attrs.community;
    if (Number.isInteger(c)) sizes.set(c as number, (sizes.get(c as number) ?? 0) + 1);
    if (Number.isFinite(attrs.x) && Number.isFinite(attrs.y)) positioned++;
  });
  const ordered: string[] = METRIC_ORDER.filter((m) => numeric.has(m));
  for (const m of [...numeric].sort()) if (!ordered.includes(m)) ordered.push(m);
  const domains: Record<string, Domain> = {};
  const metrics: string[] = [];
  for (const m of ordered) {
    const d = domainOf(graph.mapNodes((_k, a) => a[m]));
    if (d) {
      domains[m] = d;
      metrics.push(m);
    }
  }
  const numericAll = [...metrics];
  for (const k of [...hasNumber].sort()) {
    if (NOT_ATTRIBUTES.has(k) || domains[k]) continue;
    const d = domainOf(graph.mapNodes((_k, a) => a[k]));
    if (d) {
      domains[k] = d;
      numericAll.push(k);
    }
  }
  const categorical: Record<string, CategoricalAttribute> = {};
  const categoricalNames: string[] = [];
  for (const k of [...seen].sort()) {
    if (NOT_ATTRIBUTES.has(k) || hasNumber.has(k)) continue;
    const attr = categoricalAttribute(graph, k);
    if (attr) {
      categorical[k] = attr;
      categoricalNames.push(k);
    }
  }

  const metaLeaders = new Map<number, string[]>();
  if (meta && Array.isArray(meta.communities)) {
    for (const c of meta.communities) {
      if (c && Number.isInteger(c.id) && Array.isArray(c.leaders)) {
        metaLeaders.set(c.id, c.leaders.filter((k) => typeof k === "string" && graph.hasNode(k)));
      }
    }
  }
  const fallbackBy = domains.pagerank ? "pagerank" : metrics[0];
  const communities: CommunityInfo[] = [];
  for (const [id, size] of sizes) {
    const leaders = metaLeaders.get(id) ?? topNodes(graph, id, fallbackBy, leadersPerCommunity);
    const top = leaders[0];
    const label = top === undefined ? "" : String(graph.getNodeAttribute(top, "label") ?? top);
    communities.push({ id, size, color: communityColor(id), name: label || `Community ${id}`, leaders, isolated: false });
  }
  communities.sort((a, b) => b.size - a.size || a.id - b.id);

  return {
    graph,
    meta,
    name: meta?.source || name,
    directed: graph.type !== "undirected",
    metrics,
    numeric: numericAll,
    domains,
    categorical,
    categoricalNames,
    attributeNames: [...seen].filter((k) => k !== "x" && k !== "y"),
    ...withIsolated(graph, communities),
    kinds: edgeKinds(graph),
    hasPositions: graph.order > 0 && positioned === graph.order,
    search: buildSearchIndex(graph),
  };
}

/**
 * The communities with `isolated` set (every member without an edge; their
 * colour `ISOLATED_COLOR`), the index by id, and the nodes in them. Call again
 * once edges were added to the graph.
 */
export function withIsolated(
  graph: Graph,
  communities: readonly CommunityInfo[],
): { communities: CommunityInfo[]; communityById: Map<number, CommunityInfo>; isolatedNodes: number } {
  const connected = new Set<number>();
  graph.forEachNode((key, attrs) => {
    if (Number.isInteger(attrs.community) && graph.degree(key) > 0) connected.add(attrs.community as number);
  });
  let isolatedNodes = 0;
  const next = communities.map((c) => {
    const isolated = !connected.has(c.id);
    if (isolated) isolatedNodes += c.size;
    return { ...c, isolated, color: isolated ? ISOLATED_COLOR : communityColor(c.id) };
  });
  return { communities: next, communityById: new Map(next.map((c) => [c.id, c])), isolatedNodes };
}

/** A text attribute with more different values than this is not offered to colour by (a name, a URL…); counting stops there. */
export const MAX_DISTINCT_VALUES = 10_000;

/**
 * The values of text attribute `name` by decreasing count (ties by value),
 * coloured from the map palette; `null` when it is an identifier (a different
 * value on every node, more than `MAX_CATEGORIES` of them; or more than
 * `MAX_DISTINCT_VALUES` values) or has no value.
 */
export function categoricalAttribute(graph: Graph, name: string, max = MAX_CATEGORIES): CategoricalAttribute | null {
  const counts = new Map<string, number>();
  let present = 0;
  for (const { attributes } of graph.nodeEntries()) {
    const v = categoryOf(attributes, name);
    if (v !== "") present++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size > MAX_DISTINCT_VALUES) return null;
  }
  const distinct = [...counts.keys()].filter((v) => v !== "").length;
  if (distinct === 0 || (distinct === present && distinct > max)) return null;
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]));
  const coloured = sorted.length > max ? sorted.slice(0, max - 1) : sorted;
  const rest = sorted.length > max ? sorted.slice(max - 1) : [];
  // Nodes without a value are grey, in their own row.
  let colour = 0;
  const categories = coloured.map(([value, count]) => ({ value, count, color: value === "" ? COMMUNITY_GREY : COMMUNITY_PALETTE[colour++] }));
  return {
    name,
    categories,
    other: rest.length > 0 ? { values: rest.map(([v]) => v), count: rest.reduce((n, [, c]) => n + c, 0) } : null,
  };
}

/** Edge kinds present in `graph` (its edges' `kind`, split on commas), sorted. */
export function edgeKinds(graph: Graph): string[] {
  const kinds = new Set<string>();
  graph.forEachEdge((_e, attrs) => {
    if (typeof attrs.kind === "string") for (const k of attrs.kind.split(",")) if (k) kinds.add(k);
  });
  return [...kinds].sort();
}

/** The `top` nodes of community `id` by `metric` (descending, ties by key). */
function topNodes(graph: Graph, id: number, metric: string | undefined, top: number): string[] {
  const members: [string, number][] = [];
  graph.forEachNode((key, attrs) => {
    if (attrs.community === id) members.push([key, metric && typeof attrs[metric] === "number" ? (attrs[metric] as number) : 0]);
  });
  members.sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]));
  return members.slice(0, top).map((m) => m[0]);
}

/**
 * 1-based rank of `node` inside its community by `metric` (descending, ties
 * by key), and the community's size; `null` without a community or metric.
 */
export function rankInCommunity(graph: Graph, node: string, metric: string): { rank: number; of: number } | null {
  const attrs = graph.getNodeAttributes(node);
  const c = attrs.community;
  const v = attrs[metric];
  if (!Number.isInteger(c) || typeof v !== "number" || !Number.isFinite(v)) return null;
  let rank = 1;
  let of = 0;
  graph.forEachNode((key, a) => {
    if (a.community !== c) return;
    of++;
    const w = a[metric];
    if (typeof w !== "number" || !Number.isFinite(w)) return;
    if (w > v || (w === v && key < node)) rank++;
  });
  return { rank, of };
}

export interface NeighbourEntry {
  key: string;
  label: string;
  weight: number;
}

/**
 * The strongest neighbours of `node` (by edge weight, then the neighbour's
 * PageRank, then key): `in` = sources of its in-edges, `out` = targets of its
 * out-edges; for an undirected graph both list the neighbours.
 */
export function topNeighbours(graph: Graph, node: string, top = 5): { in: NeighbourEntry[]; out: NeighbourEntry[] } {
  const collect = (dir: "in" | "out"): NeighbourEntry[] => {
    const list: (NeighbourEntry & { pr: number })[] = [];
    const visit = (_e: string, attrs: Record<string, unknown>, source: string, target: string): void => {
      const other = source === node ? target : source;
      const a = graph.getNodeAttributes(other);
      const w = typeof attrs.weight === "number" && Number.isFinite(attrs.weight) ? attrs.weight : 1;
      list.push({ key: other, label: String(a.label ?? other), weight: w, pr: typeof a.pagerank === "number" ? a.pagerank : 0 });
    };
    if (graph.type === "undirected") graph.forEachEdge(node, visit);
    else if (dir === "in") graph.forEachInEdge(node, visit);
    else graph.forEachOutEdge(node, visit);
    list.sort((a, b) => b.weight - a.weight || b.pr - a.pr || compareKeys(a.key, b.key));
    return list.slice(0, top).map(({ key, label, weight }) => ({ key, label, weight }));
  };
  return { in: collect("in"), out: collect("out") };
}

export interface SearchIndex {
  keys: string[];
  labels: string[];
  /** Lower-cased label and handle, for matching. */
  labelsLower: string[];
  handlesLower: (string | null)[];
  /** PageRank (or 0), to rank equally good matches. */
  scores: Float64Array;
}

export function buildSearchIndex(graph: Graph): SearchIndex {
  const n = graph.order;
  const idx: SearchIndex = { keys: [], labels: [], labelsLower: [], handlesLower: [], scores: new Float64Array(n) };
  let i = 0;
  graph.forEachNode((key, attrs) => {
    const label = String(attrs.label ?? key);
    const handle = nodeHandle(attrs);
    idx.keys.push(key);
    idx.labels.push(label);
    idx.labelsLower.push(label.toLowerCase());
    idx.handlesLower.push(handle === null ? null : handle.toLowerCase());
    idx.scores[i++] = typeof attrs.pagerank === "number" && Number.isFinite(attrs.pagerank) ? attrs.pagerank : 0;
  });
  return idx;
}

export interface SearchHit {
  key: string;
  label: string;
}

/**
 * Nodes whose label, handle or key matches `query` (case-insensitive): exact
 * matches first, then prefixes, then substrings; equal matches by PageRank.
 */
export function searchNodes(idx: SearchIndex, query: string, limit = 10): SearchHit[] {
  const q = query.trim().toLowerCase().replace(/^@/, "");
  if (!q) return [];
  const hits: { i: number; rank: number }[] = [];
  for (let i = 0; i < idx.keys.length; i++) {
    const l = idx.labelsLower[i];
    const h = idx.handlesLower[i];
    const k = idx.keys[i].toLowerCase();
    let rank = -1;
    if (l === q || h === q || k === q) rank = 0;
    else if (l.startsWith(q) || (h !== null && h.startsWith(q))) rank = 1;
    else if (l.includes(q) || (h !== null && h.includes(q)) || k.includes(q)) rank = 2;
    if (rank >= 0) hits.push({ i, rank });
  }
  hits.sort((a, b) => a.rank - b.rank || idx.scores[b.i] - idx.scores[a.i] || a.i - b.i);
  return hits.slice(0, limit).map(({ i }) => ({ key: idx.keys[i], label: idx.labels[i] }));
}
