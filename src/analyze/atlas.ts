/**
 * The atlas file: the contract between the engine, the reports and the viewer.
 *
 * An atlas file is a graphology serialization (`graph.export()`, read back by
 * `Graph.from()`) whose nodes carry the metrics below and whose graph
 * attribute `atlas` holds an {@link AtlasMeta}. The JSON Schema is
 * `src/atlas.schema.json`; keep both in step (a test checks produced files
 * against the schema).
 *
 * Pure TypeScript: no Node imports (the viewer reads atlas files in a worker).
 */
import type { SerializedGraph } from "graphology-types";
import { DataError } from "../shared/errors.ts";
import type { CommunityStats } from "./communities/types.ts";
import type { GraphSummary } from "./summary.ts";
import { attributesIn } from "./node-attributes.ts";

export const ATLAS_VERSION = 1;

/** The node centralities of an atlas file, in their column order (`node-attributes.ts`). */
const CENTRALITY_METRICS = attributesIn("centrality");

/** Node attributes holding a numeric metric (every node has each of them; `null` = not computed). */
export const NODE_METRICS = attributesIn("centrality", "metric");
export type NodeMetric = (typeof NODE_METRICS)[number];

/**
 * Node attributes of the leader and role analysis. Optional: atlas files
 * written before them lack them, and some are skipped on large graphs (see
 * `atlas.warnings`); `NODE_ATTRIBUTES` says which every analysis writes.
 */
export const LEADER_NODE_METRICS = attributesIn("leader");
export type LeaderNodeMetric = (typeof LEADER_NODE_METRICS)[number];

/**
 * Scores the leaders of a community can be ranked by. `composite` (the
 * default) is the Borda rank aggregation of six methods inside each
 * community (node attribute `compositeScore`, see `leaders/composite.ts`);
 * `communityPagerank` is PageRank computed inside the community's own subgraph.
 */
export const LEADER_METRICS = ["composite", "communityPagerank", ...CENTRALITY_METRICS] as const;
export type LeaderMetric = (typeof LEADER_METRICS)[number];

/** The node attribute holding a leader metric's score (`composite` → `compositeScore`). */
export function leaderMetricAttribute(metric: LeaderMetric): string {
  return metric === "composite" ? "compositeScore" : metric;
}

/** Community detection algorithms of the pipeline. */
export const COMMUNITY_ALGORITHMS = ["leiden", "louvain"] as const;
export type CommunityAlgorithm = (typeof COMMUNITY_ALGORITHMS)[number];

export function isLeaderMetric(value: string): value is LeaderMetric {
  return (LEADER_METRICS as readonly string[]).includes(value);
}

/** Attributes of every node of an atlas file (plus whatever the source gave). */
export interface AtlasNodeAttributes {
  label: string;
  pagerank: number;
  authority: number;
  hub: number;
  inDegree: number;
  outDegree: number;
  inStrength: number;
  outStrength: number;
  /** `null` when the power iteration did not converge (see `atlas.warnings`). */
  eigenvector: number | null;
  coreness: number;
  /** `null` when betweenness was turned off. */
  betweenness: number | null;
  /** `null` when the graph was above the closeness size threshold. */
  closeness: number | null;
  harmonic: number | null;
  participation: number;
  /** Community id, 0..k-1 by decreasing size. */
  community: number;
  /** PageRank inside the node's own community subgraph. */
  communityPagerank: number;
  /** 1-based rank among its community's leaders; absent when not a leader. */
  leaderRank?: number;
  /** Within-community degree z-score (Guimerà & Amaral 2005). */
  withinModuleZ?: number;
  /** Guimerà–Amaral role 1..7 (R5–R7 hubs, R3/R4/R6/R7 connectors). */
  role?: number;
  /** Name of `role` ("provincial hub", "non-hub connector", ...). */
  roleName?: string;
  /** Share of the consensus runs agreeing with the node's community, in [0, 1]; absent without consensus. */
  stability?: number;
  /** Composite (Borda) leader score in [0, 1]. */
  compositeScore?: number;
  /** 1-based rank inside its community by `compositeScore` (ties by key). */
  compositeRank?: number;
  /** Bootstrap 90 % interval of the leader's rank (listed leaders only, with bootstrap on). */
  rankLow?: number;
  rankHigh?: number;
  /** The leader's rank is unstable under resampling (listed leaders only, with bootstrap on). */
  unstableLeader?: boolean;
  /** LeaderRank score (Lü et al. 2011). `leaderRank` is the position among the community's leaders. */
  leaderRankScore?: number;
  /** VoteRank election score (elected first = highest; 0 = never elected). */
  voteRank?: number;
  /** Initial Collective Influence CI₂ (Morone & Makse 2015). */
  collectiveInfluence?: number;
  [attribute: string]: unknown;
}

