import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTwitterTransport } from "../../src/collect/twitter/client.ts";
import { crawlTwitter } from "../../src/collect/twitter/crawl.ts";
import { CRAWL_DEFAULTS, initialTasks } from "../../src/collect/twitter/plan.ts";
import { addTasks, openStore, upsertNiche } from "../../src/store/index.ts";
import { atlas } from "../fakes/cli.ts";
import { FakeTwitterServer, type FakeOptions, type FakeRequest } from "../fakes/twitter-server.ts";
import { TOKEN, WORLD } from "../fakes/world.ts";
import { edgeSet, expectedFollows, filesText, tempDir } from "./helpers.ts";

let tmp: ReturnType<typeof tempDir>;
let db: string;
let fake: FakeTwitterServer | null = null;

beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
});
afterEach(async () => {
  await fake?.close();
  fake = null;
  tmp.cleanup();
});

async function serve(options: Partial<FakeOptions> = {}): Promise<Record<string, string>> {
  fake = new FakeTwitterServer(WORLD, { token: TOKEN, pageSize: 2, ...options });
  const url = await fake.start();
  return { TWITTER_BEARER_TOKEN: TOKEN, TWITTER_API_BASE_URL: url };
}

const FOLLOWS = ["collect", "twitter", "--niche", "f", "--seeds", "@alice,@bob,@nosuch,@grace", "--depth", "2"];

/** Interactions of @alice and @bob's niche, worked out by hand from test/fakes/world.ts (see its tweets 1–12). */
const EXPECTED_INTERACTIONS = [
  "101>102:replies*1", // 7: alice replies to bob (mention of bob is the reply itself)
  "102>101:mentions*1", // 2
  "103>101:retweets*1", // 3 (a retweet's "RT @alice" makes no mention edge)
  "104>101:replies*1", // 4
  "104>102:mentions*1", // 4
  "108>102:mentions*1", // 6
  "108>103:mentions*1", // 6
  "109>102:retweets*1", // 8
  "110>101:mentions*1", // 9 (@ghost does not exist: unresolved)
  "111>101:mentions*1", // 11 (@alice twice in one tweet counts once)
].sort();

describe("atlas collect twitter (follows)", () => {
  it("should crawl exactly the fake server's graph, breadth-first to the depth", async () => {
    const env = await serve();
    const r = await atlas([...FOLLOWS, "--db", db], env);
    expect(r.code).toBe(0);
    expect(edgeSet(db, "f")).toEqual(expectedFollows(WORLD, ["alice", "bob", "nosuch", "grace"], 2, "following"));
    expect(edgeSet(db, "f")).toHaveLength(16);
    expect(r.out).toMatch(/niche f: 11 accounts, 16 edges \(follows 16\)/);
  });

  it("should crawl followers and both directions", async () => {
    const env = await serve();
    expect((await atlas(["collect", "twitter", "--niche", "in", "--seeds", "alice", "--direction", "followers", "--depth", "2", "--db", db], env)).code).toBe(0);
    expect(edgeSet(db, "in")).toEqual(expectedFollows(WORLD, ["alice"], 2, "followers"));
    expect((await atlas(["collect", "twitter", "--niche", "both", "--seeds", "carol", "--direction", "both", "--db", db], env)).code).toBe(0);
    expect(edgeSet(db, "both")).toEqual(expectedFollows(WORLD, ["carol"], 1, "both"));
  });

  it("should record unknown, suspended and protected accounts and skip them", async () => {
    const env = await serve();
    const r = await atlas([...FOLLOWS, "--db", db], env);
    expect(r.err).toMatch(/skipped @nosuch: unknown/);
    expect(r.err).toMatch(/skipped @grace: suspended/);
    expect(r.err).toMatch(/skipped 106: protected/);
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare("SELECT ref, reason FROM account_issues ORDER BY ref").all()).toEqual([
      { ref: "106", reason: "protected" },
      { ref: "@grace", reason: "suspended" },
      { ref: "@nosuch", reason: "unknown" },
    ]);
    conn.close();
    // No request was made for the protected account's list.
    expect(fake!.requests.some((q) => q.path.startsWith("/2/users/106/"))).toBe(false);
  });

  it("should skip an account the API cannot find (200 with errors) when it is reached by id", async () => {
    const env = await serve();
    const conn = openStore(db);
    const n = upsertNiche(conn, "x", "twitter", [], { ...CRAWL_DEFAULTS }, "2026-01-01T00:00:00Z");
    addTasks(conn, n.id, [{ kind: "following", accountId: "999" }], "2026-01-01T00:00:00Z");
    conn.close();
    const r = await atlas(["collect", "twitter", "--niche", "x", "--db", db], env);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/skipped 999: unknown \(Not Found Error: Could not find user with id: \[999\]\.\)/);
  });

  it("should cap accounts in total and follows per account", async () => {
    const env = await serve();
    expect((await atlas([...FOLLOWS, "--max-accounts", "3", "--max-per-account", "2", "--db", db], env)).code).toBe(0);
    // Seeds alice, bob get tasks, then the first account reached (bob is a seed): carol. Two follows each.
    expect(edgeSet(db, "f")).toEqual(["101>102:follows*1", "101>103:follows*1", "102>101:follows*1", "102>103:follows*1", "103>101:follows*1", "103>109:follows*1"]);
  });

  it("should do nothing more when run again after completing", async () => {
    const env = await serve();
    await atlas([...FOLLOWS, "--db", db], env);
    const before = fake!.requests.length;
    const r = await atlas(["collect", "twitter", "--niche", "f", "--db", db], env);
    expect(r.code).toBe(0);
    expect(fake!.requests.length).toBe(before);
    expect(r.out).toMatch(/this run: 0 requests/);
  });
});

