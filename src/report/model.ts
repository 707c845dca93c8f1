/**
 * The report model: what every report format shows, computed once from an
 * analyzed graph (the atlas file). Pure; no I/O.
 */
import type { AtlasGraph } from "../graph/model.ts";
import { orderByScore } from "../analyze/leaders/rank.ts";
import {
  type AtlasCommunity,
  type AtlasCommunityTopItems,
  type AtlasTopItem,
  type AtlasMeta,
  type AtlasSummary,
  isLeaderMetric,
  LEADER_METRICS,
  LEADER_NODE_METRICS,
  leaderMetricAttribute,
  type LeaderMetric,
  NODE_METRICS,
} from "../analyze/atlas.ts";
import { UsageError } from "../shared/errors.ts";
import { formatNumber, rankIntervalLabel, roleLabel } from "./format.ts";

/** One of a community's most used hashtags, URLs or mentioned accounts, with its count. */
export type TopItem = AtlasTopItem;

/**
 * NodeXL's "top items" of one community: the hashtags, URLs and mentioned
 * accounts most used in its members' posts. The same shape as the atlas
 * file's `atlas.topItems` entries (the CLI computes them from the store).
 */
export type CommunityTopItems = AtlasCommunityTopItems;

export interface ReportOptions {
  /** Leaders shown per community. Default: the `top` the atlas was made with. */
  top?: number;
  /** Score ranking the leaders. Default: the `by` the atlas was made with. */
  by?: LeaderMetric;
  /**
   * Top items per community (md, json and html show them). Default: the atlas
   * file's `atlas.topItems`, if any; give `[]` to leave them out.
   */
  topItems?: readonly CommunityTopItems[];
}

/** Scores shown for each leader, after the `by` score. */
export const LEADER_SCORE_COLUMNS: readonly LeaderMetric[] = [
  "composite",
  "communityPagerank",
  "pagerank",
  "authority",
  "inDegree",
  "outDegree",
  "coreness",
  "betweenness",
];

export interface ReportLeader {
  rank: number;
  key: string;
  label: string;
  scores: Record<string, number | null>;
  /** Guimerà–Amaral role 1..7 and its name; `null` in atlas files without roles. */
  role: number | null;
  roleName: string | null;
  /** Consensus stability of the node, in [0, 1]; `null` without consensus. */
  stability: number | null;
  /** Bootstrap 90 % interval of the rank; `null` without bootstrap (or when the report re-ranks). */
  rankLow: number | null;
  rankHigh: number | null;
  /** The rank is unstable under resampling; `null` without bootstrap. */
  unstable: boolean | null;
}

/** A hub or connector of a community. */
export interface ReportMember {
  key: string;
  label: string;
  role: number;
  roleName: string;
  withinModuleZ: number | null;
  participation: number | null;
  compositeRank: number | null;
}

/** A community of the atlas file, its leaders resolved to labels and scores. */
export interface ReportCommunity extends Omit<AtlasCommunity, "leaders" | "stability"> {
  /** Mean consensus stability of its nodes; `null` without consensus. */
  stability: number | null;
  leaders: ReportLeader[];
  /** Its hubs (roles R5–R7: z ≥ 2.5), by composite rank (top N). */
  hubs: ReportMember[];
  /** Its connectors (roles R3, R4, R6, R7: links to many communities), by decreasing participation (top N). */
  connectors: ReportMember[];
  /** Its top items; absent when the report has none, or none for this community (no posts). */
  topItems?: Omit<CommunityTopItems, "community">;
}

export interface ReportBridge {
  rank: number;
  key: string;
  label: string;
  community: number;
  betweenness: number | null;
  participation: number | null;
  pagerank: number | null;
}

export interface ReportModel {
  source: string;
  createdAt: string;
  directed: boolean;
  modularity: number;
  summary: AtlasSummary;
  params: AtlasMeta["params"];
  warnings: string[];
  top: number;
  by: LeaderMetric;
  /** Score columns of the leader tables (`by` first). */
  scoreColumns: LeaderMetric[];
  /** Community algorithm (`louvain` for atlas files older than Leiden). */
  communityAlgorithm: string;
  /** Communities not connected; `null` in older atlas files. */
  disconnectedCommunities: number | null;
  /** Consensus runs (0 = off). */
  consensusRuns: number;
  /** Bootstrap replicates behind the rank intervals (0 = none shown). */
  bootstrap: number;
  /** Whether any node carries a role (a numeric `role` attribute): the reports then list each community's hubs and connectors. */
  hasRoles: boolean;
  communities: ReportCommunity[];
  bridges: ReportBridge[];
  /** True when the graph has no edges. */
  edgeless: boolean;
  /** True when top items were given (an interactions niche): communities without them had no posts. */
  hasTopItems: boolean;
}

