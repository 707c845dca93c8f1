/**
 * The Twitter/X crawl: takes the niche's oldest pending task, fetches its
 * next page, and commits the page with everything it brings (accounts,
 * edges, posts, new tasks, the next token) in one transaction. Stopping at
 * any moment loses at most the page in flight; running again carries on.
 *
 * Rate limits: `x-rate-limit-remaining: 0` waits for the reset before the
 * next call to that endpoint; a 429 waits until its reset, then retries.
 * 5xx, timeouts, connection errors and unreadable bodies back off
 * exponentially with jitter, `maxAttempts` times, then the task is marked
 * failed and the crawl goes on (three tasks failing in a row stop it).
 * 401/403 stop the crawl with a `CollectError` saying what is wrong.
 */
import { createPageWriter } from "../../store/write.ts";
import { nextTask, recordAttempt, retryFailedTasks, taskCounts, type TaskCounts } from "../../store/tasks.ts";
import type { AccountIssue, AccountRecord, EdgeWrite, PageWrite, StoreDb, Task } from "../../store/types.ts";
import { CollectError } from "../errors.ts";
import { attemptOutcome, backoffMs, failureStreakError, MAX_CONSECUTIVE_FAILURES, rateLimitWaitMs, RETRY_DEFAULTS, type RetryPolicy } from "../retry.ts";
import { TwitterRequestFailure, type ApiPage, type TwitterTransport } from "./client.ts";
import { accountTasks, requestFor, type TwitterCrawlParams } from "./plan.ts";
import { accountFromUser, issueFromProblem, recordsFromTweets, tweetsOf, type V2Page, type V2User } from "./records.ts";

/** Consecutive failed tasks that stop the crawl. */
export { MAX_CONSECUTIVE_FAILURES };
/** Consecutive 429s on one request that stop the crawl (each one waited out). */
export const MAX_CONSECUTIVE_RATE_LIMITS = 20;

export type CrawlEvent =
  | { type: "page"; stats: CrawlStats; counts: TaskCounts }
  | { type: "wait"; stats: CrawlStats; reason: "rate-limit" | "backoff"; endpoint: string; untilMs: number; ms: number; detail: string }
  | { type: "skip"; stats: CrawlStats; issue: AccountIssue }
  | { type: "task-failed"; stats: CrawlStats; task: Task; error: string };

export interface CrawlStats {
  requests: number;
  pages: number;
  waits: number;
  newEdges: number;
  skipped: number;
  failedTasks: number;
  startedMs: number;
}

export interface CrawlDeps {
  transport: TwitterTransport;
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1), for jitter. */
  random(): number;
  retry?: Partial<RetryPolicy>;
  onEvent?(event: CrawlEvent): void;
}

export interface CrawlResult {
  stats: CrawlStats;
  counts: TaskCounts;
}

