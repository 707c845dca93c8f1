import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { BSKY_WORLD } from "../fakes/bluesky-world.ts";
import { buildRepoCarFile, repoContents } from "../fakes/bluesky-car.ts";
import { didDocument, FakePlcDirectory, highS, repoSigningKey } from "../fakes/bluesky-plc.ts";
import { atlas } from "../fakes/cli.ts";
import { buildJetstreamLog, expectedListenEdges } from "../fakes/jetstream-world.ts";
import { edgeSet, tempDir } from "./helpers.ts";

const LOG = buildJetstreamLog();
const ALL = new Set(LOG.map((e) => e.did));

let tmp: ReturnType<typeof tempDir>;
let db: string;
let plc: FakePlcDirectory | null = null;
beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
});
afterEach(async () => {
  await plc?.close();
  plc = null;
  tmp.cleanup();
});

/** The account's follows in the world, as edge strings (what a CAR of its repository must give). */
const worldFollows = (did: string): string[] =>
  [...new Set(BSKY_WORLD.follows.filter(([a, b]) => a === did && b !== did).map(([, b]) => `${did}>${b}:follows*1`))].sort();
const followsOnly = (edges: string[]): string[] => edges.filter((e) => e.includes(":follows*"));
const nicheCount = (): number => {
  const c = new Database(db, { readonly: true });
  try {
    return c.prepare("SELECT count(*) FROM niches").pluck().get() as number;
  } finally {
    c.close();
  }
};

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
    expect(r.out).toMatch(new RegExp(`${LOG.length} events .*of other collections\\), \\d+ new edges, \\d+ removed, 1 unfollows of follows never seen; 2 malformed lines \\(line 11, 21\\)`));
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

  it("should refuse a CAR whose block does not match its CID, naming the file and the block's position (exit 2, nothing imported)", async () => {
    const contents = repoContents(BSKY_WORLD, 31);
    const key = [...contents.records.keys()].filter((k) => k.startsWith("app.bsky.graph.follow/")).sort()[2];
    const other = BSKY_WORLD.actors.find((a) => a.did !== contents.did && !contents.records.get(key)!.subject!.toString().includes(a.did))!.did;
    const car = await buildRepoCarFile(contents, { altered: new Map([[key, { ...contents.records.get(key)!, subject: other }]]) });
    const position = car.blocks.findIndex((b) => b.key === key) + 1;
    expect(position).toBeGreaterThan(0);
    const file = join(tmp.dir, "corrupt.car");
    writeFileSync(file, car.bytes);
    const r = await atlas(["import", "bluesky", file, "--niche", "bad", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(new RegExp(`corrupt\\.car: not a repository CAR file \\(block ${position} \\(${car.blocks[position - 1].cid}\\) does not match its CID.*nothing was imported`));
    expect(nicheCount()).toBe(0);
    // The same repository unaltered imports, each of its blocks checked.
    const good = await buildRepoCarFile(contents);
    writeFileSync(file, good.bytes);
    const ok = await atlas(["import", "bluesky", file, "--niche", "bad", "--db", db]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(new RegExp(`; ${good.blocks.length} blocks match their CIDs, signature not checked`));
    expect(followsOnly(edgeSet(db, "bad"))).toEqual(worldFollows(contents.did));
  });

  it("should verify the commit's signature with the key of the account's DID document (--plc-url), and refuse a re-signed, altered or high-S one", async () => {
    const k1 = repoSigningKey("secp256k1");
    const p256 = repoSigningKey("p256");
    const a = repoContents(BSKY_WORLD, 32);
    const b = repoContents(BSKY_WORLD, 33);
    plc = new FakePlcDirectory(new Map([[a.did, didDocument(a.did, k1)], [b.did, didDocument(b.did, p256)]]));
    const plcUrl = await plc.start();
    const write = (name: string, bytes: Uint8Array): string => (writeFileSync(join(tmp.dir, name), bytes), join(tmp.dir, name));
    const signedA = await buildRepoCarFile(a, { sign: k1.sign });
    const signedB = await buildRepoCarFile(b, { sign: p256.sign });
    const r = await atlas(["import", "bluesky", write("a.car", signedA.bytes), write("b.car", signedB.bytes), "--niche", "signed", "--plc-url", plcUrl, "--db", db]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`signature verified (key ${k1.multibase})`);
    expect(r.out).toContain(`signature verified (key ${p256.multibase})`);
    expect(plc.requests.map((q) => q.key).sort()).toEqual([a.did, b.did].sort());
    expect(followsOnly(edgeSet(db, "signed"))).toEqual([...worldFollows(a.did), ...worldFollows(b.did)].sort());

    // One follow's subject changed, every CID right, the original signature kept: refused.
    const key = [...a.records.keys()].find((k) => k.startsWith("app.bsky.graph.follow/"))!;
    const forged = new Map(a.records).set(key, { ...a.records.get(key)!, subject: BSKY_WORLD.actors[0].did });
    const cases: [string, Uint8Array][] = [
      ["altered.car", (await buildRepoCarFile({ did: a.did, records: forged }, { sig: signedA.sig })).bytes],
      ["other-key.car", (await buildRepoCarFile(a, { sign: repoSigningKey("secp256k1").sign })).bytes],
      ["high-s.car", (await buildRepoCarFile(a, { sig: highS("secp256k1", signedA.sig) })).bytes],
      ["unsigned.car", (await buildRepoCarFile(a)).bytes],
    ];
    for (const [name, bytes] of cases) {
      const bad = await atlas(["import", "bluesky", write(name, bytes), "--niche", `x-${name}`, "--plc-url", plcUrl, "--db", db]);
      expect(bad.code, name).toBe(2);
      expect(bad.err.trim().split("\n"), name).toHaveLength(1);
      expect(bad.err, name).toMatch(new RegExp(`${name.replace(".", "\\.")}: the commit's signature does not verify with ${a.did}'s signing key \\(secp256k1 ${k1.multibase} from .*nothing was imported`));
      expect(edgeSet(db, `x-${name}`), name).toEqual([]);
    }
    // BLUESKY_PLC_URL asks for the check as --plc-url does.
    const viaEnv = await atlas(["import", "bluesky", join(tmp.dir, "altered.car"), "--niche", "env", "--db", db], { BLUESKY_PLC_URL: plcUrl });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.err).toMatch(/altered\.car: the commit's signature does not verify/);
    // Unsigned, the same altered file is imported when no check is asked for.
    const plain = await atlas(["import", "bluesky", join(tmp.dir, "altered.car"), "--niche", "plain", "--db", db]);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/signature not checked/);
  });

  it("should say which DID document it could not get (exit 1, nothing imported)", async () => {
    plc = new FakePlcDirectory(new Map());
    const plcUrl = await plc.start();
    const a = repoContents(BSKY_WORLD, 34);
    const file = join(tmp.dir, "a.car");
    writeFileSync(file, (await buildRepoCarFile(a, { sign: repoSigningKey("p256").sign })).bytes);
    const r = await atlas(["import", "bluesky", file, "--niche", "n", "--plc-url", plcUrl, "--db", db]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`a\\.car: cannot get the signing key of ${a.did}: GET ${plcUrl.replace(/\/$/, "")}/${a.did}: HTTP 404; nothing was imported`));
    expect(nicheCount()).toBe(0);
  });

  it("should show an imported niche as imported in atlas status", async () => {
    const file = join(tmp.dir, "events.jsonl");
    writeFileSync(file, LOG.slice(0, 50).map((e) => JSON.stringify(e.json)).join("\n"));
    await atlas(["import", "bluesky", file, "--niche", "imp", "--db", db]);
    const s = await atlas(["status", "--db", db]);
    expect(s.out).toMatch(/imp \(bluesky, imported; updated/);
  });
});
