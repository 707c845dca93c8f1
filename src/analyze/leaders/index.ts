/** Public API of `src/analyze/leaders`: opinion leaders per community and bridges. */
export { rankLeaders, LEADERS_DEFAULTS } from "./rank.ts";
export { communityPagerank } from "./community-pagerank.ts";
export { selectBridges, BRIDGES_DEFAULTS } from "./bridges.ts";
export type { Bridge, LeaderRanking, LeaderScoreName, RankLeadersOptions, SelectBridgesOptions } from "./types.ts";
