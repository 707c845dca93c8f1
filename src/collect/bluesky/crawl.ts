/**
 * The Bluesky crawl, as the Twitter/X one: takes the niche's oldest pending
 * task, fetches its next page from the AppView, and commits the page with
 * everything it brings (accounts, edges, posts, new tasks, the next cursor)
 * in one transaction. Stopping at any moment loses at most the page in flight.
 *
 * Rate limits: `ratelimit-remaining: 0` waits for `ratelimit-reset` before the
 * next call; a 429 waits until its reset, then retries. 5xx, timeouts and
 * connection errors back off (src/collect/retry.ts), then the task fails and
 * the crawl goes on (three failing in a row stop it). Unavailable actors
 * (deactivated, taken down, blocked, not found) are recorded and skipped.
 */
import { createPageWriter } from "../../store/write.ts";
import { nextTask, recordAttempt, retryFailedTasks, taskCounts, type TaskCounts } from "../../store/tasks.ts";
import type { AccountIssue, PageWrite, StoreDb, Task } from "../../store/types.ts";
import { CollectError } from "../errors.ts";
import { attemptOutcome, backoffMs, failureStreakError, MAX_CONSECUTIVE_FAILURES, rateLimitWaitMs, RETRY_DEFAULTS, type RetryPolicy } from "../retry.ts";
import { BlueskyRequestFailure, type BlueskyTransport, type XrpcPage } from "./client.ts";
import { blueskyAccountTasks, blueskyRequestFor, type BlueskyCrawlParams } from "./plan.ts";
import { accountFromProfile, recordsFromFeed } from "./records.ts";
import type { FeedPage, FollowsPage, ProfilesPage } from "./types.ts";

/** Consecutive 429s on one request that stop the crawl (each one waited out). */
export const MAX_CONSECUTIVE_RATE_LIMITS = 20;

export interface BlueskyCrawlStats {
  requests: number;
  pages: number;
  waits: number;
  newEdges: number;
  skipped: number;
  failedTasks: number;
  startedMs: number;
}

export type BlueskyCrawlEvent =
  | { type: "page"; stats: BlueskyCrawlStats; counts: TaskCounts }
  | { type: "wait"; stats: BlueskyCrawlStats; reason: "rate-limit" | "backoff"; endpoint: string; ms: number; detail: string }
  | { type: "skip"; stats: BlueskyCrawlStats; issue: AccountIssue }
  | { type: "task-failed"; stats: BlueskyCrawlStats; task: Task; error: string };

export interface BlueskyCrawlDeps {
  transport: BlueskyTransport;
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  retry?: Partial<RetryPolicy>;
  onEvent?(event: BlueskyCrawlEvent): void;
}

