/**
 * The YouTube crawl, under the daily quota. Takes the niche's oldest pending
 * task (channel details wait until 50 ids are queued, or nothing else is
 * left, and go in one call), reserves the call's units in the ledger, makes
 * the call, and commits the page with everything it brings in one
 * transaction. Stopping at any moment loses at most the page in flight.
 *
 * - `--quota-budget`: before each call, if today's units (Pacific day, every
 *   niche) plus the call's cost would pass the budget, the crawl stops cleanly.
 * - 403 `quotaExceeded`: the call is refunded (the API charges nothing), the
 *   day is marked exhausted, and the crawl stops with the reset time; a re-run
 *   the same day makes no call; after midnight Pacific it carries on.
 * - 403 `commentsDisabled` / `subscriptionForbidden`, 404 `videoNotFound` /
 *   `channelNotFound` / other not-founds: recorded, counted, skipped.
 * - 5xx, 429, rate-limit reasons, timeouts, unreadable bodies: backoff with
 *   jitter, `maxAttempts` times (each attempt is charged), then the task fails.
 * - Bad key / API not enabled: stop at once.
 */
import { nicheRowCounts } from "../../store/lookups.ts";
import { createQuotaLedger, DEFAULT_DAILY_QUOTA, nextQuotaReset, pacificDay } from "../../store/quota.ts";
import { pendingTasks, recordAttempt, retryFailedTasks, taskCounts, type TaskCounts } from "../../store/tasks.ts";
import type { AccountIssue, StoreDb, Task } from "../../store/types.ts";
import { createPageWriter } from "../../store/write.ts";
import { CollectError } from "../errors.ts";
import { attemptOutcome, backoffMs, failureStreakError, MAX_CONSECUTIVE_FAILURES, RETRY_DEFAULTS, type RetryPolicy } from "../retry.ts";
import { endpointOf, YoutubeRequestFailure, type YoutubeTransport, type YtPage } from "./client.ts";
import { createPageBuilder, issueForSkip } from "./pages.ts";
import { IDS_PER_CALL, QUOTA_COSTS, youtubeRequestFor, type YoutubeCrawlParams } from "./plan.ts";
import type { YtMethod } from "./types.ts";

/** Consecutive failed tasks that stop the crawl. */

export interface YoutubeCrawlStats {
  requests: number;
  pages: number;
  waits: number;
  newEdges: number;
  skipped: number;
  failedTasks: number;
  /** Units reserved by this run. */
  units: number;
  /** Comments written by this run. */
  comments: number;
  unresolvedMentions: number;
  startedMs: number;
}

export interface YoutubeCounts {
  tasks: TaskCounts;
  channels: number;
  videos: number;
  comments: number;
  edges: number;
  /** Units spent today (Pacific day, every niche) and the budget. */
  unitsToday: number;
  budget: number;
}

export type YoutubeCrawlEvent =
  | { type: "page"; stats: YoutubeCrawlStats; counts: YoutubeCounts }
  | { type: "wait"; stats: YoutubeCrawlStats; reason: "backoff"; endpoint: string; untilMs: number; ms: number; detail: string }
  | { type: "skip"; stats: YoutubeCrawlStats; issue: AccountIssue }
  | { type: "task-failed"; stats: YoutubeCrawlStats; task: Task; error: string };

export interface YoutubeCrawlDeps {
  transport: YoutubeTransport;
  /** Milliseconds since the epoch (decides the quota day). */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1), for jitter. */
  random(): number;
  retry?: Partial<RetryPolicy>;
  /** Units per call (default `QUOTA_COSTS`). */
  costs?: Readonly<Record<YtMethod, number>>;
  /** Units the crawl may bring today's total to (default 10000, the default daily quota). */
  budget?: number;
  onEvent?(event: YoutubeCrawlEvent): void;
}

export interface YoutubeCrawlResult {
  stats: YoutubeCrawlStats;
  counts: YoutubeCounts;
  /** Set when the crawl stopped at the budget with tasks left. */
  budgetStop: { day: string; spent: number; budget: number; method: YtMethod; cost: number; resetsAt: string } | null;
}