/** Graph-level summary (every value finite, or `null` where undefined); see `graphSummary`. */
export type AtlasSummary = GraphSummary;

/** A community as the atlas file stores it: its `communityStats` (without `internalWeight`) and its leaders. */
export interface AtlasCommunity extends Omit<CommunityStats, "internalWeight"> {
  /** Node keys of the community's top N by `params.by`, best first. */
  leaders: string[];
  /** Mean consensus stability of its nodes, in [0, 1]; absent without consensus. */
  stability?: number;
}

export type BetweennessRequest = "exact" | "approx" | "off" | "auto";

export interface AtlasParams {
  /** Edge attribute read as weight, or `null` (unweighted). */
  weight: string | null;
  /** Undirected analysis was asked for (u→v and v→u merged, weights summed). */
  undirected: boolean;
  resolution: number;
  seed: number;
  directedModularity: boolean;
  top: number;
  by: LeaderMetric;
  pagerank: { alpha: number };
  betweenness: {
    requested: BetweennessRequest;
    /** What was run. */
    mode: "exact" | "approx" | "pairs" | "off";
    /** Sampled sources (approx), sampled node pairs (pairs), or the number of nodes (exact), or 0 (off). */
    samples: number;
    weighted: boolean;
    exactMaxNodes: number;
    /** `pairs`: the guarantee asked for (every node within ε with probability 1 − δ, normalized scale × (n−2)/n). */
    epsilon?: number;
    delta?: number;
    /** `pairs`: the upper bound on the vertex diameter the sample size came from. */
    vertexDiameterBound?: number;
  };
  closeness: { computed: boolean; maxNodes: number };
  eigenvector: { converged: boolean };
  /** Community algorithm (absent in atlas files older than Leiden: Louvain). */
  communities?: CommunityAlgorithm;
  /** Consensus clustering: `runs` 0 = off (the partition is one run of `communities`). */
  consensus?: { runs: number; threshold: number; rounds: number; converged: boolean };
  /** Bootstrap rank intervals: `B` 0 = off. */
  bootstrap?: { B: number; seed: number; maxWidth: number; level: number; methods: string[] };
  /** Methods aggregated by the composite score. */
  composite?: { methods: string[] };
  /** Spreader scores computed (`voteRank`, `leaderRankScore`, `collectiveInfluence`). */
  spreaders?: { voteRank: boolean; leaderRankScore: boolean; collectiveInfluence: boolean; radius: number };
  /** The stored map positions (`x`, `y` on every node), when `atlas analyze --layout` or `atlas layout` computed them. */
  layout?: import("./layout.ts").LayoutParams;
}

/** One of the items most used by a community and its number of uses. */
export interface AtlasTopItem {
  item: string;
  count: number;
}

/**
 * NodeXL's "top items" of one community of an interactions network: the
 * hashtags, URLs and mentioned accounts most used in the posts of its members.
 */
export interface AtlasCommunityTopItems {
  /** Community id (as in `communities[].id`). */
  community: number;
  /** Posts by members of the community that were counted. */
  posts: number;
  /** Lower-cased, without `#`, by decreasing count (ties by item). */
  hashtags: AtlasTopItem[];
  /** Expanded URLs, by decreasing count. */
  urls: AtlasTopItem[];
  /** `@handle` (or the node key when the handle is unknown), by decreasing count. */
  mentions: AtlasTopItem[];
}

