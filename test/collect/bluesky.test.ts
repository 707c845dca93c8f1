import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atlas } from "../fakes/cli.ts";
import { FakeBlueskyServer, type BskyFakeOptions } from "../fakes/bluesky-server.ts";
import { BSKY_WORLD, SPECIAL } from "../fakes/bluesky-world.ts";
import { expectedBskyFollows, expectedBskyInteractions } from "./bluesky-helpers.ts";
import { edgeSet, tempDir } from "./helpers.ts";

let tmp: ReturnType<typeof tempDir>;
let db: string;
let fake: FakeBlueskyServer | null = null;

beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
});
afterEach(async () => {
  await fake?.close();
  fake = null;
  tmp.cleanup();
});

async function serve(options: BskyFakeOptions = {}): Promise<Record<string, string>> {
  fake = new FakeBlueskyServer(BSKY_WORLD, { pageSize: 25, ...options });
  return { BLUESKY_SERVICE_URL: await fake.start() };
}

const A = BSKY_WORLD.actors;
/** Two senators, a handle nobody has, the deactivated account by handle, and one by DID. */
const SEEDS = [A[0].handle, A[1].handle, "nobody.bsky.social", A[SPECIAL.deactivated].handle, A[2].did];

function rows(sql: string, ...args: unknown[]): unknown[] {
  const c = new Database(db, { readonly: true });
  try {
    return c.prepare(sql).all(...args);
  } finally {
    c.close();
  }
}