/** Runs the niche's pending tasks until none is left. */
export async function crawlBluesky(
  db: StoreDb,
  nicheId: number,
  params: BlueskyCrawlParams,
  deps: BlueskyCrawlDeps,
): Promise<{ stats: BlueskyCrawlStats; counts: TaskCounts }> {
  const policy: RetryPolicy = { ...RETRY_DEFAULTS, ...deps.retry };
  const writer = createPageWriter(db, "bluesky");
  const iso = (): string => new Date(deps.now()).toISOString();
  const stats: BlueskyCrawlStats = { requests: 0, pages: 0, waits: 0, newEdges: 0, skipped: 0, failedTasks: 0, startedMs: deps.now() };
  const buckets = new Map<string, { remaining?: number; reset?: number }>();
  const hasTasks = db.prepare("SELECT 1 FROM tasks WHERE niche_id = ? AND account_id = ? LIMIT 1").pluck();
  const taskedAccounts = db.prepare("SELECT count(DISTINCT account_id) FROM tasks WHERE niche_id = ? AND account_id <> ''").pluck();
  const sinceMs = params.since === undefined ? undefined : Date.parse(params.since);
  let consecutiveFailures = 0;
  retryFailedTasks(db, nicheId, iso());

  const wait = async (reason: "rate-limit" | "backoff", endpoint: string, ms: number, detail: string): Promise<void> => {
    stats.waits++;
    deps.onEvent?.({ type: "wait", stats, reason, endpoint, ms, detail });
    await deps.sleep(ms);
  };

  for (;;) {
    const task = nextTask(db, nicheId);
    if (!task) break;
    const req = blueskyRequestFor(task, params);
    const endpoint = `/xrpc/${req.nsid}`;
    const bucketName = req.auth ? "pds" : "appview";
    const bucket = buckets.get(bucketName);
    if (bucket?.remaining === 0 && bucket.reset !== undefined && bucket.reset * 1000 > deps.now()) {
      await wait("rate-limit", endpoint, rateLimitWaitMs(policy, bucket.reset, deps.now()), `ratelimit-remaining 0, resets ${resetText(bucket.reset)}`);
    }
    const query = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]));
    let page: XrpcPage | undefined;
    let rateLimited = 0;
    for (;;) {
      stats.requests++;
      try {
        page = await deps.transport.get(req.nsid, req.params, req.auth);
        break;
      } catch (error) {
        const f = error as BlueskyRequestFailure;
        if (!(f instanceof BlueskyRequestFailure)) throw error;
        writer.logPage(nicheId, task.id, {
          endpoint,
          params: query,
          status: f.status,
          rateLimit: f.rateLimit,
          body: f.error === undefined && f.status === 0 ? null : JSON.stringify({ error: f.error, message: f.message }),
          fetchedAt: iso(),
        });
        if (f.rateLimit) buckets.set(bucketName, { remaining: f.rateLimit.remaining, reset: f.rateLimit.reset });
        const where = `collect/bluesky: [GET] ${endpoint}: ${f.status || "no response"}`;
        if (f.kind === "rate-limit") {
          if (++rateLimited > MAX_CONSECUTIVE_RATE_LIMITS) {
            throw new CollectError(
              { method: "GET", endpoint, status: f.status, reset: f.rateLimit?.reset },
              `${where} Too Many Requests ${rateLimited} times in a row; stopped (run the same command later to carry on).`,
            );
          }
          const reset = f.rateLimit?.reset;
          await wait("rate-limit", endpoint, rateLimitWaitMs(policy, reset, deps.now()), `429 ${f.message}, resets ${resetText(reset)}`);
          continue;
        }
        if (f.kind === "auth" || (f.kind === "forbidden" && req.auth)) {
          throw new CollectError(
            { method: "GET", endpoint, status: f.status },
            `${where} ${f.message}; the session was refused: check BLUESKY_IDENTIFIER and BLUESKY_APP_PASSWORD (an app password: Settings → Privacy and security → App passwords).`,
          );
        }
        if (f.kind === "unavailable" && task.accountId !== "") {
          commitSkip(task, { ref: task.accountId, reason: f.reason ?? "unknown", detail: f.message });
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
    if (page.rateLimit) buckets.set(bucketName, { remaining: page.rateLimit.remaining, reset: page.rateLimit.reset });
    const write = buildWrite(task, page, endpoint, query);
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
  function buildWrite(task: Task, res: XrpcPage, endpoint: string, query: Record<string, string>): PageWrite {
    const at = iso();
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
    const newTasks = write.newTasks!;
    const expandable = (did: string, depth: number): void => {
      const tasks = blueskyAccountTasks(did, depth, params);
      if (tasks.length === 0 || hasTasks.get(nicheId, did) !== undefined || newTasks.some((t) => t.accountId === did)) return;
      const tasked = (taskedAccounts.get(nicheId) as number) + new Set(newTasks.map((t) => t.accountId)).size;
      if (tasked < params.maxAccounts) newTasks.push(...tasks);
    };
    const body = (res.data ?? {}) as FollowsPage & FeedPage & ProfilesPage;
    const cursor = typeof body.cursor === "string" && body.cursor !== "" ? body.cursor : null;
    let items = task.items;
    let done = cursor === null;
    switch (task.kind) {
      case "resolve": {
        const found = new Set<string>();
        for (const p of Array.isArray(body.profiles) ? body.profiles : []) {
          const account = accountFromProfile(p);
          found.add(p.did).add((p.handle ?? "").toLowerCase());
          write.accounts!.push(account);
          write.nicheAccounts!.push({ id: account.id, depth: 0, seed: true });
          expandable(account.id, 0);
        }
        for (const seed of task.arg.split(",")) {
          if (found.has(seed)) continue;
          const ref = seed.startsWith("did:") ? seed : `@${seed}`;
          write.issues!.push({ ref, reason: "unknown", detail: "not returned by app.bsky.actor.getProfiles (no such account, or deactivated or taken down)" });
        }
        done = true;
        break;
      }
      case "follows":
      case "followers": {
        const list = (task.kind === "follows" ? body.follows : body.followers) ?? [];
        const kept = (Array.isArray(list) ? list : []).slice(0, Math.max(0, params.maxPerAccount - items));
        for (const p of kept) {
          write.accounts!.push(accountFromProfile(p));
          write.nicheAccounts!.push({ id: p.did, depth: task.depth + 1 });
          write.edges!.push(task.kind === "follows" ? { source: task.accountId, target: p.did, kind: "follows" } : { source: p.did, target: task.accountId, kind: "follows" });
          expandable(p.did, task.depth + 1);
        }
        items += kept.length;
        break;
      }
      case "feed":
      case "search": {
        const raw = task.kind === "feed" ? body.feed : (body.posts ?? []).map((post) => ({ post }));
        const kept = (Array.isArray(raw) ? raw : []).slice(0, Math.max(0, params.maxPerAccount - items));
        const records = recordsFromFeed(kept, task.kind === "feed" ? task.accountId : null, sinceMs);
        write.accounts!.push(...records.accounts);
        write.posts = records.posts;
        write.nichePosts = records.ownPosts;
        write.edges!.push(...records.edges);
        const reached = new Set<string>();
        for (const e of records.edges) reached.add(e.source).add(e.target);
        for (const did of [...reached].sort()) {
          if (did === task.accountId) continue;
          write.nicheAccounts!.push({ id: did, depth: task.depth + 1 });
          expandable(did, task.depth + 1);
        }
        items += kept.length;
        if (sinceMs !== undefined && task.kind === "feed" && records.times.some((t) => t !== null && Date.parse(t) < sinceMs)) done = true;
        break;
      }
      default:
        throw new Error(`collect/bluesky: unknown task kind "${task.kind}" in the store; it was written by another version of influence-atlas`);
    }
    if (items >= params.maxPerAccount) done = true;
    write.taskUpdate = { id: task.id, nextToken: done ? null : cursor, status: done ? "done" : "pending", items };
    return write;
  }
}

function resetText(reset: number | undefined): string {
  return reset === undefined ? "at an unknown time" : new Date(reset * 1000).toISOString().slice(11, 19) + "Z";
}
