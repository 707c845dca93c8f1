/**
 * The event log the fake Jetstream serves: the fake Bluesky world's posts,
 * reposts and follows of some accounts as commit events (the records as the
 * fake AppView builds them), plus likes, deletes (posts, unfollows, undone
 * reposts and likes, and an unfollow of a follow made before the log), an
 * edit, an identity (handle) and an account (deactivation) event, events of
 * other accounts and other collections (the server filters them), in
 * time_us order. Each commit also carries, beside the wire JSON, the edges
 * it means, worked out from the world's fields (not from the record), so a
 * test can replay the log by hand.
 */
import { BSKY_WORLD, type BskyPost } from "./bluesky-world.ts";
import { FakeBlueskyServer } from "./bluesky-server.ts";

export interface LoggedEvent {
  /** The event as Jetstream sends it. */
  json: Record<string, unknown>;
  did: string;
  collection: string | null;
  rkey: string | null;
  op: "create" | "update" | "delete" | "identity" | "account";
  time_us: number;
  /** [source, target, kind] the record gives (creates and updates). */
  edges: [string, string, string][];
}

const T0 = Date.UTC(2026, 1, 1) * 1000;
const didOfUri = (uri: string): string => uri.slice(5, uri.indexOf("/", 5));

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

function postEdges(p: BskyPost): [string, string, string][] {
  const out: [string, string, string][] = [];
  if (p.replyTo && didOfUri(p.replyTo) !== p.author) out.push([p.author, didOfUri(p.replyTo), "replies"]);
  if (p.quoteOf && didOfUri(p.quoteOf) !== p.author) out.push([p.author, didOfUri(p.quoteOf), "quotes"]);
  for (const m of new Set(p.mentions)) if (m !== p.author) out.push([p.author, m, "mentions"]);
  return out;
}

/** The DIDs a listening niche follows in the tests: the first 30 accounts. */
export const LISTENED = BSKY_WORLD.actors.slice(0, 30).map((a) => a.did);

