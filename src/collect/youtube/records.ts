/**
 * YouTube resources → store records: channels → accounts; comments → posts
 * and interaction edges, keyed by the author's channel id (never by display
 * name, which is neither unique nor stable).
 */
import type { AccountRecord, EdgeWrite, PostRecord } from "../../store/types.ts";
import type { YtChannel, YtComment } from "./types.ts";

const int = (v: string | number | undefined): number | null => {
  if (v === undefined || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** A channel resource as an account: label = title, handle = customUrl without `@`, followers = subscribers. */
export function accountFromChannel(c: YtChannel): AccountRecord {
  const s = c.snippet ?? {};
  const st = c.statistics ?? {};
  const extra: Record<string, unknown> = {};
  if (s.country) extra.country = s.country;
  if (s.publishedAt) extra.publishedAt = s.publishedAt;
  if (st.viewCount !== undefined) extra.views = int(st.viewCount);
  const uploads = c.contentDetails?.relatedPlaylists?.uploads;
  if (uploads) extra.uploads = uploads;
  return {
    id: c.id,
    handle: s.customUrl ? s.customUrl.replace(/^@/, "") : null,
    name: s.title ?? null,
    description: s.description || null,
    followers: st.hiddenSubscriberCount ? null : int(st.subscriberCount),
    posts: int(st.videoCount),
    metrics: c.statistics ? { ...c.statistics } : null,
    extra: Object.keys(extra).length ? extra : null,
  };
}

/** A comment author as far as the comment tells (`@handle` display names give the handle). */
export function accountFromAuthor(c: YtComment): AccountRecord | null {
  const s = c.snippet ?? {};
  const id = s.authorChannelId?.value;
  if (!id) return null;
  const display = s.authorDisplayName ?? "";
  return display.startsWith("@") ? { id, handle: display.slice(1) } : { id, name: display || null };
}

/** `@handle` mentions in comment text (lower case, without `@`, once each, in order); not e-mail addresses. */
export function mentionedHandles(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![0-9A-Za-z._@-])@([0-9A-Za-z._-]{3,30})/g)) {
    const h = m[1].replace(/[.]+$/, "").toLowerCase();
    if (h.length >= 3 && !out.includes(h)) out.push(h);
  }
  return out;
}

const hashtags = (text: string): string[] => [...text.matchAll(/(?<![\w&])#(\w+)/gu)].map((m) => m[1]);
const urls = (text: string): string[] => [...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0]);

export interface CommentRecords {
  post: PostRecord | null;
  author: AccountRecord | null;
  edges: EdgeWrite[];
  /** Mentioned handles that matched no known channel. */
  unresolved: number;
}

/**
 * One comment's records. `target` is the channel it addresses: the video's
 * channel for a top-level comment (edge `comments`), the author of the
 * top-level comment for a reply (edge `replies`). Mentions are resolved by
 * `resolveHandle` (edge `mentions`). Self-loops make no edge.
 */
export function recordsFromComment(
  c: YtComment,
  videoId: string,
  target: { id: string | null; kind: "comments" | "replies" },
  resolveHandle: (handle: string) => string | null,
): CommentRecords {
  const s = c.snippet ?? {};
  const authorId = s.authorChannelId?.value ?? null;
  const text = s.textOriginal ?? s.textDisplay ?? "";
  const at = s.publishedAt ?? null;
  const mentions: PostRecord["mentions"] = [];
  const edges: EdgeWrite[] = [];
  let unresolved = 0;
  for (const h of mentionedHandles(text)) {
    const id = resolveHandle(h);
    mentions.push({ id, handle: h });
    if (id === null) unresolved++;
    else if (authorId && id !== authorId) edges.push({ source: authorId, target: id, kind: "mentions", item: c.id, at });
  }
  if (authorId && target.id && target.id !== authorId) {
    edges.push({ source: authorId, target: target.id, kind: target.kind, item: c.id, at });
  }
  const referenced: PostRecord["referenced"] = s.parentId ? [{ type: "replied_to", id: s.parentId, authorId: target.kind === "replies" ? target.id : null }] : [];
  const post: PostRecord = {
    id: c.id,
    authorId,
    createdAt: at,
    text,
    hashtags: hashtags(text),
    urls: urls(text),
    mentions,
    referenced,
    extra: { videoId, likeCount: s.likeCount ?? null },
  };
  return { post, author: accountFromAuthor(c), edges, unresolved };
}
