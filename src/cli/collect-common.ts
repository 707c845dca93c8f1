/**
 * What the collect, import, listen and store commands share: the `--db`
 * option, a collector's hidden retry options, secret scrubbing, a run's
 * crawl parameters and seeds file, the check of the files to import,
 * progress on stderr and the summary a run ends with.
 */
import { readFile, stat } from "node:fs/promises";
import { Command, Option } from "commander";
import { CollectError } from "../collect/errors.ts";
import { RETRY_DEFAULTS, type RetryPolicy } from "../collect/retry.ts";
import { scrubError, secretScrubber } from "../collect/secrets.ts";
import type { CrawlStats } from "../collect/crawl-loop.ts";
import { DEFAULT_DB_PATH } from "../store/open.ts";
import { storeStatus } from "../store/status.ts";
import type { TaskCounts } from "../store/tasks.ts";
import type { StoreDb } from "../store/types.ts";
import { UsageError } from "../shared/errors.ts";
import type { CliIo } from "./context.ts";
import { eraseProgressLine } from "./progress.ts";
import { parseInteger, parsePositiveInteger } from "./options.ts";

/** `--db FILE`, shared by the store commands. */
export function dbOption(): Option {
  return new Option("--db <file>", "the store (SQLite)").default(DEFAULT_DB_PATH);
}

/**
 * A collector command with the hidden options of its retry policy (for tests
 * and debugging: per-request timeout, first backoff, attempts per request).
 */
export function collectorCommand(name: string): Command {
  return new Command(name)
    .addOption(new Option("--timeout <ms>", "per-request timeout").argParser(parsePositiveInteger).default(30_000).hideHelp())
    .addOption(new Option("--retry-base <ms>", "first backoff on 5xx/timeouts").argParser(parseInteger).default(RETRY_DEFAULTS.baseMs).hideHelp())
    .addOption(new Option("--max-attempts <n>", "attempts per request").argParser(parsePositiveInteger).default(RETRY_DEFAULTS.maxAttempts).hideHelp());
}

/** An `io` whose output never contains `secret` in any form (replaced by `***`). */
export function redactingIo(io: CliIo, secret: string | undefined): CliIo {
  if (!secret) return io;
  const scrub = secretScrubber([secret]);
  return { ...io, out: (t) => io.out(scrub(t)), err: (t) => io.err(scrub(t)) };
}

/**
 * `action` with the errors it throws scrubbed of the run's secret (in any
 * form) before the CLI prints them: a message may quote what a server sent.
 */
export function scrubbingAction<A extends unknown[]>(
  secretOf: () => string | undefined,
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args);
    } catch (error) {
      throw scrubError(error, secretScrubber([secretOf()]));
    }
  };
}

/** Crawl parameters of a run: each option given, else the niche's stored value, else the default; `since` and `query` only when set. */
export function resolveCrawlParams<P extends { since?: string; query?: string }>(o: Partial<P>, stored: Record<string, unknown> | undefined, defaults: Readonly<P>): P {
  const s = (stored ?? {}) as Partial<P>;
  const params = { ...defaults } as P;
  for (const k of Object.keys(defaults) as (keyof P)[]) params[k] = (o[k] ?? s[k] ?? defaults[k]) as P[keyof P];
  for (const k of ["since", "query"] as const) {
    const v = o[k] ?? s[k];
    if (v !== undefined) params[k] = v as P[typeof k];
  }
  return params;
}

/** The seeds of `--seeds-file` (one per line or comma-separated; `#` starts a comment). */
export async function readSeedsFile(command: string, file: string): Promise<string> {
  try {
    return (await readFile(file, "utf8")).replace(/#.*$/gm, "");
  } catch (error) {
    throw new UsageError(`${command}: cannot read --seeds-file "${file}" (${(error as Error).message}); give a readable file of seed accounts`, { cause: error });
  }
}

/** Checks, before the store is opened, that every file to import is a regular file: a one-line `UsageError` naming the first that is not. */
export async function checkImportFiles(command: string, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const s = await stat(file).catch(() => null);
    if (s?.isFile()) continue;
    const why = s === null ? "no such file" : s.isDirectory() ? "it is a directory (give the files in it)" : "not a regular file";
    throw new UsageError(`${command}: cannot read "${file}": ${why}`);
  }
}

/** The clock, sleep, jitter and retry policy of a crawl run from the command line. */
export function crawlRunDeps(o: { retryBase: number; maxAttempts: number }): { now(): number; sleep(ms: number): Promise<void>; random(): number; retry: Partial<RetryPolicy> } {
  return {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    retry: { baseMs: o.retryBase, maxMs: Math.max(o.retryBase, RETRY_DEFAULTS.maxMs), maxAttempts: o.maxAttempts },
  };
}

