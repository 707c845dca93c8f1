/**
 * `npm run bench`: times each metric of the engine against its counterpart in
 * graphology's standard library, in the same run, on seeded directed
 * scale-free graphs, and against igraph (C) when /usr/bin/python3 has it.
 *
 *   npm run bench                      # 10k/100k and 100k/1M
 *   npm run bench -- --sizes 10k       # only the small graph
 *   npm run bench -- --reps 5 --no-baseline --no-igraph
 *
 * Prints a Markdown table per graph: metric, ours (median of N), baseline,
 * ratio (baseline / ours: > 1 means we are faster), igraph, ratio to igraph
 * (ours / igraph: how many times slower than C), and peak RSS so far.
 * Then the store's table (bench/store.ts): SQLite write throughput (edges/s)
 * and twarc import throughput (tweets/s), with their sizes; `--no-store`
 * skips it (`node --import tsx bench/store.ts` runs it alone).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command } from "commander";
import Graph, { MultiGraph } from "graphology";
import pagerankBaseline from "graphology-metrics/centrality/pagerank.js";
import hitsBaseline from "graphology-metrics/centrality/hits.js";
import eigenvectorBaseline from "graphology-metrics/centrality/eigenvector.js";
import louvainBaseline from "graphology-communities-louvain";
import { coreNumber as coreNumberBaseline } from "graphology-cores";
import { createUnweightedIndexedBrandes } from "graphology-shortest-path/indexed-brandes.js";
import { scaleFreeDigraph, toEdgelist, writeEdgelistFile } from "./generate.ts";
import { benchStore, formatStoreBench } from "./store.ts";
import { defaultThreads } from "../src/cli/pool.ts";
import { readGraph } from "../src/graph/read.ts";
import { readGexf } from "../src/graph/readers/gexf.ts";
import { GexfStreamReader } from "../src/graph/readers/gexf-stream.ts";
import { GmlStreamReader } from "../src/graph/readers/gml.ts";
import { writeGexf } from "../src/graph/writers/gexf.ts";
import createGexfParser from "graphology-gexf/common/parser.js";
import { DOMParser } from "@xmldom/xmldom";
import { csrFromEdges, csrFromGraph, type CsrIndex } from "../src/analyze/csr.ts";
import { computePagerank } from "../src/analyze/centrality/pagerank.ts";
import { computeHits } from "../src/analyze/centrality/hits.ts";
import { computeEigenvector } from "../src/analyze/centrality/eigenvector.ts";
import { computeCoreness } from "../src/analyze/centrality/coreness.ts";
import { computeBetweenness } from "../src/analyze/centrality/betweenness.ts";
import { louvainCommunities, undirectedView } from "../src/analyze/communities/louvain.ts";
import { leidenCommunities } from "../src/analyze/communities/leiden.ts";
import { LEIDEN_ONE_ITERATION_EDGES } from "../src/analyze/pipeline.ts";
import { createRng } from "../src/analyze/rng.ts";
import type { AtlasGraph } from "../src/graph/model.ts";

const ROOT = resolve(import.meta.dirname, "..");
const OUT = join(ROOT, "out", "bench");
const SEED = 42;
const SOURCES = 256;

interface Size { name: string; nodes: number; edges: number; /** Only the whole-pipeline rows (graphology cannot hold the graph). */ pipelineOnly?: boolean }
const SIZES: Record<string, Size> = {
  "10k": { name: "10k nodes / 100k edges", nodes: 10_000, edges: 100_000 },
  "100k": { name: "100k nodes / 1M edges", nodes: 100_000, edges: 1_000_000 },
  "10M": { name: "1M nodes / 10M edges", nodes: 1_000_000, edges: 10_000_000, pipelineOnly: true },
  "100M": { name: "10M nodes / 100M edges", nodes: 10_000_000, edges: 100_000_000, pipelineOnly: true },
};

interface Row { metric: string; ours: number | null; baseline: number | null; igraph: number | null; rss: number }

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function time(fn: () => unknown): number {
  gc();
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  gc();
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function repeat(reps: number, fn: () => unknown): number {
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) ts.push(time(fn));
  return median(ts);
}

/** How a graphology user would load the file: split lines, mergeEdge with summed weight. */
function loadBaseline(text: string): Graph {
  const g = new Graph({ type: "directed", allowSelfLoops: true });
  for (const line of text.split("\n")) {
    if (!line || line[0] === "#") continue;
    const [s, t] = line.trim().split(/\s+/);
    g.mergeNode(s);
    g.mergeNode(t);
    const e = g.edge(s, t);
    if (e === undefined) g.addEdge(s, t, { weight: 1 });
    else g.updateEdgeAttribute(e, "weight", (w: number) => w + 1);
  }
  return g;
}