/** Runs the niche's pending tasks until none is left, the budget is reached or the quota is exhausted. */
export async function crawlYoutube(db: StoreDb, nicheId: number, params: YoutubeCrawlParams, deps: YoutubeCrawlDeps): Promise<YoutubeCrawlResult> {
  const policy: RetryPolicy = { ...RETRY_DEFAULTS, ...deps.retry };
  const costs = deps.costs ?? QUOTA_COSTS;
  const budget = deps.budget ?? DEFAULT_DAILY_QUOTA;
  const writer = createPageWriter(db, "youtube");
  const ledger = createQuotaLedger(db);
  const builder = createPageBuilder(db, nicheId, params);
  const iso = (): string => new Date(deps.now()).toISOString();
  const stats: YoutubeCrawlStats = {
    requests: 0, pages: 0, waits: 0, newEdges: 0, skipped: 0, failedTasks: 0, units: 0, comments: 0, unresolvedMentions: 0, startedMs: deps.now(),
  };
  const counts = (): YoutubeCounts => {
    const rows = nicheRowCounts(db, nicheId);
    return {
      tasks: taskCounts(db, nicheId),
      channels: rows.accounts,
      videos: rows.videos,
      comments: rows.posts,
      edges: rows.edges,
      unitsToday: ledger.spent(pacificDay(deps.now())),
      budget,
    };
  };
  let consecutiveFailures = 0;
  retryFailedTasks(db, nicheId, iso());
  // The budget holds for each Pacific day the run reaches (a run may cross midnight).
  let budgetDay = pacificDay(deps.now());
  ledger.setBudget(budgetDay, budget);

  for (;;) {
    const details = pendingTasks(db, nicheId, { kind: "details", limit: IDS_PER_CALL });
    const [other] = pendingTasks(db, nicheId, { exceptKind: "details", limit: 1 });
    const batch = details.length >= IDS_PER_CALL || (other === undefined && details.length > 0) ? details : other ? [other] : [];
    if (batch.length === 0) break;
    const task = batch[0];
    const req = youtubeRequestFor(task, params, task.kind === "details" ? batch.map((t) => t.accountId) : undefined);
    const endpoint = endpointOf(req.method);
    const cost = costs[req.method];
    const query = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]));
    let page: YtPage | undefined;
    for (;;) {
      const day = pacificDay(deps.now());
      if (day !== budgetDay) ledger.setBudget((budgetDay = day), budget);
      const exhausted = ledger.exhaustedAt(day);
      if (exhausted !== null) throw quotaExhausted(endpoint, 403, `the API said so at ${exhausted}`, deps.now());
      const spent = ledger.spent(day);
      if (spent + cost > budget) {
        const resetsAt = new Date(nextQuotaReset(deps.now())).toISOString();
        return { stats, counts: counts(), budgetStop: { day, spent, budget, method: req.method, cost, resetsAt } };
      }
      ledger.reserve(day, nicheId, req.method, cost);
      stats.units += cost;
      stats.requests++;
      try {
        page = await deps.transport.call(req.method, req.params);
        break;
      } catch (error) {
        if (!(error instanceof YoutubeRequestFailure)) throw error;
        const f = error;
        writer.logPage(nicheId, task.id, {
          endpoint,
          params: query,
          status: f.status,
          body: f.body === null ? null : typeof f.body === "string" ? f.body : JSON.stringify(f.body),
          fetchedAt: iso(),
        });
        const where = `collect/youtube: [GET] ${endpoint}: ${f.status || "no response"}${f.reason ? ` ${f.reason}` : ""}`;
        if (f.kind === "quota") {
          ledger.refund(day, nicheId, req.method, cost);
          stats.units -= cost;
          ledger.markExhausted(day, iso());
          throw quotaExhausted(endpoint, f.status, `${where} (${f.message})`, deps.now());
        }
        if (f.kind === "auth") {
          throw new CollectError(
            { method: "GET", endpoint, status: f.status },
            `${where} (${f.message}); the key in YOUTUBE_API_KEY was refused: check it, and that the YouTube Data API v3 is enabled for its Google Cloud project.`,
          );
        }
        if (f.kind === "skip") {
          const issue = issueForSkip(task, f.reason || `http${f.status}`, f.message);
          writer.commit({
            nicheId,
            page: null,
            issues: [issue],
            taskUpdates: batch.map((t) => ({ id: t.id, nextToken: null, status: "skipped" as const, items: t.items, lastError: `${issue.reason}: ${f.message}` })),
            at: iso(),
          });
          stats.skipped++;
          deps.onEvent?.({ type: "skip", stats, issue });
          break;
        }
        const attempts = ++task.attempts;
        const { fail, message } = attemptOutcome(policy, attempts, f.kind === "client", where, f.message);
        for (const t of batch) recordAttempt(db, t.id, message, iso(), fail);
        if (fail) {
          stats.failedTasks++;
          deps.onEvent?.({ type: "task-failed", stats, task, error: message });
          if (++consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) throw failureStreakError(consecutiveFailures, message, endpoint, f.status);
          break;
        }
        const ms = backoffMs(policy, attempts, deps.random);
        stats.waits++;
        deps.onEvent?.({ type: "wait", stats, reason: "backoff", endpoint, untilMs: deps.now() + ms, ms, detail: f.message });
        await deps.sleep(ms);
      }
    }
    if (page === undefined) continue;
    consecutiveFailures = 0;
    const at = iso();
    const { write, unresolvedMentions } = builder.build(batch, page.data, { endpoint, params: query, status: page.status, body: JSON.stringify(page.data), fetchedAt: at }, at);
    const result = writer.commit(write);
    stats.pages++;
    stats.newEdges += result.newEdges;
    stats.comments += write.posts?.length ?? 0;
    stats.unresolvedMentions += unresolvedMentions;
    for (const issue of write.issues ?? []) {
      stats.skipped++;
      deps.onEvent?.({ type: "skip", stats, issue });
    }
    deps.onEvent?.({ type: "page", stats, counts: counts() });
  }
  return { stats, counts: counts(), budgetStop: null };
}

function quotaExhausted(endpoint: string, status: number, what: string, nowMs: number): CollectError {
  const reset = nextQuotaReset(nowMs);
  const inMin = Math.max(1, Math.round((reset - nowMs) / 60_000));
  const wait = inMin >= 60 ? `${Math.floor(inMin / 60)} h ${String(inMin % 60).padStart(2, "0")} min` : `${inMin} min`;
  return new CollectError(
    { method: "GET", endpoint, status, reset: Math.floor(reset / 1000) },
    `${what.startsWith("collect/youtube") ? what : `collect/youtube: the daily quota is exhausted (${what})`}; ` +
      `the quota resets at midnight Pacific time (${new Date(reset).toISOString().replace(".000", "")}, in ${wait}): ` +
      `run the same command then to carry on; everything collected so far is kept.`,
  );
}
