import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atlas, spawnAtlas } from "../fakes/cli.ts";
import { FakeTwitterServer, type FakeRequest } from "../fakes/twitter-server.ts";
import { TOKEN, WORLD } from "../fakes/world.ts";
import { edgeSet, tempDir } from "./helpers.ts";

let tmp: ReturnType<typeof tempDir>;
let fake: FakeTwitterServer;
let onRequest: ((r: FakeRequest) => void) | null = null;
let onResponded: ((r: FakeRequest) => void) | null = null;

beforeAll(async () => {
  tmp = tempDir();
  fake = new FakeTwitterServer(WORLD, { token: TOKEN, pageSize: 2, onRequest: (r) => onRequest?.(r), onResponded: (r) => onResponded?.(r) });
  await fake.start();
});
afterAll(async () => {
  await fake.close();
  tmp.cleanup();
});

const ARGS = ["collect", "twitter", "--niche", "n", "--seeds", "@alice,@bob", "--network", "both", "--direction", "both", "--depth", "2"];

describe("an interrupted crawl", () => {
  it("should resume after SIGKILLs at several points to the identical edge set, fetching no committed page twice", async () => {
    const env = { TWITTER_BEARER_TOKEN: TOKEN, TWITTER_API_BASE_URL: fake.url };
    // The reference: one uninterrupted crawl.
    const ref = join(tmp.dir, "ref.db");
    expect((await atlas([...ARGS, "--db", ref], env)).code).toBe(0);
    const expected = edgeSet(ref, "n");
    const pagesInFullCrawl = fake.requests.length;
    expect(expected.length).toBeGreaterThan(30);
    expect(pagesInFullCrawl).toBeGreaterThan(40);

    // The same crawl, killed at the k-th request of each run: as it arrives (the
    // page is lost), or once its response is sent (the kill lands while the
    // page is read or committed), then completed.
    fake.requests.length = 0;
    const db = join(tmp.dir, "killed.db");
    const kills: [number, "arrived" | "responded"][] = [[1, "arrived"], [4, "responded"], [7, "arrived"], [6, "responded"], [3, "responded"]];
    let killed = 0;
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
      killed++;
      const c = new Database(db, { readonly: true });
      expect(c.prepare("SELECT count(*) FROM tasks WHERE status = 'pending'").pluck().get()).toBeGreaterThan(0);
      c.close();
    }
    const last = spawnAtlas(["collect", "twitter", "--niche", "n", "--db", db], env);
    const final = await last.done;
    expect(final.code).toBe(0);
    expect(edgeSet(db, "n")).toEqual(expected);

    // No duplicate rows; every page fetched (200) stored once.
    const conn = new Database(db, { readonly: true });
    const pages = conn.prepare("SELECT endpoint, params FROM pages WHERE status = 200").all() as { endpoint: string; params: string }[];
    const distinct = new Set(pages.map((p) => `${p.endpoint} ${p.params}`));
    expect(distinct.size).toBe(pages.length);
    expect(conn.prepare("SELECT count(*) FROM edge_evidence").pluck().get()).toBe(
      conn.prepare("SELECT sum(weight) FROM edges WHERE evidenced = 1").pluck().get(),
    );
    conn.close();
    const counts = fake.okCounts();
    expect(counts.size).toBe(pages.length);
    // A page is fetched again only when the kill came before its commit: at most once per kill.
    const refetched = [...counts.values()].reduce((a, c) => a + (c - 1), 0);
    expect(refetched).toBeLessThanOrEqual(killed);
    expect(pages.length).toBe(pagesInFullCrawl);
  });
});
