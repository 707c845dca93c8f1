import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atlas } from "../fakes/cli.ts";
import { FakeYoutubeServer, type FakeYoutubeOptions } from "../fakes/youtube-server.ts";
import { IDS, YT_KEY, YT_WORLD } from "../fakes/youtube-world.ts";
import { edgeSet, filesText, tempDir } from "./helpers.ts";
import { EXPECTED_COMMENTS, expectedChannelEdges } from "./youtube-helpers.ts";

let tmp: ReturnType<typeof tempDir>;
let db: string;
let fake: FakeYoutubeServer | null = null;

beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
});
afterEach(async () => {
  await fake?.close();
  fake = null;
  tmp.cleanup();
});

async function serve(options: Partial<FakeYoutubeOptions> = {}): Promise<Record<string, string>> {
  fake = new FakeYoutubeServer(YT_WORLD, { key: YT_KEY, pageSize: 2, ...options });
  const url = await fake.start();
  return { YOUTUBE_API_KEY: YT_KEY, YOUTUBE_API_ROOT_URL: url };
}

const { A, B, C, D, E, F, L, X } = IDS;
const CHANNELS = ["collect", "youtube", "--niche", "ch", "--seeds", `${A},@bob`];
const COMMENTS = ["collect", "youtube", "--niche", "co", "--seeds", `${A},@bob`, "--network", "comments"];



describe("atlas collect youtube (channels)", () => {
  it("should crawl exactly the fake world's subscribes and features edges, to depth 1 and 2", async () => {
    const env = await serve();
    const r = await atlas([...CHANNELS, "--db", db], env);
    expect(r.code).toBe(0);
    expect(edgeSet(db, "ch")).toEqual(expectedChannelEdges(YT_WORLD, [A, B], 1));
    expect(edgeSet(db, "ch")).toEqual(
      [`${A}>${B}:subscribes*1`, `${A}>${C}:subscribes*1`, `${A}>${D}:subscribes*1`, `${A}>${B}:features*1`, `${A}>${E}:features*1`, `${B}>${A}:features*1`, `${B}>${F}:features*1`].sort(),
    );
    expect(r.out).toMatch(/niche ch: 6 channels, 7 edges \(features 4, subscribes 3\)/);
    expect(r.err).toMatch(new RegExp(`skipped ${B}: subscriptionForbidden`));

    const r2 = await atlas(["collect", "youtube", "--niche", "ch2", "--seeds", `@alice,${B}`, "--depth", "2", "--db", db], env);
    expect(r2.code).toBe(0);
    expect(edgeSet(db, "ch2")).toEqual(expectedChannelEdges(YT_WORLD, [A, B], 2));
    expect(edgeSet(db, "ch2")).toHaveLength(13);
    // The closed channel featured by dave is recorded and skipped.
    expect(r2.err).toMatch(new RegExp(`skipped ${X}: channelNotFound`));
  });

  it("should fetch channel details 50 ids a call and label nodes with title, handle and subscribers", async () => {
    const env = await serve();
    await atlas([...CHANNELS, "--db", db], env);
    const details = fake!.requests.filter((q) => q.resource === "channels" && q.query.id);
    // Details wait in a batch while other tasks run: bob (by handle) is expanded first and features
    // frank, so alice (seed by id) and frank go together; then carol, dave, erin from alice's lists.
    expect(details.map((q) => q.query.id)).toEqual([[A, F], [C, D, E]]);
    const out = join(tmp.dir, "ch.json");
    expect((await atlas(["export", "--niche", "ch", "--db", db, "--out", out], env)).code).toBe(0);
    const graph = JSON.parse(readFileSync(out, "utf8")) as { nodes: { key: string; attributes: Record<string, unknown> }[] };
    const alice = graph.nodes.find((nd) => nd.key === `yt:${A}`);
    expect(alice?.attributes).toMatchObject({ label: "Alice Science", handle: "alice", followers: 50_000 });
  });

  it("should cap the channels expanded with --max-channels", async () => {
    const env = await serve();
    await atlas(["collect", "youtube", "--niche", "cap", "--seeds", A, "--depth", "2", "--max-channels", "2", "--db", db], env);
    // alice, then the first channel reached whose details arrive (bob: private subscriptions, features A and F).
    expect(edgeSet(db, "cap")).toEqual(
      [`${A}>${B}:subscribes*1`, `${A}>${C}:subscribes*1`, `${A}>${D}:subscribes*1`, `${A}>${B}:features*1`, `${A}>${E}:features*1`, `${B}>${A}:features*1`, `${B}>${F}:features*1`].sort(),
    );
  });
});

