/**
 * Store benchmarks for `npm run bench`: SQLite write throughput (edges/s, one
 * transaction per 1000-edge page, as the collector writes) and twarc import
 * throughput (tweets/s over every file of data/fixtures/twarc, imported
 * `repeats` times into distinct niches), each in a fresh temp store.
 *
 *   import { benchStore, formatStoreBench } from "./store.ts";
 *   process.stdout.write(formatStoreBench(await benchStore()));
 *
 * Or alone: `node --import tsx bench/store.ts [--edges N] [--repeats R]`.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { importTwarc } from "../src/collect/twitter/twarc.ts";
import { createPageWriter, openStore, upsertNiche, type EdgeWrite, type PageWrite } from "../src/store/index.ts";

export interface StoreBenchRow {
  metric: string;
  /** What was written, e.g. "200000 edges in 200 pages". */
  size: string;
  seconds: number;
  /** Items per second. */
  rate: number;
  unit: "edges/s" | "tweets/s";
  /** Size of the store file afterwards, MiB. */
  dbMiB: number;
}

export interface StoreBenchOptions {
  /** Follows edges written (default 200 000). */
  edges?: number;
  /** Interaction edges (with evidence) written (default 100 000). */
  interactions?: number;
  /** Times every twarc fixture is imported (default 5). */
  repeats?: number;
}

const FIXTURES = resolve(import.meta.dirname, "..", "data", "fixtures", "twarc");
const PAGE = 1000;
const AT = "2026-01-01T00:00:00.000Z";

/** Runs the store benchmarks; each in its own temp directory, removed afterwards. */
export async function benchStore(options: StoreBenchOptions = {}): Promise<StoreBenchRow[]> {
  const edges = options.edges ?? 200_000;
  const interactions = options.interactions ?? 100_000;
  const repeats = options.repeats ?? 5;
  return [
    writeBench("store write: follows pages (1000 accounts + 1000 edges each)", edges, false),
    writeBench("store write: interaction pages (edges with evidence)", interactions, true),
    await importBench(repeats),
  ];
}

function writeBench(metric: string, total: number, evidence: boolean): StoreBenchRow {
  const dir = mkdtempSync(join(tmpdir(), "atlas-bench-"));
  try {
    const file = join(dir, "bench.db");
    const db = openStore(file);
    const niche = upsertNiche(db, "bench", "twitter", [], {}, AT);
    const writer = createPageWriter(db, "twitter");
    const accounts = 50_000;
    // Deterministic pseudo-random endpoints (LCG).
    let x = 42;
    const next = (): number => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) % accounts;
    const start = performance.now();
    for (let p = 0; p < total / PAGE; p++) {
      const source = String(next());
      const es: EdgeWrite[] = [];
      const acc: NonNullable<PageWrite["accounts"]> = [];
      for (let i = 0; i < PAGE; i++) {
        const target = String(next());
        acc.push({ id: target, handle: `user${target}`, name: `User ${target}`, followers: i });
        es.push(evidence ? { source, target, kind: "mentions", item: `t${p}-${i}`, at: AT } : { source, target, kind: "follows" });
      }
      writer.commit({ nicheId: niche.id, page: null, accounts: acc, edges: es, at: AT });
    }
    const seconds = (performance.now() - start) / 1000;
    db.pragma("wal_checkpoint(TRUNCATE)");
    const dbMiB = (db.prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").pluck().get() as number) / 2 ** 20;
    db.close();
    return { metric, size: `${total} edges in ${total / PAGE} pages`, seconds, rate: total / seconds, unit: "edges/s", dbMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function importBench(repeats: number): Promise<StoreBenchRow> {
  const dir = mkdtempSync(join(tmpdir(), "atlas-bench-"));
  try {
    const db = openStore(join(dir, "bench.db"));
    const files = readdirSync(FIXTURES).filter((f) => /\.jsonl?$/.test(f)).sort();
    let tweets = 0;
    let lines = 0;
    const start = performance.now();
    for (let r = 0; r < repeats; r++) {
      for (const f of files) {
        const report = await importTwarc(db, join(FIXTURES, f), { niche: `bench-${r}`, at: AT });
        tweets += report.tweets;
        lines += report.lines;
      }
    }
    const seconds = (performance.now() - start) / 1000;
    db.pragma("wal_checkpoint(TRUNCATE)");
    const dbMiB = (db.prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").pluck().get() as number) / 2 ** 20;
    db.close();
    return {
      metric: "twarc import (every fixture file)",
      size: `${tweets} tweets, ${lines} lines, ${files.length} files × ${repeats}`,
      seconds,
      rate: tweets / seconds,
      unit: "tweets/s",
      dbMiB,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Markdown table of the rows. */
export function formatStoreBench(rows: StoreBenchRow[]): string {
  const lines = ["| store benchmark | size | seconds | throughput | db MiB |", "|---|---|---:|---:|---:|"];
  for (const r of rows) {
    lines.push(`| ${r.metric} | ${r.size} | ${r.seconds.toFixed(2)} | ${Math.round(r.rate).toLocaleString("en-US")} ${r.unit} | ${r.dbMiB.toFixed(1)} |`);
  }
  return lines.join("\n") + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  process.stdout.write(formatStoreBench(await benchStore({ edges: arg("--edges"), repeats: arg("--repeats") })));
}
