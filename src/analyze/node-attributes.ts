/**
 * The node attributes of an atlas file, once: their order on each node, the
 * stage that computes them, their type, what a non-finite value becomes,
 * whether every node has them, and their title in reports. The lists of
 * `atlas.ts` (`NODE_METRICS`, `LEADER_NODE_METRICS`, the leader metrics), the
 * attributes a re-analysis removes first, the report headers and the order
 * the pipeline writes its columns in all come from here.
 *
 * Pure data (no algorithm imported), so the viewer's main thread can read it.
 */

/**
 * `centrality`: a node score every node has (`null` where not computed), which
 * leaders can be ranked by; `metric`: another score every node has;
 * `community`: the membership; `leader`: the leader and role analysis
 * (optional in older atlas files, some skipped on large graphs); `rank`: the
 * position among the community's listed leaders (listed leaders only).
 */
export type NodeAttributeGroup = "centrality" | "metric" | "community" | "leader" | "rank";

export interface NodeAttributeSpec {
  readonly name: string;
  /** The pipeline stage (`ANALYZE_STAGES`) whose output it is. */
  readonly stage: string;
  readonly type: "float" | "int" | "bool" | "string";
  /** Float attributes: what a NaN or infinite value is written as (`node-columns.ts`). */
  readonly nonFinite?: "null" | "zero";
  readonly group: NodeAttributeGroup;
  /**
   * `always`: written on every node by every analysis; `optional`: absent
   * when its stage was skipped, or on the nodes it does not apply to, so a
   * re-analysis removes it first.
   */
  readonly presence: "always" | "optional";
  /** Human name for table headers (reports, viewer). */
  readonly title?: string;
}

/** Every node attribute the pipeline writes, in the order each node carries them. */
export const NODE_ATTRIBUTES = [
  { name: "pagerank", stage: "pagerank", type: "float", nonFinite: "zero", group: "centrality", presence: "always", title: "PageRank" },
  { name: "authority", stage: "hits", type: "float", nonFinite: "null", group: "centrality", presence: "always", title: "authority" },
  { name: "hub", stage: "hits", type: "float", nonFinite: "null", group: "centrality", presence: "always", title: "hub" },
  { name: "inDegree", stage: "degree", type: "float", nonFinite: "zero", group: "centrality", presence: "always", title: "in-degree" },
  { name: "outDegree", stage: "degree", type: "float", nonFinite: "zero", group: "centrality", presence: "always", title: "out-degree" },
  { name: "inStrength", stage: "degree", type: "float", nonFinite: "zero", group: "centrality", presence: "always", title: "in-strength" },
  { name: "outStrength", stage: "degree", type: "float", nonFinite: "zero", group: "centrality", presence: "always", title: "out-strength" },
  { name: "eigenvector", stage: "eigenvector", type: "float", nonFinite: "null", group: "centrality", presence: "always", title: "eigenvector" },
  { name: "coreness", stage: "coreness", type: "float", nonFinite: "zero", group: "centrality", presence: "always", title: "coreness" },
  { name: "betweenness", stage: "betweenness", type: "float", nonFinite: "null", group: "centrality", presence: "always", title: "betweenness" },
  { name: "closeness", stage: "closeness", type: "float", nonFinite: "null", group: "centrality", presence: "always", title: "closeness" },
  { name: "harmonic", stage: "closeness", type: "float", nonFinite: "null", group: "centrality", presence: "always", title: "harmonic" },
  { name: "participation", stage: "roles", type: "float", nonFinite: "zero", group: "metric", presence: "always", title: "participation" },
  { name: "community", stage: "communities", type: "int", group: "community", presence: "always", title: "community" },
  { name: "communityPagerank", stage: "leaders", type: "float", nonFinite: "zero", group: "metric", presence: "always", title: "community PageRank" },
  { name: "withinModuleZ", stage: "roles", type: "float", nonFinite: "zero", group: "leader", presence: "always", title: "within-module z" },
  { name: "role", stage: "roles", type: "int", group: "leader", presence: "always", title: "role" },
  { name: "roleName", stage: "roles", type: "string", group: "leader", presence: "always", title: "role name" },
  { name: "stability", stage: "communities", type: "float", nonFinite: "null", group: "leader", presence: "optional", title: "stability" },
  { name: "compositeScore", stage: "leaders", type: "float", nonFinite: "zero", group: "leader", presence: "always", title: "composite score" },
  { name: "compositeRank", stage: "leaders", type: "int", group: "leader", presence: "always", title: "composite rank" },
  { name: "leaderRankScore", stage: "spreaders", type: "float", nonFinite: "zero", group: "leader", presence: "always", title: "LeaderRank" },
  { name: "voteRank", stage: "spreaders", type: "float", nonFinite: "zero", group: "leader", presence: "always", title: "VoteRank" },
  { name: "collectiveInfluence", stage: "spreaders", type: "float", nonFinite: "zero", group: "leader", presence: "optional", title: "collective influence" },
  { name: "leaderRank", stage: "leaders", type: "int", group: "rank", presence: "optional", title: "leader rank" },
  { name: "rankLow", stage: "bootstrap", type: "int", group: "leader", presence: "optional", title: "rank low" },
  { name: "rankHigh", stage: "bootstrap", type: "int", group: "leader", presence: "optional", title: "rank high" },
  { name: "unstableLeader", stage: "bootstrap", type: "bool", group: "leader", presence: "optional", title: "unstable leader" },
] as const satisfies readonly NodeAttributeSpec[];

export type NodeAttributeName = (typeof NODE_ATTRIBUTES)[number]["name"];
type NamesIn<G extends NodeAttributeGroup> = Extract<(typeof NODE_ATTRIBUTES)[number], { group: G }>["name"];

/** The attribute names of `groups`, in attribute order. */
export function attributesIn<G extends NodeAttributeGroup>(...groups: G[]): readonly NamesIn<G>[] {
  return Object.freeze(NODE_ATTRIBUTES.filter((a) => (groups as readonly string[]).includes(a.group)).map((a) => a.name as NamesIn<G>));
}

/** Attributes a previous analysis may have left and this one may not rewrite: removed before writing. */
export const OPTIONAL_ATTRIBUTES: readonly NodeAttributeName[] = Object.freeze(
  NODE_ATTRIBUTES.filter((a) => a.presence === "optional").map((a) => a.name),
);
