/**
 * The crawl loop the Twitter/X and Bluesky collectors share: take the
 * niche's oldest pending task, wait if its rate-limit bucket is empty, fetch
 * its next page (429s waited out, 5xx and network errors backed off as
 * src/collect/retry.ts says), and commit the page with everything it brings
 * in one transaction. Stopping at any moment loses at most the page in
 * flight; running again carries on. A platform says how a task becomes a
 * request, what its failures mean, and what a page writes.
 */
import { createPageWriter, type PageWriter } from "../store/write.ts";
import { accountTaskLookup, nextTask, recordAttempt, retryFailedTasks, taskCounts, taskedAccountCounter, type TaskCounts } from "../store/tasks.ts";
import type { AccountIssue, PageWrite, Platform, RateLimitInfo, StoreDb, Task } from "../store/types.ts";
import { CollectError } from "./errors.ts";
import { attemptOutcome, backoffMs, failureStreakError, MAX_CONSECUTIVE_FAILURES, rateLimitWaitMs, RETRY_DEFAULTS, type RetryPolicy } from "./retry.ts";

/** Consecutive 429s on one request that stop the crawl (each one waited out). */
export const MAX_CONSECUTIVE_RATE_LIMITS = 20;

export interface CrawlStats {
  requests: number;
  pages: number;
  waits: number;
  newEdges: number;
  skipped: number;
  failedTasks: number;
  startedMs: number;
}

export type CrawlEvent =
  | { type: "page"; stats: CrawlStats; counts: TaskCounts }
  | { type: "wait"; stats: CrawlStats; reason: "rate-limit" | "backoff"; endpoint: string; untilMs: number; ms: number; detail: string }
  | { type: "skip"; stats: CrawlStats; issue: AccountIssue }
  | { type: "task-failed"; stats: CrawlStats; task: Task; error: string };

export interface CrawlResult {
  stats: CrawlStats;
  counts: TaskCounts;
}

/** The clock, sleep, jitter and retry policy of a crawl, and where its events go. */
export interface CrawlLoopDeps {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1), for jitter. */
  random(): number;
  retry?: Partial<RetryPolicy>;
  onEvent?(event: CrawlEvent): void;
}

/** A 2xx page as the clients return it. */
export interface CrawlPage {
  status: number;
  data: unknown;
  rateLimit: RateLimitInfo | null;
}

/** A failed request, as the platform reads it. */
export interface CrawlFailure {
  status: number;
  rateLimit: RateLimitInfo | null;
  /** The response body as stored in `pages.body` (`null`: no response). */
  body: string | null;
  message: string;
  /** `rate-limit`: wait for the reset, retry; `transient`: back off, retry; `permanent`: the task fails. */
  kind: "rate-limit" | "transient" | "permanent";
  /** The crawl cannot go on: what is wrong and what to do (bad credentials, an endpoint outside the access tier). */
  stop?: string;
  /** The task's account cannot be crawled: recorded, the task skipped. */
  skip?: AccountIssue;
  /** Detail of the wait of a 429 (default `429 Too Many Requests`). */
  waitDetail?: string;
}

export interface CrawlRequest<P extends CrawlPage = CrawlPage> {
  /** As logged and stored (`/2/users/1/following`, `/xrpc/app.bsky.graph.getFollows`). */
  endpoint: string;
  /** The rate-limit bucket the request draws from. */
  bucket: string;
  /** Its parameters as stored with the page. */
  query: Record<string, string>;
  get(): Promise<P>;
}

export interface CrawlPlatform<P extends CrawlPage> {
  platform: Platform;
  request(task: Task): CrawlRequest<P>;
  /** A thrown error as a failure of the request, or `null` when it is not one (it is rethrown). */
  failure(error: unknown, task: Task, request: CrawlRequest<P>): CrawlFailure | null;
  /** Everything a 2xx page brings: accounts, edges, posts, new tasks, the task's next cursor. */
  write(task: Task, page: P, request: CrawlRequest<P>, at: string): PageWrite;
  /** Detail of the wait when a bucket's remaining reached 0 (default `rate limit reached`). */
  exhaustedDetail?: string;
}

