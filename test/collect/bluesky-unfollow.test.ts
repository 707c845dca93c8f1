/**
 * Unfollows of follows made before the listen. Jetstream's delete names only
 * (did, collection, rkey): it can be applied where the follow record's key is
 * known (a repository CAR lists records by collection/rkey), and is counted as
 * never seen where it is not (an AppView crawl gives the followed profiles,
 * not the follow records' keys).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildRepoCar, repoContents } from "../fakes/bluesky-car.ts";
import { FakeBlueskyServer } from "../fakes/bluesky-server.ts";
import { BSKY_WORLD } from "../fakes/bluesky-world.ts";
import { atlas } from "../fakes/cli.ts";
import { FakeJetstream } from "../fakes/jetstream-server.ts";
import { expectedBskyFollows } from "./bluesky-helpers.ts";
import { edgeSet, tempDir } from "./helpers.ts";

const INDEX = 8;
const CONTENTS = repoContents(BSKY_WORLD, INDEX);
const DID = CONTENTS.did;
const HANDLE = BSKY_WORLD.actors[INDEX].handle;
/** Two of the account's follow records (rkey → subject), as its repository holds them. */
const FOLLOWS = [...CONTENTS.records].filter(([k]) => k.startsWith("app.bsky.graph.follow/")).map(([k, r]) => [k.split("/")[1], r.subject as string] as const);
const UNFOLLOWED = [FOLLOWS[1], FOLLOWS[4]];
const T0 = Date.UTC(2026, 2, 1) * 1000;
const EVENTS = [
  ...UNFOLLOWED.map(([rkey], i) => ({ did: DID, time_us: T0 + i * 1000, kind: "commit", commit: { rev: `3r${i}`, operation: "delete", collection: "app.bsky.graph.follow", rkey } })),
  { did: DID, time_us: T0 + 5000, kind: "commit", commit: { rev: "3r9", operation: "delete", collection: "app.bsky.graph.follow", rkey: "3kneverseen22" } },
];
const LAST = EVENTS.at(-1)!.time_us;

let tmp: ReturnType<typeof tempDir>;
let db: string;
let js: FakeJetstream | null = null;
let appview: FakeBlueskyServer | null = null;
beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
});
afterEach(async () => {
  await js?.close();
  await appview?.close();
  js = appview = null;
  tmp.cleanup();
});

const worldFollows = (): string[] => [...new Set(BSKY_WORLD.follows.filter(([a, b]) => a === DID && b !== DID).map(([, b]) => `${DID}>${b}:follows*1`))].sort();

async function listen(niche: string): Promise<string> {
  js = new FakeJetstream(EVENTS);
  const url = await js.start();
  const r = await atlas(["listen", "bluesky", "--niche", niche, "--seeds", DID, "--until", String(LAST), "--db", db], { BLUESKY_JETSTREAM_URL: url });
  expect(r.code).toBe(0);
  await js.close();
  js = null;
  return r.out;
}

describe("unfollows of follows made before the listen", () => {
  it("should apply a Jetstream unfollow to a follow imported from the account's repository CAR, and keep it applied on a re-import", async () => {
    expect(FOLLOWS.length).toBeGreaterThan(5);
    expect(new Set(FOLLOWS.map(([, s]) => s)).size).toBe(FOLLOWS.length);
    const file = join(tmp.dir, "repo.car");
    writeFileSync(file, await buildRepoCar(CONTENTS));
    expect((await atlas(["import", "bluesky", file, "--niche", "car", "--db", db])).code).toBe(0);
    const follows = (): string[] => edgeSet(db, "car").filter((e) => e.includes(":follows*"));
    expect(follows()).toEqual(worldFollows());
    const out = await listen("car");
    expect(out).toMatch(/3 applied.*; 0 new edges, 2 removed, 1 unfollows of follows never seen/);
    const gone = new Set(UNFOLLOWED.map(([, subject]) => `${DID}>${subject}:follows*1`));
    expect(follows()).toEqual(worldFollows().filter((e) => !gone.has(e)));
    // The records stay, marked deleted at the delete's time.
    const c = new Database(db, { readonly: true });
    try {
      const rows = c.prepare("SELECT rkey, deleted_us FROM bsky_records WHERE collection = 'app.bsky.graph.follow' AND deleted_us IS NOT NULL ORDER BY deleted_us").all();
      expect(rows).toEqual([...UNFOLLOWED.map(([rkey], i) => ({ rkey, deleted_us: T0 + i * 1000 })), { rkey: "3kneverseen22", deleted_us: LAST }]);
    } finally {
      c.close();
    }
    // The repository downloaded before the unfollow, imported again, brings nothing back.
    const again = await atlas(["import", "bluesky", file, "--niche", "car", "--db", db]);
    expect(again.out).toMatch(/\(0 applied, \d+ already seen/);
    expect(follows()).toEqual(worldFollows().filter((e) => !gone.has(e)));
    expect((await atlas(["status", "--db", db])).out).toMatch(/\ncar \(bluesky, imported and listened to; updated /);
  });

  it("should count a Jetstream unfollow of a crawled follow as never seen, and keep the edge", async () => {
    appview = new FakeBlueskyServer(BSKY_WORLD, { pageSize: 25 });
    const env = { BLUESKY_SERVICE_URL: await appview.start() };
    expect((await atlas(["collect", "bluesky", "--niche", "crawl", "--seeds", HANDLE, "--db", db], env)).code).toBe(0);
    const expected = expectedBskyFollows(BSKY_WORLD, [HANDLE], 1, "following");
    expect(expected).toEqual(worldFollows());
    expect(edgeSet(db, "crawl")).toEqual(expected);
    const out = await listen("crawl");
    expect(out).toMatch(/0 new edges, 0 removed, 3 unfollows of follows never seen/);
    expect(edgeSet(db, "crawl")).toEqual(expected);
    expect((await atlas(["status", "--db", db])).out).toMatch(/\ncrawl \(bluesky, complete; updated /);
  });
});
