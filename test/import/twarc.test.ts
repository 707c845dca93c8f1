import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importTwarc } from "../../src/collect/twitter/twarc.ts";
import { openStore } from "../../src/store/index.ts";
import { atlas } from "../fakes/cli.ts";
import { edgeSet, tempDir } from "../collect/helpers.ts";

const DIR = "data/fixtures/twarc";
const FILES = readdirSync(DIR).filter((f) => /\.jsonl?$/.test(f)).sort();
const AT = "2026-01-01T00:00:00.000Z";

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
});
afterEach(() => tmp.cleanup());

/**
 * Count straight from the raw JSON: data tweets referencing (`type`) a tweet of
 * another, known author; for replies, also those with only `in_reply_to_user_id`.
 */
function countReferences(file: string, type: string): number {
  let n = 0;
  for (const line of readFileSync(join(DIR, file), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const page = JSON.parse(line);
    const authors = new Map<string, string>((page.includes?.tweets ?? []).map((t: { id: string; author_id: string }) => [t.id, t.author_id]));
    for (const t of page.data ?? []) {
      for (const r of t.referenced_tweets ?? []) {
        const a = authors.get(r.id) ?? (type === "replied_to" ? t.in_reply_to_user_id : undefined);
        if (r.type === type && a !== undefined && a !== t.author_id) n++;
      }
      const noRef = !(t.referenced_tweets ?? []).some((r: { type: string }) => r.type === "replied_to");
      if (type === "replied_to" && noRef && t.in_reply_to_user_id && t.in_reply_to_user_id !== t.author_id) n++;
    }
  }
  return n;
}

function evidence(dbFile: string, niche: string): Record<string, number> {
  const conn = new Database(dbFile, { readonly: true });
  const rows = conn
    .prepare("SELECT kind, count(*) AS c FROM edge_evidence v JOIN niches n ON n.id = v.niche_id WHERE n.name = ? GROUP BY kind")
    .all(niche) as { kind: string; c: number }[];
  conn.close();
  return Object.fromEntries(rows.map((r) => [r.kind, r.c]));
}

describe("atlas import twarc", () => {
  it("should import every archive file, reporting the malformed line and the lines without tweets", async () => {
    expect(FILES).toHaveLength(28);
    const summaries: string[] = [];
    for (const f of FILES) {
      const r = await atlas(["import", "twarc", join(DIR, f), "--niche", f, "--db", db]);
      expect(r.code).toBe(0);
      summaries.push(r.out + r.err);
    }
    const all = summaries.join("");
    expect(all).toMatch(/streaming_output_with_error\.jsonl:8: not valid JSON \(.*\); the line was skipped, 7 others imported\./);
    expect(all).toMatch(/streaming_output_with_error\.jsonl: 8 lines, 7 imported \(7 tweets, 0 users\).*1 malformed \(line 8\)/);
    expect(all).toMatch(/empty\.json: 0 lines, 0 imported/);
    expect(all).toMatch(/counts\.jsonl: 1 lines, 0 imported .*1 without tweets or users \(tweet counts\)/);
    expect(all).toMatch(/users\.jsonl: 1 lines, 1 imported \(0 tweets, 96 users\)/);
    const conn = new Database(db, { readonly: true });
    // data/README: "Over all files there are 1109 unique tweets."
    expect(conn.prepare("SELECT count(DISTINCT post_id) FROM niche_posts").pluck().get()).toBe(1109);
    const perNiche = Object.fromEntries(
      (conn.prepare("SELECT n.name, count(*) AS c FROM niche_posts p JOIN niches n ON n.id = p.niche_id GROUP BY n.name").all() as { name: string; c: number }[]).map((r) => [r.name, r.c]),
    );
    conn.close();
    // Tweet counts of data/README's table.
    expect(perNiche).toMatchObject({ "entities_test.jsonl": 474, "2sets.jsonl": 200, "brexit.jsonl": 100, "kpop.jsonl": 100, "withheld.jsonl": 215, "flat.jsonl": 100, "noflat.jsonl": 100 });
  });

  it("should make one retweet, reply and quote edge per tweet referencing another author", async () => {
    const store = openStore(db);
    await importTwarc(store, join(DIR, "entities_test.jsonl"), { niche: "e", at: AT });
    store.close();
    const counts = evidence(db, "e");
    expect(counts.retweets).toBe(countReferences("entities_test.jsonl", "retweeted"));
    expect(counts.replies).toBe(countReferences("entities_test.jsonl", "replied_to"));
    expect(counts.quotes).toBe(countReferences("entities_test.jsonl", "quoted"));
    // data/README: 314 RT, 84 reply, 12 quote tweets; a few are self-references or lack the referenced author.
    expect(counts.retweets).toBeLessThanOrEqual(314);
    expect(counts.retweets).toBeGreaterThan(300);
  });

  it("should give the same graph from the flattened and the unflattened form of the same tweets", async () => {
    const store = openStore(db);
    await importTwarc(store, join(DIR, "flat.jsonl"), { niche: "flat", at: AT });
    await importTwarc(store, join(DIR, "noflat.jsonl"), { niche: "noflat", at: AT });
    store.close();
    expect(edgeSet(db, "flat").length).toBeGreaterThan(90);
    expect(edgeSet(db, "flat")).toEqual(edgeSet(db, "noflat"));
  });

  it("should resolve mentions without an id through includes.users", async () => {
    const store = openStore(db);
    // The older capture: entities.mentions[] have only `username`.
    const report = await importTwarc(store, join(DIR, "noflat.jsonl"), { niche: "n", at: AT });
    store.close();
    const raw = JSON.parse(readFileSync(join(DIR, "noflat.jsonl"), "utf8"));
    expect(raw.data.flatMap((t: { entities?: { mentions?: { id?: string }[] } }) => t.entities?.mentions ?? []).every((m: { id?: string }) => m.id === undefined)).toBe(true);
    expect(evidence(db, "n").mentions).toBeGreaterThan(0);
    expect(report.unresolvedMentions).toBeLessThan(5);
  });

  it("should record the single retweet of two_tweets.jsonl exactly", async () => {
    const r = await atlas(["import", "twarc", join(DIR, "two_tweets.jsonl"), "--niche", "t", "--db", db]);
    expect(r.code).toBe(0);
    // "RT @bibaigna96: #POIUYTREWQ" by LachiVeronica (1379899464345923590) of bibaigna96's (1380086327023169540) tweet.
    expect(edgeSet(db, "t")).toEqual(["1379899464345923590>1380086327023169540:retweets*1"]);
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare("SELECT hashtags FROM posts WHERE id = '1394735776701816833'").pluck().get()).toBe('["POIUYTREWQ"]');
    conn.close();
  });

  it("should read gzipped archives and add nothing when a file is imported again", async () => {
    const gz = join(tmp.dir, "brexit.jsonl.gz");
    writeFileSync(gz, gzipSync(readFileSync(join(DIR, "brexit.jsonl"))));
    copyFileSync(join(DIR, "brexit.jsonl"), join(tmp.dir, "plain.jsonl"));
    const first = await atlas(["import", "twarc", gz, "--niche", "b", "--db", db]);
    expect(first.out).toMatch(/1 lines, 1 imported \(100 tweets, 0 users\), \d+ new edges/);
    const edges = edgeSet(db, "b");
    const again = await atlas(["import", "twarc", gz, "--niche", "b", "--db", db]);
    expect(again.out).toMatch(/0 imported .*1 lines already imported/);
    // The same lines under another name: re-counted as pages, but no tweet counts twice.
    await atlas(["import", "twarc", join(tmp.dir, "plain.jsonl"), "--niche", "b", "--db", db]);
    expect(edgeSet(db, "b")).toEqual(edges);
  });

  it("should refuse a missing file", async () => {
    const r = await atlas(["import", "twarc", join(tmp.dir, "nope.jsonl"), "--niche", "x", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read ".*nope\.jsonl": no such file/);
  });
});

describe("atlas export", () => {
  it("should write an imported niche in the engine's formats with prefixed keys and profile attributes", async () => {
    await atlas(["import", "twarc", join(DIR, "brexit.jsonl"), "--niche", "b", "--db", db]);
    const out = join(tmp.dir, "b.json");
    const r = await atlas(["export", "--niche", "b", "--kinds", "retweets,quotes", "--db", db, "--out", out]);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(out, "utf8"));
    const kinds = new Set(json.edges.map((e: { attributes: { kind: string } }) => e.attributes.kind));
    expect([...kinds].every((k) => k === "retweets" || k === "quotes")).toBe(true);
    expect(json.nodes.every((n: { key: string }) => /^tw:\d+$/.test(n.key))).toBe(true);
    const withHandle = json.nodes.find((n: { attributes: { handle?: string } }) => n.attributes.handle);
    expect(Object.keys(withHandle.attributes)).toEqual(expect.arrayContaining(["label", "handle", "followers"]));
    const csv = join(tmp.dir, "b.csv");
    expect((await atlas(["export", "--niche", "b", "--db", db, "--out", csv])).out).toMatch(/b\.csv, .*b\.nodes\.csv/);
    const missing = await atlas(["export", "--niche", "zzz", "--db", db, "--out", csv]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no niche "zzz" in the store \(it has: b\)/);
  });
});
