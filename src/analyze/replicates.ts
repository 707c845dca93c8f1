/**
 * Replicate jobs of the pipeline (consensus runs, bootstrap replicates) and
 * the executor that runs them.
 *
 * The pipeline hands out a `ReplicateBatch`: one graph and a list of
 * independent jobs on it, each a pure function of (batch, job number)
 * (`runReplicateJob`). An executor returns the results in job order; how it
 * schedules them (this thread, worker threads, a web worker) cannot change
 * them. `inlineExecutor` runs them here; the CLI plugs in a worker pool
 * (`src/cli/pool.ts`). Pure and browser-safe.
 */
import type { CsrIndex } from "./csr.ts";
import { consensusRun, type ConsensusBatch } from "./communities/consensus.ts";

export type { ConsensusBatch };
import { bootstrapReplicate, type BootstrapOptions } from "./leaders/bootstrap.ts";
import { betweennessJob } from "./centrality/betweenness.ts";

/** Bootstrap replicates `replicates[j]` of `index` with fixed `membership`. */
export interface BootstrapBatch {
  kind: "bootstrap";
  index: CsrIndex;
  membership: Int32Array;
  replicates: number[];
  options: BootstrapOptions;
  label: string;
}

/** Betweenness dependencies of `index` summed over each job's sources (`planBetweenness`'s jobs). */
export interface BetweennessBatch {
  kind: "betweenness";
  index: CsrIndex;
  jobs: Int32Array[];
  weighted: boolean;
  label: string;
}

export type ReplicateBatch = ConsensusBatch | BootstrapBatch | BetweennessBatch;

/** What a job returns: a partition or ranks (Int32Array), or betweenness dependencies (Float64Array). */
export type ReplicateResult = Int32Array | Float64Array;

/** Progress of a batch: jobs done out of total. */
export type ReplicateProgress = (done: number, total: number, label: string) => void;

/** Runs a batch's jobs and returns their results in job order. */
export interface ReplicateExecutor {
  run(batch: ReplicateBatch, onProgress?: ReplicateProgress, signal?: AbortSignal): Promise<ReplicateResult[]>;
}

/** Number of jobs in a batch. */
export function batchSize(batch: ReplicateBatch): number {
  if (batch.kind === "consensus") return batch.seeds.length;
  return batch.kind === "bootstrap" ? batch.replicates.length : batch.jobs.length;
}

/** Job `job` of a batch: a consensus run's partition, a bootstrap replicate's in-community ranks, or betweenness dependencies. */
export function runReplicateJob(batch: ReplicateBatch, job: number): ReplicateResult {
  if (batch.kind === "consensus") return consensusRun(batch.index, batch.seeds[job], batch.options);
  if (batch.kind === "bootstrap") return bootstrapReplicate(batch.index, batch.membership, batch.replicates[job], batch.options);
  return betweennessJob(batch.index, batch.jobs[job], batch.weighted);
}

/** Throws the signal's reason (an `AbortError`) when it was aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof Error) throw reason;
    const error = new Error("analyze: cancelled");
    error.name = "AbortError";
    throw error;
  }
}

/** Runs every job of a batch in this thread (synchronously). */
export function runBatchSync(batch: ReplicateBatch, onProgress?: ReplicateProgress, signal?: AbortSignal): ReplicateResult[] {
  const total = batchSize(batch);
  const out: ReplicateResult[] = [];
  for (let j = 0; j < total; j++) {
    throwIfAborted(signal);
    out.push(runReplicateJob(batch, j));
    onProgress?.(j + 1, total, batch.label);
  }
  return out;
}

/** The executor of this thread: `runBatchSync` behind a promise. */
export const inlineExecutor: ReplicateExecutor = Object.freeze({
  run(batch: ReplicateBatch, onProgress?: ReplicateProgress, signal?: AbortSignal): Promise<ReplicateResult[]> {
    try {
      return Promise.resolve(runBatchSync(batch, onProgress, signal));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  },
});
