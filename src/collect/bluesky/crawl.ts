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
import type { PageWrite, StoreDb, Task } from "../../store/types.ts";
import { accountQueue, emptyPageWrite, runCrawl, type CrawlEvent, type CrawlLoopDeps, type CrawlResult } from "../crawl-loop.ts";
import { BlueskyRequestFailure, type BlueskyTransport, type XrpcPage } from "./client.ts";
import { blueskyAccountTasks, blueskyRequestFor, type BlueskyCrawlParams } from "./plan.ts";
import { accountFromProfile, recordsFromFeed } from "./records.ts";
import type { FeedPage, FollowsPage, ProfilesPage } from "./types.ts";

export { MAX_CONSECUTIVE_RATE_LIMITS, type CrawlStats as BlueskyCrawlStats, type CrawlEvent as BlueskyCrawlEvent } from "../crawl-loop.ts";

export interface BlueskyCrawlDeps extends CrawlLoopDeps {
  transport: BlueskyTransport;
  onEvent?(event: CrawlEvent): void;
}

/** Runs the niche's pending tasks until none is left. */
export async function crawlBluesky(db: StoreDb, nicheId: number, params: BlueskyCrawlParams, deps: BlueskyCrawlDeps): Promise<CrawlResult> {
  const mayExpand = accountQueue(db, nicheId, params.maxAccounts);
  const sinceMs = params.since === undefined ? undefined : Date.parse(params.since);
  return runCrawl<XrpcPage>(db, nicheId, {
    platform: "bluesky",
    exhaustedDetail: "ratelimit-remaining 0",
    request(task) {
      const req = blueskyRequestFor(task, params);
      const query = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]));
      return { endpoint: `/xrpc/${req.nsid}`, bucket: req.auth ? "pds" : "appview", query, get: () => deps.transport.get(req.nsid, req.params, req.auth) };
    },
    failure(error, task, req) {
      if (!(error instanceof BlueskyRequestFailure)) return null;
      const f = error;
      const base = {
        status: f.status,
        rateLimit: f.rateLimit,
        body: f.error === undefined && f.status === 0 ? null : JSON.stringify({ error: f.error, message: f.message }),
        message: f.message,
      };
      if (f.kind === "rate-limit") return { ...base, kind: "rate-limit", waitDetail: `429 ${f.message}` };
      if (f.kind === "transient") return { ...base, kind: "transient" };
      if (f.kind === "auth" || (f.kind === "forbidden" && req.bucket === "pds")) {
        return {
          ...base,
          kind: "permanent",
          stop: `${f.message}; the session was refused: check BLUESKY_IDENTIFIER and BLUESKY_APP_PASSWORD (an app password: Settings → Privacy and security → App passwords).`,
        };
      }
      if (f.kind === "unavailable" && task.accountId !== "") {
        return { ...base, kind: "permanent", skip: { ref: task.accountId, reason: f.reason ?? "unknown", detail: f.message } };
      }
      return { ...base, kind: "permanent" };
    },
    write: (task, page, req, at) => buildWrite(task, page, req.endpoint, req.query, at),
  }, deps);

  /** Everything a 200 page brings. */
  function buildWrite(task: Task, res: XrpcPage, endpoint: string, query: Record<string, string>, at: string): PageWrite {
    const write = emptyPageWrite(nicheId, task, res, endpoint, query, at);
    const newTasks = write.newTasks!;
    const expandable = (did: string, depth: number): void => {
      const tasks = blueskyAccountTasks(did, depth, params);
      if (tasks.length > 0 && mayExpand(did, newTasks)) newTasks.push(...tasks);
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
