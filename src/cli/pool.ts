/**
 * A pool of worker threads for independent, seeded jobs (the randomizations
 * of `atlas compare`; the betweenness sources, consensus runs and bootstrap
 * replicates of `atlas analyze`). Workers load `pool-worker.ts` through tsx's loader,
 * registered inside the worker (loader hooks are per thread), so this works
 * under `node bin/atlas.js` and under vitest alike.
 *
 * `pool.run({ kind, contexts, tasks })` sends each context (a graph) once to
 * every worker, hands out the tasks one at a time as workers free up, and
 * returns the results in task order: the schedule never changes a result.
 * An aborted `signal` terminates the workers and rejects with its reason.
 * `replicateExecutor(pool)` is the analysis pipeline's `ReplicateExecutor`.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { batchSize, type ReplicateBatch, type ReplicateExecutor, type ReplicateResult } from "../analyze/replicates.ts";
import type { CsrIndex } from "../analyze/csr.ts";
import type { AnalyzeRunOptions } from "../analyze/pipeline.ts";
import { UsageError } from "../shared/errors.ts";
import { tsWorkerCode } from "../shared/ts-worker.ts";
import type { CliIo } from "./context.ts";
import { eraseProgressLine } from "./progress.ts";
import type { PoolKind, PoolRequest, PoolResponse } from "./pool-worker.ts";

/** Worker threads by default: one per CPU (the main thread waits while they run), at most 8. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

export interface PoolRun<C, T> {
  kind: PoolKind;
  /** Data shared by tasks (sent once to each worker). */
  contexts: readonly C[];
  tasks: readonly { context: number; payload: T }[];
  /** Called after each finished task with its position in `tasks`. */
  onResult?: (task: number, done: number, total: number) => void;
  signal?: AbortSignal;
  /** What runs, for error messages ("bootstrap replicate"). */
  what: string;
}

export interface WorkerPool {
  readonly threads: number;
  run<C, T, R>(job: PoolRun<C, T>): Promise<R[]>;
  /** Terminates the workers. */
  close(): Promise<void>;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error("cancelled");
  error.name = "AbortError";
  return error;
}

/**
 * Starts `threads` workers lazily (on the first run, at most one per task)
 * and keeps them for the next runs until `close()`.
 */
export function createWorkerPool(threads = defaultThreads()): WorkerPool {
  if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`pool: threads is ${threads}; give an integer ≥ 1`);
  const workers: Worker[] = [];
  let code: string | null = null;
  let contextId = 0;
  let busy = false;

  const close = async (): Promise<void> => {
    const all = workers.splice(0);
    await Promise.all(all.map((w) => w.terminate()));
  };

  async function run<C, T, R>(job: PoolRun<C, T>): Promise<R[]> {
    if (busy) throw new Error("pool: one run at a time");
    const { tasks, signal } = job;
    const results = new Array<R>(tasks.length);
    if (tasks.length === 0) return results;
    if (signal?.aborted) throw abortError(signal);
    busy = true;
    code ??= tsWorkerCode(new URL("./pool-worker.ts", import.meta.url));
    while (workers.length < Math.min(threads, tasks.length)) workers.push(new Worker(code, { eval: true }));
    const used = workers.slice(0, Math.min(threads, tasks.length));
    const base = contextId;
    contextId += job.contexts.length;
    try {
      await new Promise<void>((resolve, reject) => {
        let next = 0;
        let finished = 0;
        let settled = false;
        const cleanups: (() => void)[] = [];
        const settle = (error?: Error): void => {
          if (settled) return;
          settled = true;
          for (const c of cleanups) c();
          if (error) reject(error);
          else resolve();
        };
        const fail = (error: Error): void => {
          // A failed or cancelled run leaves workers mid-task: drop them all.
          void close();
          settle(error);
        };
        if (signal) {
          const onAbort = (): void => fail(abortError(signal));
          signal.addEventListener("abort", onAbort, { once: true });
          cleanups.push(() => signal.removeEventListener("abort", onAbort));
        }
        const send = (worker: Worker): void => {
          if (next >= tasks.length) return;
          const t = next++;
          const request: PoolRequest = { type: "task", kind: job.kind, task: t, context: base + tasks[t].context, payload: tasks[t].payload };
          worker.postMessage(request);
        };
        for (const worker of used) {
          const onMessage = (msg: PoolResponse): void => {
            if (msg.error !== undefined) {
              fail(new Error(`${job.what} ${msg.task + 1} failed in a worker thread:\n${msg.error}`));
              return;
            }
            results[msg.task] = msg.result as R;
            finished++;
            job.onResult?.(msg.task, finished, tasks.length);
            if (finished === tasks.length) settle();
            else send(worker);
          };
          const onError = (error: Error): void => fail(error);
          const onExit = (exitCode: number): void => {
            if (!settled) fail(new Error(`pool: a worker thread exited (code ${exitCode}) before the ${job.what}s ended`));
          };
          worker.on("message", onMessage);
          worker.on("error", onError);
          worker.on("exit", onExit);
          cleanups.push(() => {
            worker.off("message", onMessage);
            worker.off("error", onError);
            worker.off("exit", onExit);
          });
          job.contexts.forEach((data, i) => worker.postMessage({ type: "context", id: base + i, data } satisfies PoolRequest));
          send(worker);
        }
      });
    } finally {
      for (const w of used) if (workers.includes(w)) for (let i = 0; i < job.contexts.length; i++) w.postMessage({ type: "drop", id: base + i } satisfies PoolRequest);
      busy = false;
    }
    return results;
  }

  return { threads, run, close };
}

