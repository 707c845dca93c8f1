import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createYoutubeTransport } from "../../src/collect/youtube/client.ts";
import { crawlYoutube } from "../../src/collect/youtube/crawl.ts";
import { parseYoutubeSeeds, planYoutubeNiche, YOUTUBE_CRAWL_DEFAULTS, type YoutubeCrawlParams } from "../../src/collect/youtube/plan.ts";
import { CollectError } from "../../src/shared/errors.ts";
import { openStore, pacificDay, quotaDay, upsertNiche, type StoreDb } from "../../src/store/index.ts";
import { atlas } from "../fakes/cli.ts";
import { FakeYoutubeServer } from "../fakes/youtube-server.ts";
import { IDS, YT_KEY, YT_WORLD } from "../fakes/youtube-world.ts";
import { edgeSet, tempDir } from "./helpers.ts";
import { EXPECTED_COMMENTS } from "./youtube-helpers.ts";

let tmp: ReturnType<typeof tempDir>;
let fake: FakeYoutubeServer | null = null;
beforeEach(() => void (tmp = tempDir()));
afterEach(async () => {
  await fake?.close();
  fake = null;
  tmp.cleanup();
});

const DAY = 86_400_000;
const PARAMS: YoutubeCrawlParams = { ...YOUTUBE_CRAWL_DEFAULTS, network: "comments" };

function ledgerByDay(file: string): Map<string, number> {
  const c = new Database(file, { readonly: true });
  const rows = c.prepare("SELECT day, sum(units) AS u FROM quota_ledger GROUP BY day").all() as { day: string; u: number }[];
  c.close();
  return new Map(rows.map((r) => [r.day, r.u]));
}

describe("the quota", () => {
  it("should stop on quotaExceeded with the reset time, make no call that day, and carry on the next days", async () => {
    let now = Date.UTC(2026, 10, 20, 18); // 10:00 Pacific (PST)
    fake = new FakeYoutubeServer(YT_WORLD, { key: YT_KEY, pageSize: 2, dailyQuota: 4, now: () => now });
    const url = await fake.start();
    const file = join(tmp.dir, "q.db");
    const db: StoreDb = openStore(file);
    const seeds = parseYoutubeSeeds([`${IDS.A},@bob`]);
    const niche = upsertNiche(db, "q", "youtube", [...seeds.ids, ...seeds.handles], { ...PARAMS }, new Date(now).toISOString());
    planYoutubeNiche(db, niche.id, seeds, PARAMS, new Date(now).toISOString());
    const run = () =>
      crawlYoutube(db, niche.id, PARAMS, {
        transport: createYoutubeTransport({ key: YT_KEY, rootUrl: url }),
        now: () => now,
        sleep: async () => {},
        random: () => 0.5,
      });

    const stop = await run().catch((e: unknown) => e);
    expect(stop).toBeInstanceOf(CollectError);
    expect((stop as Error).message).toMatch(/403 quotaExceeded .*resets at midnight Pacific time \(2026-11-21T08:00:00Z, in 14 h 00 min\)/);
    const first = fake.requests.length;
    // Same day: the ledger knows the quota is spent; no call is made.
    await expect(run()).rejects.toThrow(/daily quota is exhausted/);
    expect(fake.requests.length).toBe(first);
    expect(quotaDay(db, now)).toMatchObject({ spent: 4, exhaustedAt: expect.any(String) });

    let days = 0;
    for (;;) {
      now += DAY;
      days++;
      try {
        const result = await run();
        expect(result.budgetStop).toBeNull();
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(CollectError);
        expect(days).toBeLessThan(10);
      }
    }
    db.close();
    expect(days).toBeGreaterThan(1);
    expect(edgeSet(file, "q")).toEqual(EXPECTED_COMMENTS);
    // The ledger equals what the server charged, day by day; refused calls cost nothing.
    const ledger = ledgerByDay(file);
    expect([...ledger.keys()].sort()).toEqual([...fake.charged.keys()].sort());
    for (const [day, units] of ledger) expect(units).toBe(fake.unitsOn(day));
    expect(fake.requests.filter((r) => r.status === 403 && r.units === 0).length).toBe(days);
  });

  it("should stop cleanly at --quota-budget and resume when the budget allows", async () => {
    fake = new FakeYoutubeServer(YT_WORLD, { key: YT_KEY, pageSize: 2 });
    const env = { YOUTUBE_API_KEY: YT_KEY, YOUTUBE_API_ROOT_URL: await fake.start() };
    const file = join(tmp.dir, "b.db");
    const args = ["collect", "youtube", "--niche", "b", "--seeds", `${IDS.A},@bob`, "--network", "comments", "--db", file];
    const r = await atlas([...args, "--quota-budget", "5"], env);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/stopped before \w+\.list \(1 unit\): today's budget of 5 units would be passed \(5 spent on \d{4}-\d\d-\d\d, Pacific time\)/);
    expect(fake.requests).toHaveLength(5);
    const again = await atlas([...args, "--quota-budget", "5"], env);
    expect(again.code).toBe(0);
    expect(fake.requests).toHaveLength(5);
    const status = await atlas(["status", "--db", file]);
    expect(status.out).toMatch(/quota today \(\d{4}-\d\d-\d\d, Pacific\): 5 units spent in 5 calls, 0 left of 5/);
    expect(status.out).toMatch(/b \(youtube, in progress;/);
    expect((await atlas([...args, "--quota-budget", "100"], env)).code).toBe(0);
    expect(edgeSet(file, "b")).toEqual(EXPECTED_COMMENTS);
    expect(ledgerByDay(file).get(pacificDay(Date.now()))).toBe(fake.requests.length);
  });
});
