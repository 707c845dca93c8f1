/**
 * What to ask the YouTube Data API for each task, what each call costs, and
 * the first tasks of a niche.
 *
 * Task kinds (account_id / arg):
 * - `details` (channel id / `seed` or ``): channel details, batched 50 ids a call;
 * - `handle` (— / `@handle`): a seed given by handle (`channels.list forHandle`);
 * - `search` (— / query): seed channels by search (`search.list type=channel`);
 * - `videos` (— / ids, ≤ 50): videos given by id (`videos.list`), for their owners and comments;
 * - `subscriptions`, `sections` (channel): its public subscriptions / featured channels;
 * - `uploads` (channel / uploads playlist id): its recent uploads;
 * - `threads` (video's channel / video id): comment threads with replies;
 * - `replies` (video's channel / thread id): all replies of a thread.
 */
import { nicheRootAccounts } from "../../store/lookups.ts";
import { accountTaskLookup, addTasks } from "../../store/tasks.ts";
import type { StoreDb, Task, TaskSpec } from "../../store/types.ts";
import type { YtParams } from "./client.ts";
import type { YtMethod } from "./types.ts";

export type YoutubeNetwork = "channels" | "comments" | "both";

export interface YoutubeCrawlParams {
  network: YoutubeNetwork;
  /** Breadth-first depth: 1 = the seeds' own subscriptions, featured channels, uploads; 2 = also the channels they reach. */
  depth: number;
  /** Channels expanded (subscriptions, featured, uploads fetched), seeds included; also caps search results. */
  maxChannels: number;
  /** Recent uploads whose comments are collected, per channel. */
  videosPerChannel: number;
  /** Top-level comments (threads) kept per video. */
  maxComments: number;
  /** Search query for seed channels. */
  query?: string;
  /** Video ids whose comments are collected (comments network). */
  videos?: string[];
}

export const YOUTUBE_CRAWL_DEFAULTS: Readonly<YoutubeCrawlParams> = Object.freeze({
  network: "channels",
  depth: 1,
  maxChannels: 100,
  videosPerChannel: 10,
  maxComments: 1000,
});

/**
 * Quota units per call, from the Data API's quota table: every list call 1
 * unit, `search.list` 100. Override with `--quota-costs method=units,...`.
 */
export const QUOTA_COSTS: Readonly<Record<YtMethod, number>> = Object.freeze({
  "channels.list": 1,
  "channelSections.list": 1,
  "subscriptions.list": 1,
  "playlistItems.list": 1,
  "videos.list": 1,
  "commentThreads.list": 1,
  "comments.list": 1,
  "search.list": 100,
});

/** Ids a `channels.list` / `videos.list` call takes at most. */
export const IDS_PER_CALL = 50;

/** A channel id: `UC` + 22 characters. */
export const CHANNEL_ID = /^UC[0-9A-Za-z_-]{22}$/;

export interface YoutubeSeeds {
  ids: string[];
  /** With their `@`. */
  handles: string[];
}