/** A typed array's copy in shared memory (workers read it without a copy of their own). */
function shared<T extends Int32Array | Float64Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

const sharedIndexes = new WeakMap<CsrIndex, CsrIndex>();

/**
 * `index` with its arrays in `SharedArrayBuffer`s, made once per index: a
 * batch posted to the workers then shares the index instead of copying it
 * into every thread (at 10M edges the arrays take ~320 MB).
 */
export function sharedIndex(index: CsrIndex): CsrIndex {
  let s = sharedIndexes.get(index);
  if (s === undefined) {
    s = {
      directed: index.directed,
      order: index.order,
      size: index.size,
      keys: index.keys,
      outOffsets: shared(index.outOffsets),
      outNeighbors: shared(index.outNeighbors),
      outWeights: shared(index.outWeights),
      inOffsets: shared(index.inOffsets),
      inNeighbors: shared(index.inNeighbors),
      inWeights: shared(index.inWeights),
    };
    sharedIndexes.set(index, s);
  }
  return s;
}

const BATCH_WHAT: Readonly<Record<ReplicateBatch["kind"], string>> = Object.freeze({
  consensus: "consensus run",
  bootstrap: "bootstrap replicate",
  betweenness: "betweenness job",
});

/** The pipeline's replicate executor on a worker pool (results identical to `inlineExecutor`). */
export function replicateExecutor(pool: WorkerPool): ReplicateExecutor {
  return {
    run(batch: ReplicateBatch, onProgress, signal) {
      const total = batchSize(batch);
      return pool.run<ReplicateBatch, number, ReplicateResult>({
        kind: "replicate",
        contexts: [{ ...batch, index: sharedIndex(batch.index) }],
        tasks: Array.from({ length: total }, (_, j) => ({ context: 0, payload: j })),
        onResult: (_t, done) => onProgress?.(done, total, batch.label),
        signal,
        what: BATCH_WHAT[batch.kind],
      });
    },
  };
}

/**
 * Progress of replicate batches on stderr: `bootstrap replicates 40/100,
 * 25.3/s, ETA 2.4 s`. Quiet for the first `quietMs` of a batch; on a
 * terminal the line is rewritten in place, elsewhere one line per 25 %.
 */
export function replicateProgress(
  io: { err(text: string): void; errRaw?(text: string): void; errIsTTY: boolean; now(): number },
  command: string,
  quietMs = 1000,
): (done: number, total: number, label: string) => void {
  let label = "";
  let start = 0;
  let lastQuarter = 0;
  let open = false;
  return (done, total, what) => {
    if (what !== label || done === 1) {
      label = what;
      start = io.now();
      lastQuarter = 0;
    }
    const elapsed = io.now() - start;
    const finished = done === total;
    if (elapsed < quietMs && !(finished && open)) return;
    const rate = done / Math.max(elapsed / 1000, 1e-9);
    const eta = (total - done) / rate;
    const text = `${command}: ${label} ${done}/${total}, ${rate.toFixed(1)}/s` + (finished ? `, ${(elapsed / 1000).toFixed(1)} s` : `, ETA ${eta.toFixed(1)} s`);
    if (io.errIsTTY) {
      eraseProgressLine(io);
      io.err(`${text}${finished ? "\n" : ""}`);
      open = !finished;
      return;
    }
    const quarter = Math.floor((4 * done) / total);
    if (quarter > lastQuarter || finished) {
      lastQuarter = quarter;
      io.err(`${text}\n`);
    }
  };
}

/**
 * Runs `fn` with its replicate batches on `workers` threads (0: this thread),
 * replicate progress on stderr, and Ctrl-C (SIGINT) terminating the workers
 * and ending the command with "cancelled".
 */
export async function withReplicateWorkers<T>(
  io: CliIo,
  command: string,
  workers: number,
  fn: (run: AnalyzeRunOptions) => Promise<T>,
): Promise<T> {
  const onReplicates = replicateProgress(io, command);
  if (workers === 0) return fn({ onReplicates });
  const pool = createWorkerPool(workers);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once("SIGINT", onSigint);
  try {
    return await fn({ executor: replicateExecutor(pool), onReplicates, signal: controller.signal });
  } catch (error) {
    if (controller.signal.aborted) throw new UsageError(`${command.replace(/^atlas /, "")}: cancelled (Ctrl-C); nothing was written`);
    throw error;
  } finally {
    process.off("SIGINT", onSigint);
    await pool.close();
  }
}
