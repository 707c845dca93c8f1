/**
 * Worker thread of `atlas compare`: runs randomizations of the niches'
 * indexes off the main thread. Messages in: `{ type: "niche", id, index }`
 * once per niche, then `{ type: "task", niche, replicate, seed, swapsPerEdge,
 * resolution }`; out: `{ niche, replicate, sample }` (or `{ error }`).
 * Each replicate depends only on its seed, so results equal a single-threaded run.
 */
import { parentPort } from "node:worker_threads";
import { nullSample } from "../analyze/compare/null-model.ts";
import type { CsrIndex } from "../analyze/csr.ts";

export type WorkerRequest =
  | { type: "niche"; id: number; index: CsrIndex }
  | { type: "task"; niche: number; replicate: number; seed: number; swapsPerEdge: number; resolution: number };

const port = parentPort;
if (port !== null) {
  const indexes = new Map<number, CsrIndex>();
  port.on("message", (msg: WorkerRequest) => {
    if (msg.type === "niche") {
      indexes.set(msg.id, msg.index);
      return;
    }
    try {
      const index = indexes.get(msg.niche);
      if (index === undefined) throw new Error(`compare worker: niche ${msg.niche} was never sent`);
      const sample = nullSample(index, msg.seed, { swapsPerEdge: msg.swapsPerEdge, resolution: msg.resolution });
      port.postMessage({ niche: msg.niche, replicate: msg.replicate, sample });
    } catch (error) {
      port.postMessage({ niche: msg.niche, replicate: msg.replicate, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
}