/** graphology's indexed Brandes routine, accumulated over the same sampled sources. */
function betweennessBaseline(graph: Graph, sources: number[]): Float64Array {
  const brandes = createUnweightedIndexedBrandes(graph);
  const n = graph.order;
  const delta = new Float64Array(n);
  const centrality = new Float64Array(n);
  for (const s of sources) {
    const [S, P, sigma] = brandes(s);
    delta.fill(0);
    while (S.size !== 0) {
      const w = S.pop() as number;
      const coefficient = (1 + delta[w]) / sigma[w];
      for (const v of P[w] as number[]) delta[v] += sigma[v] * coefficient;
      if (w !== s) centrality[w] += delta[w];
    }
  }
  return centrality;
}

function sampleSources(n: number, k: number, seed: number): number[] {
  const rng = createRng(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(k, n)) picked.add(Math.floor(rng() * n));
  return [...picked];
}

function igraphAvailable(): boolean {
  const r = spawnSync("/usr/bin/python3", ["-c", "import igraph"], { stdio: "ignore" });
  return r.status === 0;
}

/** igraph's timings on `file`; with `gml`, igraph also writes the graph there as GML and times reading it. */
function runIgraph(file: string, gml?: string): Record<string, number | null> | null {
  try {
    const out = execFileSync("/usr/bin/python3", [join(ROOT, "bench", "igraph_bench.py"), file, String(SEED), ...(gml ? [gml] : [])], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
      stdio: ["ignore", "pipe", "inherit"],
    });
    return JSON.parse(out) as Record<string, number | null>;
  } catch (err) {
    log(`igraph run failed: ${(err as Error).message}`);
    return null;
  }
}

