/**
 * Consensus clustering as a sequence of replicate batches: the same steps as
 * `combineConsensus` (`communities/consensus.ts`), but each round's R runs are
 * yielded as a `ReplicateBatch` so that an executor (this thread, worker
 * threads) runs them. Any executor gives the result of
 * `consensusCommunities(index, options)`.
 */
import type { CsrIndex } from "./csr.ts";
import {
  consensusRound,
  consensusSeeds,
  consensusStability,
  resolveConsensusOptions,
  type ConsensusOptions,
  type ConsensusResult,
} from "./communities/consensus.ts";
import { renumberBySize, undirectedView } from "./communities/louvain.ts";
import { modularity } from "./communities/modularity.ts";
import type { ReplicateBatch } from "./replicates.ts";

export type ConsensusOutcome = ConsensusResult;

/** Yields each round's runs (results: partitions in seed order), returns the consensus. */
export function* consensusPartition(index: CsrIndex, options: ConsensusOptions): Generator<ReplicateBatch, ConsensusResult, Int32Array[]> {
  const o = resolveConsensusOptions(options);
  const view = undirectedView(index);
  const first: Int32Array[] = yield { kind: "consensus", index: view, seeds: consensusSeeds(o, 0), options: o, label: "consensus runs" };
  let step = consensusRound(view, first, 0, o);
  let rounds = 0;
  let last: Int32Array[] = [];
  while (!step.done && rounds < o.maxRounds) {
    rounds++;
    last = yield { kind: "consensus", index: step.graph, seeds: consensusSeeds(o, rounds), options: o, label: `consensus round ${rounds}` };
    step = consensusRound(view, last, rounds, o);
  }
  let final: Int32Array | null = step.done ? step.membership : null;
  if (!step.done) {
    // No agreement within maxRounds: the last round's best partition on the graph itself (as combineConsensus).
    let bestQ = -Infinity;
    for (const m of last) {
      const q = modularity(view, m, { resolution: o.resolution });
      if (q > bestQ) {
        bestQ = q;
        final = m;
      }
    }
  }
  const { membership, count } = renumberBySize(final!, view.keys);
  const { nodeStability, communityStability } = consensusStability(membership, count, first);
  return {
    membership,
    count,
    modularity: modularity(view, membership, { resolution: o.resolution }),
    nodeStability,
    communityStability,
    rounds,
    converged: step.done,
  };
}
