/**
 * Consensus clustering as a sequence of replicate batches (the generator lives
 * with the rest of consensus clustering in communities/consensus.ts).
 */
export { consensusPartition, type ConsensusBatch } from "./communities/consensus.ts";
export type { ConsensusResult as ConsensusOutcome } from "./communities/consensus.ts";
