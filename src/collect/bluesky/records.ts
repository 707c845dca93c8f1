/**
 * Bluesky records → store records. One rule set for the AppView's views
 * (author feeds, search) and for raw records (Jetstream, imports): a post's
 * edges come from its record alone (reply parent, quoted record, mention
 * facets), its targets from the DIDs in the AT URIs, so the same post gives
 * the same edges whichever way it arrives. Evidence items are AT URIs.
 */
import type { AccountRecord, EdgeWrite, PostRecord } from "../../store/types.ts";
import type { FeedViewPost, PostRecordJson, ProfileView } from "./types.ts";

/** The edge kinds a Bluesky niche has (`follows` plus the interactions). */
export const BLUESKY_EDGE_KINDS = ["follows", "replies", "quotes", "mentions", "reposts", "likes"] as const;

export const POST_COLLECTION = "app.bsky.feed.post";

/** `at://did/collection/rkey` → its parts, or null. */
export function parseAtUri(uri: string | undefined): { did: string; collection: string; rkey: string } | null {
  const m = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/([a-zA-Z0-9.-]+)\/([A-Za-z0-9._~:-]+)$/.exec(uri ?? "");
  return m ? { did: m[1], collection: m[2], rkey: m[3] } : null;
}

export function atUri(did: string, collection: string, rkey: string): string {
  return `at://${did}/${collection}/${rkey}`;
}

export function accountFromProfile(p: ProfileView): AccountRecord {
  return {
    id: p.did,
    handle: p.handle && p.handle !== "handle.invalid" ? p.handle : null,
    name: p.displayName?.trim() || null,
    description: p.description ?? null,
    followers: p.followersCount ?? null,
    following: p.followsCount ?? null,
    posts: p.postsCount ?? null,
    extra: p.createdAt ? { createdAt: p.createdAt } : null,
  };
}

/** The post a record embeds (quotes), when it is a post: `app.bsky.embed.record` or `recordWithMedia`. */
export function quotedUri(record: PostRecordJson): string | undefined {
  const e = record.embed;
  if (!e) return undefined;
  let uri: string | undefined;
  if (e.$type === "app.bsky.embed.record") uri = (e.record as { uri?: string } | undefined)?.uri;
  else if (e.$type === "app.bsky.embed.recordWithMedia") uri = (e.record as { record?: { uri?: string } } | undefined)?.record?.uri;
  return parseAtUri(uri)?.collection === POST_COLLECTION ? uri : undefined;
}

/** A post record's store row and edges (item = the post's AT URI; self-interactions make none). */
export function recordsFromPost(uri: string, author: string, record: PostRecordJson): { post: PostRecord; edges: EdgeWrite[] } {
  const hashtags: string[] = [];
  const urls: string[] = [];
  const mentions: string[] = [];
  for (const facet of Array.isArray(record.facets) ? record.facets : []) {
    for (const f of Array.isArray(facet?.features) ? facet.features : []) {
      if (f?.$type === "app.bsky.richtext.facet#mention" && typeof f.did === "string") {
        if (!mentions.includes(f.did)) mentions.push(f.did);
      } else if (f?.$type === "app.bsky.richtext.facet#tag" && typeof f.tag === "string") hashtags.push(f.tag);
      else if (f?.$type === "app.bsky.richtext.facet#link" && typeof f.uri === "string") urls.push(f.uri);
    }
  }
  const external = record.embed?.$type === "app.bsky.embed.external" ? record.embed.external?.uri : undefined;
  if (typeof external === "string" && !urls.includes(external)) urls.push(external);
  const at = typeof record.createdAt === "string" ? record.createdAt : null;
  const edges: EdgeWrite[] = [];
  const referenced: PostRecord["referenced"] = [];
  const edge = (target: string | undefined, kind: string): void => {
    if (target && target !== author) edges.push({ source: author, target, kind, item: uri, at });
  };
  const parent = record.reply?.parent?.uri;
  const parentDid = parseAtUri(parent)?.did;
  if (parent) referenced.push({ type: "replied_to", id: parent, authorId: parentDid ?? null });
  edge(parentDid, "replies");
  const quoted = quotedUri(record);
  const quotedDid = parseAtUri(quoted)?.did;
  if (quoted) referenced.push({ type: "quoted", id: quoted, authorId: quotedDid ?? null });
  edge(quotedDid, "quotes");
  for (const did of mentions) edge(did, "mentions");
  return {
    post: {
      id: uri,
      authorId: author,
      createdAt: at,
      text: typeof record.text === "string" ? record.text : null,
      hashtags,
      urls,
      mentions: mentions.map((id) => ({ id, handle: null })),
      referenced,
      extra: Array.isArray(record.langs) ? { langs: record.langs } : null,
    },
    edges,
  };
}

/** A repost's edge: the reposter → the reposted post's author (item = the repost record's URI). */
export function repostEdge(repostUri: string, by: string, subjectUri: string, at: string | null): EdgeWrite | null {
  const target = parseAtUri(subjectUri)?.did;
  return target && target !== by ? { source: by, target, kind: "reposts", item: repostUri, at } : null;
}

export interface FeedRecords {
  accounts: AccountRecord[];
  posts: PostRecord[];
  /** The account's own posts (niche posts). */
  ownPosts: string[];
  edges: EdgeWrite[];
  /** Creation time of each item kept (for `--since`). */
  times: (string | null)[];
}

/**
 * A page of feed items (author feed or search). `by`: the feed's account, whose
 * reposts count (search results have none). Items before `since` are dropped.
 */
export function recordsFromFeed(items: readonly FeedViewPost[], by: string | null, since?: number): FeedRecords {
  const out: FeedRecords = { accounts: [], posts: [], ownPosts: [], edges: [], times: [] };
  const seen = new Set<string>();
  const account = (p: ProfileView | undefined): void => {
    if (p?.did && !seen.has(p.did)) seen.add(p.did), out.accounts.push(accountFromProfile(p));
  };
  for (const item of items) {
    const post = item?.post;
    if (!post || typeof post.uri !== "string" || !post.author?.did) continue;
    const repost = item.reason?.$type === "app.bsky.feed.defs#reasonRepost" ? item.reason : undefined;
    const at = repost ? (repost.indexedAt ?? null) : (post.record?.createdAt ?? post.indexedAt ?? null);
    out.times.push(at);
    if (since !== undefined && at !== null && Date.parse(at) < since) continue;
    account(post.author);
    account(item.reply?.parent?.author);
    const { post: row, edges } = recordsFromPost(post.uri, post.author.did, post.record ?? {});
    out.posts.push(row);
    if (repost) {
      const reposter = repost.by?.did ?? by;
      account(repost.by);
      if (reposter) {
        const e = repostEdge(repost.uri ?? `${post.uri}#repost:${reposter}`, reposter, post.uri, at);
        if (e) out.edges.push(e);
      }
    } else if (by === null || post.author.did === by) {
      out.ownPosts.push(post.uri);
      out.edges.push(...edges);
    }
  }
  return out;
}