describe("atlas collect twitter (interactions)", () => {
  it("should collect the seeds' search, timelines and mentions as weighted interaction edges", async () => {
    const env = await serve();
    const r = await atlas(["collect", "twitter", "--niche", "i", "--seeds", "@alice,@bob", "--network", "interactions", "--db", db], env);
    expect(r.code).toBe(0);
    expect(edgeSet(db, "i")).toEqual(EXPECTED_INTERACTIONS);
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare("SELECT count(*) FROM niche_posts").pluck().get()).toBe(10); // tweets 1-4, 6-11
    conn.close();
  });

  it("should resolve mentions without an id through includes.users", async () => {
    const env = await serve({ mentionsWithoutId: true });
    await atlas(["collect", "twitter", "--niche", "i", "--seeds", "@alice,@bob", "--network", "interactions", "--db", db], env);
    expect(edgeSet(db, "i")).toEqual(EXPECTED_INTERACTIONS);
  });

  it("should collect follows and interactions together with --network both", async () => {
    const env = await serve();
    await atlas(["collect", "twitter", "--niche", "b", "--seeds", "@alice,@bob", "--network", "both", "--db", db], env);
    const follows = expectedFollows(WORLD, ["alice", "bob"], 1, "following");
    expect(edgeSet(db, "b")).toEqual([...follows, ...EXPECTED_INTERACTIONS].sort());
  });

  it("should add the seeds' interactions when a follows niche is re-run with --network both", async () => {
    const env = await serve();
    await atlas(["collect", "twitter", "--niche", "b", "--seeds", "@alice,@bob,@frank", "--db", db], env);
    const r = await atlas(["collect", "twitter", "--niche", "b", "--network", "both", "--db", db], env);
    expect(r.code).toBe(0);
    const follows = expectedFollows(WORLD, ["alice", "bob", "frank"], 1, "following");
    expect(edgeSet(db, "b")).toEqual([...follows, ...EXPECTED_INTERACTIONS].sort());
    // frank is protected: never asked for; the seeds were looked up once; the search covers all three.
    expect(fake!.requests.some((q) => q.path.startsWith("/2/users/106/"))).toBe(false);
    expect(fake!.requests.filter((q) => q.path === "/2/users/by")).toHaveLength(1);
    expect(fake!.requests.find((q) => q.path === "/2/tweets/search/recent")?.query.query).toBe(
      "(from:alice OR @alice OR from:bob OR @bob OR from:frank OR @frank)",
    );
  });

  it("should pass --since as start_time and keep only newer tweets", async () => {
    const env = await serve();
    await atlas(["collect", "twitter", "--niche", "s", "--query", "#climate OR #energy", "--network", "interactions", "--since", "2026-11-20T12:06:00Z", "--db", db], env);
    expect(fake!.requests.find((q) => q.path === "/2/tweets/search/recent")?.query.start_time).toBe("2026-11-20T12:06:00.000Z");
    // Tweets 6 (108 → bob, carol), 7 (alice replies to bob), 12 (no interaction) match and are recent enough.
    expect(edgeSet(db, "s")).toEqual(["101>102:replies*1", "108>102:mentions*1", "108>103:mentions*1"]);
  });
});

