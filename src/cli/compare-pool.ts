/**
 * Runs the randomizations of `atlas compare` on worker threads
 * (`compare-worker.ts`), reporting each finished replicate. The workers load
 * the TypeScript sources through tsx's loader, registered inside the worker
 * (loader hooks are per thread), so this works under `node bin/atlas.js` and
 * under vitest alike.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { replicateSeed } from "../analyze/compare/null-model.ts";
import type { NullSample } from "../analyze/compare/types.ts";
import type { CsrIndex } from "../analyze/csr.ts";
import type { WorkerRequest } from "./compare-worker.ts";

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

export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism() - 1));
}

function bootstrapCode(): string {
  const require = createRequire(import.meta.url);
  const api = pathToFileURL(require.resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const entry = new URL("./compare-worker.ts", import.meta.url).href;
  return (
    `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })` +
    `.catch((e) => { console.error(e); process.exit(1); });`
  );
}

/** The null-model samples of every niche (in replicate order), computed on worker threads. */
export async function runNullModels(niches: readonly PoolNiche[], options: PoolOptions): Promise<NullSample[][]> {
  const results: NullSample[][] = niches.map(() => new Array<NullSample>(options.replicates));
  const tasks: WorkerRequest[] = [];
  niches.forEach((niche, id) => {
    for (let r = 0; r < options.replicates; r++) {
      tasks.push({
        type: "task",
        niche: id,
        replicate: r,
        seed: replicateSeed(options.seed, niche.name, r),
        swapsPerEdge: options.swapsPerEdge,
        resolution: options.resolution,
      });
    }
  });
  if (tasks.length === 0) return results;
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), tasks.length));
  const done = niches.map(() => 0);
  const code = bootstrapCode();
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      let failed = false;
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      for (let t = 0; t < threads; t++) {
        const worker = new Worker(code, { eval: true });
        workers.push(worker);
        worker.on("error", fail);
        worker.on("exit", (exitCode) => {
          if (finished < tasks.length) fail(new Error(`compare: a worker thread exited (code ${exitCode}) before the randomizations ended`));
        });
        worker.on("message", (msg: { niche: number; replicate: number; sample?: NullSample; error?: string }) => {
          if (msg.error !== undefined) {
            fail(new Error(`compare: randomization ${msg.replicate + 1} of "${niches[msg.niche].name}" failed in a worker:\n${msg.error}`));
            return;
          }
          results[msg.niche][msg.replicate] = msg.sample as NullSample;
          done[msg.niche]++;
          finished++;
          options.onProgress?.(msg.niche, done[msg.niche], options.replicates);
          if (finished === tasks.length) resolve();
          else if (next < tasks.length) worker.postMessage(tasks[next++]);
        });
        niches.forEach((niche, id) => worker.postMessage({ type: "niche", id, index: niche.index } satisfies WorkerRequest));
        if (next < tasks.length) worker.postMessage(tasks[next++]);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