/** Runs the niche's pending tasks until none is left. */
export async function crawlTwitter(db: StoreDb, nicheId: number, params: TwitterCrawlParams, deps: CrawlDeps): Promise<CrawlResult> {
  const policy: RetryPolicy = { ...RETRY_DEFAULTS, ...deps.retry };
  const writer = createPageWriter(db, "twitter");
  const iso = (): string => new Date(deps.now()).toISOString();
  const stats: CrawlStats = { requests: 0, pages: 0, waits: 0, newEdges: 0, skipped: 0, failedTasks: 0, startedMs: deps.now() };
  const buckets = new Map<string, { remaining?: number; reset?: number }>();
  const hasTasks = db.prepare("SELECT 1 FROM tasks WHERE niche_id = ? AND account_id = ? LIMIT 1").pluck();
  const taskedAccounts = db
    .prepare("SELECT count(DISTINCT account_id) FROM tasks WHERE niche_id = ? AND account_id <> ''")
    .pluck();
  let consecutiveFailures = 0;
  retryFailedTasks(db, nicheId, iso());

  const wait = async (reason: "rate-limit" | "backoff", endpoint: string, ms: number, detail: string): Promise<void> => {
    stats.waits++;
    deps.onEvent?.({ type: "wait", stats, reason, endpoint, untilMs: deps.now() + ms, ms, detail });
    await deps.sleep(ms);
  };

  for (;;) {
    const task = nextTask(db, nicheId);
    if (!task) break;
    const req = requestFor(task, params);
    const endpoint = `/2/${req.path}`;
    const bucket = buckets.get(req.bucket);
    if (bucket?.remaining === 0 && bucket.reset !== undefined && bucket.reset * 1000 > deps.now()) {
      await wait("rate-limit", endpoint, rateLimitWaitMs(policy, bucket.reset, deps.now()), `rate limit reached, resets ${resetText(bucket.reset)}`);
    }
    let page: ApiPage | undefined;
    let rateLimited = 0;
    for (;;) {
      stats.requests++;
      try {
        page = await deps.transport.get(req.path, req.query);
        break;
      } catch (error) {
        const f = error as TwitterRequestFailure;
        if (!(f instanceof TwitterRequestFailure)) throw error;
        writer.logPage(nicheId, task.id, {
          endpoint,
          params: req.query,
          status: f.status,
          rateLimit: f.rateLimit,
          body: f.body === null ? null : typeof f.body === "string" ? f.body : JSON.stringify(f.body),
          fetchedAt: iso(),
        });
        if (f.rateLimit) buckets.set(req.bucket, { remaining: f.rateLimit.remaining, reset: f.rateLimit.reset });
        const where = `collect/twitter: [GET] ${endpoint}: ${f.status || "no response"}`;
        if (f.kind === "rate-limit") {
          if (++rateLimited > MAX_CONSECUTIVE_RATE_LIMITS) {
            throw new CollectError(
              { method: "GET", endpoint, status: f.status, reset: f.rateLimit?.reset },
              `${where} Too Many Requests ${rateLimited} times in a row; stopped (run the same command later to carry on).`,
            );
          }
          const reset = f.rateLimit?.reset;
          await wait("rate-limit", endpoint, rateLimitWaitMs(policy, reset, deps.now()), `429 Too Many Requests, resets ${resetText(reset)}`);
          continue;
        }
        if (f.kind === "auth") {
          throw new CollectError(
            { method: "GET", endpoint, status: f.status },
            `${where} Unauthorized (${f.message}); the bearer token in TWITTER_BEARER_TOKEN was refused: check it or regenerate it in the developer portal.`,
          );
        }
        if (f.kind === "forbidden") {
          throw new CollectError(
            { method: "GET", endpoint, status: f.status },
            `${where} Forbidden (${f.message}); this endpoint is outside your access tier or app permissions ` +
              `(follows lookup and search need a paid tier), not a bug: change --network or the tier.`,
          );
        }
        if (f.kind === "not-found" && task.accountId !== "") {
          const issue: AccountIssue = { ref: task.accountId, reason: "unknown", detail: f.message };
          commitSkip(task, issue);
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
    const write = buildWrite(task, page, endpoint, req.query);
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

  /** A task about an account that cannot be crawled: recorded and skipped (its response is already logged). */
  function commitSkip(task: Task, issue: AccountIssue): void {
    writer.commit({
      nicheId,
      page: null,
      issues: [issue],
      taskUpdate: { id: task.id, nextToken: null, status: "skipped", items: task.items, lastError: `${issue.reason}: ${issue.detail ?? ""}` },
      at: iso(),
    });
    stats.skipped++;
    deps.onEvent?.({ type: "skip", stats, issue });
  }

  /** Everything a 200 page brings. */
  function buildWrite(task: Task, res: ApiPage, endpoint: string, query: Record<string, string>): PageWrite {
    const at = iso();
    const body = res.data as V2Page;
    const write: PageWrite = {
      nicheId,
      taskId: task.id,
      page: { endpoint, params: query, status: res.status, rateLimit: res.rateLimit, body: JSON.stringify(res.data), fetchedAt: at },
      accounts: [],
      nicheAccounts: [],
      edges: [],
      issues: [],
      newTasks: [],
      at,
    };
    const nextToken = body.meta?.next_token ?? null;
    const expandable = (id: string, depth: number, isProtected: boolean): void => {
      const tasks = accountTasks(id, depth, params);
      if (tasks.length === 0 || hasTasks.get(nicheId, id) !== undefined) return;
      if (write.newTasks!.some((t) => t.accountId === id)) return;
      const tasked = (taskedAccounts.get(nicheId) as number) + new Set(write.newTasks!.map((t) => t.accountId)).size;
      if (tasked >= params.maxAccounts) return;
      if (isProtected) {
        write.issues!.push({ ref: id, reason: "protected", detail: "protected account: its lists and tweets are not public" });
        return;
      }
      write.newTasks!.push(...tasks);
    };
    const ownProblem = task.accountId !== "" && body.data === undefined ? (body.errors ?? []).map(issueFromProblem).find((i) => i) : undefined;
    if (ownProblem) {
      write.issues!.push({ ...ownProblem, ref: task.accountId });
      write.taskUpdate = { id: task.id, nextToken: null, status: "skipped", items: task.items, lastError: `${ownProblem.reason}: ${ownProblem.detail ?? ""}` };
      return write;
    }
    let items = task.items;
    let done = nextToken === null;
    switch (task.kind) {
      case "lookup": {
        for (const u of (Array.isArray(body.data) ? body.data : []) as V2User[]) {
          const account = accountFromUser(u);
          write.accounts!.push(account);
          write.nicheAccounts!.push({ id: account.id, depth: 0, seed: true });
          expandable(account.id, 0, account.protected === true);
        }
        for (const p of body.errors ?? []) {
          const issue = issueFromProblem(p);
          if (issue) write.issues!.push(issue);
        }
        done = true;
        break;
      }
      case "following":
      case "followers": {
        const users = (Array.isArray(body.data) ? body.data : []) as V2User[];
        const kept = users.slice(0, Math.max(0, params.maxPerAccount - items));
        for (const u of kept) {
          const account: AccountRecord = accountFromUser(u);
          write.accounts!.push(account);
          write.nicheAccounts!.push({ id: account.id, depth: task.depth + 1 });
          const edge: EdgeWrite =
            task.kind === "following"
              ? { source: task.accountId, target: account.id, kind: "follows" }
              : { source: account.id, target: task.accountId, kind: "follows" };
          write.edges!.push(edge);
          expandable(account.id, task.depth + 1, account.protected === true);
        }
        items += kept.length;
        if (items >= params.maxPerAccount) done = true;
        break;
      }
      case "search":
      case "tweets":
      case "mentions": {
        const tweets = tweetsOf(body);
        const kept = tweets.slice(0, Math.max(0, params.maxPerAccount - items));
        const records = recordsFromTweets(kept, body);
        write.accounts!.push(...records.accounts);
        write.posts = records.posts;
        write.nichePosts = records.ownPosts;
        write.edges!.push(...records.edges);
        write.issues!.push(...records.issues);
        const authors = new Set<string>();
        for (const p of records.posts) if (records.ownPosts.includes(p.id) && p.authorId) authors.add(p.authorId);
        for (const e of records.edges) {
          authors.add(e.source);
          authors.add(e.target);
        }
        const prot = new Map(records.accounts.map((a) => [a.id, a.protected === true]));
        for (const id of [...authors].sort()) {
          if (id === task.accountId) continue;
          write.nicheAccounts!.push({ id, depth: task.depth + 1 });
          expandable(id, task.depth + 1, prot.get(id) ?? false);
        }
        items += kept.length;
        if (items >= params.maxPerAccount) done = true;
        break;
      }
      default:
        throw new Error(`collect/twitter: unknown task kind "${task.kind}" in the store; it was written by another version of influence-atlas: collect this niche with that version, or into a new --db`);
    }
    write.taskUpdate = { id: task.id, nextToken: done ? null : nextToken, status: done ? "done" : "pending", items };
    return write;
  }
}

function resetText(reset: number | undefined): string {
  return reset === undefined ? "at an unknown time" : new Date(reset * 1000).toISOString().slice(11, 19) + "Z";
}
