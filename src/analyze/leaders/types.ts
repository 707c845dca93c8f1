/** Types of the leaders and bridges selection (`src/analyze/leaders`). */
import type { PagerankOptions } from "../centrality/pagerank.ts";

/**
 * Score leaders are ranked by: `"communityPagerank"` is PageRank inside the
 * community's own subgraph, computed here; any other name (`"pagerank"`,
 * `"authority"`, `"inDegree"`, `"coreness"`, ...) is looked up in `scores`.
 */
export type LeaderScoreName =
  | "communityPagerank"
  | "pagerank"
  | "authority"
  | "inDegree"
  | "coreness"
  | (string & {});

export interface RankLeadersOptions {
  /** Score to rank by. Default `"communityPagerank"`. */
  by?: LeaderScoreName;
  /** Leaders kept per community (an integer ≥ 0, or `Infinity` for all). Default `10`. */
  top?: number;
  /**
   * Precomputed scores (index order): a record by name, or directly the array
   * to rank by. Needed for every `by` but `"communityPagerank"`.
   */
  scores?: Readonly<Record<string, Float64Array>> | Float64Array;
  /** PageRank options for `"communityPagerank"` (alpha, tolerance, ...), applied over `LEADER_PAGERANK`. */
  pagerank?: PagerankOptions;
}

export interface LeaderRanking {
  /** Community id → its leaders' node indices, best first (ties by node key). */
  leaders: number[][];
  /** The score each node was ranked by (index order). */
  score: Float64Array;
  /** The score's name (`"communityPagerank"` for the in-community PageRank). */
  by: string;
}

export interface SelectBridgesOptions {
  /** Bridges kept. Default `10`. */
  top?: number;
  /** Distinct neighbour communities a node needs (≥ 2). Default `2`. */
  minCommunities?: number;
}

export interface Bridge {
  /** Node index. */
  node: number;
  /** Number of distinct communities among its neighbours. */
  communities: number;
  betweenness: number;
  participation: number;
}
