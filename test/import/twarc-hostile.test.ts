/**
 * `atlas import twarc` on valid JSON of unexpected types and on a truncated
 * gzip: each bad line is reported by number and skipped, the good lines are
 * imported, and a broken `.gz` ends with a one-line error naming the line
 * reached, keeping what was imported before it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atlas } from "../fakes/cli.ts";
import { tempDir } from "../collect/helpers.ts";

const GOOD = readFileSync("data/fixtures/twarc/two_tweets.jsonl", "utf8").trim().split("\n");
const user = { id: "10", username: "alice", name: "Alice" };
const tweet = { id: "1", text: "hi @bob", author_id: "10", created_at: "2026-01-01T00:00:00.000Z" };

/** Lines of valid JSON whose fields have types the v2 API never sends. */
const HOSTILE = [
  { data: [{ ...tweet, entities: { hashtags: 5 } }], includes: { users: [user] } },
  { data: [null] },
  { data: [{ ...tweet, entities: { mentions: "bob" } }], includes: { users: [user] } },
  { data: [{ id: "11", username: 12345, name: "N" }] },
  { data: [{ ...tweet, id: { x: 1 } }], includes: { users: [user] } },
  { data: [{ ...tweet, referenced_tweets: [null] }], includes: { users: [user] } },
  { data: [{ ...tweet, author_id: ["10"] }], includes: { users: [user] } },
  { data: [{ id: "12", username: "u", name: { first: "a" } }] },
].map((j) => JSON.stringify(j));

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
});
afterEach(() => tmp.cleanup());

function count(sql: string): number {
  const conn = new Database(db, { readonly: true });
  const n = (conn.prepare(sql).pluck().get() as number) ?? 0;
  conn.close();
  return n;
}

describe("atlas import twarc: hostile lines", () => {
  it("should report each line of unexpected types by number, skip it, and import the good ones", async () => {
    const file = join(tmp.dir, "hostile.jsonl");
    writeFileSync(file, [GOOD[0], ...HOSTILE, GOOD[1] ?? GOOD[0]].join("\n") + "\n");
    const r = await atlas(["import", "twarc", file, "--niche", "h", "--db", db]);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.code).toBe(0);
    // The first good line (its page) is in the store whatever the hostile lines did.
    expect(count("SELECT count(*) FROM pages")).toBeGreaterThanOrEqual(1);
    const reported = [...r.err.matchAll(/hostile\.jsonl:(\d+): /g)].map((m) => Number(m[1]));
    // Lines 2..9 are the hostile ones; each one the import could not take is named, none twice.
    expect(new Set(reported).size).toBe(reported.length);
    for (const line of reported) expect(line).toBeGreaterThanOrEqual(2);
    for (const line of reported) expect(line).toBeLessThanOrEqual(HOSTILE.length + 1);
    // hashtags as a number, `data: [null]`, mentions as a string, `referenced_tweets: [null]` cannot be read.
    for (const line of [2, 3, 4, 7]) expect(reported).toContain(line);
    // What was imported has text ids and handles only.
    expect(count("SELECT count(*) FROM accounts WHERE typeof(id) <> 'text' OR (handle IS NOT NULL AND typeof(handle) <> 'text')")).toBe(0);
    expect(count("SELECT count(*) FROM posts WHERE typeof(id) <> 'text' OR (author_id IS NOT NULL AND typeof(author_id) <> 'text')")).toBe(0);
  });

  it("should end a truncated .jsonl.gz with one line naming the line reached, keeping the lines before", async () => {
    const whole = gzipSync(Buffer.from(Array.from({ length: 200 }, () => GOOD[0]).join("\n") + "\n"));
    const file = join(tmp.dir, "cut.jsonl.gz");
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = await atlas(["import", "twarc", file, "--niche", "c", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err.trim().split("\n").at(-1)).toMatch(/cut\.jsonl\.gz:\d+: .*(truncated|corrupt).*/);
    expect(count("SELECT count(*) FROM niches WHERE name = 'c'")).toBe(1);
  });
});