export const EDGELESS_NOTE =
  "The graph has no edges: every node is alone in its community, and the centralities are the trivial values of isolated nodes.";

/** Reads the `atlas` attribute of an analyzed graph, or throws. */
export function atlasMeta(graph: AtlasGraph): AtlasMeta {
  const meta = graph.getAttribute("atlas") as AtlasMeta | undefined;
  if (!meta || typeof meta !== "object") {
    throw new UsageError("report: the graph has not been analyzed (no `atlas` attribute); run `atlas analyze` first");
  }
  return meta;
}

export function buildReportModel(graph: AtlasGraph, options: ReportOptions = {}): ReportModel {
  const meta = atlasMeta(graph);
  const top = options.top ?? meta.params.top;
  const by = options.by ?? meta.params.by;
  if (!(Number.isInteger(top) && top > 0)) throw new UsageError(`report: --top must be a positive integer, got ${top}`);
  if (!isLeaderMetric(by)) {
    throw new UsageError(`report: unknown --by metric "${String(by)}"; use one of ${LEADER_METRICS.join(", ")}`);
  }
  const scoreColumns = [by, ...LEADER_SCORE_COLUMNS.filter((c) => c !== by)];
  const scoresOf = (key: string): Record<string, number | null> => {
    const attrs = graph.getNodeAttributes(key);
    const out: Record<string, number | null> = {};
    for (const c of scoreColumns) out[c] = numberOrNull(attrs[leaderMetricAttribute(c)]);
    return out;
  };
  const labelOf = (key: string): string => {
    const label = graph.getNodeAttribute(key, "label");
    return label === undefined || label === null ? key : String(label);
  };

  // Members of each community, for re-ranking when top/by differ from the atlas.
  const reuse = by === meta.params.by && top <= meta.params.top;
  // Rank intervals belong to the atlas's own ranking: shown when the report keeps it.
  const bootstrap = by === meta.params.by ? (meta.params.bootstrap?.B ?? 0) : 0;
  const members = new Map<number, string[]>();
  let hasRoles = false;
  graph.forEachNode((key, attrs) => {
    const c = attrs.community as number;
    let list = members.get(c);
    if (!list) members.set(c, (list = []));
    list.push(key);
    if (typeof attrs.role === "number") hasRoles = true;
  });
  const leaderOf = (key: string, r: number): ReportLeader => {
    const a = graph.getNodeAttributes(key);
    return {
      rank: r + 1,
      key,
      label: labelOf(key),
      scores: scoresOf(key),
      role: numberOrNull(a.role),
      roleName: typeof a.roleName === "string" ? a.roleName : null,
      stability: numberOrNull(a.stability),
      rankLow: bootstrap > 0 ? numberOrNull(a.rankLow) : null,
      rankHigh: bootstrap > 0 ? numberOrNull(a.rankHigh) : null,
      unstable: bootstrap > 0 && typeof a.unstableLeader === "boolean" ? a.unstableLeader : null,
    };
  };
  const memberOf = (key: string): ReportMember => {
    const a = graph.getNodeAttributes(key);
    return {
      key,
      label: labelOf(key),
      role: a.role as number,
      roleName: String(a.roleName ?? ""),
      withinModuleZ: numberOrNull(a.withinModuleZ),
      participation: numberOrNull(a.participation),
      compositeRank: numberOrNull(a.compositeRank),
    };
  };

  const topItems = options.topItems ?? meta.topItems ?? [];
  const itemsOf = new Map<number, CommunityTopItems>();
  for (const t of topItems) itemsOf.set(t.community, t);

  const communities: ReportCommunity[] = meta.communities.map((c) => {
    let keys: string[];
    if (reuse) keys = c.leaders.slice(0, top);
    else keys = rankByAttribute(graph, members.get(c.id) ?? [], leaderMetricAttribute(by)).slice(0, top);
    const items = itemsOf.get(c.id);
    const own = members.get(c.id) ?? [];
    const withRole = (roles: readonly number[]): string[] =>
      own.filter((k) => roles.includes(graph.getNodeAttribute(k, "role") as number));
    const community: ReportCommunity = {
      id: c.id,
      size: c.size,
      density: c.density,
      conductance: c.conductance,
      internalEdges: c.internalEdges,
      modularityShare: c.modularityShare,
      reciprocity: c.reciprocity,
      stability: numberOrNull(c.stability),
      leaders: keys.map(leaderOf),
      hubs: rankByAttribute(graph, withRole(HUB_ROLES), "compositeScore").slice(0, top).map(memberOf),
      connectors: rankByAttribute(graph, withRole(CONNECTOR_ROLES), "participation").slice(0, top).map(memberOf),
    };
    if (items) {
      community.topItems = { posts: items.posts, hashtags: items.hashtags, urls: items.urls, mentions: items.mentions };
    }
    return community;
  });

  const bridges: ReportBridge[] = meta.bridges.map((key, r) => {
    const attrs = graph.getNodeAttributes(key);
    return {
      rank: r + 1,
      key,
      label: labelOf(key),
      community: attrs.community as number,
      betweenness: numberOrNull(attrs.betweenness),
      participation: numberOrNull(attrs.participation),
      pagerank: numberOrNull(attrs.pagerank),
    };
  });

  return {
    source: meta.source,
    createdAt: meta.createdAt,
    directed: meta.directed,
    modularity: meta.modularity,
    summary: meta.summary,
    params: meta.params,
    warnings: meta.warnings,
    top,
    by,
    scoreColumns,
    communityAlgorithm: meta.params.communities ?? "louvain",
    disconnectedCommunities: meta.disconnectedCommunities ?? null,
    consensusRuns: meta.params.consensus?.runs ?? 0,
    bootstrap,
    hasRoles,
    communities,
    bridges,
    edgeless: meta.summary.edges === 0,
    hasTopItems: topItems.length > 0,
  };
}

