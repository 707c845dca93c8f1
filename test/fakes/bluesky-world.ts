/**
 * The world the fake Bluesky AppView serves: the bundled real Congress
 * network (data/congress_twitter: 475 members of the 117th US Congress and
 * their 13 289 directed ties, Fink et al. 2023, see data/README.md) moved to
 * Bluesky: each member gets a DID (did:plc: + 24 base32 characters, derived
 * from their index) and a handle (<username>.bsky.social), a tie i → j
 * becomes "i follows j", and posts, replies, quotes, mentions and reposts
 * are drawn along the follows by a seeded generator. A few accounts are made
 * unavailable (deactivated, taken down, blocking), as on the real network.
 *
 * Plain data, no project code: the tests compute what a crawl must find
 * from this file alone.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

export interface BskyActor {
  index: number;
  did: string;
  handle: string;
  displayName: string;
  description: string;
  /** Listed and readable, but getFollows/getFollowers/getAuthorFeed answer 400 AccountDeactivated; getProfiles omits it. */
  deactivated?: boolean;
  /** Hidden everywhere; its own lists and feed answer 400 AccountTakedown. */
  takedown?: boolean;
  /** getAuthorFeed answers 400 BlockedByActor. */
  blocking?: boolean;
}

export interface BskyPost {
  uri: string;
  rkey: string;
  author: string;
  text: string;
  createdAt: string;
  /** AT URI of the post replied to. */
  replyTo?: string;
  /** AT URI of the post quoted; `withMedia`: as app.bsky.embed.recordWithMedia. */
  quoteOf?: string;
  withMedia?: boolean;
  /** DIDs mentioned (#mention facets), in order; may repeat or name the author. */
  mentions: string[];
  tags: string[];
  links: string[];
  /** app.bsky.embed.external link card. */
  external?: string;
}

export interface BskyRepost {
  uri: string;
  rkey: string;
  by: string;
  subject: string;
  createdAt: string;
}

export interface BskyWorld {
  actors: BskyActor[];
  /** [follower DID, followed DID]. */
  follows: [string, string][];
  posts: BskyPost[];
  reposts: BskyRepost[];
}

const B32 = "abcdefghijklmnopqrstuvwxyz234567";

/** RFC 4648 base32, lower case, no padding (the alphabet of did:plc and CIDv1). */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export const didOf = (index: number): string => `did:plc:${base32(createHash("sha256").update(`congress:${index}`).digest()).slice(0, 24)}`;

/** A record key (TID-like: 13 base32-sortable characters) for the n-th record. */
const tid = (n: number): string => `3l${n.toString(32).padStart(11, "y").replace(/0/g, "w").replace(/1/g, "x")}`;

/** mulberry32: the world's seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Special accounts by index: what each one is. */
export const SPECIAL = { deactivated: 4, takedown: 12, blocking: 3 } as const;

export function buildBlueskyWorld(): BskyWorld {
  const file = new URL("../../data/congress_twitter/congress_network_data_with_party.json", import.meta.url);
  const raw = JSON.parse(readFileSync(file, "utf8")) as [{ usernameList: string[]; outList: number[][]; partyList: string[] }];
  const { usernameList, outList, partyList } = raw[0];
  const actors: BskyActor[] = usernameList.map((name, i) => ({
    index: i,
    did: didOf(i),
    handle: `${name.toLowerCase().replace(/_/g, "-")}.bsky.social`,
    displayName: name,
    description: `Member of the 117th Congress (${partyList[i]})`,
  }));
  actors[SPECIAL.deactivated].deactivated = true;
  actors[SPECIAL.takedown].takedown = true;
  actors[SPECIAL.blocking].blocking = true;
  const follows: [string, string][] = [];
  outList.forEach((targets, i) => {
    for (const j of targets) follows.push([actors[i].did, actors[j].did]);
  });
  const following = outList.map((targets) => targets.map((j) => actors[j].did));

  const random = rng(12);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const posts: BskyPost[] = [];
  const reposts: BskyRepost[] = [];
  let n = 0;
  const time = (): string => new Date(Date.UTC(2026, 0, 1) + n * 37_000).toISOString();
  // Ten rounds: each account posts with some probability, along its follows.
  for (let round = 0; round < 10; round++) {
    for (const a of actors) {
      if (random() < 0.4 || a.deactivated || a.takedown) continue; // unavailable accounts' posts are not served
      n++;
      const rkey = tid(n);
      const post: BskyPost = { uri: `at://${a.did}/app.bsky.feed.post/${rkey}`, rkey, author: a.did, text: "", createdAt: time(), mentions: [], tags: [], links: [] };
      const followed = following[a.index];
      const followedSet = new Set(followed);
      const earlier: BskyPost[] = []; // the 20 latest posts of accounts it follows, oldest first
      for (let k = posts.length - 1; k >= 0 && earlier.length < 20; k--) if (followedSet.has(posts[k].author)) earlier.unshift(posts[k]);
      const r = random();
      if (r < 0.25 && earlier.length) post.replyTo = pick(earlier).uri;
      else if (r < 0.4 && earlier.length) {
        post.quoteOf = pick(earlier).uri;
        post.withMedia = random() < 0.4;
      } else if (r < 0.45 && posts.length) post.replyTo = pick(posts.filter((p) => p.author === a.did).concat(posts.slice(-3))).uri; // threads and replies to strangers
      if (followed.length && random() < 0.5) post.mentions.push(pick(followed.slice(0, 3))); // favourites: mentioned again and again
      if (followed.length && random() < 0.2) post.mentions.push(pick(followed));
      if (random() < 0.05) post.mentions.push(a.did); // a self-mention
      if (post.mentions.length && random() < 0.1) post.mentions.push(post.mentions[0]); // the same account twice
      if (random() < 0.3) post.tags.push(pick(["Infrastructure", "healthcare", "climate", "Ukraine", "jobs"]));
      if (random() < 0.15) post.links.push(pick(["https://www.congress.gov/", "https://www.house.gov/", "https://www.senate.gov/"]));
      if (random() < 0.1) post.external = "https://www.govtrack.us/";
      post.text = `Post ${n} by ${a.displayName}` + post.tags.map((t) => ` #${t}`).join("");
      posts.push(post);
      if (earlier.length && random() < 0.4) {
        n++;
        const subject = pick(earlier);
        const rk = tid(n);
        reposts.push({ uri: `at://${a.did}/app.bsky.feed.repost/${rk}`, rkey: rk, by: a.did, subject: subject.uri, createdAt: time() });
      }
    }
  }
  // A mention of an account the AppView does not know (its feed answers "Profile not found").
  posts[0].mentions.push("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
  return { actors, follows, posts, reposts };
}

export const BSKY_WORLD: BskyWorld = buildBlueskyWorld();

/** The login the fake PDS accepts. */
export const BSKY_IDENTIFIER = "researcher.bsky.social";
export const BSKY_APP_PASSWORD = "abcd-efgh-ijkl-mnop";