/** The error a run ends with when tasks failed after their retries (the collected pages stay). */
export function failedTasksError(command: string, failed: number, db: string): CollectError {
  return new CollectError(
    { method: "GET", endpoint: "", status: 0 },
    `${command}: ${failed} task(s) failed after retries (see \`atlas status --db ${db}\`); run the same command to retry them.`,
  );
}

/** The events a crawl reports (Twitter/X and YouTube share them). */
export type ProgressEvent<S, C> =
  | { type: "page"; stats: S; counts: C }
  | { type: "wait"; reason: "rate-limit" | "backoff"; endpoint: string; ms: number; detail: string }
  | { type: "skip"; issue: { ref: string; reason: string; detail?: string | null } }
  | { type: "task-failed"; error: string };

/**
 * Progress of a crawl on stderr: `status` renders the page events (counts,
 * ETA) at most every `intervalMs` off a terminal; every wait, skip and
 * failure is announced.
 */
export function collectProgress<S, C>(
  io: CliIo,
  command: string,
  status: (stats: S, counts: C) => string,
  intervalMs = 2000,
): { event(e: ProgressEvent<S, C>): void; done(): void } {
  let lastShown = -Infinity;
  let open = false;
  let last: { stats: S; counts: C } | null = null;
  const line = (text: string, force: boolean): void => {
    if (io.errIsTTY) {
      eraseProgressLine(io);
      io.err(`${command}: ${text}`);
      open = true;
    } else if (force || io.now() - lastShown >= intervalMs) {
      io.err(`${command}: ${text}\n`);
      lastShown = io.now();
    }
  };
  return {
    event(e) {
      if (e.type === "page") {
        last = { stats: e.stats, counts: e.counts };
        line(status(e.stats, e.counts), false);
      } else if (e.type === "wait") {
        const what = e.reason === "rate-limit" ? "rate limited" : "retrying";
        line(`${what} on ${e.endpoint} (${e.detail}): waiting ${duration(e.ms)}`, true);
      } else if (e.type === "skip") {
        line(`skipped ${e.issue.ref}: ${e.issue.reason}${e.issue.detail ? ` (${e.issue.detail})` : ""}`, true);
      } else {
        line(`task failed: ${e.error}`, true);
      }
    },
    done() {
      if (last && !io.errIsTTY) line(status(last.stats, last.counts), true);
      if (open) io.err("\n");
      open = false;
    },
  };
}

/** ETA from the time per page so far and the pages a finished task took on average. */
export function etaText(startedMs: number, pages: number, counts: TaskCounts, nowMs = Date.now()): string {
  const perPage = pages > 0 ? (nowMs - startedMs) / pages : 0;
  const avgPages = counts.done + counts.skipped > 0 ? Math.max(1, counts.pagesDone / (counts.done + counts.skipped)) : 1;
  return counts.pending === 0 ? "0 s" : perPage > 0 ? duration(perPage * avgPages * counts.pending) : "?";
}

/** The progress line of a Twitter/X or Bluesky crawl. */
export function crawlStatus(stats: CrawlStats, counts: TaskCounts): string {
  return (
    `${counts.accountsDone} accounts done, ${counts.accountsQueued} queued · ${counts.pending} tasks pending · ` +
    `${stats.newEdges} new edges · ${stats.requests} requests · ${stats.waits} waits · ETA ${etaText(stats.startedMs, stats.pages, counts)}`
  );
}

/** What a crawl run leaves: the niche's totals, this run's requests and pages, the tasks. `posts` names its posts (`tweets`). */
export function collectSummary(db: StoreDb, niche: string, stats: CrawlStats, posts = "posts"): string {
  const s = storeStatus(db).find((n) => n.name === niche);
  if (!s) return "";
  const kinds = Object.entries(s.edgesByKind).map(([k, n]) => `${k} ${n}`).join(", ");
  const lines = [
    `niche ${niche}: ${s.accounts} accounts, ${s.edges} edges${kinds ? ` (${kinds})` : ""}, ${s.posts} ${posts}`,
    `this run: ${stats.requests} requests, ${stats.pages} pages, ${stats.newEdges} new edges, ${stats.waits} waits` +
      (stats.skipped ? `, ${stats.skipped} accounts skipped` : ""),
    `tasks: ${s.tasks.done} done, ${s.tasks.skipped} skipped, ${s.tasks.failed} failed, ${s.tasks.pending} pending`,
  ];
  return lines.join("\n") + "\n";
}

/** `1 h 02 min`, `3 min 20 s`, `4.2 s`. */
export function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s - m * 60)).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}