/** The role, stability and rank-interval columns of the leader tables (those the atlas has). */
export function leaderColumns(model: ReportModel): { title: string; cell: (l: ReportLeader) => string; value: (l: ReportLeader) => number | null }[] {
  const out: { title: string; cell: (l: ReportLeader) => string; value: (l: ReportLeader) => number | null }[] = [];
  if (model.hasRoles) out.push({ title: "role", cell: (l) => roleLabel(l.role, l.roleName), value: (l) => l.role });
  if (model.consensusRuns > 0) out.push({ title: "stability", cell: (l) => formatNumber(l.stability), value: (l) => l.stability });
  if (model.bootstrap > 0) out.push({ title: "rank interval", cell: rankIntervalLabel, value: (l) => l.rankHigh });
  return out;
}

/** Guimerà–Amaral hub roles (z ≥ 2.5): provincial, connector and kinless hubs. */
export const HUB_ROLES: readonly number[] = [5, 6, 7];
/** Roles linking communities: non-hub connectors and kinless nodes, connector and kinless hubs. */
export const CONNECTOR_ROLES: readonly number[] = [3, 4, 6, 7];

/**
 * Keys sorted by decreasing `attribute` (missing values last), tied scores by
 * key: the engine's leader order (`orderByScore`, with its tie rule).
 */
export function rankByAttribute(graph: AtlasGraph, keys: string[], attribute: string): string[] {
  const score = keys.map((k) => {
    const v = graph.getNodeAttribute(k, attribute);
    return typeof v === "number" && Number.isFinite(v) ? v : Number.NaN;
  });
  const order = keys.map((_k, i) => i);
  orderByScore(order, score, keys);
  return order.map((i) => keys[i]);
}

/** Columns of the per-node table (CSV), metrics in a fixed order. */
export const NODE_COLUMNS: readonly string[] = ["key", "label", "community", "leaderRank", ...NODE_METRICS, ...LEADER_NODE_METRICS];

/**
 * One row per node: every metric, then the other scalar attributes the source
 * gave (sorted by name). Values are raw (numbers at full precision).
 */
export function nodeTable(graph: AtlasGraph): { columns: string[]; rows: (string | number | boolean | null)[][] } {
  const fixed = new Set(NODE_COLUMNS);
  const extra = new Set<string>();
  graph.forEachNode((_key, attrs) => {
    for (const [k, v] of Object.entries(attrs)) {
      if (fixed.has(k) || extra.has(k)) continue;
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") extra.add(k);
    }
  });
  const columns = [...NODE_COLUMNS, ...[...extra].sort()];
  const rows: (string | number | boolean | null)[][] = [];
  graph.forEachNode((key, attrs) => {
    rows.push(
      columns.map((c) => {
        if (c === "key") return key;
        const v = attrs[c];
        if (typeof v === "number") return Number.isFinite(v) ? v : null;
        if (typeof v === "string" || typeof v === "boolean") return v;
        return null;
      }),
    );
  });
  return { columns, rows };
}

function numberOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
