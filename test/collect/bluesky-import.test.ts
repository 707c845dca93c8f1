import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atlas } from "../fakes/cli.ts";
import { buildJetstreamLog, expectedListenEdges } from "../fakes/jetstream-world.ts";
import { edgeSet, tempDir } from "./helpers.ts";

const LOG = buildJetstreamLog();
const ALL = new Set(LOG.map((e) => e.did));

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
});
afterEach(() => tmp.cleanup());

describe("atlas import bluesky", () => {
  it("should import Jetstream lines into exactly the edges they mean, report malformed lines by number, and add nothing the second time", async () => {
    const lines = LOG.map((e) => JSON.stringify(e.json));
    lines.splice(10, 0, "{truncated");
    lines.splice(20, 0, JSON.stringify({ did: "did:plc:x", kind: "commit", commit: {} }));
    const file = join(tmp.dir, "events.jsonl");
    writeFileSync(file, lines.join("\n") + "\n");
    const r = await atlas(["import", "bluesky", file, "--niche", "imp", "--db", db]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/events\.jsonl:11: not valid JSON/);
    expect(r.err).toMatch(/events\.jsonl:21: not a Jetstream event \(no integer time_us\)/);
    const expected = expectedListenEdges(LOG, ALL);
    expect(expected.length).toBeGreaterThan(1000);
    expect(edgeSet(db, "imp")).toEqual(expected);
    expect(r.out).toMatch(new RegExp(`${LOG.length} events .*of other collections\\), \\d+ new edges, \\d+ removed; 2 malformed lines \\(line 11, 21\\)`));
    const again = await atlas(["import", "bluesky", file, "--niche", "imp", "--db", db]);
    // Only the identity and account events apply again (they set a handle and a status: idempotent).
    expect(again.out).toMatch(/\(2 applied, \d+ already seen.*, 0 new edges, 0 removed/);
    expect(edgeSet(db, "imp")).toEqual(expected);
  });

  it("should read .gz files, and give the same edges for a log split in two files", async () => {
    const half = Math.floor(LOG.length / 2);
    const a = join(tmp.dir, "a.jsonl.gz");
    const b = join(tmp.dir, "b.jsonl");
    writeFileSync(a, gzipSync(LOG.slice(0, half).map((e) => JSON.stringify(e.json)).join("\n")));
    writeFileSync(b, LOG.slice(half).map((e) => JSON.stringify(e.json)).join("\n"));
    expect((await atlas(["import", "bluesky", a, b, "--niche", "split", "--db", db])).code).toBe(0);
    expect(edgeSet(db, "split")).toEqual(expectedListenEdges(LOG, ALL));
  });

  it("should refuse a Twitter niche's name (exit 2)", async () => {
    const tw = join(tmp.dir, "t.jsonl");
    writeFileSync(tw, "");
    await atlas(["import", "twarc", tw, "--niche", "tw", "--db", db]);
    const r = await atlas(["import", "bluesky", tw, "--niche", "tw", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a twitter niche/);
  });
});

describe("atlas import bluesky (repository CAR)", () => {
  it("should read one account's follows, posts, reposts and likes from its repository, once", async () => {
    const { BSKY_WORLD } = await import("../fakes/bluesky-world.ts");
    const { buildRepoCar, repoContents } = await import("../fakes/bluesky-car.ts");
    const contents = repoContents(BSKY_WORLD, 30);
    const file = join(tmp.dir, "repo.car");
    writeFileSync(file, await buildRepoCar(contents));
    // Expected, from the world: its follows, its posts' replies/quotes/mentions, its reposts, the three likes.
    const did = contents.did;
    const author = (uri: string): string => uri.slice(5, uri.indexOf("/", 5));
    const w = new Map<string, number>();
    const add = (t: string, kind: string, weight = true): void => {
      if (t === did) return;
      const k = `${did}>${t}:${kind}`;
      w.set(k, weight ? (w.get(k) ?? 0) + 1 : 1);
    };
    for (const [a, b] of BSKY_WORLD.follows) if (a === did) add(b, "follows", false);
    for (const p of BSKY_WORLD.posts) {
      if (p.author !== did) continue;
      if (p.replyTo) add(author(p.replyTo), "replies");
      if (p.quoteOf) add(author(p.quoteOf), "quotes");
      for (const m of new Set(p.mentions)) add(m, "mentions");
    }
    for (const r of BSKY_WORLD.reposts) if (r.by === did) add(author(r.subject), "reposts");
    for (const p of BSKY_WORLD.posts.filter((x) => x.author !== did).slice(0, 3)) add(p.author, "likes");
    const expected = [...w].map(([k, n]) => `${k}*${n}`).sort();
    expect(expected.some((e) => e.includes(":likes*"))).toBe(true);
    const r = await atlas(["import", "bluesky", file, "--niche", "car", "--db", db]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`repository of ${did}: ${contents.records.size} records \\(${contents.records.size - 1} applied, 0 already seen, 1 of other collections\\)`));
    expect(edgeSet(db, "car")).toEqual(expected);
    const again = await atlas(["import", "bluesky", file, "--niche", "car", "--db", db]);
    expect(again.out).toMatch(/\(0 applied, \d+ already seen, 1 of other collections\), 0 new edges/);
    expect(edgeSet(db, "car")).toEqual(expected);
  });

  it("should refuse a file that is not a repository CAR with one line (exit 2)", async () => {
    const bad = join(tmp.dir, "bad.car");
    writeFileSync(bad, "not a car at all");
    const r = await atlas(["import", "bluesky", bad, "--niche", "car", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.car: not a repository CAR file .*nothing was imported/);
  });
});
