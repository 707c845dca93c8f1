/**
 * The whole pipeline at scale, in its own process, as `atlas analyze FILE
 * --out DIR` runs it on an edge list: stream the file into the index, every
 * stage over the index, the columnar atlas. Prints one JSON line: seconds per
 * stage, total, peak RSS (MiB).
 *
 *   node --expose-gc --import tsx bench/pipeline-child.ts FILE OUTDIR [--workers N]
 */
import { analyzeIndexAsync, type AnalyzeProgress } from "../src/analyze/pipeline.ts";
import { columnarColumns, indexEdges, streamIndex } from "../src/cli/analyze-stream.ts";
import { writeColumnarAtlas } from "../src/cli/columnar.ts";
import { createWorkerPool, replicateExecutor } from "../src/cli/pool.ts";
import { streamEdgelistFile } from "../src/cli/stream-read.ts";

const [file, out] = process.argv.slice(2);
const workersAt = process.argv.indexOf("--workers");
const workers = workersAt === -1 ? 0 : Number(process.argv[workersAt + 1]);
const seconds: Record<string, number> = {};
const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);
const t0 = performance.now();
let t = t0;
const lap = (name: string) => {
  const now = performance.now();
  seconds[name] = (now - t) / 1000;
  t = now;
  log(`${name} ${seconds[name].toFixed(1)} s (RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`);
};
const acc = await streamEdgelistFile(file);
lap("read");
const index = streamIndex(acc, true);
lap("index");
let stageStart = performance.now();
const onProgress = (e: AnalyzeProgress) => {
  if (e.phase === "start") stageStart = performance.now();
  else {
    seconds[e.stage] = (performance.now() - stageStart) / 1000;
    log(`${e.stage} ${seconds[e.stage].toFixed(1)} s`);
  }
};
const pool = workers > 0 ? createWorkerPool(workers) : null;
const result = await analyzeIndexAsync(
  index,
  { source: file, createdAt: new Date().toISOString(), betweenness: "approx", samples: 256, seed: 42, consensus: 0, bootstrap: 0 },
  onProgress,
  pool ? { executor: replicateExecutor(pool) } : {},
);
await pool?.close();
t = performance.now();
await writeColumnarAtlas(out, { keys: index.keys, columns: columnarColumns(result.columns, index.order), edges: indexEdges(index), atlas: result.atlas, directed: true });
lap("write");
const total = (performance.now() - t0) / 1000;
process.stdout.write("\n" + JSON.stringify({ seconds, total, rssMiB: process.resourceUsage().maxRSS / 1024, nodes: index.order, edges: index.size }) + "\n");