/** Seeds as given (`UC…` ids, `@handles`, channel URLs), split; duplicates dropped. */
export function parseYoutubeSeeds(raw: readonly string[]): YoutubeSeeds & { invalid: string[] } {
  const ids: string[] = [];
  const handles: string[] = [];
  const invalid: string[] = [];
  for (let part of raw.flatMap((s) => s.split(/[\s,]+/))) {
    part = part.trim().replace(/^https?:\/\/(www\.|m\.)?youtube\.com\//, "").replace(/^channel\//, "").replace(/\/.*$/, "");
    if (!part) continue;
    if (CHANNEL_ID.test(part)) {
      if (!ids.includes(part)) ids.push(part);
    } else if (/^@?[0-9A-Za-z._-]{3,30}$/.test(part)) {
      const handle = `@${part.replace(/^@/, "")}`;
      if (!handles.some((h) => h.toLowerCase() === handle.toLowerCase())) handles.push(handle);
    } else invalid.push(part);
  }
  return { ids, handles, invalid };
}

/** Parses `--quota-costs search.list=100,channels.list=1` over the defaults. */
export function parseQuotaCosts(text: string | undefined, base: Readonly<Record<string, number>> = QUOTA_COSTS): Record<YtMethod, number> {
  const costs = { ...base } as Record<YtMethod, number>;
  if (!text) return costs;
  for (const pair of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = pair.match(/^([A-Za-z]+\.list)=(\d+)$/);
    if (!m || !(m[1] in QUOTA_COSTS)) {
      throw new Error(`"${pair}" is not METHOD=UNITS with METHOD one of ${Object.keys(QUOTA_COSTS).join(", ")}`);
    }
    costs[m[1] as YtMethod] = Number(m[2]);
  }
  return costs;
}

/** The tasks a channel reached at `depth` gets (nothing at or past the crawl depth). */
export function channelTasks(channelId: string, depth: number, uploads: string | null, params: YoutubeCrawlParams): TaskSpec[] {
  if (depth >= params.depth) return [];
  const tasks: TaskSpec[] = [];
  if (params.network !== "comments") {
    tasks.push({ kind: "subscriptions", accountId: channelId, depth });
    tasks.push({ kind: "sections", accountId: channelId, depth });
  }
  if (params.network !== "channels" && uploads) tasks.push({ kind: "uploads", accountId: channelId, arg: uploads, depth });
  return tasks;
}

/** Task kinds that expand a channel (count towards `maxChannels`). */
export const EXPANSION_KINDS = ["subscriptions", "sections", "uploads"] as const;

/**
 * Plans a run, idempotently: seed details (by id), handle look-ups, the
 * search, given videos, and the tasks the current parameters give channels
 * already resolved at depth 0 (a channels niche re-run as `both` gains its
 * seeds' uploads).
 */
export function planYoutubeNiche(db: StoreDb, nicheId: number, seeds: YoutubeSeeds, params: YoutubeCrawlParams, at: string): number {
  const specs: TaskSpec[] = [];
  for (const id of seeds.ids) specs.push({ kind: "details", accountId: id, arg: "seed", depth: 0 });
  for (const h of seeds.handles) specs.push({ kind: "handle", arg: h, depth: 0 });
  if (params.query !== undefined) specs.push({ kind: "search", arg: params.query, depth: 0 });
  const videos = params.videos ?? [];
  for (let i = 0; i < videos.length; i += IDS_PER_CALL) specs.push({ kind: "videos", arg: videos.slice(i, i + IDS_PER_CALL).join(","), depth: 0 });
  const resolved = nicheRootAccounts(db, nicheId, "youtube");
  const expanded = accountTaskLookup(db, nicheId, EXPANSION_KINDS);
  // Only channels already expanded under other parameters gain tasks (the cap was applied then).
  for (const r of resolved) if (expanded(r.id)) specs.push(...channelTasks(r.id, 0, r.uploads, params));
  return addTasks(db, nicheId, specs, at);
}

export interface YtRequest {
  method: YtMethod;
  params: YtParams;
}

/** The request fetching the task's next page (`details` are batched by the crawl: `ids` given). */
export function youtubeRequestFor(task: Task, params: YoutubeCrawlParams, ids?: string[]): YtRequest {
  const page: YtParams = task.nextToken ? { pageToken: task.nextToken } : {};
  const left = (cap: number, per: number): number => Math.max(1, Math.min(per, cap - task.items));
  const channelParts = ["snippet", "statistics", "contentDetails"];
  switch (task.kind) {
    case "details":
      return { method: "channels.list", params: { part: channelParts, id: ids ?? [task.accountId], maxResults: IDS_PER_CALL } };
    case "handle":
      return { method: "channels.list", params: { part: channelParts, forHandle: task.arg } };
    case "search":
      return {
        method: "search.list",
        params: { part: ["snippet"], type: "channel", q: task.arg, maxResults: left(params.maxChannels, 50), ...page },
      };
    case "videos":
      return { method: "videos.list", params: { part: ["snippet", "statistics"], id: task.arg.split(","), maxResults: IDS_PER_CALL } };
    case "subscriptions":
      return { method: "subscriptions.list", params: { part: ["snippet"], channelId: task.accountId, maxResults: 50, ...page } };
    case "sections":
      return { method: "channelSections.list", params: { part: ["contentDetails"], channelId: task.accountId } };
    case "uploads":
      return {
        method: "playlistItems.list",
        params: { part: ["snippet", "contentDetails"], playlistId: task.arg, maxResults: left(params.videosPerChannel, 50), ...page },
      };
    case "threads":
      return {
        method: "commentThreads.list",
        params: { part: ["snippet", "replies"], videoId: task.arg, maxResults: left(params.maxComments, 100), textFormat: "plainText", ...page },
      };
    case "replies":
      return { method: "comments.list", params: { part: ["snippet"], parentId: task.arg, maxResults: 100, textFormat: "plainText", ...page } };
    default:
      throw new Error(`collect/youtube: unknown task kind "${task.kind}" in the store; it was written by another version of influence-atlas: collect this niche with that version, or into a new --db`);
  }
}
