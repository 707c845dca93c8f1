import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atlas, spawnAtlas } from "../fakes/cli.ts";
import { FakeJetstream, type FakeJetstreamOptions } from "../fakes/jetstream-server.ts";
import { BSKY_WORLD } from "../fakes/bluesky-world.ts";
import { buildJetstreamLog, expectedListenEdges, LISTENED, type LoggedEvent } from "../fakes/jetstream-world.ts";
import { edgeSet, tempDir } from "./helpers.ts";

const LOG = buildJetstreamLog();
const WANTED = new Set(["app.bsky.feed.post", "app.bsky.feed.repost", "app.bsky.feed.like", "app.bsky.graph.follow"]);
/** What the server sends a subscriber of LISTENED from `cursor`. */
const served = (cursor: number | null): LoggedEvent[] =>
  LOG.filter((e) => LISTENED.includes(e.did) && (e.collection === null || WANTED.has(e.collection)) && (cursor === null || e.time_us >= cursor));
const LAST = served(null).at(-1)!.time_us;
const EXPECTED = expectedListenEdges(LOG, new Set(LISTENED));

let tmp: ReturnType<typeof tempDir>;
let db: string;
let js: FakeJetstream | null = null;
beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
});
afterEach(async () => {
  await js?.close();
  js = null;
  tmp.cleanup();
});

async function serveJetstream(options: FakeJetstreamOptions = {}): Promise<string> {
  js = new FakeJetstream(LOG.map((e) => e.json) as never, options);
  return js.start();
}

const ARGS = ["listen", "bluesky", "--niche", "live", "--seeds", LISTENED.join(","), "--until", String(LAST)];

function one<T>(sql: string, ...args: unknown[]): T {
  const c = new Database(db, { readonly: true });
  try {
    return c.prepare(sql).get(...args) as T;
  } finally {
    c.close();
  }
}

