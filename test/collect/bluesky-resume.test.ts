import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atlas, spawnAtlas } from "../fakes/cli.ts";
import { FakeBlueskyServer, type BskyRequest } from "../fakes/bluesky-server.ts";
import { BSKY_WORLD } from "../fakes/bluesky-world.ts";
import { expectedBskyFollows, expectedBskyInteractions } from "./bluesky-helpers.ts";
import { edgeSet, tempDir } from "./helpers.ts";

let tmp: ReturnType<typeof tempDir>;
let fake: FakeBlueskyServer;
let onRequest: ((r: BskyRequest) => void) | null = null;
let onResponded: ((r: BskyRequest) => void) | null = null;

beforeAll(async () => {
  tmp = tempDir();
  fake = new FakeBlueskyServer(BSKY_WORLD, { pageSize: 10, onRequest: (r) => onRequest?.(r), onResponded: (r) => onResponded?.(r) });
  await fake.start();
});
afterAll(async () => {
  await fake.close();
  tmp.cleanup();
});

const A = BSKY_WORLD.actors;
const SEEDS = [A[0].handle, A[30].did, A[40].handle];
const ARGS = ["collect", "bluesky", "--niche", "n", "--seeds", SEEDS.join(","), "--network", "both", "--direction", "both", "--max-per-account", "60"];

describe("an interrupted Bluesky crawl", () => {
  it("should resume after SIGKILLs at several points to the identical edge set, fetching no committed page twice", async () => {
    const env = { BLUESKY_SERVICE_URL: fake.url };
    const ref = join(tmp.dir, "ref.db");
    expect((await atlas([...ARGS, "--db", ref], env)).code).toBe(0);
    const expected = edgeSet(ref, "n");
    // Depth 1, both networks: the seeds' follows both ways (capped at 60 a list) and their feeds.
    const follows = expected.filter((e) => e.includes(":follows*"));
    const interactions = expected.filter((e) => !e.includes(":follows*"));
    expect(interactions).toEqual(expectedBskyInteractions(BSKY_WORLD, SEEDS, 1));
    expect(follows.length).toBeLessThanOrEqual(expectedBskyFollows(BSKY_WORLD, SEEDS, 1, "both").length);
    const pagesInFullCrawl = fake.requests.length;
    expect(pagesInFullCrawl).toBeGreaterThan(15);

    fake.requests.length = 0;
    const db = join(tmp.dir, "killed.db");
    const kills: [number, "arrived" | "responded"][] = [[1, "arrived"], [3, "responded"], [5, "arrived"], [2, "responded"], [4, "responded"]];
    for (const [at, when] of kills) {
      let seen = 0;
      const run = spawnAtlas([...ARGS, "--db", db], env);
      const hook = (): void => {
        if (++seen === at) run.child.kill("SIGKILL");
      };
      if (when === "arrived") onRequest = hook;
      else onResponded = hook;
      const result = await run.done;
      onRequest = onResponded = null;
      expect(result.signal).toBe("SIGKILL");
      const c = new Database(db, { readonly: true });
      expect(c.prepare("SELECT count(*) FROM tasks WHERE status = 'pending'").pluck().get()).toBeGreaterThan(0);
      c.close();
    }
    const final = await spawnAtlas(["collect", "bluesky", "--niche", "n", "--db", db], env).done;
    expect(final.code).toBe(0);
    expect(edgeSet(db, "n")).toEqual(expected);

    const conn = new Database(db, { readonly: true });
    const pages = conn.prepare("SELECT endpoint, params FROM pages WHERE status = 200").all() as { endpoint: string; params: string }[];
    expect(new Set(pages.map((p) => `${p.endpoint} ${p.params}`)).size).toBe(pages.length);
    expect(conn.prepare("SELECT count(*) FROM edge_evidence").pluck().get()).toBe(conn.prepare("SELECT sum(weight) FROM edges WHERE evidenced = 1").pluck().get());
    conn.close();
    const counts = fake.okCounts();
    expect(counts.size).toBe(pages.length);
    const refetched = [...counts.values()].reduce((a, c) => a + (c - 1), 0);
    expect(refetched).toBeLessThanOrEqual(kills.length);
    expect(pages.length).toBe(pagesInFullCrawl);
    console.log(`bluesky resume: ${pagesInFullCrawl} pages in the full crawl, ${fake.requests.length} requests over ${kills.length} killed runs + 1, ${refetched} pages fetched twice`);
  });
});