export interface AtlasMeta {
  version: typeof ATLAS_VERSION;
  /** The input file as given, or `niche NAME in DB` for a niche of the store. */
  source: string;
  createdAt: string;
  directed: boolean;
  params: AtlasParams;
  modularity: number;
  /** Communities whose induced subgraph is not connected (absent in older atlas files). */
  disconnectedCommunities?: number;
  summary: AtlasSummary;
  communities: AtlasCommunity[];
  /** Node keys of the bridges, by decreasing betweenness. */
  bridges: string[];
  warnings: string[];
  /**
   * Top hashtags, URLs and mentions per community (communities with posts
   * only, by id); present when the graph is an interactions niche of the store.
   */
  topItems?: AtlasCommunityTopItems[];
}

/** A parsed atlas file. */
export type AtlasExport = SerializedGraph & { attributes: { atlas: AtlasMeta } };

/** True when `data` looks like a graphology serialization carrying an `atlas` attribute. */
export function isAtlasExport(data: unknown): data is AtlasExport {
  if (!isObject(data) || !Array.isArray(data.nodes)) return false;
  const attrs = data.attributes;
  return isObject(attrs) && isObject(attrs.atlas);
}

/**
 * Checks the parts of an atlas file the reports rely on and throws a
 * `DataError` naming the first problem. `file` is used in the message.
 * (The full contract is the JSON Schema; this is the fast structural check
 * done on every read.)
 */
export function assertAtlasExport(data: unknown, file: string): asserts data is AtlasExport {
  const fail = (problem: string): never => {
    throw new DataError({ file }, `not a valid atlas file: ${problem}`, "re-create it with `atlas analyze`");
  };
  if (!isAtlasExport(data)) return fail("no `attributes.atlas` object");
  const meta = data.attributes.atlas as unknown as Record<string, unknown>;
  if (meta.version !== ATLAS_VERSION) return fail(`version ${JSON.stringify(meta.version)}, expected ${ATLAS_VERSION}`);
  for (const key of ["source", "createdAt"]) if (typeof meta[key] !== "string") fail(`atlas.${key} is not a string`);
  if (typeof meta.directed !== "boolean") fail("atlas.directed is not a boolean");
  for (const key of ["params", "summary"]) if (!isObject(meta[key])) fail(`atlas.${key} is not an object`);
  for (const key of ["communities", "bridges", "warnings"]) if (!Array.isArray(meta[key])) fail(`atlas.${key} is not an array`);
  if (meta.topItems !== undefined) {
    if (!Array.isArray(meta.topItems)) fail("atlas.topItems is not an array");
    for (const t of meta.topItems as unknown[]) {
      const ok =
        isObject(t) &&
        Number.isInteger(t.community) &&
        Array.isArray(t.hashtags) &&
        Array.isArray(t.urls) &&
        Array.isArray(t.mentions);
      if (!ok) fail("atlas.topItems has an entry without community, hashtags, urls and mentions");
    }
  }
  const nodes = data.nodes as unknown[];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (!isObject(node) || typeof node.key !== "string") fail(`node #${i} has no string key`);
    const attrs = (node as Record<string, unknown>).attributes;
    if (!isObject(attrs)) fail(`node "${(node as { key: string }).key}" has no attributes`);
    const a = attrs as Record<string, unknown>;
    if (!Number.isInteger(a.community)) fail(`node "${(node as { key: string }).key}" has no integer community`);
  }
}

/**
 * Replaces every non-finite number (NaN, ±Infinity) in a JSON-like value by
 * `null`, in place for arrays/objects, and returns how many were replaced.
 */
export function sanitizeJson(value: unknown): { value: unknown; replaced: number } {
  let replaced = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === "number") {
      if (Number.isFinite(v)) return v;
      replaced++;
      return null;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
      return v;
    }
    if (isObject(v)) {
      for (const k of Object.keys(v)) v[k] = walk(v[k]);
      return v;
    }
    return v;
  };
  const out = walk(value);
  return { value: out, replaced };
}

/** A finite number, or `null`. */
export function finiteOrNull(x: unknown): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
