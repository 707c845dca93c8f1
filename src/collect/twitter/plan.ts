/**
 * What to ask the API for each task, and the first tasks of a niche.
 *
 * Task kinds: `lookup` (arg = comma-separated handles, ≤ 100), `following` /
 * `followers` (account_id), `search` (arg = query), `tweets` / `mentions`
 * (account_id: the user's timeline / mentions timeline).
 */
import { nicheIssueHandles, nicheSeedAccounts } from "../../store/lookups.ts";
import { addTasks } from "../../store/tasks.ts";
import type { StoreDb, Task, TaskSpec } from "../../store/types.ts";

export type NetworkChoice = "follows" | "interactions" | "both";
export type DirectionChoice = "following" | "followers" | "both";

export interface TwitterCrawlParams {
  network: NetworkChoice;
  direction: DirectionChoice;
  /** Breadth-first depth: 1 = the seeds' own lists / timelines; 2 = also those of the accounts they reach. */
  depth: number;
  /** Accounts whose lists or timelines are fetched, seeds included. */
  maxAccounts: number;
  /** Items (follows, tweets) kept per account or query. */
  maxPerAccount: number;
  /** ISO date: tweets created since (search and timelines `start_time`). */
  since?: string;
  /** Recent-search query (else built from the seeds, for interactions). */
  query?: string;
}

export const CRAWL_DEFAULTS: Readonly<TwitterCrawlParams> = Object.freeze({
  network: "follows",
  direction: "following",
  depth: 1,
  maxAccounts: 1000,
  maxPerAccount: 5000,
});

export const USER_FIELDS = "created_at,description,location,name,protected,public_metrics,url,username,verified";
export const TWEET_FIELDS = "author_id,conversation_id,created_at,entities,in_reply_to_user_id,lang,public_metrics,referenced_tweets";
export const EXPANSIONS = "author_id,entities.mentions.username,in_reply_to_user_id,referenced_tweets.id,referenced_tweets.id.author_id";

/** Longest recent-search query (standard access: 512 characters). */
export const MAX_QUERY_LENGTH = 512;

/** Seeds as handles: `@a, b` → `["a", "b"]` (trimmed, without `@`, duplicates dropped case-insensitively). */
export function normalizeSeeds(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of raw.flatMap((s) => s.split(/[\s,]+/))) {
    const handle = part.trim().replace(/^@/, "");
    if (!handle || seen.has(handle.toLowerCase())) continue;
    seen.add(handle.toLowerCase());
    out.push(handle);
  }
  return out;
}

/** Recent-search queries covering the seeds' tweets and mentions of them, each ≤ `MAX_QUERY_LENGTH`. */
export function queriesForSeeds(handles: readonly string[]): string[] {
  const queries: string[] = [];
  let terms: string[] = [];
  const render = (t: string[]): string => `(${t.join(" OR ")})`;
  for (const h of handles) {
    const next = [...terms, `from:${h}`, `@${h}`];
    if (terms.length > 0 && render(next).length > MAX_QUERY_LENGTH) {
      queries.push(render(terms));
      terms = [`from:${h}`, `@${h}`];
    } else terms = next;
  }
  if (terms.length > 0) queries.push(render(terms));
  return queries;
}

/** The tasks a niche starts with. */
export function initialTasks(seeds: readonly string[], params: TwitterCrawlParams): TaskSpec[] {
  const tasks: TaskSpec[] = [];
  for (let i = 0; i < seeds.length; i += 100) tasks.push({ kind: "lookup", arg: seeds.slice(i, i + 100).join(","), depth: 0 });
  if (params.network !== "follows") {
    if (params.query !== undefined) tasks.push({ kind: "search", arg: params.query, depth: 0 });
    else for (const q of queriesForSeeds(seeds)) tasks.push({ kind: "search", arg: q, depth: 0 });
  }
  return tasks;
}

