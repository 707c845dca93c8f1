/**
 * Twitter API v2 JSON → store records. Pure functions, shared by the live
 * collector and the twarc importer, so both make the same accounts, posts
 * and edges.
 *
 * Interaction edges (weight = number of tweets), author → other account:
 * - `retweets`: a retweet, to the retweeted tweet's author;
 * - `quotes`: a quote tweet, to the quoted tweet's author;
 * - `replies`: a reply, to the replied-to tweet's author (else `in_reply_to_user_id`);
 * - `mentions`: each @mention of an original tweet, reply or quote, except the
 *   replied-to author. A retweet's mentions are the original author's, not
 *   the retweeter's: they make no edge.
 * Self-interactions (threads, self-quotes) make no edge. A mention without an
 * `id` is resolved through `includes.users` by handle; one that cannot be is
 * counted as unresolved.
 */
import type { AccountIssue, AccountRecord, EdgeWrite, PostRecord } from "../../store/types.ts";

/* The parts of the v2 shapes read here (see data/fixtures/README.md). */
export interface V2User {
  id: string;
  username?: string;
  name?: string;
  description?: string;
  protected?: boolean;
  created_at?: string;
  location?: string;
  verified?: boolean;
  url?: string;
  profile_image_url?: string;
  public_metrics?: { followers_count?: number; following_count?: number; tweet_count?: number; listed_count?: number };
}

export interface V2Tweet {
  id: string;
  text?: string;
  author_id?: string;
  created_at?: string;
  lang?: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  public_metrics?: Record<string, number>;
  referenced_tweets?: { type: string; id: string }[];
  entities?: {
    hashtags?: { tag: string }[];
    urls?: { url?: string; expanded_url?: string; unwound_url?: string }[];
    mentions?: { username: string; id?: string }[];
  };
  /** twarc's flattened form embeds the author. */
  author?: V2User;
}

export interface V2Problem {
  title?: string;
  detail?: string;
  type?: string;
  value?: string;
  resource_id?: string;
  resource_type?: string;
  parameter?: string;
}

export interface V2Page {
  data?: unknown;
  includes?: { users?: V2User[]; tweets?: V2Tweet[] };
  errors?: V2Problem[];
  meta?: { result_count?: number; next_token?: string };
}

export const INTERACTION_KINDS = ["mentions", "replies", "retweets", "quotes"] as const;

export const REFERENCE_KIND: Readonly<Record<string, string>> = Object.freeze({
  retweeted: "retweets",
  quoted: "quotes",
  replied_to: "replies",
});

export function accountFromUser(u: V2User): AccountRecord {
  const m = u.public_metrics;
  const extra: Record<string, unknown> = {};
  for (const k of ["created_at", "location", "verified", "url", "profile_image_url"] as const) {
    if (u[k] !== undefined && u[k] !== "") extra[k] = u[k];
  }
  return {
    id: String(u.id),
    handle: u.username ?? null,
    name: u.name ?? null,
    description: u.description ?? null,
    followers: m?.followers_count ?? null,
    following: m?.following_count ?? null,
    posts: m?.tweet_count ?? null,
    metrics: m ? { ...m } : null,
    extra: Object.keys(extra).length ? extra : null,
    protected: u.protected === true,
  };
}

/** An account issue from a v2 problem about a user, or null when it is about something else. */
export function issueFromProblem(p: V2Problem): AccountIssue | null {
  if (p.resource_type !== undefined && p.resource_type !== "user") return null;
  const detail = `${p.title ?? "error"}: ${p.detail ?? ""}`.trim();
  const text = `${p.title ?? ""} ${p.detail ?? ""} ${p.type ?? ""}`.toLowerCase();
  const reason = text.includes("suspended")
    ? "suspended"
    : text.includes("not-authorized") || text.includes("authorization") || text.includes("protected")
      ? "protected"
      : text.includes("not found") || text.includes("not-found") || text.includes("could not find")
        ? "unknown"
        : "forbidden";
  const raw = p.resource_id ?? p.value ?? "?";
  const byHandle = p.parameter === "usernames" || p.parameter === "username" || p.parameter === "entities.mentions.username";
  return { ref: byHandle ? `@${raw}` : String(raw), reason, detail };
}

export interface TweetRecords {
  accounts: AccountRecord[];
  posts: PostRecord[];
  /** Ids of the posts the page itself returned (`data`), not those only referenced. */
  ownPosts: string[];
  edges: EdgeWrite[];
  issues: AccountIssue[];
  unresolvedMentions: number;
}

