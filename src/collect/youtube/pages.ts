/**
 * What one YouTube API page brings, as ONE `PageWrite`: accounts, niche
 * members, videos, comments, edges, the tasks it discovers and the state of
 * the task(s) it answers. Reads the store only for what earlier committed
 * pages established (who is known, who is expanded), so a page re-fetched
 * after a crash yields the same write.
 */
import { memberByHandleLookup, nicheMemberLookup, postAuthorLookup } from "../../store/lookups.ts";
import { accountTaskLookup, taskedAccountCounter } from "../../store/tasks.ts";
import type { AccountIssue, AccountRecord, EdgeWrite, PageWrite, StoreDb, Task, TaskSpec } from "../../store/types.ts";
import { channelTasks, EXPANSION_KINDS, type YoutubeCrawlParams } from "./plan.ts";
import { accountFromChannel, recordsFromComment } from "./records.ts";
import type {
  YtChannel,
  YtChannelSection,
  YtComment,
  YtCommentThread,
  YtListResponse,
  YtPlaylistItem,
  YtSearchResult,
  YtSubscription,
  YtVideo,
} from "./types.ts";

export interface PageOutcome {
  write: PageWrite;
  /** Mentions of handles that matched no channel of the niche. */
  unresolvedMentions: number;
}

export interface PageBuilder {
  /** The write of a 200 page answering `tasks` (several only for batched `details`). */
  build(tasks: Task[], body: Record<string, unknown>, page: PageWrite["page"], at: string): PageOutcome;
}