/** The tasks of an account reached at `depth` (nothing past the crawl depth). */
export function accountTasks(accountId: string, depth: number, params: TwitterCrawlParams): TaskSpec[] {
  if (depth >= params.depth) return [];
  const tasks: TaskSpec[] = [];
  if (params.network !== "interactions") {
    if (params.direction !== "followers") tasks.push({ kind: "following", accountId, depth });
    if (params.direction !== "following") tasks.push({ kind: "followers", accountId, depth });
  }
  if (params.network !== "follows") {
    tasks.push({ kind: "tweets", accountId, depth });
    tasks.push({ kind: "mentions", accountId, depth });
  }
  return tasks;
}

/**
 * Plans a run, idempotently: a lookup of the seeds not resolved yet, the
 * search queries (the given query, or built from all the niche's seeds), and
 * the tasks the current parameters give the seeds already resolved (so a
 * niche collected as `follows` gains its seeds' timelines when re-run as
 * `both`). Protected or unavailable seeds get none.
 */
export function planTwitterNiche(db: StoreDb, nicheId: number, seeds: readonly string[], params: TwitterCrawlParams, at: string): number {
  const resolved = nicheSeedAccounts(db, nicheId, "twitter");
  const known = new Set(resolved.map((r) => r.handle));
  const failed = new Set(nicheIssueHandles(db, nicheId));
  const toLookUp = seeds.filter((s) => !known.has(s.toLowerCase()) && !failed.has(s.toLowerCase()));
  const specs: TaskSpec[] = initialTasks(toLookUp, { ...params, network: "follows" });
  if (params.network !== "follows") {
    if (params.query !== undefined) specs.push({ kind: "search", arg: params.query, depth: 0 });
    else for (const q of queriesForSeeds(seeds)) specs.push({ kind: "search", arg: q, depth: 0 });
  }
  for (const r of resolved) if (!r.protected && !r.issue) specs.push(...accountTasks(r.id, 0, params));
  return addTasks(db, nicheId, specs, at);
}

export interface RequestSpec {
  /** Path under /2/. */
  path: string;
  /** Rate-limit bucket (the endpoint template). */
  bucket: string;
  query: Record<string, string>;
}

/** The request fetching the task's next page. */
export function requestFor(task: Task, params: TwitterCrawlParams): RequestSpec {
  const left = Math.max(1, params.maxPerAccount - task.items);
  const since: Record<string, string> =
    params.since === undefined ? {} : { start_time: new Date(Date.parse(params.since)).toISOString() };
  const tweetQuery = (min: number, tokenName: string): Record<string, string> => ({
    max_results: String(Math.max(min, Math.min(100, left))),
    expansions: EXPANSIONS,
    "tweet.fields": TWEET_FIELDS,
    "user.fields": USER_FIELDS,
    ...since,
    ...(task.nextToken ? { [tokenName]: task.nextToken } : {}),
  });
  switch (task.kind) {
    case "lookup":
      return { path: "users/by", bucket: "users/by", query: { usernames: task.arg, "user.fields": USER_FIELDS } };
    case "following":
    case "followers":
      return {
        path: `users/${task.accountId}/${task.kind}`,
        bucket: `users/:id/${task.kind}`,
        query: {
          max_results: String(Math.min(1000, left)),
          "user.fields": USER_FIELDS,
          ...(task.nextToken ? { pagination_token: task.nextToken } : {}),
        },
      };
    case "search":
      return { path: "tweets/search/recent", bucket: "tweets/search/recent", query: { query: task.arg, ...tweetQuery(10, "next_token") } };
    case "tweets":
    case "mentions":
      return {
        path: `users/${task.accountId}/${task.kind}`,
        bucket: `users/:id/${task.kind}`,
        query: tweetQuery(5, "pagination_token"),
      };
    default:
      throw new Error(`collect/twitter: unknown task kind "${task.kind}" in the store; it was written by another version of influence-atlas: collect this niche with that version, or into a new --db`);
  }
}