export function postFromTweet(t: V2Tweet, resolve: (handle: string) => string | null, authorOf: (id: string) => string | null): PostRecord {
  const e = t.entities ?? {};
  const extra: Record<string, unknown> = {};
  for (const k of ["lang", "conversation_id", "in_reply_to_user_id", "public_metrics"] as const) {
    if (t[k] !== undefined) extra[k] = t[k];
  }
  return {
    id: String(t.id),
    authorId: t.author_id ?? t.author?.id ?? null,
    createdAt: t.created_at ?? null,
    text: t.text ?? null,
    hashtags: (e.hashtags ?? []).map((h) => h.tag),
    urls: (e.urls ?? []).map((u) => u.unwound_url ?? u.expanded_url ?? u.url ?? "").filter((u) => u !== ""),
    mentions: (e.mentions ?? []).map((m) => ({ id: m.id ?? resolve(m.username), handle: m.username ?? null })),
    referenced: (t.referenced_tweets ?? []).map((r) => ({ type: r.type, id: String(r.id), authorId: authorOf(String(r.id)) })),
    extra: Object.keys(extra).length ? extra : null,
  };
}

/**
 * Records of a page of tweets (`data` an array of tweets, or one tweet as in
 * the filtered stream, or twarc's flattened tweets). `includes.tweets` are
 * stored as posts but make no edges: the page did not collect them.
 */
export function recordsFromTweets(tweets: readonly V2Tweet[], page: V2Page): TweetRecords {
  const accounts = new Map<string, AccountRecord>();
  const users = [...(page.includes?.users ?? [])];
  for (const t of tweets) if (t.author) users.push(t.author);
  const byHandle = new Map<string, string>();
  for (const u of users) {
    if (u?.id === undefined) continue;
    accounts.set(String(u.id), accountFromUser(u));
    if (u.username) byHandle.set(u.username.toLowerCase(), String(u.id));
  }
  const authors = new Map<string, string>();
  for (const t of [...(page.includes?.tweets ?? []), ...tweets]) {
    const a = t.author_id ?? t.author?.id;
    if (a !== undefined) authors.set(String(t.id), String(a));
  }
  const resolve = (handle: string): string | null => byHandle.get(handle.toLowerCase()) ?? null;
  const authorOf = (id: string): string | null => authors.get(id) ?? null;

  const posts: PostRecord[] = [];
  const ownPosts: string[] = [];
  const edges: EdgeWrite[] = [];
  let unresolvedMentions = 0;
  for (const t of page.includes?.tweets ?? []) posts.push(postFromTweet(t, resolve, authorOf));
  for (const t of tweets) {
    const post = postFromTweet(t, resolve, authorOf);
    posts.push(post);
    ownPosts.push(post.id);
    const author = post.authorId;
    if (author === null) continue;
    const at = post.createdAt;
    const add = (target: string | null, kind: string): void => {
      if (target === null || target === author) return;
      edges.push({ source: author, target, kind, item: post.id, at });
    };
    let retweet = false;
    let repliedTo: string | null = null;
    for (const r of post.referenced) {
      const kind = REFERENCE_KIND[r.type];
      if (kind === undefined) continue;
      let target = r.authorId;
      if (r.type === "replied_to") {
        target = target ?? t.in_reply_to_user_id ?? null;
        repliedTo = target;
      }
      if (r.type === "retweeted") retweet = true;
      add(target, kind);
    }
    if (!post.referenced.some((r) => r.type === "replied_to") && t.in_reply_to_user_id) {
      repliedTo = t.in_reply_to_user_id;
      add(repliedTo, "replies");
    }
    if (retweet) continue;
    const seen = new Set<string>();
    for (const m of post.mentions) {
      if (m.id === null) {
        unresolvedMentions++;
        continue;
      }
      if (m.id === repliedTo || seen.has(m.id)) continue;
      seen.add(m.id);
      add(m.id, "mentions");
    }
  }
  for (const p of posts) {
    for (const m of p.mentions) {
      if (m.id !== null && !accounts.has(m.id)) accounts.set(m.id, { id: m.id, handle: m.handle });
    }
  }
  const issues: AccountIssue[] = [];
  for (const p of page.errors ?? []) {
    const issue = issueFromProblem(p);
    if (issue) issues.push(issue);
  }
  return { accounts: [...accounts.values()], posts, ownPosts, edges, issues, unresolvedMentions };
}

/** The tweets of a page's `data` (array, single object, or none). */
export function tweetsOf(page: V2Page): V2Tweet[] {
  const d = page.data;
  if (Array.isArray(d)) return d as V2Tweet[];
  if (d && typeof d === "object") return [d as V2Tweet];
  return [];
}