/** Runs the niche's pending tasks until none is left. */
export async function runCrawl<P extends CrawlPage>(db: StoreDb, nicheId: number, platform: CrawlPlatform<P>, deps: CrawlLoopDeps): Promise<CrawlResult> {
  const policy: RetryPolicy = { ...RETRY_DEFAULTS, ...deps.retry };
  const writer: PageWriter = createPageWriter(db, platform.platform);
  const iso = (): string => new Date(deps.now()).toISOString();
  const stats: CrawlStats = { requests: 0, pages: 0, waits: 0, newEdges: 0, skipped: 0, failedTasks: 0, startedMs: deps.now() };
  const buckets = new Map<string, RateLimitInfo>();
  const name = `collect/${platform.platform}`;
  let consecutiveFailures = 0;
  retryFailedTasks(db, nicheId, iso());

  const wait = async (reason: "rate-limit" | "backoff", endpoint: string, ms: number, detail: string): Promise<void> => {
    stats.waits++;
    deps.onEvent?.({ type: "wait", stats, reason, endpoint, untilMs: deps.now() + ms, ms, detail });
    await deps.sleep(ms);
  };
  const skip = (task: Task, issue: AccountIssue): void => {
    writer.commit({
      nicheId,
      page: null,
      issues: [issue],
      taskUpdate: { id: task.id, nextToken: null, status: "skipped", items: task.items, lastError: `${issue.reason}: ${issue.detail ?? ""}` },
      at: iso(),
    });
    stats.skipped++;
    deps.onEvent?.({ type: "skip", stats, issue });
  };

  for (;;) {
    const task = nextTask(db, nicheId);
    if (!task) break;
    const req = platform.request(task);
    const { endpoint } = req;
    const bucket = buckets.get(req.bucket);
    if (bucket?.remaining === 0 && bucket.reset !== undefined && bucket.reset * 1000 > deps.now()) {
      const detail = `${platform.exhaustedDetail ?? "rate limit reached"}, resets ${resetText(bucket.reset)}`;
      await wait("rate-limit", endpoint, rateLimitWaitMs(policy, bucket.reset, deps.now()), detail);
    }
    let page: P | undefined;
    let rateLimited = 0;
    for (;;) {
      stats.requests++;
      try {
        page = await req.get();
        break;
      } catch (error) {
        const f = platform.failure(error, task, req);
        if (f === null) throw error;
        writer.logPage(nicheId, task.id, { endpoint, params: req.query, status: f.status, rateLimit: f.rateLimit, body: f.body, fetchedAt: iso() });
        if (f.rateLimit) buckets.set(req.bucket, { remaining: f.rateLimit.remaining, reset: f.rateLimit.reset });
        const where = `${name}: [GET] ${endpoint}: ${f.status || "no response"}`;
        if (f.stop !== undefined) throw new CollectError({ method: "GET", endpoint, status: f.status }, `${where} ${f.stop}`);
        if (f.kind === "rate-limit") {
          if (++rateLimited > MAX_CONSECUTIVE_RATE_LIMITS) {
            throw new CollectError(
              { method: "GET", endpoint, status: f.status, reset: f.rateLimit?.reset },
              `${where} Too Many Requests ${rateLimited} times in a row; stopped (run the same command later to carry on).`,
            );
          }
          const reset = f.rateLimit?.reset;
          await wait("rate-limit", endpoint, rateLimitWaitMs(policy, reset, deps.now()), `${f.waitDetail ?? "429 Too Many Requests"}, resets ${resetText(reset)}`);
          continue;
        }
        if (f.skip !== undefined) {
          skip(task, f.skip);
          break;
        }
        const attempts = ++task.attempts;
        const { fail, message } = attemptOutcome(policy, attempts, f.kind !== "transient", where, f.message);
        recordAttempt(db, task.id, message, iso(), fail);
        if (fail) {
          stats.failedTasks++;
          deps.onEvent?.({ type: "task-failed", stats, task, error: message });
          if (++consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) throw failureStreakError(consecutiveFailures, message, endpoint, f.status);
          break;
        }
        await wait("backoff", endpoint, backoffMs(policy, attempts, deps.random), f.message);
      }
    }
    if (page === undefined) continue;
    consecutiveFailures = 0;
    if (page.rateLimit) buckets.set(req.bucket, { remaining: page.rateLimit.remaining, reset: page.rateLimit.reset });
    const write = platform.write(task, page, req, iso());
    const result = writer.commit(write);
    stats.pages++;
    stats.newEdges += result.newEdges;
    for (const issue of write.issues ?? []) {
      stats.skipped++;
      deps.onEvent?.({ type: "skip", stats, issue });
    }
    deps.onEvent?.({ type: "page", stats, counts: taskCounts(db, nicheId) });
  }
  return { stats, counts: taskCounts(db, nicheId) };
}

/** A rate-limit reset (epoch seconds) as `HH:MM:SSZ`. */
export function resetText(reset: number | undefined): string {
  return reset === undefined ? "at an unknown time" : new Date(reset * 1000).toISOString().slice(11, 19) + "Z";
}

/** The write of a 2xx page before its platform fills it: the raw page, empty lists. */
export function emptyPageWrite(nicheId: number, task: Task, page: CrawlPage, endpoint: string, query: Record<string, string>, at: string): PageWrite {
  return {
    nicheId,
    taskId: task.id,
    page: { endpoint, params: query, status: page.status, rateLimit: page.rateLimit, body: JSON.stringify(page.data), fetchedAt: at },
    accounts: [],
    nicheAccounts: [],
    edges: [],
    issues: [],
    newTasks: [],
    at,
  };
}

/**
 * Whether an account reached by a page may get tasks of its own: it has none
 * in the niche yet (nor among the page's `newTasks`), and fewer than
 * `maxAccounts` accounts have tasks.
 */
export function accountQueue(db: StoreDb, nicheId: number, maxAccounts: number): (id: string, newTasks: readonly { accountId?: string }[]) => boolean {
  const hasTasks = accountTaskLookup(db, nicheId);
  const taskedAccounts = taskedAccountCounter(db, nicheId);
  return (id, newTasks) => {
    if (hasTasks(id) || newTasks.some((t) => t.accountId === id)) return false;
    const tasked = taskedAccounts() + new Set(newTasks.map((t) => t.accountId)).size;
    return tasked < maxAccounts;
  };
}