/** The whole `atlas analyze` as a child process: wall time and its own peak RSS. */
function runAnalyze(file: string): { seconds: number; rssMiB: number } | null {
  const child = join(ROOT, "bench", "analyze-child.ts");
  const r = spawnSync(process.execPath, ["--import", "tsx", child, file, join(OUT, "bench.atlas.json")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    log(`atlas analyze failed (exit ${r.status})`);
    return null;
  }
  const last = r.stdout.trim().split("\n").pop() ?? "{}";
  return JSON.parse(last) as { seconds: number; rssMiB: number };
}

function fmt(x: number | null): string {
  if (x === null) return "–";
  return x < 10 ? x.toFixed(3) : x.toFixed(1);
}

function ratio(a: number | null, b: number | null): string {
  if (a === null || b === null || b === 0) return "–";
  return `${(a / b).toFixed(2)}×`;
}

async function benchSize(size: Size, opts: { reps: number; baseline: boolean; igraph: boolean; analyze: boolean; only: string[] | null }) {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `scale-free-${size.nodes}-${size.edges}.txt`);
  if (!existsSync(file)) {
    log(`generating ${size.name} (seed ${SEED}) -> ${file}`);
    writeFileSync(file, toEdgelist(scaleFreeDigraph(size.nodes, size.edges, SEED)));
  }
  const bytes = new Uint8Array(readFileSync(file));
  const text = new TextDecoder().decode(bytes);
  const rows: Row[] = [];
  const wantGml = size.edges <= 1_000_000 && (!opts.only || opts.only.some((p) => "gml".startsWith(p) || p.startsWith("gml")));
  const gmlFile = join(OUT, `scale-free-${size.nodes}-${size.edges}.gml`);
  const ig = opts.igraph && igraphAvailable() ? (log("timing igraph..."), runIgraph(file, wantGml ? gmlFile : undefined)) : null;
  const igv = (k: string) => (ig && typeof ig[k] === "number" ? (ig[k] as number) : null);

  log(`${size.name}: loading`);
  let graph!: AtlasGraph;
  const loadTimes: number[] = [];
  for (let r = 0; r < opts.reps; r++) loadTimes.push(await timeAsync(async () => { graph = await readGraph(file, bytes); }));
  let baseGraph: Graph | null = null;
  const loadBase = opts.baseline ? time(() => { baseGraph = loadBaseline(text); }) : null;
  rows.push({ metric: "load (read file → graph)", ours: median(loadTimes), baseline: loadBase, igraph: igv("load"), rss: peakRssMiB() });
  log(`graph: ${graph.order} nodes, ${graph.size} edges`);

  let index!: CsrIndex;
  rows.push({ metric: "index (CSR, once per analysis)", ours: repeat(opts.reps, () => { index = csrFromGraph(graph); }), baseline: null, igraph: null, rss: peakRssMiB() });
  const bg = (baseGraph ?? graph) as Graph;

  const step = (metric: string, ours: () => unknown, base: (() => unknown) | null, igKey: string) => {
    if (opts.only && !opts.only.some((prefix) => metric.toLowerCase().startsWith(prefix))) return;
    log(`${size.name}: ${metric}`);
    const o = repeat(opts.reps, ours);
    let b: number | null = null;
    let label = metric;
    if (opts.baseline && base) {
      // A baseline that gives up (graphology's HITS throws after 100 iterations) is still
      // timed up to that point, and marked.
      let failed: string | null = null;
      b = time(() => {
        try { base(); } catch (err) { failed = (err as Error).message; }
      });
      if (failed) {
        log(`baseline ${metric} failed after ${b.toFixed(1)} s: ${failed}`);
        label = `${metric} (graphology: stopped, not converged)`;
      }
    }
    rows.push({ metric: label, ours: o, baseline: b, igraph: igv(igKey), rss: peakRssMiB() });
  };

  // GEXF as `atlas convert` writes it, read by the streaming reader (saxes) vs graphology-gexf's
  // own parse (xmldom DOM, into a MultiGraph); only where the DOM finishes in reasonable time.
  if (size.edges <= 100_000) {
    const gexf = writeGexf(graph);
    const parseDom = createGexfParser(DOMParser, new DOMParser().parseFromString("<t/>", "application/xml").constructor);
    step(`GEXF read (${(gexf.length / 2 ** 20).toFixed(0)} MiB text → graph)`, () => readGexf("g.gexf", gexf), () => parseDom(MultiGraph, gexf, { allowUndeclaredAttributes: true }), "gexf");
  }
  // The same GEXF streamed into the index with no graph (`atlas analyze x.gexf --out DIR`) vs into the graph (`readGexf`).
  if (size.edges <= 1_000_000 && (!opts.only || opts.only.some((p) => "gexf".startsWith(p) || p.startsWith("gexf")))) {
    const gexf = writeGexf(graph);
    const toIndex = () => {
      const reader = new GexfStreamReader("g.gexf");
      reader.push(gexf);
      const { accumulator } = reader.parsed().edges();
      return csrFromEdges(accumulator.stream());
    };
    step(`GEXF read into the index (${(gexf.length / 2 ** 20).toFixed(0)} MiB; baseline: into the graph)`, toIndex, () => readGexf("g.gexf", gexf), "none");
  }
  // GML as igraph writes it, streamed into the index with no graph (`atlas analyze x.gml --out DIR`)
  // vs into the graph; igraph's Read_GML of the same file in the peers' column.
  if (wantGml && existsSync(gmlFile)) {
    const gml = new Uint8Array(readFileSync(gmlFile));
    const push = (reader: GmlStreamReader): GmlStreamReader => {
      for (let at = 0; at < gml.length; at += 4 << 20) reader.push(gml.subarray(at, at + (4 << 20)));
      return reader;
    };
    const toIndex = () => csrFromEdges(push(new GmlStreamReader("g.gml")).parsed().edges().accumulator.stream());
    step(`GML read into the index (${(gml.length / 2 ** 20).toFixed(0)} MiB from igraph's write_gml; baseline: into the graph)`, toIndex, () => push(new GmlStreamReader("g.gml")).end(), "gml");
  }
  step("PageRank", () => computePagerank(index), () => pagerankBaseline(bg), "pagerank");
  step("HITS", () => computeHits(index), () => hitsBaseline(bg), "hits");
  step("eigenvector", () => computeEigenvector(index, { maxIterations: 1000 }), () => eigenvectorBaseline(bg), "eigenvector");
  // The undirected simple view for graphology-cores (it refuses self-loops) and graphology's Louvain:
  // a graphology user with a directed graph builds this copy; we build the undirected CSR view.
  const undirectedBase = opts.baseline ? toUndirected(bg) : null;
  let view!: CsrIndex;
  step("undirected view (build once; graphology: an undirected copy)", () => { view = undirectedView(index); },
    opts.baseline ? () => toUndirected(bg) : null, "none");
  view ??= undirectedView(index);
  step("k-core", () => computeCoreness(index),
    undirectedBase ? () => (coreNumberBaseline as unknown as (g: Graph) => Record<string, number>)(undirectedBase) : null, "coreness");
  // Community detection from the undirected view (ours) and the undirected copy (graphology), both prebuilt.
  step("Louvain (graphology's, on our undirected view)", () => louvainCommunities(graph, { seed: SEED, index: view }),
    undirectedBase ? () => louvainBaseline(undirectedBase, { rng: createRng(SEED) }) : null, "louvain");
  // As the pipeline runs it: one Leiden iteration above LEIDEN_ONE_ITERATION_EDGES edges, else two.
  const leidenIterations = index.size > LEIDEN_ONE_ITERATION_EDGES ? 1 : 2;
  step(`Leiden (ours, the default, ${leidenIterations} iteration${leidenIterations > 1 ? "s" : ""}; vs graphology's Louvain)`,
    () => leidenCommunities(view, { seed: SEED, iterations: leidenIterations }),
    undirectedBase ? () => louvainBaseline(undirectedBase, { rng: createRng(SEED) }) : null, "leiden");
  const sources = sampleSources(graph.order, SOURCES, SEED);
  step(`betweenness (${SOURCES} sources)`, () => computeBetweenness(index, { mode: "approx", samples: SOURCES, seed: SEED }),
    () => betweennessBaseline(bg, sources), "betweenness");

  if (opts.analyze) {
    log(`${size.name}: whole atlas analyze (child process)`);
    const a = runAnalyze(file);
    if (a) rows.push({ metric: `whole \`atlas analyze\` (betweenness ${SOURCES} sources)`, ours: a.seconds, baseline: null, igraph: null, rss: a.rssMiB });
  }
  return rows;
}