describe("atlas listen bluesky", () => {
  it("should turn the stream's events into exactly the edges they mean, deletes and edits applied, through a server-side disconnect", async () => {
    for (const kind of ["follows", "replies", "quotes", "mentions", "reposts", "likes"]) expect(EXPECTED.some((e) => e.includes(`:${kind}*`))).toBe(true);
    expect(served(null).filter((e) => e.op === "delete").length).toBeGreaterThan(20);
    const url = await serveJetstream({ dropAfter: { 0: 400 }, garbageAfter: 50 });
    const r = await atlas([...ARGS, "--db", db], { BLUESKY_JETSTREAM_URL: url });
    expect(r.code).toBe(0);
    expect(edgeSet(db, "live")).toEqual(EXPECTED);
    // The subscription: the niche's DIDs and the four collections; the reconnection rewound the stored cursor 5 s.
    expect(js!.connections.length).toBe(2);
    expect(js!.connections[0]).toMatchObject({ cursor: null, wantedDids: [...LISTENED].sort() });
    expect(js!.connections[0].wantedCollections.sort()).toEqual([...WANTED].sort());
    const replayed = js!.connections[1].cursor!;
    expect(replayed).toBeLessThan(served(null)[399].time_us);
    expect(r.err).toMatch(/closed \(1006\); reconnecting/);
    expect(r.err).toMatch(/skipped a message: a message that is not JSON/);
    expect(r.out).toMatch(/\d+ already seen, 1 malformed/);
    expect(r.out).toMatch(/1 unfollows of follows never seen/);
    // No evidence counted twice; the cursor is the last event's.
    expect(one<{ n: number }>("SELECT count(*) AS n FROM edge_evidence").n).toBe(one<{ w: number }>("SELECT sum(weight) AS w FROM edges WHERE evidenced = 1").w);
    expect(one<{ cursor: number }>("SELECT cursor FROM jetstream_cursors").cursor).toBe(LAST);
    // Identity and account events.
    expect(one<{ handle: string }>("SELECT handle FROM accounts WHERE id = ?", LISTENED[5]).handle).toBe("renamed.bsky.social");
    expect(one<{ reason: string }>("SELECT reason FROM account_issues WHERE ref = ?", LISTENED[6]).reason).toBe("deactivated");
  });

  it("should resume after two SIGKILLs and a dropped connection from the stored cursor: every event applied once", async () => {
    let killAt = 0;
    let kill: (() => void) | null = null;
    const url = await serveJetstream({ burst: 5, pauseMs: 5, dropAfter: { 2: 150 }, onSent: (n) => (n === killAt ? kill?.() : undefined) });
    const env = { BLUESKY_JETSTREAM_URL: url };
    for (const at of [250, 700]) {
      const run = spawnAtlas([...ARGS, "--batch-size", "40", "--db", db], env);
      killAt = at;
      kill = () => run.child.kill("SIGKILL");
      const result = await run.done;
      expect(result.signal).toBe("SIGKILL");
      kill = null;
    }
    const cursorAfterKills = one<{ cursor: number } | undefined>("SELECT cursor FROM jetstream_cursors")?.cursor;
    expect(cursorAfterKills).toBeGreaterThan(0);
    const final = await spawnAtlas([...ARGS, "--batch-size", "40", "--db", db], env).done;
    expect(final.code).toBe(0);
    expect(edgeSet(db, "live")).toEqual(EXPECTED);
    // Each run after the first asked for the stored cursor rewound 5 s.
    expect(js!.connections.length).toBe(4);
    expect(js!.connections[2].cursor).toBe(cursorAfterKills! - 5_000_000);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM edge_evidence").n).toBe(one<{ w: number }>("SELECT sum(weight) AS w FROM edges WHERE evidenced = 1").w);
    const records = one<{ n: number }>("SELECT count(*) AS n FROM bsky_records").n;
    const distinct = new Set(served(null).filter((e) => e.collection !== null).map((e) => `${e.did}/${e.collection}/${e.rkey}`)).size;
    expect(records).toBe(distinct);
    console.log(`bluesky listen resume: ${served(null).length} events, ${js!.sentTotal} sent over ${js!.connections.length} connections (2 SIGKILLs, 1 drop)`);
  });

  it("should reconnect to a server restarted on the same port from its stored cursor rewound 5 s: exactly the events' edges, none counted twice", async () => {
    let restarted: Promise<void> | null = null;
    let second: FakeJetstream | null = null;
    let storedAtReconnect: number | null = null;
    let retainedFrom = 0;
    const first = new FakeJetstream(LOG.map((e) => e.json) as never, { burst: 5, pauseMs: 5, onSent: (n) => (n === 600 ? (restarted = restart()) : undefined) });
    js = first;
    const url = await first.start();
    const port = Number(new URL(url).port);
    const restart = async (): Promise<void> => {
      await first.close();
      await new Promise((resolve) => setTimeout(resolve, 200)); // down for a while: connections are refused
      // The new server holds the log from 100 events before the last one sent (its retention), and serves it from the cursor asked.
      retainedFrom = served(null)[599 - 100].time_us;
      second = new FakeJetstream(LOG.filter((e) => e.time_us >= retainedFrom).map((e) => e.json) as never, {
        onConnect: () => (storedAtReconnect ??= one<{ cursor: number }>("SELECT cursor FROM jetstream_cursors").cursor),
      });
      js = second;
      await second.start(port);
    };
    const r = await atlas([...ARGS, "--batch-size", "40", "--retry-base", "20", "--db", db], { BLUESKY_JETSTREAM_URL: url });
    await restarted;
    expect(r.code).toBe(0);
    expect(first.connections).toHaveLength(1);
    expect(r.err).toMatch(/closed \(1006\); reconnecting/);
    expect(r.err).toMatch(/connection error \(.*ECONNREFUSED.*\); reconnecting/);
    const refused = r.err.split("\n").filter((l) => l.includes("ECONNREFUSED")).length;
    console.log(`bluesky listen restart: ${first.sentTotal} events sent before the restart, ${refused} connections refused while down, ${second!.sentTotal} sent by the new server`);
    expect(second!.connections.length).toBeGreaterThanOrEqual(1);
    // It asked the new server for the cursor it had stored, rewound 5 s (before the new server's retention: it sends what it has).
    expect(storedAtReconnect).toBeGreaterThanOrEqual(retainedFrom);
    expect(second!.connections[0].cursor).toBe(storedAtReconnect! - 5_000_000);
    expect(second!.connections[0].wantedDids.sort()).toEqual([...LISTENED].sort());
    expect(r.out).toMatch(/[1-9]\d* already seen/);
    expect(edgeSet(db, "live")).toEqual(EXPECTED);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM edge_evidence").n).toBe(one<{ w: number }>("SELECT sum(weight) AS w FROM edges WHERE evidenced = 1").w);
    const distinct = new Set(served(null).filter((e) => e.collection !== null).map((e) => `${e.did}/${e.collection}/${e.rkey}`)).size;
    expect(one<{ n: number }>("SELECT count(*) AS n FROM bsky_records").n).toBe(distinct);
    expect(one<{ cursor: number }>("SELECT cursor FROM jetstream_cursors").cursor).toBe(LAST);
  });

  it("should send more than 100 DIDs in an options_update message, and show the listen in atlas status", async () => {
    const many = BSKY_WORLD.actors.slice(0, 120).map((a) => a.did);
    const wanted = LOG.filter((e) => many.includes(e.did) && (e.collection === null || WANTED.has(e.collection)));
    const url = await serveJetstream();
    const r = await atlas(["listen", "bluesky", "--niche", "many", "--seeds", many.join(","), "--until", String(wanted.at(-1)!.time_us), "--db", db], { BLUESKY_JETSTREAM_URL: url });
    expect(r.code).toBe(0);
    expect(js!.connections).toHaveLength(1);
    expect(js!.connections[0].wantedDids.sort()).toEqual([...many].sort());
    expect(edgeSet(db, "many")).toEqual(expectedListenEdges(LOG, new Set(many)));
    const s = await atlas(["status", "--db", db]);
    expect(s.out).toMatch(/\nmany \(bluesky, listened to; updated /);
    expect(s.out).toMatch(new RegExp(`listen: ${wanted.length} Jetstream events applied, cursor ${wanted.at(-1)!.time_us} \\(2026-`));
  });

  it("should stop cleanly on Ctrl-C (SIGINT): exit 0, what arrived committed with its cursor", async () => {
    let interrupt: (() => void) | null = null;
    const url = await serveJetstream({ burst: 5, pauseMs: 5, onSent: (n) => (n === 300 ? interrupt?.() : undefined) });
    const run = spawnAtlas(["listen", "bluesky", "--niche", "live", "--seeds", LISTENED.join(","), "--db", db], { BLUESKY_JETSTREAM_URL: url });
    interrupt = () => run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/niche live: \d+ events .* applied/);
    const stored = one<{ cursor: number; events: number }>("SELECT cursor, events FROM jetstream_cursors");
    expect(stored.events).toBeGreaterThan(0);
    // The cursor is the time of the last event committed, one the server sent.
    expect(served(null).some((e) => e.time_us === stored.cursor)).toBe(true);
  });

  it("should refuse handles as seeds and a new niche without seeds (exit 2)", async () => {
    expect((await atlas(["listen", "bluesky", "--niche", "x", "--seeds", "alice.bsky.social", "--db", db])).err).toMatch(/--seeds takes DIDs/);
    const r = await atlas(["listen", "bluesky", "--niche", "x", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/niche "x" is new/);
  });
});
