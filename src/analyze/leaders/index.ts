/** Public API of `src/analyze/leaders`: opinion leaders per community and bridges. */
export { LEADER_PAGERANK, LEADERS_DEFAULTS, orderByScore, rankLeaders, TIE_TOLERANCE, tiedScores } from "./rank.ts";
export { communityPagerank } from "./community-pagerank.ts";
export { selectBridges, BRIDGES_DEFAULTS } from "./bridges.ts";
export type { Bridge, LeaderRanking, LeaderScoreName, RankLeadersOptions, SelectBridgesOptions } from "./types.ts";
export { classifyRole, HUB_Z, nodeRoles, ROLE_NAMES, ROLE_THRESHOLDS, roleName, withinCommunityZ, type NodeRoles, type RoleId } from "./roles.ts";
export {
  COMPOSITE_DEFAULTS,
  compositeScores,
  LEADER_SCORE_ITERATIONS,
  LEADER_SCORE_METHODS,
  leaderScores,
  type CompositeOptions,
  type CompositeResult,
  type LeaderScoreMethod,
} from "./composite.ts";
export {
  BOOTSTRAP_DEFAULTS,
  bootstrapLeaders,
  bootstrapReplicate,
  combineBootstrap,
  resampleEdges,
  type BootstrapOptions,
  type BootstrapResult,
  type LeaderInterval,
} from "./bootstrap.ts";