export function createPageBuilder(db: StoreDb, nicheId: number, params: YoutubeCrawlParams): PageBuilder {
  const inNiche = nicheMemberLookup(db, nicheId);
  const hasDetailsTask = accountTaskLookup(db, nicheId, ["details"]);
  const isExpanded = accountTaskLookup(db, nicheId, EXPANSION_KINDS);
  const expandedCount = taskedAccountCounter(db, nicheId, EXPANSION_KINDS);
  const byHandle = memberByHandleLookup(db, nicheId, "youtube");
  const topComment = postAuthorLookup(db, "youtube");

  return {
    build(tasks, body, page, at) {
      const task = tasks[0];
      const write: PageWrite = {
        nicheId,
        taskId: task.id,
        page,
        accounts: [],
        nicheAccounts: [],
        posts: [],
        nichePosts: [],
        edges: [],
        videos: [],
        nicheVideos: [],
        issues: [],
        newTasks: [],
        at,
      };
      let unresolvedMentions = 0;
      const seen = new Set<string>();
      const expanded = new Set<string>();
      const nextToken = typeof body.nextPageToken === "string" && body.nextPageToken !== "" ? body.nextPageToken : null;
      const items = <T>(): T[] => ((body as YtListResponse<T>).items ?? []).filter((i) => i !== null && typeof i === "object");

      /** A channel met on this page: joins the niche at `depth`; its details are fetched once. */
      const discover = (id: string, depth: number, seed = false): void => {
        if (seen.has(id)) return;
        seen.add(id);
        write.nicheAccounts!.push({ id, depth, seed });
        if (!inNiche(id) && !hasDetailsTask(id)) {
          write.newTasks!.push({ kind: "details", accountId: id, depth, ...(seed ? { arg: "seed" } : {}) });
        }
      };
      /** A channel whose details arrived: its own tasks, within the depth and `maxChannels`. */
      const expand = (account: AccountRecord, depth: number): void => {
        const uploads = (account.extra?.uploads as string | undefined) ?? null;
        const specs: TaskSpec[] = channelTasks(account.id, depth, uploads, params);
        if (specs.length === 0 || expanded.has(account.id) || isExpanded(account.id)) return;
        if (expandedCount() + expanded.size >= params.maxChannels) return;
        expanded.add(account.id);
        write.newTasks!.push(...specs);
      };
      const edge = (e: EdgeWrite, depth: number): void => {
        write.edges!.push(e);
        discover(e.source, depth);
        discover(e.target, depth);
      };
      const finish = (status: "done" | "pending", count: number): PageOutcome => {
        write.taskUpdate = { id: task.id, nextToken: status === "pending" ? nextToken : null, status, items: count };
        return { write, unresolvedMentions };
      };
      const pageDone = (count: number, cap: number): PageOutcome => finish(nextToken === null || count >= cap ? "done" : "pending", count);

      switch (task.kind) {
        case "details":
        case "handle": {
          const found = new Map(items<YtChannel>().map((c) => [c.id, c]));
          write.taskUpdate = undefined;
          write.taskUpdates = [];
          const wanted = task.kind === "handle" ? [...found.keys()].slice(0, 1) : tasks.map((t) => t.accountId);
          for (const t of tasks) {
            const id = task.kind === "handle" ? wanted[0] : t.accountId;
            const c = id === undefined ? undefined : found.get(id);
            if (!c) {
              const ref = task.kind === "handle" ? t.arg : t.accountId;
              write.issues!.push({ ref, reason: "channelNotFound", detail: "channels.list returned no such channel (closed, terminated or never existed)" });
              write.taskUpdates.push({ id: t.id, nextToken: null, status: "skipped", items: 0, lastError: "channelNotFound" });
              continue;
            }
            const account = accountFromChannel(c);
            const seed = task.kind === "handle" || t.arg === "seed";
            write.accounts!.push(account);
            write.nicheAccounts!.push({ id: c.id, depth: t.depth, seed });
            seen.add(c.id);
            expand(account, t.depth);
            write.taskUpdates.push({ id: t.id, nextToken: null, status: "done", items: 1 });
          }
          return { write, unresolvedMentions };
        }
        case "search": {
          const left = Math.max(0, params.maxChannels - task.items);
          const ids = items<YtSearchResult>()
            .map((r) => r.id?.channelId ?? r.snippet?.channelId)
            .filter((id): id is string => typeof id === "string");
          const kept = [...new Set(ids)].slice(0, left);
          for (const id of kept) if (!seen.has(id) && !hasDetailsTask(id)) {
            seen.add(id);
            write.newTasks!.push({ kind: "details", accountId: id, arg: "seed", depth: 0 });
          }
          return pageDone(task.items + kept.length, params.maxChannels);
        }
        case "videos": {
          const found = new Map(items<YtVideo>().map((v) => [v.id, v]));
          for (const id of task.arg.split(",")) {
            const v = found.get(id);
            const owner = v?.snippet?.channelId;
            if (!v || !owner) {
              write.issues!.push({ ref: id, reason: "videoNotFound", detail: "videos.list returned no such video (private, removed or never existed)" });
              continue;
            }
            write.videos!.push({ id, channelId: owner, title: v.snippet?.title ?? null, publishedAt: v.snippet?.publishedAt ?? null, comments: num(v.statistics?.commentCount) });
            write.nicheVideos!.push(id);
            discover(owner, params.depth);
            write.newTasks!.push({ kind: "threads", accountId: owner, arg: id, depth: 0 });
          }
          return finish("done", found.size);
        }
        case "subscriptions": {
          for (const s of items<YtSubscription>()) {
            const target = s.snippet?.resourceId?.channelId;
            if (target && target !== task.accountId) edge({ source: task.accountId, target, kind: "subscribes" }, task.depth + 1);
          }
          return pageDone(task.items + items<YtSubscription>().length, Infinity);
        }
        case "sections": {
          for (const s of items<YtChannelSection>()) {
            for (const target of s.contentDetails?.channels ?? []) {
              if (target !== task.accountId) edge({ source: task.accountId, target, kind: "features" }, task.depth + 1);
            }
          }
          return finish("done", items<YtChannelSection>().length);
        }
        case "uploads": {
          const kept = items<YtPlaylistItem>().slice(0, Math.max(0, params.videosPerChannel - task.items));
          for (const p of kept) {
            const id = p.contentDetails?.videoId ?? p.snippet?.resourceId?.videoId;
            if (!id) continue;
            write.videos!.push({ id, channelId: task.accountId, title: p.snippet?.title ?? null, publishedAt: p.contentDetails?.videoPublishedAt ?? p.snippet?.publishedAt ?? null });
            write.nicheVideos!.push(id);
            write.newTasks!.push({ kind: "threads", accountId: task.accountId, arg: id, depth: task.depth });
          }
          return pageDone(task.items + kept.length, params.videosPerChannel);
        }
        case "threads":
        case "replies": {
          const threads = task.kind === "threads" ? items<YtCommentThread>().slice(0, Math.max(0, params.maxComments - task.items)) : [];
          const replies = task.kind === "replies" ? items<YtComment>() : [];
          const all: YtComment[] = [];
          for (const t of threads) {
            if (t.snippet?.topLevelComment) all.push(t.snippet.topLevelComment);
            all.push(...(t.replies?.comments ?? []));
          }
          all.push(...replies);
          const handles = new Map<string, string>();
          for (const c of all) {
            const name = c.snippet?.authorDisplayName;
            const id = c.snippet?.authorChannelId?.value;
            if (id && name?.startsWith("@") && !handles.has(name.slice(1).toLowerCase())) handles.set(name.slice(1).toLowerCase(), id);
          }
          const resolve = (h: string): string | null => handles.get(h) ?? byHandle(h) ?? null;
          const depth = task.depth + 1;
          const add = (c: YtComment, videoId: string, target: { id: string | null; kind: "comments" | "replies" }): void => {
            const r = recordsFromComment(c, videoId, target, resolve);
            unresolvedMentions += r.unresolved;
            if (r.author) {
              write.accounts!.push(r.author);
              discover(r.author.id, depth);
            }
            if (r.post) {
              write.posts!.push(r.post);
              write.nichePosts!.push(r.post.id);
            }
            for (const e of r.edges) edge(e, depth);
          };
          if (task.kind === "threads") {
            for (const t of threads) {
              const top = t.snippet?.topLevelComment;
              if (!top) continue;
              add(top, task.arg, { id: task.accountId, kind: "comments" });
              const inline = t.replies?.comments ?? [];
              if ((t.snippet?.totalReplyCount ?? 0) > inline.length) {
                write.newTasks!.push({ kind: "replies", accountId: task.accountId, arg: t.id, depth: task.depth });
              } else {
                const topAuthor = top.snippet?.authorChannelId?.value ?? null;
                for (const r of inline) add(r, task.arg, { id: topAuthor, kind: "replies" });
              }
            }
            return pageDone(task.items + threads.length, params.maxComments);
          }
          const parent = topComment(task.arg);
          for (const r of replies) add(r, parent?.video ?? r.snippet?.videoId ?? "", { id: parent?.author ?? null, kind: "replies" });
          return pageDone(task.items + replies.length, Infinity);
        }
        default:
          throw new Error(`collect/youtube: unknown task kind "${task.kind}" in the store; it was written by another version of influence-atlas: collect this niche with that version, or into a new --db`);
      }
    },
  };
}

/** The issue a skipped task records: what could not be read, and why. */
export function issueForSkip(task: Task, reason: string, message: string): AccountIssue {
  const ref =
    task.kind === "threads" || task.kind === "replies" || task.kind === "handle" || task.kind === "search" || task.kind === "videos"
      ? task.arg
      : task.accountId;
  return { ref, reason, detail: message };
}

function num(v: string | undefined): number | null {
  const n = v === undefined ? Number.NaN : Number(v);
  return Number.isFinite(n) ? n : null;
}
