/** What `atlas status` shows: per niche, crawl progress, requests, pending tasks and recent errors. */
import { listNiches } from "./niches.ts";
import { jetstreamCursor } from "./bluesky-records.ts";
import { nicheQuotaUnits } from "./quota.ts";
import { taskCounts, type TaskCounts } from "./tasks.ts";
import type { Niche, StoreDb } from "./types.ts";

/** A niche (its stored row, without the row id) and where it stands. */
export interface NicheStatus extends Omit<Niche, "id"> {
  accounts: number;
  edges: number;
  edgesByKind: Record<string, number>;
  posts: number;
  /** Videos whose comments the niche collects (YouTube). */
  videos: number;
  /** Quota units the niche has spent, every day (YouTube; 0 for Twitter/X). */
  quotaUnits: number;
  /**
   * Where the niche stands. With crawl tasks, the crawl's: "in progress",
   * "stopped with failures" or "complete". Without, where its data came
   * from: "imported" (files), "listened to" (Jetstream), "imported and
   * listened to", or "empty".
   */
  state: string;
  tasks: TaskCounts;
  /** API responses received (errors included); imported archive lines are not requests. */
  requests: number;
  /** Of which 429s. */
  rateLimited: number;
  /** Of which other errors (status >= 400, or no response). */
  failedRequests: number;
  lastRequestAt: string | null;
  issues: { ref: string; reason: string; detail: string | null }[];
  /** Where a Bluesky niche's Jetstream listen stands (time_us cursor, events applied), if it has listened. */
  jetstream?: { cursor: number; url: string; events: number; updatedAt: string };
  /** Tasks whose last attempt failed, newest first. */
  recentErrors: { kind: string; accountId: string; arg: string; status: string; error: string; at: string | null }[];
}

export function storeStatus(db: StoreDb, options: { recent?: number } = {}): NicheStatus[] {
  const recent = options.recent ?? 5;
  return listNiches(db).map((n) => {
    const { id: _id, ...niche } = n;
    const one = <T>(sql: string, ...args: unknown[]): T => db.prepare(sql).get(n.id, ...args) as T;
    const edgesByKind: Record<string, number> = {};
    for (const r of db
      .prepare("SELECT kind, count(*) AS c FROM edges WHERE niche_id = ? GROUP BY kind ORDER BY kind")
      .all(n.id) as { kind: string; c: number }[]) {
      edgesByKind[r.kind] = r.c;
    }
    const req = one<{ n: number; r429: number | null; bad: number | null; last: string | null }>(
      `SELECT count(*) AS n, sum(status = 429) AS r429, sum(status >= 400 AND status <> 429 OR status = 0) AS bad,
              max(fetched_at) AS last FROM pages WHERE niche_id = ? AND source = 'api'`,
    );
    const tasks = taskCounts(db, n.id);
    const jetstream = n.platform === "bluesky" ? jetstreamCursor(db, n.id) : undefined;
    const imported = one<{ c: number }>("SELECT count(*) AS c FROM (SELECT 1 FROM pages WHERE niche_id = ? AND source <> 'api' LIMIT 1)").c > 0;
    const edges = Object.values(edgesByKind).reduce((a, b) => a + b, 0);
    return {
      ...niche,
      accounts: one<{ c: number }>(
        `SELECT count(*) AS c FROM (SELECT account_id FROM niche_accounts WHERE niche_id = ?
           UNION SELECT source FROM edges WHERE niche_id = ? UNION SELECT target FROM edges WHERE niche_id = ?)`,
        n.id,
        n.id,
      ).c,
      edges,
      edgesByKind,
      posts: one<{ c: number }>("SELECT count(*) AS c FROM niche_posts WHERE niche_id = ?").c,
      videos: one<{ c: number }>("SELECT count(*) AS c FROM niche_videos WHERE niche_id = ?").c,
      quotaUnits: n.platform === "youtube" ? nicheQuotaUnits(db, n.id) : 0,
      ...(jetstream ? { jetstream } : {}),
      state: nicheState(tasks, imported, jetstream !== undefined, edges),
      tasks,
      requests: req.n,
      rateLimited: req.r429 ?? 0,
      failedRequests: req.bad ?? 0,
      lastRequestAt: req.last,
      issues: db
        .prepare("SELECT ref, reason, detail FROM account_issues WHERE niche_id = ? ORDER BY at DESC, ref LIMIT 20")
        .all(n.id) as NicheStatus["issues"],
      recentErrors: (
        db
          .prepare(
            `SELECT kind, account_id, arg, status, last_error, updated_at FROM tasks
             WHERE niche_id = ? AND last_error IS NOT NULL ORDER BY updated_at DESC, id DESC LIMIT ?`,
          )
          .all(n.id, recent) as { kind: string; account_id: string; arg: string; status: string; last_error: string; updated_at: string | null }[]
      ).map((r) => ({ kind: r.kind, accountId: r.account_id, arg: r.arg, status: r.status, error: r.last_error, at: r.updated_at })),
    };
  });
}

function nicheState(t: TaskCounts, imported: boolean, listened: boolean, edges: number): string {
  if (t.pending + t.done + t.skipped + t.failed > 0) return t.pending > 0 ? "in progress" : t.failed > 0 ? "stopped with failures" : "complete";
  if (listened) return imported ? "imported and listened to" : "listened to";
  return imported || edges > 0 ? "imported" : "empty";
}
