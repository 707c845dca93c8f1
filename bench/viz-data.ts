/**
 * The graphs of `npm run bench:viz`, written once under out/bench/ (reused
 * while their inputs are unchanged):
 * - facebook.atlas.json: the Facebook page-page network (SNAP / MUSAE,
 *   data/facebook_page_page) analyzed by `atlas analyze`, with positions from
 *   a short ForceAtlas2 run (Barnes-Hut) here in Node, so the viewer opens it
 *   like a published map (stored positions, no layout in the page);
 * - synthetic-50k.atlas.json: a seeded planted-partition graph (50 000 nodes,
 *   500 000 directed edges, 90% inside 60 communities of skewed sizes) with
 *   PageRank and degrees from the engine and positions drawn around each
 *   community's centre.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Graph from "graphology";
import { atlasProblem } from "../src/analyze/atlas-validate.ts";
import { analyzeGraph } from "../src/analyze/pipeline.ts";
import { createRng, randomInt } from "../src/analyze/rng.ts";
import type { AtlasGraph } from "../src/graph/model.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BENCH_DIR = join(ROOT, "out", "bench");
const FB_EDGES = join(ROOT, "data", "facebook_page_page", "musae_facebook_edges.csv");
const FB_NODES = join(ROOT, "data", "facebook_page_page", "musae_facebook_target.csv");

const newer = (file: string, ...inputs: string[]): boolean => existsSync(file) && inputs.every((i) => statSync(i).mtimeMs <= statSync(file).mtimeMs);

/** Community discs on a sunflower spiral (as the viewer seeds them), seeded. */
function seedByCommunity(graph: Graph, seed: number, jitter: (rng: () => number) => [number, number]): void {
  const rng = createRng(seed);
  const sizes = new Map<number, number>();
  graph.forEachNode((_k, a) => sizes.set(a.community as number, (sizes.get(a.community as number) ?? 0) + 1));
  const order = [...sizes].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const golden = Math.PI * (3 - Math.sqrt(5));
  const centres = new Map<number, { x: number; y: number; r: number }>();
  let spread = 0;
  order.forEach(([c, n], i) => {
    spread += n;
    const d = i === 0 ? 0 : Math.sqrt(spread) * 1.6;
    centres.set(c, { x: d * Math.cos(i * golden), y: d * Math.sin(i * golden), r: Math.sqrt(n) });
  });
  graph.updateEachNodeAttributes((_k, a) => {
    const c = centres.get(a.community as number)!;
    const [u, v] = jitter(rng);
    return { ...a, x: c.x + u * c.r, y: c.y + v * c.r };
  });
}

/** out/bench/facebook.atlas.json (analyzed and laid out by the engine, pages labelled by name); returns its path. */
export function facebookAtlas(log: (line: string) => void): string {
  mkdirSync(BENCH_DIR, { recursive: true });
  const out = join(BENCH_DIR, "facebook.atlas.json");
  if (newer(out, FB_EDGES, FB_NODES) && atlasProblem(JSON.parse(readFileSync(out, "utf8"))) === null) return out;
  log("bench:viz: atlas analyze --layout (Facebook page-page network)…");
  const args = ["analyze", FB_EDGES, "--nodes", FB_NODES, "--label-column", "page_name", "--undirected", "--layout", "--out", out];
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "atlas.js"), ...args], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`atlas analyze failed:\n${r.stderr}`);
  return out;
}

/** out/bench/synthetic-<n>.atlas.json; returns its path. */
export function syntheticAtlas(order: number, size: number, seed = 42): string {
  mkdirSync(BENCH_DIR, { recursive: true });
  const out = join(BENCH_DIR, `synthetic-${Math.round(order / 1000)}k.atlas.json`);
  if (existsSync(out) && atlasProblem(JSON.parse(readFileSync(out, "utf8"))) === null) return out;
  const rng = createRng(seed);
  const k = 60;
  // Community sizes ∝ 1/(i+1)^0.8, at least 50 nodes.
  const weights = Array.from({ length: k }, (_, i) => 1 / Math.pow(i + 1, 0.8));
  const total = weights.reduce((a, b) => a + b, 0);
  const membership = new Int32Array(order);
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let v = 0, c = 0, filled = 0; v < order; v++) {
    while (c < k - 1 && filled >= Math.max(50, Math.round((weights[c] / total) * order))) {
      c++;
      filled = 0;
    }
    membership[v] = c;
    members[c].push(v);
    filled++;
  }
  let graph = new Graph({ type: "directed", multi: false, allowSelfLoops: false }) as unknown as AtlasGraph;
  for (let v = 0; v < order; v++) graph.addNode(String(v), { label: `node ${v}` });
  let m = 0;
  while (m < size) {
    const u = randomInt(rng, order);
    const group = members[membership[u]];
    // Preferential targets inside the community: a skewed index (low indices are the "stars").
    const v = rng() < 0.9 ? group[Math.floor(Math.pow(rng(), 2.5) * group.length)] : randomInt(rng, order);
    if (u === v || graph.hasEdge(String(u), String(v))) continue;
    graph.addEdgeWithKey(`e${m}`, String(u), String(v), { weight: 1 });
    m++;
  }
  // A real atlas (the viewer checks atlas files as the CLI does): the engine's analysis, cheap settings.
  const { graph: analyzed } = analyzeGraph(graph, {
    source: `synthetic planted partition (${order} nodes, ${size} edges, ${k} communities, seed ${seed})`,
    createdAt: new Date(0).toISOString(),
    seed,
    consensus: 0,
    bootstrap: 0,
    betweenness: "approx",
    samples: 16,
  });
  const gauss = (r: () => number): [number, number] => {
    const a = Math.sqrt(-2 * Math.log(1 - r())) * 0.5;
    const t = r() * 2 * Math.PI;
    return [a * Math.cos(t), a * Math.sin(t)];
  };
  seedByCommunity(analyzed as unknown as Graph, seed, gauss);
  graph = analyzed;
  writeFileSync(out, JSON.stringify(graph.export()));
  return out;
}