describe("atlas collect twitter (rate limits and faults)", () => {
  it("should wait out a 429 until its reset, then retry once", async () => {
    const resetInMs = 1000;
    const env = await serve({ fault: (q) => (q.n === 3 ? { status: 429, resetInMs } : undefined) });
    const r = await atlas([...FOLLOWS, "--db", db], env);
    expect(r.code).toBe(0);
    const reqs = fake!.requests;
    expect(reqs.filter((q) => q.status === 429)).toHaveLength(1);
    expect(reqs.length).toBe(11 + 1);
    const limited = reqs[2];
    const reset = Number(Math.ceil((limited.at + resetInMs) / 1000)) * 1000;
    expect(reqs[3].at).toBeGreaterThanOrEqual(reset);
    expect(reqs[3].key).toBe(limited.key);
    expect(r.err).toMatch(/rate limited on \/2\/users\/101\/following \(429 Too Many Requests, resets \d\d:\d\d:\d\dZ\): waiting \d+\.\d s/);
    expect(edgeSet(db, "f")).toHaveLength(16);
  });

  it("should pause when x-rate-limit-remaining reaches 0 instead of hammering into 429s", async () => {
    await serve({ rateLimit: { limit: 4, windowMs: 1000 } });
    const conn = openStore(db);
    const params = { ...CRAWL_DEFAULTS, depth: 2 };
    const n = upsertNiche(conn, "f", "twitter", ["alice", "bob"], { ...params }, "2026-01-01T00:00:00Z");
    addTasks(conn, n.id, initialTasks(["alice", "bob"], params), "2026-01-01T00:00:00Z");
    const waits: number[] = [];
    const result = await crawlTwitter(conn, n.id, params, {
      transport: createTwitterTransport({ token: TOKEN, baseUrl: fake!.url }),
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: () => 0.5,
      retry: { resetMarginMs: 50 },
      onEvent: (e) => void (e.type === "wait" && waits.push(e.ms)),
    });
    conn.close();
    expect(edgeSet(db, "f")).toEqual(expectedFollows(WORLD, ["alice", "bob"], 2, "following"));
    expect(fake!.requests.filter((q) => q.status === 429)).toHaveLength(0);
    expect(result.stats.requests).toBe(fake!.requests.length);
    expect(waits.length).toBeGreaterThan(0);
  });

  it("should retry a 503 and an unreadable body with backoff", async () => {
    const env = await serve({ fault: (q) => (q.n === 2 ? { status: 503 } : q.n === 5 ? { malformed: true } : undefined) });
    const r = await atlas([...FOLLOWS, "--retry-base", "20", "--db", db], env);
    expect(r.code).toBe(0);
    expect(fake!.requests.length).toBe(11 + 2);
    expect(fake!.requests[2].key).toBe(fake!.requests[1].key);
    expect(fake!.requests[5].key).toBe(fake!.requests[4].key);
    expect(r.err).toMatch(/retrying on \S+ \(Service Unavailable/);
    expect(r.err).toMatch(/retrying on \S+ \(unreadable response body/);
    expect(edgeSet(db, "f")).toEqual(expectedFollows(WORLD, ["alice", "bob", "nosuch", "grace"], 2, "following"));
  });

  it("should time out a slow response and retry it", async () => {
    const env = await serve({ fault: (q) => (q.n === 2 ? { delayMs: 1500 } : undefined) });
    const r = await atlas([...FOLLOWS, "--timeout", "300", "--retry-base", "20", "--db", db], env);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/retrying on \S+ \(no response \(timed out\)\)/);
    expect(edgeSet(db, "f")).toHaveLength(16);
  });

  it("should give a task up after bounded attempts, exit 1, and retry it on the next run", async () => {
    let down = true;
    const env = await serve({ fault: (q: FakeRequest) => (down && q.path === "/2/users/103/following" ? { status: 503 } : undefined) });
    const r = await atlas([...FOLLOWS, "--retry-base", "10", "--max-attempts", "3", "--db", db], env);
    expect(r.code).toBe(1);
    expect(fake!.requests.filter((q) => q.status === 503)).toHaveLength(3);
    expect(r.err).toMatch(/1 task\(s\) failed after retries/);
    const status = await atlas(["status", "--db", db]);
    expect(status.out).toMatch(/error \[failed\] following 103: collect\/twitter: \[GET\] \/2\/users\/103\/following: 503 Service Unavailable/);
    down = false;
    expect((await atlas(["collect", "twitter", "--niche", "f", "--db", db], env)).code).toBe(0);
    expect(edgeSet(db, "f")).toHaveLength(16);
  });

  it("should stop at once on 401 with a message about the token", async () => {
    const env = await serve();
    const r = await atlas([...FOLLOWS, "--db", db], { ...env, TWITTER_BEARER_TOKEN: "wrong-token" });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[GET\] \/2\/users\/by: 401 Unauthorized .*TWITTER_BEARER_TOKEN was refused/);
    expect(fake!.requests).toHaveLength(1);
  });

  it("should stop at once on 403 with a message about the access tier", async () => {
    const env = await serve({ fault: (q) => (q.path.endsWith("/following") ? { status: 403 } : undefined) });
    const r = await atlas([...FOLLOWS, "--db", db], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/403 Forbidden \(Client Forbidden: .*\); this endpoint is outside your access tier/);
    expect(fake!.requests).toHaveLength(2);
  });

  it("should refuse to run without a token", async () => {
    const r = await atlas([...FOLLOWS, "--db", db], {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/set TWITTER_BEARER_TOKEN/);
  });
});

describe("the bearer token", () => {
  it("should appear nowhere in the database, the output or the exports", async () => {
    const env = await serve({ fault: (q) => (q.n === 4 ? { status: 503 } : undefined) });
    const outputs: string[] = [];
    for (const args of [
      [...FOLLOWS, "--retry-base", "10", "--db", db],
      ["collect", "twitter", "--niche", "i", "--seeds", "@alice,@bob", "--network", "interactions", "--db", db],
      ["status", "--db", db],
      ["status", "--json", "--db", db],
      ["export", "--niche", "f", "--db", db, "--out", join(tmp.dir, "f.gexf")],
      ["export", "--niche", "i", "--db", db, "--out", join(tmp.dir, "i.csv")],
      ["export", "--niche", "i", "--db", db, "--out", join(tmp.dir, "i.graphml")],
      ["export", "--niche", "i", "--db", db, "--out", join(tmp.dir, "i.json")],
    ]) {
      const r = await atlas(args, env);
      expect(r.code).toBe(0);
      outputs.push(r.out, r.err);
    }
    // The client did send it: the fake saw it.
    expect(fake!.requests[0].authorization).toBe(`Bearer ${TOKEN}`);
    const everything = outputs.join("\n") + filesText(tmp.dir);
    expect(everything).toMatch(/tw:101/);
    expect(everything.includes(TOKEN)).toBe(false);
    expect(everything.includes(encodeURIComponent(TOKEN))).toBe(false);
    expect(everything.includes(TOKEN.slice(20, 40))).toBe(false);
  });
});
