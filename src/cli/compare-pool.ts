/**
 * Runs the randomizations of `atlas compare` on worker threads (`pool.ts`,
 * task `nullSampleTask` of `compare-worker.ts`), reporting each finished
 * replicate.
 */
import { replicateSeed } from "../analyze/compare/null-model.ts";
import type { NullSample } from "../analyze/compare/types.ts";
import type { CsrIndex } from "../analyze/csr.ts";
import type { NullSampleTask } from "./compare-worker.ts";
import { createWorkerPool, defaultThreads } from "./pool.ts";

export { defaultThreads };

export interface PoolNiche {
  name: string;
  index: CsrIndex;
}

export interface PoolOptions {
  replicates: number;
  seed: number;
  swapsPerEdge: number;
  resolution: number;
  /** Worker threads (default: available parallelism − 1, at least 1, at most 8). */
  threads?: number;
  /** Called after each finished replicate with the niche's done count. */
  onProgress?: (niche: number, done: number, total: number) => void;
}

/** The null-model samples of every niche (in replicate order), computed on worker threads. */
export async function runNullModels(niches: readonly PoolNiche[], options: PoolOptions): Promise<NullSample[][]> {
  const tasks: { context: number; payload: NullSampleTask; replicate: number }[] = [];
  niches.forEach((niche, id) => {
    for (let r = 0; r < options.replicates; r++) {
      tasks.push({
        context: id,
        replicate: r,
        payload: {
          seed: replicateSeed(options.seed, niche.name, r),
          swapsPerEdge: options.swapsPerEdge,
          resolution: options.resolution,
        },
      });
    }
  });
  const results: NullSample[][] = niches.map(() => new Array<NullSample>(options.replicates));
  if (tasks.length === 0) return results;
  const pool = createWorkerPool(Math.max(1, Math.min(options.threads ?? defaultThreads(), tasks.length)));
  const done = niches.map(() => 0);
  try {
    const samples = await pool.run<CsrIndex, NullSampleTask, NullSample>({
      kind: "null-sample",
      contexts: niches.map((n) => n.index),
      tasks,
      what: "randomization",
      onResult: (t) => {
        const niche = tasks[t].context;
        done[niche]++;
        options.onProgress?.(niche, done[niche], options.replicates);
      },
    });
    samples.forEach((s, t) => (results[tasks[t].context][tasks[t].replicate] = s));
  } finally {
    await pool.close();
  }
  return results;
}
