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

  it("should refuse CAR files and a Twitter niche's name (exit 2)", async () => {
    const car = join(tmp.dir, "repo.car");
    writeFileSync(car, "x");
    expect((await atlas(["import", "bluesky", car, "--niche", "c", "--db", db])).err).toMatch(/CAR files are not read yet/);
    const tw = join(tmp.dir, "t.jsonl");
    writeFileSync(tw, "");
    await atlas(["import", "twarc", tw, "--niche", "tw", "--db", db]);
    const r = await atlas(["import", "bluesky", tw, "--niche", "tw", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a twitter niche/);
  });
});
