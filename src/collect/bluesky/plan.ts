/**
 * What to ask the AppView for each task, and the first tasks of a niche.
 *
 * Task kinds: `resolve` (arg = comma-separated handles or DIDs, ≤ 25:
 * `app.bsky.actor.getProfiles`), `follows` / `followers` (account_id = DID:
 * `app.bsky.graph.getFollows` / `getFollowers`), `feed` (account_id:
 * `app.bsky.feed.getAuthorFeed`, posts with replies), `search` (arg = query:
 * `app.bsky.feed.searchPosts`, needs a login).
 */
import { nicheIssueRefs, nicheSeedAccounts } from "../../store/lookups.ts";
import { addTasks } from "../../store/tasks.ts";
import type { StoreDb, Task, TaskSpec } from "../../store/types.ts";

export type BlueskyNetwork = "follows" | "interactions" | "both";
export type BlueskyDirection = "following" | "followers" | "both";

export interface BlueskyCrawlParams {
  network: BlueskyNetwork;
  direction: BlueskyDirection;
  /** Breadth-first depth: 1 = the seeds' own lists / feeds; 2 = also those of the accounts they reach. */
  depth: number;
  /** Accounts whose lists or feeds are fetched, seeds included. */
  maxAccounts: number;
  /** Items (follows, feed items, search results) kept per account or query. */
  maxPerAccount: number;
  /** ISO date: posts created since (feeds stop paging past it; search `since`). */
  since?: string;
  /** `app.bsky.feed.searchPosts` query (interactions, with a login). */
  query?: string;
}

export const BLUESKY_CRAWL_DEFAULTS: Readonly<BlueskyCrawlParams> = Object.freeze({
  network: "follows",
  direction: "following",
  depth: 1,
  maxAccounts: 1000,
  maxPerAccount: 5000,
});

/** Actors per `app.bsky.actor.getProfiles` call (the lexicon's maximum). */
export const PROFILES_PER_CALL = 25;
/** Items per page (the lexicons' maximum for follows, feeds and search). */
export const PAGE_LIMIT = 100;

/** A handle or DID as typed (`@Alice.bsky.social`, `did:plc:…`): handles lower-cased without `@`, DIDs as they are. */
export function normalizeActor(raw: string): string {
  const s = raw.trim().replace(/^@/, "");
  return s.startsWith("did:") ? s : s.toLowerCase();
}

/** Seeds from comma/space-separated text, normalized, duplicates dropped. */
export function normalizeBlueskySeeds(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of raw.flatMap((s) => s.split(/[\s,]+/))) {
    const actor = part.trim() === "" ? "" : normalizeActor(part);
    if (actor && !out.includes(actor)) out.push(actor);
  }
  return out;
}

/** The tasks of an account reached at `depth` (nothing past the crawl depth). */
export function blueskyAccountTasks(did: string, depth: number, params: BlueskyCrawlParams): TaskSpec[] {
  if (depth >= params.depth) return [];
  const tasks: TaskSpec[] = [];
  if (params.network !== "interactions") {
    if (params.direction !== "followers") tasks.push({ kind: "follows", accountId: did, depth });
    if (params.direction !== "following") tasks.push({ kind: "followers", accountId: did, depth });
  }
  if (params.network !== "follows") tasks.push({ kind: "feed", accountId: did, depth });
  return tasks;
}

/**
 * Plans a run, idempotently: a `resolve` of the seeds not resolved yet, the
 * search query (with a login), and the tasks the current parameters give the
 * seeds already resolved (a follows niche re-run as `both` gains their feeds).
 */
export function planBlueskyNiche(db: StoreDb, nicheId: number, seeds: readonly string[], params: BlueskyCrawlParams, at: string, canSearch: boolean): number {
  const resolved = nicheSeedAccounts(db, nicheId, "bluesky");
  const known = new Set<string>();
  for (const r of resolved) known.add(r.id).add(r.handle ?? "");
  const failed = new Set(nicheIssueRefs(db, nicheId));
  const toResolve = seeds.filter((s) => !known.has(s) && !failed.has(s) && !failed.has(`@${s}`));
  const specs: TaskSpec[] = [];
  for (let i = 0; i < toResolve.length; i += PROFILES_PER_CALL) {
    specs.push({ kind: "resolve", arg: toResolve.slice(i, i + PROFILES_PER_CALL).join(","), depth: 0 });
  }
  if (params.network !== "follows" && params.query !== undefined && canSearch) specs.push({ kind: "search", arg: params.query, depth: 0 });
  for (const r of resolved) if (!r.issue) specs.push(...blueskyAccountTasks(r.id, 0, params));
  return addTasks(db, nicheId, specs, at);
}

export interface XrpcRequest {
  nsid: string;
  params: Record<string, string | number | string[]>;
  /** Through the logged-in session. */
  auth: boolean;
}

/** The request fetching the task's next page. */
export function blueskyRequestFor(task: Task, params: BlueskyCrawlParams): XrpcRequest {
  const limit = Math.max(1, Math.min(PAGE_LIMIT, params.maxPerAccount - task.items));
  const cursor: Record<string, string> = task.nextToken ? { cursor: task.nextToken } : {};
  switch (task.kind) {
    case "resolve":
      return { nsid: "app.bsky.actor.getProfiles", params: { actors: task.arg.split(",") }, auth: false };
    case "follows":
      return { nsid: "app.bsky.graph.getFollows", params: { actor: task.accountId, limit, ...cursor }, auth: false };
    case "followers":
      return { nsid: "app.bsky.graph.getFollowers", params: { actor: task.accountId, limit, ...cursor }, auth: false };
    case "feed":
      return { nsid: "app.bsky.feed.getAuthorFeed", params: { actor: task.accountId, limit, filter: "posts_with_replies", ...cursor }, auth: false };
    case "search": {
      const since: Record<string, string> = params.since === undefined ? {} : { since: new Date(Date.parse(params.since)).toISOString() };
      return { nsid: "app.bsky.feed.searchPosts", params: { q: task.arg, limit, sort: "latest", ...since, ...cursor }, auth: true };
    }
    default:
      throw new Error(`collect/bluesky: unknown task kind "${task.kind}" in the store; it was written by another version of influence-atlas: collect this niche with that version, or into a new --db`);
  }
}
