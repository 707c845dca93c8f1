import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createYoutubeTransport } from "../../src/collect/youtube/client.ts";
import { crawlYoutube } from "../../src/collect/youtube/crawl.ts";
import { parseYoutubeSeeds, planYoutubeNiche, YOUTUBE_CRAWL_DEFAULTS, type YoutubeCrawlParams } from "../../src/collect/youtube/plan.ts";
import { CollectError } from "../../src/shared/errors.ts";
import { openStore, quotaDay, upsertNiche, type StoreDb } from "../../src/store/index.ts";
import { atlas } from "../fakes/cli.ts";
import { fakePacificDay, FakeYoutubeServer } from "../fakes/youtube-server.ts";
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

const MINUTE = 60_000;

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
    expect(ledgerByDay(file).get(fakePacificDay(Date.now()))).toBe(fake.requests.length);
  });

  /**
   * A crawl of the niche with budget 5 whose clock starts at `start` and moves
   * one minute on at each request the server receives (after the server has
   * charged it): the crawl and the server read the same clock.
   */
  async function tickingCrawl(start: string) {
    let now = Date.parse(start);
    fake = new FakeYoutubeServer(YT_WORLD, { key: YT_KEY, pageSize: 2, now: () => now, onRequest: () => void (now += MINUTE) });
    const url = await fake.start();
    const file = join(tmp.dir, "t.db");
    const db: StoreDb = openStore(file);
    const seeds = parseYoutubeSeeds([`${IDS.A},@bob`]);
    const niche = upsertNiche(db, "t", "youtube", [...seeds.ids, ...seeds.handles], { ...PARAMS }, new Date(now).toISOString());
    planYoutubeNiche(db, niche.id, seeds, PARAMS, new Date(now).toISOString());
    const result = await crawlYoutube(db, niche.id, PARAMS, {
      transport: createYoutubeTransport({ key: YT_KEY, rootUrl: url }),
      now: () => now,
      sleep: async () => {},
      random: () => 0.5,
      budget: 5,
    });
    return { db, file, result, server: fake, nicheId: niche.id };
  }

  // Pacific midnights: winter (PST), summer (PDT), and the ends of the 23-hour
  // (2026-03-08) and 25-hour (2026-11-01) days.
  const MIDNIGHTS = [
    { midnight: "2026-01-15T08:00:00Z", before: "2026-01-14", after: "2026-01-15", reset: "2026-01-16T08:00:00.000Z" },
    { midnight: "2026-07-15T07:00:00Z", before: "2026-07-14", after: "2026-07-15", reset: "2026-07-16T07:00:00.000Z" },
    { midnight: "2026-03-09T07:00:00Z", before: "2026-03-08", after: "2026-03-09", reset: "2026-03-10T07:00:00.000Z" },
    { midnight: "2026-11-02T08:00:00Z", before: "2026-11-01", after: "2026-11-02", reset: "2026-11-03T08:00:00.000Z" },
  ];
  for (const m of MIDNIGHTS) {
    it(`should charge a crawl crossing Pacific midnight (${m.midnight}) to ${m.before}, then to ${m.after} with a fresh budget`, async () => {
      // Four requests before midnight (at −3:30, −2:30, −1:30, −0:30), the rest after.
      const start = new Date(Date.parse(m.midnight) - 3.5 * MINUTE).toISOString();
      const { db, file, result, server } = await tickingCrawl(start);
      // The budget of 5 is spent twice over in one run: 4 units on the first day, 5 on the second.
      expect(result.budgetStop).toMatchObject({ day: m.after, spent: 5, budget: 5, resetsAt: m.reset });
      expect(result.stats.requests).toBe(9);
      expect(result.stats.units).toBe(9);
      expect(Object.fromEntries(ledgerByDay(file))).toEqual({ [m.before]: 4, [m.after]: 5 });
      expect(server.requests.map((r) => r.day)).toEqual([...Array(4).fill(m.before), ...Array(5).fill(m.after)]);
      expect(server.unitsOn(m.before)).toBe(4);
      expect(server.unitsOn(m.after)).toBe(5);
      // The ledger read at the last second of the first day and at midnight.
      expect(quotaDay(db, Date.parse(m.midnight) - 1000)).toMatchObject({ day: m.before, spent: 4, calls: 4, budget: 5, left: 1 });
      expect(quotaDay(db, Date.parse(m.midnight))).toMatchObject({ day: m.after, spent: 5, calls: 5, budget: 5, left: 0, resetsAt: m.reset });
      db.close();
    });
  }

  // The daylight-saving switches: 02:00 PST → 03:00 PDT (10:00Z) and 02:00 PDT → 01:00 PST (09:00Z).
  const SWITCHES = [
    {
      at: "2026-03-08T10:00:00Z",
      day: "2026-03-08",
      reset: "2026-03-09T07:00:00.000Z",
      start: "2026-03-08T08:00:00Z",
      end: "2026-03-09T07:00:00Z",
      // 00:00 PST, 01:59:59 PST, 03:00 PDT, 23:59:59 PDT.
      inside: ["2026-03-08T08:00:00Z", "2026-03-08T09:59:59Z", "2026-03-08T10:00:00Z", "2026-03-09T06:59:59Z"],
    },
    {
      at: "2026-11-01T09:00:00Z",
      day: "2026-11-01",
      reset: "2026-11-02T08:00:00.000Z",
      start: "2026-11-01T07:00:00Z",
      end: "2026-11-02T08:00:00Z",
      // 00:00 PDT, 01:59:59 PDT, 01:00 PST (again), 23:59:59 PST.
      inside: ["2026-11-01T07:00:00Z", "2026-11-01T08:59:59Z", "2026-11-01T09:00:00Z", "2026-11-02T07:59:59Z"],
    },
  ];
  for (const d of SWITCHES) {
    it(`should keep one quota day across the daylight-saving switch at ${d.at}, and read it from either side`, async () => {
      // Five requests, at −2:30, −1:30, −0:30, +0:30, +1:30 around the switch.
      const { db, file, result, server, nicheId } = await tickingCrawl(new Date(Date.parse(d.at) - 2.5 * MINUTE).toISOString());
      expect(result.budgetStop).toMatchObject({ day: d.day, spent: 5, budget: 5, resetsAt: d.reset });
      expect(Object.fromEntries(ledgerByDay(file))).toEqual({ [d.day]: 5 });
      expect(server.requests.map((r) => r.day)).toEqual(Array(5).fill(d.day));
      // From the day's first instant to its last, before and after the switch, the ledger reads one day.
      for (const at of d.inside) {
        expect(quotaDay(db, Date.parse(at))).toMatchObject({ day: d.day, spent: 5, calls: 5, budget: 5, left: 0, resetsAt: d.reset });
      }
      // The instants just outside the day read the neighbours, where nothing was spent.
      expect(quotaDay(db, Date.parse(d.start) - 1000)).toMatchObject({ spent: 0, resetsAt: new Date(d.start).toISOString() });
      expect(quotaDay(db, Date.parse(d.end))).toMatchObject({ spent: 0, calls: 0 });
      // The run stopped at the budget: a second run in the day's last second makes no call.
      const again = await crawlYoutube(db, nicheId, PARAMS, {
        transport: createYoutubeTransport({ key: YT_KEY, rootUrl: server.url }),
        now: () => Date.parse(d.end) - 1000,
        sleep: async () => {},
        random: () => 0.5,
        budget: 5,
      });
      expect(again.budgetStop).toMatchObject({ day: d.day, spent: 5 });
      expect(server.requests).toHaveLength(5);
      db.close();
    });
  }
});
