/**
 * Writing what one API page brings: the raw page, its accounts, posts and
 * edges, the niche's new tasks and the task's next token, all in ONE
 * transaction. A crash before the commit loses the whole page (it is fetched
 * again); after it, nothing is fetched twice. Every write is idempotent, so
 * re-importing an archive or re-seeing a tweet duplicates nothing.
 */
import type { CommitResult, PageWrite, Platform, StoreDb } from "./types.ts";

export interface PageWriter {
  /** Writes `write` in one transaction. */
  commit(write: PageWrite): CommitResult;
  /** Records a response that brought no data (an error, a 429) on its own. Returns the page id. */
  logPage(nicheId: number | null, taskId: number | null, page: NonNullable<PageWrite["page"]>): number;
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

/** Prepares the statements once for `db`; `platform` tags every account and post. */
export function createPageWriter(db: StoreDb, platform: Platform): PageWriter {
  const insertPage = db.prepare(
    `INSERT INTO pages (niche_id, task_id, platform, method, endpoint, params, status, rate_limit, body, fetched_at, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsertAccount = db.prepare(
    `INSERT INTO accounts (platform, id, handle, name, description, followers, following, posts, metrics, extra, protected, first_seen, last_seen)
     VALUES (@platform, @id, @handle, @name, @description, @followers, @following, @posts, @metrics, @extra, @protected, @at, @at)
     ON CONFLICT (platform, id) DO UPDATE SET
       handle = coalesce(excluded.handle, handle),
       name = coalesce(excluded.name, name),
       description = coalesce(excluded.description, description),
       followers = coalesce(excluded.followers, followers),
       following = coalesce(excluded.following, following),
       posts = coalesce(excluded.posts, posts),
       metrics = coalesce(excluded.metrics, metrics),
       extra = coalesce(excluded.extra, extra),
       protected = CASE WHEN excluded.name IS NULL THEN protected ELSE excluded.protected END,
       last_seen = max(last_seen, excluded.last_seen)`,
  );
  const addNicheAccount = db.prepare(
    `INSERT INTO niche_accounts (niche_id, account_id, depth, seed) VALUES (?, ?, ?, ?)
     ON CONFLICT (niche_id, account_id) DO UPDATE SET seed = max(seed, excluded.seed), depth = min(depth, excluded.depth)`,
  );
  const upsertPost = db.prepare(
    `INSERT INTO posts (platform, id, author_id, created_at, text, hashtags, urls, mentions, referenced, extra, first_seen)
     VALUES (@platform, @id, @authorId, @createdAt, @text, @hashtags, @urls, @mentions, @referenced, @extra, @at)
     ON CONFLICT (platform, id) DO UPDATE SET
       author_id = coalesce(excluded.author_id, author_id),
       created_at = coalesce(excluded.created_at, created_at),
       text = coalesce(excluded.text, text),
       hashtags = excluded.hashtags, urls = excluded.urls, mentions = excluded.mentions,
       referenced = excluded.referenced, extra = coalesce(excluded.extra, extra)`,
  );
  const addNichePost = db.prepare("INSERT OR IGNORE INTO niche_posts (niche_id, post_id) VALUES (?, ?)");
  const upsertVideo = db.prepare(
    `INSERT INTO videos (platform, id, channel_id, title, published_at, comments, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (platform, id) DO UPDATE SET
       channel_id = coalesce(excluded.channel_id, channel_id), title = coalesce(excluded.title, title),
       published_at = coalesce(excluded.published_at, published_at), comments = coalesce(excluded.comments, comments)`,
  );
  const addNicheVideo = db.prepare("INSERT OR IGNORE INTO niche_videos (niche_id, video_id) VALUES (?, ?)");
  const addEvidence = db.prepare(
    "INSERT OR IGNORE INTO edge_evidence (niche_id, kind, item, target, source, at, weight) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const addEvidencedEdge = db.prepare(
    `INSERT INTO edges (niche_id, source, target, kind, weight, evidenced, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
     ON CONFLICT (niche_id, source, target, kind) DO UPDATE SET
       weight = weight + excluded.weight, evidenced = 1,
       first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
  );
  const addPlainEdge = db.prepare(
    `INSERT INTO edges (niche_id, source, target, kind, weight, evidenced, first_seen, last_seen) VALUES (?, ?, ?, ?, 1, 0, ?, ?)
     ON CONFLICT (niche_id, source, target, kind) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`,
  );
  const edgeExists = db.prepare(
    "SELECT 1 FROM edges WHERE niche_id = ? AND source = ? AND target = ? AND kind = ?",
  );
  const addIssue = db.prepare(
    `INSERT INTO account_issues (niche_id, ref, reason, detail, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (niche_id, ref, reason) DO UPDATE SET detail = excluded.detail, at = excluded.at`,
  );
  const addTask = db.prepare(
    "INSERT OR IGNORE INTO tasks (niche_id, kind, account_id, arg, depth, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const updateTask = db.prepare(
    `UPDATE tasks SET next_token = ?, status = ?, items = ?, pages = pages + 1, attempts = 0, last_error = ?, updated_at = ?
     WHERE id = ?`,
  );

  const logPage = (nicheId: number | null, taskId: number | null, p: NonNullable<PageWrite["page"]>): number =>
    Number(
      insertPage.run(
        nicheId,
        taskId,
        platform,
        p.method ?? "GET",
        p.endpoint,
        JSON.stringify(p.params),
        p.status,
        json(p.rateLimit),
        p.body,
        p.fetchedAt,
        p.source ?? "api",
      ).lastInsertRowid,
    );

  const commit = db.transaction((w: PageWrite): CommitResult => {
    const result: CommitResult = { newEdges: 0, newEvidence: 0, newTasks: 0 };
    if (w.page) logPage(w.nicheId, w.taskId ?? null, w.page);
    for (const a of w.accounts ?? []) {
      upsertAccount.run({
        platform,
        id: a.id,
        handle: a.handle ?? null,
        name: a.name ?? null,
        description: a.description ?? null,
        followers: a.followers ?? null,
        following: a.following ?? null,
        posts: a.posts ?? null,
        metrics: json(a.metrics),
        extra: json(a.extra),
        protected: a.protected ? 1 : 0,
        at: w.at,
      });
    }
    for (const n of w.nicheAccounts ?? []) addNicheAccount.run(w.nicheId, n.id, n.depth, n.seed ? 1 : 0);
    for (const p of w.posts ?? []) {
      upsertPost.run({
        platform,
        id: p.id,
        authorId: p.authorId,
        createdAt: p.createdAt,
        text: p.text,
        hashtags: JSON.stringify(p.hashtags),
        urls: JSON.stringify(p.urls),
        mentions: JSON.stringify(p.mentions),
        referenced: JSON.stringify(p.referenced),
        extra: json(p.extra),
        at: w.at,
      });
    }
    for (const id of w.nichePosts ?? []) addNichePost.run(w.nicheId, id);
    for (const v of w.videos ?? []) {
      upsertVideo.run(platform, v.id, v.channelId, v.title ?? null, v.publishedAt ?? null, v.comments ?? null, w.at);
    }
    for (const id of w.nicheVideos ?? []) addNicheVideo.run(w.nicheId, id);
    for (const e of w.edges ?? []) {
      if (e.item !== undefined) {
        const weight = e.weight ?? 1;
        if (!(Number.isSafeInteger(weight) && weight >= 1)) {
          throw new Error(`createPageWriter: evidence ${e.item} has weight ${weight}; give a positive integer up to 2^53 - 1`);
        }
        if (addEvidence.run(w.nicheId, e.kind, e.item, e.target, e.source, e.at ?? null, weight).changes === 0) continue;
        result.newEvidence++;
        const at = e.at ?? w.at;
        if (edgeExists.get(w.nicheId, e.source, e.target, e.kind) === undefined) result.newEdges++;
        addEvidencedEdge.run(w.nicheId, e.source, e.target, e.kind, weight, at, at);
      } else {
        if (edgeExists.get(w.nicheId, e.source, e.target, e.kind) === undefined) result.newEdges++;
        addPlainEdge.run(w.nicheId, e.source, e.target, e.kind, w.at, w.at);
      }
    }
    for (const i of w.issues ?? []) addIssue.run(w.nicheId, i.ref, i.reason, i.detail ?? null, w.at);
    for (const t of w.newTasks ?? []) {
      result.newTasks += addTask.run(w.nicheId, t.kind, t.accountId ?? "", t.arg ?? "", t.depth ?? 0, w.at).changes;
    }
    for (const u of w.taskUpdate ? [w.taskUpdate, ...(w.taskUpdates ?? [])] : (w.taskUpdates ?? [])) {
      updateTask.run(u.nextToken, u.status, u.items, u.lastError ?? null, w.at, u.id);
    }
    return result;
  });

  return { commit: (w) => commit.immediate(w), logPage };
}
