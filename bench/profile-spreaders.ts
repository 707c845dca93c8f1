/**
 * Times the pipeline's "spreaders" stage piece by piece (each method of
 * `leaderScores`, Collective Influence with radius 2 and no removals) and
 * `graphSummary`, on seeded directed scale-free graphs (nodes = edges / 10).
 *
 *   node --expose-gc --import tsx bench/profile-spreaders.ts --edges 1000000
 *   node --expose-gc --import tsx bench/profile-spreaders.ts --edges 1e6,3e6 --old /tmp/old
 *
 * `--old DIR` also times the same functions from another checkout (e.g. a
 * `git worktree add /tmp/old <commit>`) on the same graph, in the same run,
 * and checks that both give identical results. `--partition leiden|blocks`
 * picks the membership (Leiden with one iteration, or fixed blocks of
 * `--block` consecutive nodes). `--only a,b` limits the rows by name;
 * `--timeout S` skips a function's later runs once one took longer than S
 * seconds; `--old-skip a,b` never runs those rows with the old code (e.g.
 * `voterank` at 10M edges, where the old code runs for more than 16 minutes).
 * Each cell is wall-clock seconds / CPU seconds of this process (the machine
 * is shared: CPU time is less sensitive to the load, not to cache contention).
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { readFileSync } from "node:fs";
import { scaleFreeDigraph } from "./generate.ts";
import { csrFromEdges, type CsrIndex } from "../src/analyze/csr.ts";
import { leidenCommunities } from "../src/analyze/communities/leiden.ts";

interface Impl {
  label: string;
  leaderScores: (index: CsrIndex, membership: ArrayLike<number>, methods: readonly string[]) => Record<string, Float64Array>;
  computeCollectiveInfluence: (index: CsrIndex, options: { radius: number; maxRemovals: number }) => { initial: Float64Array };
  graphSummary: (index: CsrIndex) => unknown;
  methods: readonly string[];
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

async function load(root: string, label: string): Promise<Impl> {
  const url = (p: string) => pathToFileURL(resolve(root, p)).href;
  const composite = await import(url("src/analyze/leaders/composite.ts"));
  const ci = await import(url("src/analyze/spreaders/collective-influence.ts"));
  const summary = await import(url("src/analyze/summary.ts"));
  return {
    label,
    leaderScores: composite.leaderScores,
    computeCollectiveInfluence: ci.computeCollectiveInfluence,
    graphSummary: summary.graphSummary,
    methods: composite.LEADER_SCORE_METHODS,
  };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function loadavg(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").trim();
  } catch {
    return "n/a";
  }
}

function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, value };
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Float64Array && b instanceof Float64Array) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

async function main(): Promise<void> {
  const sizes = arg("edges", "1000000").split(",").map(Number);
  const oldRoot = arg("old", "");
  const partition = arg("partition", "leiden");
  const block = Number(arg("block", "1000"));
  const only = arg("only", "").split(",").filter(Boolean);
  const oldSkip = arg("old-skip", "").split(",").filter(Boolean);
  const timeout = Number(arg("timeout", "300")) * 1000;
  const impls = [await load(resolve(import.meta.dirname, ".."), "new")];
  if (oldRoot) impls.unshift(await load(oldRoot, "old"));
  const slow = new Set<string>();

  for (const m of sizes) {
    const n = Math.round(m / 10);
    const g = scaleFreeDigraph(n, m, 42);
    const index = csrFromEdges({ order: n, sources: g.sources, targets: g.targets, directed: true });
    let membership: Int32Array;
    if (partition === "blocks") {
      membership = new Int32Array(n);
      for (let i = 0; i < n; i++) membership[i] = Math.floor(i / block);
    } else {
      const t = time(() => leidenCommunities(index, { seed: 1, iterations: 1 }));
      membership = Int32Array.from(t.value.membership);
      console.log(`leiden: ${t.value.count} communities in ${(t.ms / 1000).toFixed(2)} s`);
    }
    console.log(`\n## ${n} nodes, ${index.size} edges (${partition}); loadavg ${loadavg()}\n`);
    console.log(`| function | ${impls.map((i) => `${i.label} wall / cpu (s)`).join(" | ")} | same |`);
    console.log(`|---|${impls.map(() => "---:|").join("")}---|`);
    const rows: { name: string; run: (impl: Impl) => unknown }[] = [
      ...impls[impls.length - 1].methods.map((method) => ({
        name: method,
        run: (impl: Impl) => impl.leaderScores(index, membership, [method])[method],
      })),
      { name: "collectiveInfluence", run: (impl) => impl.computeCollectiveInfluence(index, { radius: 2, maxRemovals: 0 }).initial },
      { name: "graphSummary", run: (impl) => impl.graphSummary(index) },
    ];
    for (const row of rows) {
      if (only.length > 0 && !only.includes(row.name)) continue;
      const cells: string[] = [];
      const values: unknown[] = [];
      for (const impl of impls) {
        const id = `${impl.label}:${row.name}`;
        if (slow.has(id) || (impl.label === "old" && oldSkip.includes(row.name))) {
          cells.push("skipped");
          continue;
        }
        const t = time(() => row.run(impl));
        if (t.ms > timeout) slow.add(id);
        cells.push(`${(t.ms / 1000).toFixed(3)} / ${(t.cpuMs / 1000).toFixed(3)}`);
        values.push(t.value);
      }
      const agree = values.length < 2 ? "" : same(values[0], values[1]) ? "yes" : "NO";
      console.log(`| ${row.name} | ${cells.join(" | ")} | ${agree} |`);
    }
    console.log(`\nloadavg after: ${loadavg()}`);
  }
}

await main();
