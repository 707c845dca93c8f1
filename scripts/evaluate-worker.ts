/**
 * Worker of `npm run evaluate`: runs the SIR simulations for a slice of seed
 * nodes (src/analyze/evaluate/sir.ts) and posts progress, then the powers.
 * Each node has its own random stream, so the split never changes a result.
 */
import { parentPort, workerData } from "node:worker_threads";
import { spreadingPower, type SpreadGraph } from "../src/analyze/evaluate/sir.ts";

interface Job {
  graph: SpreadGraph;
  nodes: Int32Array;
  beta: number;
  runs: number;
  seed: number;
}

const job = workerData as Job;
const out = new Float64Array(job.nodes.length);
const CHUNK = 16;
for (let start = 0; start < job.nodes.length; start += CHUNK) {
  const part = job.nodes.subarray(start, Math.min(start + CHUNK, job.nodes.length));
  out.set(spreadingPower(job.graph, part, { beta: job.beta, runs: job.runs, seed: job.seed }), start);
  parentPort!.postMessage({ type: "progress", done: part.length });
}
parentPort!.postMessage({ type: "done", power: out }, [out.buffer]);
