/**
 * The parts of the Bluesky lexicons the collector reads, as plain JSON
 * (bluesky-social/atproto `lexicons/app/bsky/actor/defs.json`,
 * `feed/defs.json`, `feed/post.json`, `embed/record.json`,
 * `embed/recordWithMedia.json`, `embed/external.json`, `richtext/facet.json`).
 * Every field the wire may omit is optional.
 */

/** `app.bsky.actor.defs#profileView(Basic|Detailed)`. */
export interface ProfileView {
  did: string;
  handle: string;
  displayName?: string;
  description?: string;
  followersCount?: number;
  followsCount?: number;
  postsCount?: number;
  createdAt?: string;
  indexedAt?: string;
}

/** `com.atproto.repo.strongRef`. */
export interface StrongRef {
  uri: string;
  cid: string;
}

/** `app.bsky.richtext.facet`: a byte range of the text and what it is. */
export interface Facet {
  index?: { byteStart: number; byteEnd: number };
  features?: { $type?: string; did?: string; uri?: string; tag?: string }[];
}

/** The record of a post (`app.bsky.feed.post`), as the AppView and Jetstream give it. */
export interface PostRecordJson {
  $type?: string;
  text?: string;
  createdAt?: string;
  langs?: string[];
  facets?: Facet[];
  reply?: { root?: StrongRef; parent?: StrongRef };
  /** `app.bsky.embed.record` / `recordWithMedia` / `external` / `images` / `video`. */
  embed?: {
    $type?: string;
    record?: StrongRef | { record?: StrongRef };
    external?: { uri?: string; title?: string };
  };
}

/** `app.bsky.feed.defs#postView`. */
export interface PostView {
  uri: string;
  cid: string;
  author: ProfileView;
  record: PostRecordJson;
  indexedAt: string;
  replyCount?: number;
  repostCount?: number;
  likeCount?: number;
  quoteCount?: number;
}

/** `app.bsky.feed.defs#feedViewPost`. */
export interface FeedViewPost {
  post: PostView;
  reply?: { root?: { uri?: string; author?: ProfileView }; parent?: { uri?: string; author?: ProfileView } };
  /** `#reasonRepost` (by, uri, cid, indexedAt) or `#reasonPin`. */
  reason?: { $type?: string; by?: ProfileView; uri?: string; indexedAt?: string };
}

/** Output of `app.bsky.graph.getFollows` / `getFollowers`. */
export interface FollowsPage {
  subject?: ProfileView;
  follows?: ProfileView[];
  followers?: ProfileView[];
  cursor?: string;
}

/** Output of `app.bsky.feed.getAuthorFeed` (`feed`) and `app.bsky.feed.searchPosts` (`posts`). */
export interface FeedPage {
  feed?: FeedViewPost[];
  posts?: PostView[];
  cursor?: string;
}

/** Output of `app.bsky.actor.getProfiles`. */
export interface ProfilesPage {
  profiles?: ProfileView[];
}