function toUndirected(g: Graph): Graph {
  const u = new Graph({ type: "undirected" });
  g.forEachNode((n) => u.addNode(n));
  g.forEachEdge((_e, a, s, t) => {
    if (s === t) return;
    const w = (a.weight as number) ?? 1;
    const ex = u.edge(s, t);
    if (ex === undefined) u.addEdge(s, t, { weight: w });
    else u.updateEdgeAttribute(ex, "weight", (x: number) => x + w);
  });
  return u;
}

interface PipelineRun { seconds: Record<string, number>; total: number; rssMiB: number; nodes: number; edges: number; igraph?: string; "graph-tool"?: string | null }

/** Stages of the pipeline and the peers' step doing the same work (null: the peers have none). */
const PIPELINE_ROWS: [string, string[], string | null][] = [
  ["read the edge list", ["read", "index"], "read"],
  ["PageRank", ["pagerank"], "pagerank"],
  ["HITS", ["hits"], "hits"],
  ["eigenvector", ["eigenvector"], "eigenvector"],
  ["k-core", ["coreness"], "coreness"],
  [`betweenness, ${SOURCES} sampled sources`, ["betweenness"], "betweenness"],
  ["Leiden (ours: 1 iteration above 200k edges; igraph: 2)", ["communities"], "communities"],
  ["summary, community stats, roles", ["summary", "community stats", "roles"], null],
  ["spreaders, leaders, bridges", ["spreaders", "leaders", "bridges"], null],
  ["write the scores (ours: columnar atlas; peers: CSV)", ["write"], "write"],
];

