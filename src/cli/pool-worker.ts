/**
 * Worker thread of `pool.ts`. Messages in: `{ type: "context", id, data }`
 * (kept until `{ type: "drop", id }`), then `{ type: "task", kind, task,
 * context, payload }`; out: `{ task, result }` or `{ task, error }`. Every task
 * is a pure function of its context and payload, so results equal a
 * single-threaded run.
 */
import { parentPort } from "node:worker_threads";
import { runReplicateJob, type ReplicateBatch } from "../analyze/replicates.ts";
import { nullSampleTask, type NullSampleTask } from "./compare-worker.ts";
import type { CsrIndex } from "../analyze/csr.ts";

/** The task kinds a worker knows. */
export type PoolKind = "replicate" | "null-sample";

export type PoolRequest =
  | { type: "context"; id: number; data: unknown }
  | { type: "drop"; id: number }
  | { type: "task"; kind: PoolKind; task: number; context: number; payload: unknown };

export type PoolResponse = { task: number; result?: unknown; error?: string };

function runTask(kind: PoolKind, context: unknown, payload: unknown): unknown {
  switch (kind) {
    case "replicate":
      return runReplicateJob(context as ReplicateBatch, payload as number);
    case "null-sample":
      return nullSampleTask(context as CsrIndex, payload as NullSampleTask);
  }
}

const port = parentPort;
if (port !== null) {
  const contexts = new Map<number, unknown>();
  port.on("message", (msg: PoolRequest) => {
    if (msg.type === "context") {
      contexts.set(msg.id, msg.data);
      return;
    }
    if (msg.type === "drop") {
      contexts.delete(msg.id);
      return;
    }
    try {
      if (!contexts.has(msg.context)) throw new Error(`pool worker: context ${msg.context} was never sent`);
      const result = runTask(msg.kind, contexts.get(msg.context), msg.payload);
      port.postMessage({ task: msg.task, result } satisfies PoolResponse);
    } catch (error) {
      port.postMessage({ task: msg.task, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies PoolResponse);
    }
  });
}