describe("atlas collect youtube (comments)", () => {
  it("should collect comments, replies (inline and paged) and mentions keyed by channel id", async () => {
    const env = await serve();
    const r = await atlas([...COMMENTS, "--db", db], env);
    expect(r.code).toBe(0);
    expect(edgeSet(db, "co")).toEqual(EXPECTED_COMMENTS);
    expect(r.err).toMatch(/skipped vid2aaaaaaa: commentsDisabled/);
    expect(r.out).toMatch(/4 videos, 13 comments/);
    expect(r.out).toMatch(/1 mentions of unknown handles/);
    // The thread with 5 replies (2 inline) was read through comments.list, 2 a page.
    expect(fake!.requests.filter((q) => q.resource === "comments").map((q) => q.query.parentId?.[0])).toEqual(["Ugt4", "Ugt4", "Ugt4"]);
  });

  it("should collect both networks together, and given videos", async () => {
    const env = await serve();
    await atlas(["collect", "youtube", "--niche", "b", "--seeds", `${A},@bob`, "--network", "both", "--db", db], env);
    expect(edgeSet(db, "b")).toEqual([...expectedChannelEdges(YT_WORLD, [A, B], 1), ...EXPECTED_COMMENTS].sort());
    const r = await atlas(["collect", "youtube", "--niche", "v", "--videos", "vid5ccccccc,nosuchvideo", "--db", db], env);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/skipped nosuchvideo: videoNotFound/);
    expect(edgeSet(db, "v")).toEqual([`${L}>${C}:comments*1`]);
  });
});

describe("atlas collect youtube (faults)", () => {
  it("should retry a 500 and a malformed body, each attempt charged to the ledger", async () => {
    const env = await serve({ fault: (q) => (q.n === 2 ? { status: 500 } : q.n === 5 ? { malformed: true } : undefined) });
    const r = await atlas([...COMMENTS, "--retry-base", "10", "--db", db], env);
    expect(r.code).toBe(0);
    expect(fake!.requests[2].key).toBe(fake!.requests[1].key);
    expect(fake!.requests[5].key).toBe(fake!.requests[4].key);
    expect(r.err).toMatch(/retrying on youtube\/v3\/\w+ \(Backend Error\)/);
    expect(r.err).toMatch(/retrying on youtube\/v3\/\w+ \(unreadable response body/);
    expect(edgeSet(db, "co")).toEqual(EXPECTED_COMMENTS);
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare("SELECT sum(calls), sum(units) FROM quota_ledger").raw().get()).toEqual([fake!.requests.length, fake!.requests.length]);
    conn.close();
  });

  it("should stop at once on a refused key, saying what to check", async () => {
    const env = await serve();
    const r = await atlas([...CHANNELS, "--db", db], { ...env, YOUTUBE_API_KEY: "wrong-key" });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[GET\] youtube\/v3\/channels: 400 keyInvalid \(API key not valid.*\); the key in YOUTUBE_API_KEY was refused/);
    expect(fake!.requests).toHaveLength(1);
  });

  it("should refuse to run without a key, and reject seeds that are neither ids nor handles", async () => {
    expect((await atlas([...CHANNELS, "--db", db], {})).err).toMatch(/set YOUTUBE_API_KEY/);
    const r = await atlas(["collect", "youtube", "--niche", "x", "--seeds", "not a/valid!", "--db", db], { YOUTUBE_API_KEY: YT_KEY });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/neither a channel id .* nor an @handle/);
  });
});

describe("the API key", () => {
  it("should appear nowhere in the database, the output, the status or the exports", async () => {
    const env = await serve({ fault: (q) => (q.n === 3 ? { status: 503 } : undefined) });
    const outputs: string[] = [];
    for (const args of [
      [...COMMENTS, "--retry-base", "10", "--db", db],
      [...CHANNELS, "--db", db],
      ["status", "--db", db],
      ["status", "--json", "--db", db],
      ["export", "--niche", "co", "--db", db, "--out", join(tmp.dir, "co.gexf")],
      ["export", "--niche", "ch", "--db", db, "--out", join(tmp.dir, "ch.csv")],
    ]) {
      const r = await atlas(args, env);
      expect(r.code).toBe(0);
      outputs.push(r.out, r.err);
    }
    const status = outputs[4];
    expect(status).toMatch(/YouTube quota today \(\d{4}-\d\d-\d\d, Pacific\): \d+ units spent in \d+ calls, \d+ left of 10000; resets/);
    expect(status).toMatch(/co \(youtube, complete;/);
    const everything = outputs.join("\n") + filesText(tmp.dir);
    expect(everything).toMatch(new RegExp(`yt:${A}`));
    expect(everything.includes(YT_KEY)).toBe(false);
    expect(everything.includes(YT_KEY.slice(10, 30))).toBe(false);
    // The key was sent: every request the fake accepted carried it.
    expect(fake!.requests.every((q) => q.status !== 400)).toBe(true);
  });
});
