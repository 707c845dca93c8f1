import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atlas, spawnAtlas } from "../fakes/cli.ts";
import { FakeYoutubeServer, type FakeYoutubeRequest } from "../fakes/youtube-server.ts";
import { IDS, YT_KEY, YT_WORLD } from "../fakes/youtube-world.ts";
import { edgeSet, tempDir } from "./helpers.ts";

let tmp: ReturnType<typeof tempDir>;
let fake: FakeYoutubeServer;
let onRequest: ((r: FakeYoutubeRequest) => void) | null = null;
let onResponded: ((r: FakeYoutubeRequest) => void) | null = null;

beforeAll(async () => {
  tmp = tempDir();
  fake = new FakeYoutubeServer(YT_WORLD, { key: YT_KEY, pageSize: 2, onRequest: (r) => onRequest?.(r), onResponded: (r) => onResponded?.(r) });
  await fake.start();
});
afterAll(async () => {
  await fake.close();
  tmp.cleanup();
});

const ARGS = ["collect", "youtube", "--niche", "n", "--seeds", `${IDS.A},@bob`, "--network", "both", "--depth", "2"];

describe("an interrupted YouTube crawl", () => {
  it("should resume after SIGKILLs at several points to the identical graph, no duplicates, the ledger never short", async () => {
    const env = { YOUTUBE_API_KEY: YT_KEY, YOUTUBE_API_ROOT_URL: fake.url };
    const ref = join(tmp.dir, "ref.db");
    expect((await atlas([...ARGS, "--db", ref], env)).code).toBe(0);
    const expected = edgeSet(ref, "n");
    const pagesInFullCrawl = fake.requests.filter((r) => r.status === 200).length;
    expect(expected.length).toBeGreaterThan(25);
    expect(pagesInFullCrawl).toBeGreaterThan(30);

    fake.requests.length = 0;
    const db = join(tmp.dir, "killed.db");
    const kills: [number, "arrived" | "responded"][] = [[1, "arrived"], [3, "responded"], [6, "arrived"], [5, "responded"], [9, "responded"]];
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
    }
    const final = await spawnAtlas(["collect", "youtube", "--niche", "n", "--db", db], env).done;
    expect(final.code).toBe(0);
    expect(edgeSet(db, "n")).toEqual(expected);

    const conn = new Database(db, { readonly: true });
    const pages = conn.prepare("SELECT endpoint, params FROM pages WHERE status = 200").all() as { endpoint: string; params: string }[];
    expect(new Set(pages.map((p) => `${p.endpoint} ${p.params}`)).size).toBe(pages.length);
    expect(pages.length).toBe(pagesInFullCrawl);
    expect(conn.prepare("SELECT count(*) FROM edge_evidence").pluck().get()).toBe(
      conn.prepare("SELECT sum(weight) FROM edges WHERE evidenced = 1").pluck().get(),
    );
    expect(conn.prepare("SELECT count(*) FROM posts").pluck().get()).toBe(conn.prepare("SELECT count(DISTINCT id) FROM posts").pluck().get());
    // Units are reserved before each call: a kill can only make the ledger over-count, by at most one call per kill.
    const units = conn.prepare("SELECT sum(units) FROM quota_ledger").pluck().get() as number;
    conn.close();
    expect(units).toBeGreaterThanOrEqual(fake.requests.length);
    expect(units).toBeLessThanOrEqual(fake.requests.length + kills.length);
    const refetched = [...fake.okCounts().values()].reduce((a, c) => a + (c - 1), 0);
    expect(refetched).toBeLessThanOrEqual(kills.length);
  });
});