describe("atlas collect bluesky (follows)", () => {
  it("should crawl exactly the fake world's reachable follow edges, breadth-first to the depth", async () => {
    const env = await serve();
    const r = await atlas(["collect", "bluesky", "--niche", "f", "--seeds", SEEDS.join(","), "--depth", "2", "--db", db], env);
    expect(r.code).toBe(0);
    const expected = expectedBskyFollows(BSKY_WORLD, SEEDS, 2, "following");
    expect(expected.length).toBeGreaterThan(1000);
    expect(edgeSet(db, "f")).toEqual(expected);
    // Node keys are DIDs (bsky:<did> in graphs), never handles.
    expect(rows("SELECT DISTINCT source FROM edges WHERE source NOT LIKE 'did:plc:%'")).toEqual([]);
    // Every request is a page of the lexicon's size or the fake's cap; each 200 page stored once.
    const pages = rows("SELECT endpoint, params FROM pages WHERE status = 200") as { endpoint: string; params: string }[];
    expect(new Set(pages.map((p) => p.endpoint + p.params)).size).toBe(pages.length);
    expect(pages.length).toBe(fake!.requests.filter((q) => q.status === 200).length);
  });

  it("should crawl followers and both directions", async () => {
    const env = await serve();
    expect((await atlas(["collect", "bluesky", "--niche", "in", "--seeds", A[6].handle, "--direction", "followers", "--depth", "2", "--db", db], env)).code).toBe(0);
    expect(edgeSet(db, "in")).toEqual(expectedBskyFollows(BSKY_WORLD, [A[6].handle], 2, "followers"));
    expect((await atlas(["collect", "bluesky", "--niche", "both", "--seeds", `@${A[5].handle}`, "--direction", "both", "--db", db], env)).code).toBe(0);
    expect(edgeSet(db, "both")).toEqual(expectedBskyFollows(BSKY_WORLD, [A[5].handle], 1, "both"));
  });

  it("should record unknown, deactivated and taken-down accounts, skip them, and list them in atlas status", async () => {
    const env = await serve();
    const r = await atlas(["collect", "bluesky", "--niche", "f", "--seeds", SEEDS.join(","), "--depth", "2", "--db", db], env);
    expect(r.err).toMatch(/skipped @nobody\.bsky\.social: unknown/);
    expect(r.err).toMatch(new RegExp(`skipped @${A[SPECIAL.deactivated].handle.replace(/\./g, "\\.")}: unknown`));
    const issues = rows("SELECT ref, reason FROM account_issues ORDER BY ref") as { ref: string; reason: string }[];
    // The deactivated account, reached through follows, answers 400 AccountDeactivated: recorded and skipped.
    expect(issues).toContainEqual({ ref: A[SPECIAL.deactivated].did, reason: "deactivated" });
    expect(issues).toContainEqual({ ref: "@nobody.bsky.social", reason: "unknown" });
    // ... and it stays a node where others follow it.
    const followsOfDeactivated = BSKY_WORLD.follows.filter(([, b]) => b === A[SPECIAL.deactivated].did).length;
    expect(followsOfDeactivated).toBeGreaterThan(0);
    expect(edgeSet(db, "f").some((e) => e.includes(`>${A[SPECIAL.deactivated].did}:follows`))).toBe(true);
    // No list of it was served, and the taken-down account never appears.
    expect(fake!.requests.filter((q) => q.query.actor === A[SPECIAL.deactivated].did && q.status === 200)).toEqual([]);
    expect(edgeSet(db, "f").some((e) => e.includes(A[SPECIAL.takedown].did))).toBe(false);
    const s = await atlas(["status", "--db", db]);
    expect(s.out).toMatch(/f \(bluesky, complete/);
    expect(s.out).toMatch(new RegExp(`skipped accounts: .*${A[SPECIAL.deactivated].did} \\(deactivated\\)`));
    expect(s.out).toMatch(new RegExp(`seeds: .*${A[2].did}`));
  });
});

describe("atlas collect bluesky (re-runs)", () => {
  it("should add the feeds when a follows niche is re-run with --network interactions, fetching no list again", async () => {
    const env = await serve();
    const seeds = [A[30].handle, A[31].handle];
    expect((await atlas(["collect", "bluesky", "--niche", "r", "--seeds", seeds.join(","), "--db", db], env)).code).toBe(0);
    const lists = fake!.requests.filter((q) => q.nsid === "app.bsky.graph.getFollows").length;
    expect((await atlas(["collect", "bluesky", "--niche", "r", "--network", "interactions", "--db", db], env)).code).toBe(0);
    expect(fake!.requests.filter((q) => q.nsid === "app.bsky.graph.getFollows").length).toBe(lists);
    const expected = [...expectedBskyFollows(BSKY_WORLD, seeds, 1, "following"), ...expectedBskyInteractions(BSKY_WORLD, seeds, 1)].sort();
    expect(edgeSet(db, "r")).toEqual(expected);
  });
});

describe("atlas collect bluesky (interactions)", () => {
  it("should collect exactly the replies, quotes, mentions and reposts of the fake posts, to depth 2", async () => {
    const env = await serve();
    const seeds = [A[0].handle, A[SPECIAL.blocking].handle, A[20].handle];
    const r = await atlas(["collect", "bluesky", "--niche", "i", "--seeds", seeds.join(","), "--network", "interactions", "--depth", "2", "--db", db], env);
    expect(r.code).toBe(0);
    const expected = expectedBskyInteractions(BSKY_WORLD, seeds, 2);
    for (const kind of ["replies", "quotes", "mentions", "reposts"]) expect(expected.some((e) => e.includes(`:${kind}*`))).toBe(true);
    expect(expected.some((e) => !e.endsWith("*1"))).toBe(true);
    expect(edgeSet(db, "i")).toEqual(expected);
    // The blocking account's feed was refused (BlockedByActor) and recorded.
    expect(rows("SELECT reason FROM account_issues WHERE ref = ?", A[SPECIAL.blocking].did)).toEqual([{ reason: "blocked" }]);
    // A mentioned DID the AppView does not know: "Profile not found" → unknown.
    const ghost = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
    if (expected.some((e) => e.includes(ghost))) expect(rows("SELECT reason FROM account_issues WHERE ref = ?", ghost)).toEqual([{ reason: "unknown" }]);
  });

  it("should keep only posts and reposts since --since, and stop paging a feed past it", async () => {
    const env = await serve({ pageSize: 3 });
    const since = BSKY_WORLD.posts[Math.floor(BSKY_WORLD.posts.length * 0.5)].createdAt;
    const seeds = [A[30].handle, A[9].handle, A[0].handle];
    const r = await atlas(["collect", "bluesky", "--niche", "s", "--seeds", seeds.join(","), "--network", "interactions", "--since", since, "--db", db], env);
    expect(r.code).toBe(0);
    const expected = expectedBskyInteractions(BSKY_WORLD, seeds, 1, since);
    const posts = (edges: string[]): number => edges.reduce((n, e) => n + Number(e.split("*")[1]), 0);
    expect(posts(expected)).toBeLessThan(posts(expectedBskyInteractions(BSKY_WORLD, seeds, 1)));
    expect(edgeSet(db, "s")).toEqual(expected);
    // Feeds are newest first: the last page fetched of each holds the first item before --since.
    const feeds = fake!.requests.filter((q) => q.nsid === "app.bsky.feed.getAuthorFeed");
    const full = seeds.map((h) => BSKY_WORLD.posts.filter((p) => p.author === A.find((a) => a.handle === h)!.did).length + BSKY_WORLD.reposts.filter((x) => x.by === A.find((a) => a.handle === h)!.did).length);
    expect(feeds.length).toBeLessThan(full.reduce((a, n) => a + Math.ceil(n / 3), 0));
  });

  it("should store the hashtags and links of posts for the top items", async () => {
    const env = await serve();
    expect((await atlas(["collect", "bluesky", "--niche", "t", "--seeds", A[0].handle, "--network", "interactions", "--db", db], env)).code).toBe(0);
    const own = BSKY_WORLD.posts.filter((p) => p.author === A[0].did);
    const stored = rows("SELECT p.id, p.hashtags, p.urls FROM niche_posts np JOIN posts p ON p.id = np.post_id ORDER BY p.id") as { id: string; hashtags: string; urls: string }[];
    expect(stored.map((s) => s.id)).toEqual(own.map((p) => p.uri).sort());
    for (const p of own) {
      const s = stored.find((x) => x.id === p.uri)!;
      expect(JSON.parse(s.hashtags)).toEqual(p.tags);
      expect(JSON.parse(s.urls)).toEqual([...p.links, ...(p.external && !p.links.includes(p.external) ? [p.external] : [])]);
    }
  });
});
