/** Public API of `src/analyze/communities`. */
export { louvain, louvainCommunities, renumberBySize, undirectedView, LOUVAIN_DEFAULTS } from "./louvain.ts";
export type { LouvainDetailed, LouvainOptions } from "./louvain.ts";
export { modularity, modularityTerms, MODULARITY_DEFAULTS } from "./modularity.ts";
export { communityStats } from "./stats.ts";
export { participationCoefficient, neighbourCommunityCounts } from "./participation.ts";
export { nmi } from "./nmi.ts";
export type { CommunityPartition, CommunityStats, ModularityOptions } from "./types.ts";
export { leiden, leidenCommunities, cpmQuality, LEIDEN_DEFAULTS } from "./leiden.ts";
export type { LeidenDetailed, LeidenObjective, LeidenOptions, LeidenPartition } from "./leiden.ts";
export { communityComponents, disconnectedCommunities } from "./connectivity.ts";
export {
  coassignmentIndex,
  combineConsensus,
  consensusCommunities,
  consensusRound,
  consensusRun,
  consensusSeeds,
  consensusStability,
  partitionsAgree,
  resolveConsensusOptions,
  CONSENSUS_DEFAULTS,
} from "./consensus.ts";
export type { ConsensusAlgorithm, ConsensusOptions, ConsensusResult, ConsensusStep } from "./consensus.ts";
