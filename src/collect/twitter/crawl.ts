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
import type { AccountRecord, EdgeWrite, PageWrite, StoreDb, Task } from "../../store/types.ts";
import { accountQueue, emptyPageWrite, runCrawl, type CrawlEvent, type CrawlLoopDeps, type CrawlResult } from "../crawl-loop.ts";
import { TwitterRequestFailure, type ApiPage, type TwitterTransport } from "./client.ts";
import { accountTasks, requestFor, type TwitterCrawlParams } from "./plan.ts";
import { accountFromUser, issueFromProblem, recordsFromTweets, tweetsOf, type V2Page, type V2User } from "./records.ts";

export { MAX_CONSECUTIVE_FAILURES } from "../retry.ts";
export { MAX_CONSECUTIVE_RATE_LIMITS, type CrawlEvent, type CrawlResult, type CrawlStats } from "../crawl-loop.ts";

export interface CrawlDeps extends CrawlLoopDeps {
  transport: TwitterTransport;
  onEvent?(event: CrawlEvent): void;
}

/** Runs the niche's pending tasks until none is left. */
export async function crawlTwitter(db: StoreDb, nicheId: number, params: TwitterCrawlParams, deps: CrawlDeps): Promise<CrawlResult> {
  const mayExpand = accountQueue(db, nicheId, params.maxAccounts);
  return runCrawl<ApiPage>(db, nicheId, {
    platform: "twitter",
    request(task) {
      const req = requestFor(task, params);
      return { endpoint: `/2/${req.path}`, bucket: req.bucket, query: req.query, get: () => deps.transport.get(req.path, req.query) };
    },
    failure(error, task) {
      if (!(error instanceof TwitterRequestFailure)) return null;
      const f = error;
      const base = {
        status: f.status,
        rateLimit: f.rateLimit,
        body: f.body === null ? null : typeof f.body === "string" ? f.body : JSON.stringify(f.body),
        message: f.message,
      };
      if (f.kind === "rate-limit") return { ...base, kind: "rate-limit" };
      if (f.kind === "transient") return { ...base, kind: "transient" };
      if (f.kind === "auth") {
        return { ...base, kind: "permanent", stop: `Unauthorized (${f.message}); the bearer token in TWITTER_BEARER_TOKEN was refused: check it or regenerate it in the developer portal.` };
      }
      if (f.kind === "forbidden") {
        return {
          ...base,
          kind: "permanent",
          stop:
            `Forbidden (${f.message}); this endpoint is outside your access tier or app permissions ` +
            `(follows lookup and search need a paid tier), not a bug: change --network or the tier.`,
        };
      }
      if (f.kind === "not-found" && task.accountId !== "") return { ...base, kind: "permanent", skip: { ref: task.accountId, reason: "unknown", detail: f.message } };
      return { ...base, kind: "permanent" };
    },
    write: (task, page, req, at) => buildWrite(task, page, req.endpoint, req.query, at),
  }, deps);

  /** Everything a 200 page brings. */
  function buildWrite(task: Task, res: ApiPage, endpoint: string, query: Record<string, string>, at: string): PageWrite {
    const body = res.data as V2Page;
    const write = emptyPageWrite(nicheId, task, res, endpoint, query, at);
    const nextToken = body.meta?.next_token ?? null;
    const expandable = (id: string, depth: number, isProtected: boolean): void => {
      const tasks = accountTasks(id, depth, params);
      if (tasks.length === 0 || !mayExpand(id, write.newTasks!)) return;
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
