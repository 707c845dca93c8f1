/**
 * What the collectors read back while they plan a run and build a page's
 * write: who a niche already holds, which pages and edges it has, what its
 * seeds resolved to. Functions that run once per item prepare their
 * statement once and return the lookup.
 */
import type { Platform, StoreDb } from "./types.ts";

/** Whether the niche holds a page of `source` (an imported file: `twarc:<file>:<line>`, `ytdt:<file>`). */
export function pageSourceLookup(db: StoreDb): (nicheId: number, source: string) => boolean {
  const stmt = db.prepare("SELECT 1 FROM pages WHERE niche_id = ? AND source = ? LIMIT 1").pluck();
  return (nicheId, source) => stmt.get(nicheId, source) !== undefined;
}

/** Whether the account is a member of the niche. */
export function nicheMemberLookup(db: StoreDb, nicheId: number): (accountId: string) => boolean {
  const stmt = db.prepare("SELECT 1 FROM niche_accounts WHERE niche_id = ? AND account_id = ?").pluck();
  return (accountId) => stmt.get(nicheId, accountId) !== undefined;
}

/** The id of the niche member of `platform` whose handle, lowercased, is `handle` (given lowercase; the smallest id if several). */
export function memberByHandleLookup(db: StoreDb, nicheId: number, platform: Platform): (handle: string) => string | undefined {
  const stmt = db
    .prepare(
      `SELECT a.id FROM accounts a JOIN niche_accounts na ON na.niche_id = ? AND na.account_id = a.id
       WHERE a.platform = ? AND lower(a.handle) = ? ORDER BY a.id LIMIT 1`,
    )
    .pluck();
  return (handle) => stmt.get(nicheId, platform, handle) as string | undefined;
}

/** The id of the niche member of `platform` with this display name (exact; the smallest id if several). */
export function memberByNameLookup(db: StoreDb, nicheId: number, platform: Platform): (name: string) => string | undefined {
  const stmt = db
    .prepare(
      `SELECT a.id FROM accounts a JOIN niche_accounts na ON na.niche_id = ? AND na.account_id = a.id
       WHERE a.platform = ? AND a.name = ? ORDER BY a.id LIMIT 1`,
    )
    .pluck();
  return (name) => stmt.get(nicheId, platform, name) as string | undefined;
}

/** The author and video (`extra.videoId`) of a stored post of `platform`, if the store has it. */
export function postAuthorLookup(db: StoreDb, platform: Platform): (postId: string) => { author: string | null; video: string | null } | undefined {
  const stmt = db.prepare("SELECT author_id AS author, json_extract(extra, '$.videoId') AS video FROM posts WHERE platform = ? AND id = ?");
  return (postId) => stmt.get(platform, postId) as { author: string | null; video: string | null } | undefined;
}

/** The weight the niche holds for an edge (undefined when it has none). */
export function edgeWeightLookup(db: StoreDb, nicheId: number): (source: string, target: string, kind: string) => number | undefined {
  const stmt = db.prepare("SELECT weight FROM edges WHERE niche_id = ? AND source = ? AND target = ? AND kind = ?").pluck();
  return (source, target, kind) => stmt.get(nicheId, source, target, kind) as number | undefined;
}

export interface SeedAccount {
  id: string;
  /** Lowercase; null while the account's details are unknown. */
  handle: string | null;
  /** 1 when the account is protected (Twitter/X), else 0. */
  protected: number;
  /** 1 when the niche records an issue for the account. */
  issue: number;
}

/** The niche's seed members of `platform`, by id. */
export function nicheSeedAccounts(db: StoreDb, nicheId: number, platform: Platform): SeedAccount[] {
  return db
    .prepare(
      `SELECT na.account_id AS id, lower(a.handle) AS handle, coalesce(a.protected, 0) AS protected,
              EXISTS (SELECT 1 FROM account_issues i WHERE i.niche_id = na.niche_id AND i.ref = na.account_id) AS issue
       FROM niche_accounts na LEFT JOIN accounts a ON a.platform = ? AND a.id = na.account_id
       WHERE na.niche_id = ? AND na.seed = 1 ORDER BY na.account_id`,
    )
    .all(platform, nicheId) as SeedAccount[];
}

/** The niche's depth-0 members of `platform` whose details are known (a name), by id, with `extra.uploads` (YouTube). */
export function nicheRootAccounts(db: StoreDb, nicheId: number, platform: Platform): { id: string; uploads: string | null }[] {
  return db
    .prepare(
      `SELECT na.account_id AS id, json_extract(a.extra, '$.uploads') AS uploads FROM niche_accounts na
       JOIN accounts a ON a.platform = ? AND a.id = na.account_id
       WHERE na.niche_id = ? AND na.depth = 0 AND a.name IS NOT NULL ORDER BY na.account_id`,
    )
    .all(platform, nicheId) as { id: string; uploads: string | null }[];
}

/** The refs of the niche's issues (an account id, `@handle`, a video id…). */
export function nicheIssueRefs(db: StoreDb, nicheId: number): string[] {
  return db.prepare("SELECT ref FROM account_issues WHERE niche_id = ?").pluck().all(nicheId) as string[];
}

/** The handles of the niche's issues whose ref is `@handle`, lowercase and without the `@`. */
export function nicheIssueHandles(db: StoreDb, nicheId: number): string[] {
  return (db.prepare("SELECT lower(ref) FROM account_issues WHERE niche_id = ? AND ref LIKE '@%'").pluck().all(nicheId) as string[]).map((r) =>
    r.slice(1),
  );
}

/** Rows the niche has: members, videos, posts and edges. */
export function nicheRowCounts(db: StoreDb, nicheId: number): { accounts: number; videos: number; posts: number; edges: number } {
  const count = (sql: string): number => db.prepare(sql).pluck().get(nicheId) as number;
  return {
    accounts: count("SELECT count(*) FROM niche_accounts WHERE niche_id = ?"),
    videos: count("SELECT count(*) FROM niche_videos WHERE niche_id = ?"),
    posts: count("SELECT count(*) FROM niche_posts WHERE niche_id = ?"),
    edges: count("SELECT count(*) FROM edges WHERE niche_id = ?"),
  };
}