export function buildJetstreamLog(): LoggedEvent[] {
  const appview = new FakeBlueskyServer(BSKY_WORLD);
  const random = rng(7);
  const log: LoggedEvent[] = [];
  let t = T0;
  const tick = (): number => (t += 1000 + Math.floor(random() * 5000));
  const commit = (did: string, collection: string, rkey: string, op: "create" | "update" | "delete", record: Record<string, unknown> | undefined, edges: [string, string, string][]): void => {
    const time_us = tick();
    const c: Record<string, unknown> = { rev: `3m${time_us.toString(32)}`, operation: op, collection, rkey };
    if (record) (c.record = record), (c.cid = `bafyrei${time_us.toString(32).padStart(52, "a")}`);
    log.push({ json: { did, time_us, kind: "commit", commit: c }, did, collection, rkey, op, time_us, edges });
  };
  const listened = new Set(LISTENED);
  const others = BSKY_WORLD.actors.slice(30, 40).map((a) => a.did);
  const authors = new Set([...LISTENED, ...others]);
  const posts = BSKY_WORLD.posts.filter((p) => authors.has(p.author));
  const reposts = BSKY_WORLD.reposts.filter((r) => authors.has(r.by));
  const follows = BSKY_WORLD.follows.filter(([a]) => listened.has(a) || others.includes(a));
  const live: LoggedEvent[] = [];
  // An unfollow of a follow made before the log: no one can tell whom it was of.
  commit(LISTENED[0], "app.bsky.graph.follow", "3kbeforelog22", "delete", undefined, []);
  let k = 0;
  for (let round = 0; round < Math.max(posts.length, follows.length); round++) {
    const p = posts[round];
    if (p) {
      commit(p.author, "app.bsky.feed.post", p.rkey, "create", appview.record(p), postEdges(p));
      live.push(log[log.length - 1]);
    }
    const f = follows[round];
    if (f) {
      commit(f[0], "app.bsky.graph.follow", `3lf${(k++).toString(32).padStart(10, "a")}`, "create", { $type: "app.bsky.graph.follow", subject: f[1], createdAt: new Date(t / 1000).toISOString() }, f[0] === f[1] ? [] : [[f[0], f[1], "follows"]]);
      live.push(log[log.length - 1]);
    }
    const r = reposts[round];
    if (r) {
      commit(r.by, "app.bsky.feed.repost", r.rkey, "create", { $type: "app.bsky.feed.repost", subject: { uri: r.subject, cid: "bafyreisubject" }, createdAt: r.createdAt }, didOfUri(r.subject) === r.by ? [] : [[r.by, didOfUri(r.subject), "reposts"]]);
      live.push(log[log.length - 1]);
    }
    if (round % 3 === 0) {
      const by = LISTENED[Math.floor(random() * LISTENED.length)];
      const liked = BSKY_WORLD.posts[Math.floor(random() * BSKY_WORLD.posts.length)];
      commit(by, "app.bsky.feed.like", `3ll${(k++).toString(32).padStart(10, "a")}`, "create", { $type: "app.bsky.feed.like", subject: { uri: liked.uri, cid: "bafyreiliked" }, createdAt: new Date(t / 1000).toISOString() }, liked.author === by ? [] : [[by, liked.author, "likes"]]);
      live.push(log[log.length - 1]);
    }
    if (round % 7 === 0) {
      // Another collection (the server filters it out).
      commit(LISTENED[round % 30], "app.bsky.actor.profile", "self", "update", { $type: "app.bsky.actor.profile", displayName: "x" }, []);
    }
    if (round % 5 === 4 && live.length > 10) {
      // Delete something made earlier: a post, a follow, a repost or a like.
      const victim = live.splice(Math.floor(random() * (live.length - 5)), 1)[0];
      commit(victim.did, victim.collection!, victim.rkey!, "delete", undefined, []);
    }
  }
  // An edit: a post of the first account now mentions someone else.
  const edited = posts.find((p) => p.author === LISTENED[1] && log.some((e) => e.rkey === p.rkey && e.op === "create") && !log.some((e) => e.rkey === p.rkey && e.op === "delete"));
  if (edited) {
    const changed: BskyPost = { ...edited, mentions: [LISTENED[2]] };
    commit(edited.author, "app.bsky.feed.post", edited.rkey, "update", appview.record(changed), postEdges(changed));
  }
  const id = tick();
  log.push({ json: { did: LISTENED[5], time_us: id, kind: "identity", identity: { did: LISTENED[5], handle: "renamed.bsky.social", seq: 1, time: new Date(id / 1000).toISOString() } }, did: LISTENED[5], collection: null, rkey: null, op: "identity", time_us: id, edges: [] });
  const ac = tick();
  log.push({ json: { did: LISTENED[6], time_us: ac, kind: "account", account: { active: false, did: LISTENED[6], seq: 2, status: "deactivated", time: new Date(ac / 1000).toISOString() } }, did: LISTENED[6], collection: null, rkey: null, op: "account", time_us: ac, edges: [] });
  return log;
}

/**
 * The edges a listener subscribed to `dids` must end with, replayed by hand:
 * the live records (create, update replaces, delete removes) of the wanted
 * collections; evidenced kinds weigh their live records, follows are 1.
 */
export function expectedListenEdges(log: readonly LoggedEvent[], dids: ReadonlySet<string>): string[] {
  const wanted = new Set(["app.bsky.feed.post", "app.bsky.feed.repost", "app.bsky.feed.like", "app.bsky.graph.follow"]);
  const records = new Map<string, [string, string, string][]>();
  for (const e of log) {
    if (!dids.has(e.did) || e.collection === null || !wanted.has(e.collection)) continue;
    const key = `${e.did}/${e.collection}/${e.rkey}`;
    if (e.op === "delete") records.delete(key);
    else records.set(key, e.edges);
  }
  const weights = new Map<string, number>();
  for (const edges of records.values()) {
    for (const [s, t, kind] of edges) {
      const k = `${s}>${t}:${kind}`;
      weights.set(k, kind === "follows" ? 1 : (weights.get(k) ?? 0) + 1);
    }
  }
  return [...weights].map(([k, w]) => `${k}*${w}`).sort();
}
