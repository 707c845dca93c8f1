/**
 * Our side of scripts/reference/pagerank_scale.py: PageRank on a benchmark
 * graph (`scaleFreeDigraph(order, edges, 42)`), timed, values written raw.
 *
 * Usage: node --import tsx bench/pagerank-scale.ts NODES EDGES DIR [TOLERANCE [RELATIVE_TOLERANCE|null]]
 * Writes DIR/scale-free-NODES-EDGES.txt (the edge list, if absent) and
 * DIR/ours-NODES-EDGES.f64 (PageRank by node id, float64 little-endian), and
 * prints one JSON line: iterations, last L1 change, seconds (median and best of 7).
 * Defaults as the pipeline: alpha 0.85, weighted (repeated records summed),
 * tolerance 1e-12, maxIterations 1000; relativeTolerance the engine's default
 * (`null`: networkx's rule alone, the rule before relativeTolerance existed).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { computePagerankDetailed, PAGERANK_DEFAULTS, type PagerankResult } from "../src/analyze/centrality/pagerank.ts";
import { csrFromEdges } from "../src/analyze/csr.ts";
import { scaleFreeDigraph, toEdgelist } from "./generate.ts";

const [nodesArg, edgesArg, dir, tolArg, relArg] = process.argv.slice(2);
if (!nodesArg || !edgesArg || !dir) {
  console.error("usage: node --import tsx bench/pagerank-scale.ts NODES EDGES DIR [TOLERANCE [RELATIVE_TOLERANCE|null]]");
  process.exit(2);
}
const order = Number(nodesArg);
const edges = Number(edgesArg);
const tolerance = tolArg ? Number(tolArg) : 1e-12;
const relativeTolerance = relArg === undefined ? PAGERANK_DEFAULTS.relativeTolerance : relArg === "null" ? null : Number(relArg);
mkdirSync(dir, { recursive: true });
const g = scaleFreeDigraph(order, edges, 42);
const file = join(dir, `scale-free-${order}-${edges}.txt`);
if (!existsSync(file)) writeFileSync(file, toEdgelist(g));
// The file's nodes (as `readGraph` sees them): the generator may stop before its last ids get an edge.
let present = 0;
for (let e = 0; e < g.sources.length; e++) present = Math.max(present, g.sources[e] + 1, g.targets[e] + 1);
const index = csrFromEdges({ order: present, sources: g.sources, targets: g.targets, directed: true });

const times: number[] = [];
let result!: PagerankResult;
for (let rep = 0; rep < 7; rep++) {
  const t = performance.now();
  result = computePagerankDetailed(index, { alpha: 0.85, tolerance, relativeTolerance, maxIterations: 1000, weighted: true });
  times.push((performance.now() - t) / 1000);
}
times.sort((a, b) => a - b);
const out = join(dir, `ours-${order}-${edges}.f64`);
writeFileSync(out, new Uint8Array(result.values.buffer, result.values.byteOffset, result.values.byteLength));
console.log(JSON.stringify({ order: present, edges: index.size, tolerance, relativeTolerance, iterations: result.iterations, delta: result.delta, relativeChange: result.relativeChange, seconds: times[3], bestSeconds: times[0], values: out }));