/** The whole pipeline on `size`: ours in a child process (streamed, columnar) and igraph (+ graph-tool) on the same file. */
function benchPipeline(size: Size, opts: { igraph: boolean; workers: number }): void {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `pipeline-${size.edges}.txt`);
  if (!existsSync(file)) {
    log(`generating ${size.name} (streamed to ${file})`);
    writeEdgelistFile(scaleFreeDigraph(size.nodes, size.edges, SEED), file);
  }
  const loadBefore = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  log(`${size.name}: whole pipeline, ours (child process, ${opts.workers} workers)`);
  const child = join(ROOT, "bench", "pipeline-child.ts");
  const r = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=16384", "--import", "tsx", child, file, join(OUT, `pipeline-${size.edges}.atlas`), "--workers", String(opts.workers)], {
    encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24,
  });
  const ours = r.status === 0 ? (JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as PipelineRun) : null;
  if (!ours) log(`ours failed (exit ${r.status})`);
  let peers: PipelineRun | null = null;
  if (opts.igraph && igraphAvailable()) {
    log(`${size.name}: whole pipeline, igraph${graphToolAvailable() ? " + graph-tool" : ""}`);
    try {
      const out = execFileSync("/usr/bin/python3", [join(ROOT, "bench", "peers_pipeline.py"), file, join(OUT, `pipeline-${size.edges}.peers.csv`)], {
        encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24,
      });
      peers = JSON.parse(out.trim().split("\n").pop() ?? "{}") as PipelineRun;
    } catch (err) {
      log(`peers failed: ${(err as Error).message}`);
    }
  }
  const loadAfter = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const sum = (run: PipelineRun | null, keys: string[]): number | null =>
    run === null ? null : keys.reduce((acc, k) => acc + (run.seconds[k] ?? 0), 0);
  const lines = [
    `\n### Whole pipeline, ${size.name} (Price's model, seed ${SEED}; ${ours?.nodes ?? "?"} nodes, ${ours?.edges ?? "?"} merged edges)\n`,
    `Peers: igraph ${peers?.igraph ?? "–"}${peers?.["graph-tool"] ? `, graph-tool ${peers["graph-tool"]} (betweenness)` : ""}; load average ${loadBefore} before, ${loadAfter} after.\n`,
    "| stage | ours (s) | peers (s) | ours / peers |",
    "|---|---:|---:|---:|",
  ];
  for (const [label, ourKeys, peerKey] of PIPELINE_ROWS) {
    const a = sum(ours, ourKeys);
    const b = peerKey === null || peers === null ? null : (peers.seconds[peerKey] ?? null);
    lines.push(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${ratio(a, b)} |`);
  }
  lines.push(`| **total** | ${fmt(ours?.total ?? null)} | ${fmt(peers?.total ?? null)} | ${ratio(ours?.total ?? null, peers?.total ?? null)} |`);
  lines.push(`| peak RSS (MiB) | ${ours ? ours.rssMiB.toFixed(0) : "–"} | ${peers ? peers.rssMiB.toFixed(0) : "–"} | ${ours && peers ? ratio(ours.rssMiB, peers.rssMiB) : "–"} |`);
  process.stdout.write(lines.join("\n") + "\n");
}

function graphToolAvailable(): boolean {
  return spawnSync("/usr/bin/python3", ["-c", "import graph_tool"], { stdio: "ignore" }).status === 0;
}

function printTable(size: Size, rows: Row[]): void {
  const lines = [
    `\n### ${size.name} (Price's model, seed ${SEED})\n`,
    "| metric | ours (s) | graphology (s) | graphology / ours | igraph (s) | ours / igraph | peak RSS (MiB) |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    lines.push(`| ${r.metric} | ${fmt(r.ours)} | ${fmt(r.baseline)} | ${ratio(r.baseline, r.ours)} | ${fmt(r.igraph)} | ${ratio(r.ours, r.igraph)} | ${r.rss.toFixed(0)} |`);
  }
  process.stdout.write(lines.join("\n") + "\n");
}

const program = new Command("bench")
  .description("Time the engine's metrics against graphology's standard library and igraph.")
  .option("--sizes <list>", "comma-separated: 10k, 100k (per metric, and the whole pipeline at 100k), 10M, 100M (whole pipeline only; edges)", "10k,100k")
  .option("--workers <n>", "worker threads of our whole-pipeline run (default: as atlas analyze)", String(defaultThreads()))
  .option("--no-pipeline", "skip the whole-pipeline rows against igraph/graph-tool")
  .option("--reps <n>", "repetitions of our runs (median)", "3")
  .option("--no-baseline", "skip graphology's standard library")
  .option("--no-igraph", "skip igraph")
  .option("--no-analyze", "skip the whole `atlas analyze` run")
  .option("--only <prefixes>", "only the metrics whose names start with these (comma-separated), e.g. leiden,louvain")
  .option("--no-store", "skip the store benchmarks (SQLite writes, twarc import)")
  .addHelpText("after", "\nExample:\n  npm run bench -- --sizes 10k --reps 3\n");
program.parse(process.argv);
const o = program.opts<{ sizes: string; reps: string; baseline: boolean; igraph: boolean; analyze: boolean; store: boolean; only?: string; workers: string; pipeline: boolean }>();
for (const key of o.sizes.split(",")) {
  const size = SIZES[key.trim()];
  if (!size) { process.stderr.write(`bench: unknown size "${key}"; use ${Object.keys(SIZES).join(", ")}.\n`); process.exit(2); }
  if (size.pipelineOnly) {
    benchPipeline(size, { igraph: o.igraph, workers: Number(o.workers) });
    continue;
  }
  const only = o.only ? o.only.split(",").map((p) => p.trim().toLowerCase()).filter(Boolean) : null;
  const rows = await benchSize(size, { reps: Number(o.reps), baseline: o.baseline, igraph: o.igraph, analyze: o.analyze, only });
  printTable(size, rows);
  if (o.pipeline && size.edges >= 1_000_000) benchPipeline(size, { igraph: o.igraph, workers: Number(o.workers) });
}
if (o.store) {
  log("store: SQLite writes and twarc import");
  process.stdout.write("\n" + formatStoreBench(await benchStore()));
}
