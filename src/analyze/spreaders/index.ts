/** Public API of `src/analyze/spreaders`: methods that pick influential spreaders. */
export { computeVoterank, insertionRowOrder, voterank, VOTERANK_DEFAULTS, type VoterankOptions, type VoterankResult } from "./voterank.ts";
export { computeLeaderrank, leaderrank, LEADERRANK_DEFAULTS, type LeaderrankOptions } from "./leaderrank.ts";
export {
  collectiveInfluence,
  COLLECTIVE_INFLUENCE_DEFAULTS,
  computeCollectiveInfluence,
  type CollectiveInfluenceOptions,
  type CollectiveInfluenceResult,
} from "./collective-influence.ts";
export { orderScore } from "./options.ts";
