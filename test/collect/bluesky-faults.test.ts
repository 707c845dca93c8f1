import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atlas } from "../fakes/cli.ts";
import { FakeBlueskyServer, type BskyFakeOptions, type BskyFault } from "../fakes/bluesky-server.ts";
import { BSKY_APP_PASSWORD, BSKY_IDENTIFIER, BSKY_WORLD } from "../fakes/bluesky-world.ts";
import { expectedBskyFollows } from "./bluesky-helpers.ts";
import { edgeSet, filesText, tempDir } from "./helpers.ts";

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
  fake = new FakeBlueskyServer(BSKY_WORLD, { pageSize: 5, login: { identifier: BSKY_IDENTIFIER, password: BSKY_APP_PASSWORD }, ...options });
  const url = await fake.start();
  return { BLUESKY_SERVICE_URL: url, BLUESKY_PDS_URL: url };
}

const A = BSKY_WORLD.actors;
const SEEDS = [A[10].handle, A[11].handle, A[13].handle];
const FOLLOWS = ["collect", "bluesky", "--niche", "f", "--seeds", SEEDS.join(","), "--retry-base", "10"];

describe("atlas collect bluesky against a rate-limited, failing server", () => {
  it("should wait for ratelimit-reset when ratelimit-remaining reaches 0, never drawing a 429", async () => {
    const env = await serve({ rateLimit: { limit: 8, windowMs: 1000 } });
    const r = await atlas([...FOLLOWS, "--db", db], env);
    expect(r.code).toBe(0);
    expect(edgeSet(db, "f")).toEqual(expectedBskyFollows(BSKY_WORLD, SEEDS, 1, "following"));
    expect(fake!.requests.length).toBeGreaterThan(8);
    expect(fake!.requests.filter((q) => q.status === 429)).toEqual([]);
    expect(r.err).toMatch(/rate limited on \/xrpc\/app\.bsky\.graph\.getFollows \(ratelimit-remaining 0, resets \d\d:\d\d:\d\dZ\)/);
  });

  it("should wait out a 429 until its reset, retry 5xx, unreadable bodies and timeouts, and still get the exact graph", async () => {
    const faults = new Map<number, BskyFault>([
      [3, { status: 429, resetInMs: 300 }],
      [5, { status: 500 }],
      [6, { status: 503 }],
      [9, { status: 502 }],
      [11, { malformed: true }],
      [13, { delayMs: 1500 }],
    ]);
    const env = await serve({ fault: (q) => faults.get(q.n) });
    const r = await atlas([...FOLLOWS, "--timeout", "400", "--db", db], env);
    expect(r.code).toBe(0);
    expect(edgeSet(db, "f")).toEqual(expectedBskyFollows(BSKY_WORLD, SEEDS, 1, "following"));
    expect(r.err).toMatch(/rate limited on .*429 RateLimitExceeded/);
    expect(r.err).toMatch(/retrying on .*InternalServerError/);
    expect(r.err).toMatch(/retrying on .*no response/);
    const c = new Database(db, { readonly: true });
    const statuses = c.prepare("SELECT status, count(*) AS n FROM pages WHERE status <> 200 GROUP BY status ORDER BY status").all();
    c.close();
    // The malformed body and the timeout are "no response" (status 0).
    expect(statuses).toEqual([{ status: 0, n: 2 }, { status: 429, n: 1 }, { status: 500, n: 1 }, { status: 502, n: 1 }, { status: 503, n: 1 }]);
    const s = await atlas(["status", "--db", db]);
    expect(s.out).toMatch(/requests: \d+ \(1 rate-limited, 5 failed\)/);
  });

  it("should give a task up after its attempts, exit 1, and retry it on the next run", async () => {
    let broken = true;
    const env = await serve({ fault: (q) => (broken && q.query.actor === BSKY_WORLD.actors[11].did ? { status: 500 } : undefined) });
    const first = await atlas([...FOLLOWS, "--max-attempts", "2", "--db", db], env);
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/1 task\(s\) failed after retries/);
    broken = false;
    const second = await atlas(["collect", "bluesky", "--niche", "f", "--db", db], env);
    expect(second.code).toBe(0);
    expect(edgeSet(db, "f")).toEqual(expectedBskyFollows(BSKY_WORLD, SEEDS, 1, "following"));
  });
});

describe("atlas collect bluesky with a login", () => {
  it("should search with the session, refresh the expired access token, and write neither password nor tokens anywhere", async () => {
    const env = await serve({ echo: true, accessTokenUses: 1 });
    const login = { ...env, BLUESKY_IDENTIFIER: BSKY_IDENTIFIER, BLUESKY_APP_PASSWORD: BSKY_APP_PASSWORD };
    const r = await atlas(["collect", "bluesky", "--niche", "q", "--seeds", A[0].handle, "--network", "interactions", "--query", "climate", "--db", db], login);
    expect(r.code).toBe(0);
    const hits = BSKY_WORLD.posts.filter((p) => p.text.toLowerCase().includes("climate")).map((p) => p.uri);
    expect(hits.length).toBeGreaterThan(20);
    const c = new Database(db, { readonly: true });
    const stored = new Set(c.prepare("SELECT post_id FROM niche_posts").pluck().all() as string[]);
    const echoed = c.prepare("SELECT count(*) FROM pages WHERE body LIKE '%authorization=Bearer ***%'").pluck().get() as number;
    c.close();
    for (const uri of hits) expect(stored.has(uri)).toBe(true);
    // Every search page after the first needed a refresh: several sessions were handed out.
    expect(fake!.issuedTokens.length).toBeGreaterThan(4);
    expect(fake!.requests.filter((q) => q.nsid === "com.atproto.server.refreshSession").length).toBeGreaterThan(1);
    expect(echoed).toBeGreaterThan(0);
    const written = filesText(tmp.dir) + r.out + r.err;
    for (const secret of [BSKY_APP_PASSWORD, ...fake!.issuedTokens]) expect(written.includes(secret)).toBe(false);
  });

  it("should stop on a refused login with one line naming the variables, without the password", async () => {
    const env = await serve({ echo: true });
    const bad = "wxyz-wxyz-wxyz-wxyz";
    const r = await atlas(["collect", "bluesky", "--niche", "q", "--seeds", A[0].handle, "--network", "interactions", "--query", "x", "--db", db], {
      ...env,
      BLUESKY_IDENTIFIER: BSKY_IDENTIFIER,
      BLUESKY_APP_PASSWORD: bad,
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^atlas: collect bluesky: \[POST\] \/xrpc\/com\.atproto\.server\.createSession: 401 .*BLUESKY_APP_PASSWORD/);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err + filesText(tmp.dir)).not.toContain(bad);
  });

  it("should refuse --query without a login (exit 2)", async () => {
    const env = await serve();
    const r = await atlas(["collect", "bluesky", "--niche", "q", "--seeds", A[0].handle, "--network", "interactions", "--query", "x", "--db", db], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs a login: set BLUESKY_IDENTIFIER and BLUESKY_APP_PASSWORD/);
  });
});
