/** Records the store reads and writes. Ids are the platform's own (no `tw:` prefix). */
import type { Database } from "better-sqlite3";

export type StoreDb = Database;

export type Platform = "twitter" | "youtube" | "bluesky";

export const PLATFORMS: readonly Platform[] = ["twitter", "youtube", "bluesky"];

/** Node key prefix of each platform (`tw:12345`, `yt:UCxxxx`, `bsky:did:plc:…`). */
export const NODE_PREFIX: Readonly<Record<Platform, string>> = Object.freeze({ twitter: "tw:", youtube: "yt:", bluesky: "bsky:" });

export interface Niche {
  id: number;
  name: string;
  platform: Platform;
  seeds: string[];
  params: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Epoch seconds. */
  reset?: number;
}

/** One API response, as kept in `pages`. */
export interface PageRecord {
  endpoint: string;
  params: Record<string, string>;
  status: number;
  rateLimit?: RateLimitInfo | null;
  body: string | null;
  fetchedAt: string;
  method?: string;
  /** `api` (default) or `twarc:<file>:<line>`. */
  source?: string;
}

export interface AccountRecord {
  id: string;
  handle?: string | null;
  name?: string | null;
  description?: string | null;
  followers?: number | null;
  following?: number | null;
  posts?: number | null;
  metrics?: Record<string, unknown> | null;
  extra?: Record<string, unknown> | null;
  protected?: boolean;
}

export interface PostRecord {
  id: string;
  authorId: string | null;
  createdAt: string | null;
  text: string | null;
  hashtags: string[];
  urls: string[];
  mentions: { id: string | null; handle: string | null }[];
  referenced: { type: string; id: string; authorId: string | null }[];
  extra?: Record<string, unknown> | null;
}

/** A video whose comments are collected (YouTube). */
export interface VideoRecord {
  id: string;
  channelId: string | null;
  title?: string | null;
  publishedAt?: string | null;
  comments?: number | null;
}

export interface EdgeWrite {
  source: string;
  target: string;
  kind: string;
  /** Evidence item (tweet or comment id): the edge's weight counts distinct items. Absent: weight 1. */
  item?: string;
  /**
   * What the item counts for in the edge's weight (a positive integer, default 1):
   * an imported network's edge of weight w is one item of weight w, not w items.
   */
  weight?: number;
  /** Creation time of the item (ISO). */
  at?: string | null;
}

export type TaskKind = "lookup" | "following" | "followers" | "search" | "tweets" | "mentions" | (string & {});

export type TaskStatus = "pending" | "done" | "skipped" | "failed";

export interface TaskSpec {
  kind: TaskKind;
  accountId?: string;
  arg?: string;
  depth?: number;
}

export interface Task {
  id: number;
  nicheId: number;
  kind: TaskKind;
  accountId: string;
  arg: string;
  depth: number;
  status: TaskStatus;
  nextToken: string | null;
  pages: number;
  items: number;
  attempts: number;
  lastError: string | null;
}

export interface AccountIssue {
  /** Account id, or `@handle` when no id is known. */
  ref: string;
  reason: "unknown" | "suspended" | "protected" | "forbidden" | (string & {});
  detail?: string | null;
}

/** A task's state after a page. */
export interface TaskUpdate {
  id: number;
  nextToken: string | null;
  status: TaskStatus;
  items: number;
  lastError?: string | null;
}

/** Everything one API page (or one archive line) brings, written in ONE transaction. */
export interface PageWrite {
  nicheId: number;
  /** The raw response; null for pages that keep none. */
  page: PageRecord | null;
  taskId?: number | null;
  accounts?: AccountRecord[];
  /** Accounts joining the niche (insert-or-ignore: the first depth wins). */
  nicheAccounts?: { id: string; depth: number; seed?: boolean }[];
  posts?: PostRecord[];
  /** Post ids collected by the niche itself. */
  nichePosts?: string[];
  edges?: EdgeWrite[];
  videos?: VideoRecord[];
  /** Video ids collected by the niche. */
  nicheVideos?: string[];
  issues?: AccountIssue[];
  newTasks?: TaskSpec[];
  /** The task's state after this page. */
  taskUpdate?: TaskUpdate;
  /** More tasks answered by the same page (a batched call). */
  taskUpdates?: TaskUpdate[];
  /** Time of the write (ISO). */
  at: string;
}

export interface CommitResult {
  newEdges: number;
  newEvidence: number;
  newTasks: number;
}
