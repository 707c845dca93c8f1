/**
 * `atlas import ytdt`: an edge weight is stored as a weight (not as that many
 * rows), and a failed import leaves the store as it was.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atlas } from "../fakes/cli.ts";
import { ch, IDS } from "../fakes/youtube-world.ts";
import { edgeSet, tempDir } from "./helpers.ts";

const { A, B } = IDS;
const C = ch("carol");

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => void (tmp = tempDir()));
afterEach(() => tmp.cleanup());

function channelNet(file: string, weights: [string, string, string][]): string {
  const path = join(tmp.dir, file);
  writeFileSync(
    path,
    "nodedef>name VARCHAR,label VARCHAR,isSeed VARCHAR\n" +
      `${A},Alice Science,yes\n${B},Bob Builds,no\n${C},Carol Chem,no\n` +
      "edgedef>node1 VARCHAR,node2 VARCHAR,weight DOUBLE\n" +
      weights.map((w) => w.join(",")).join("\n") +
      "\n",
  );
  return path;
}

/** Every table's row count, to compare a store before and after. */
function tableCounts(dbFile: string): Record<string, number> {
  const db = new Database(dbFile, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

/** Every row of every table (by rowid where there is one), to compare a store before and after exactly. */
function storeDump(dbFile: string): Record<string, unknown[]> {
  const db = new Database(dbFile, { readonly: true });
  try {
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
    return Object.fromEntries(
      tables.map(({ name, sql }) => {
        const order = /WITHOUT ROWID/i.test(sql) ? "" : " ORDER BY rowid";
        return [name, db.prepare(`SELECT * FROM "${name}"${order}`).all()];
      }),
    );
  } finally {
    db.close();
  }
}

function niches(dbFile: string): { name: string; updated_at: string }[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare("SELECT name, updated_at FROM niches ORDER BY name").all() as { name: string; updated_at: string }[];
  } finally {
    db.close();
  }
}

describe("atlas import ytdt (weights)", () => {
  it("should store a weight of a million as one weighted edge, not a million rows", async () => {
    const gdf = channelNet("channelnet_heavy.gdf", [[A, B, "1e6"], [B, A, "2"], [A, C, "1"]]);
    const db = join(tmp.dir, "w.db");
    const r = await atlas(["import", "ytdt", gdf, "--niche", "net", "--db", db]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/channel network, 3 channels, 3 new edges/);
    expect(edgeSet(db, "net")).toEqual([`${A}>${B}:links*1000000`, `${A}>${C}:links*1`, `${B}>${A}:links*2`].sort());
    // One evidence row per edge of the file, whatever its weight.
    expect(tableCounts(db).edge_evidence).toBe(3);
    // One row per edge in the edge table too (the weight is a column, not copies).
    expect(tableCounts(db).edges).toBe(3);

    const again = await atlas(["import", "ytdt", gdf, "--niche", "net", "--db", db]);
    expect(again.out).toMatch(/0 new edges/);
    expect(edgeSet(db, "net")).toEqual([`${A}>${B}:links*1000000`, `${A}>${C}:links*1`, `${B}>${A}:links*2`].sort());
    expect(tableCounts(db).edge_evidence).toBe(3);
  });

  it("should read a weight of 1e8 in bounded memory", async () => {
    const gdf = channelNet("channelnet_huge.gdf", [[A, B, "1e8"]]);
    const db = join(tmp.dir, "h.db");
    const r = await atlas(["import", "ytdt", gdf, "--niche", "net", "--db", db]);
    expect(r.code).toBe(0);
    expect(edgeSet(db, "net")).toEqual([`${A}>${B}:links*100000000`]);
  });

  it("should refuse a weight beyond exact integers with a one-line error naming the file", async () => {
    const gdf = channelNet("channelnet_vast.gdf", [[A, B, "1e300"]]);
    const db = join(tmp.dir, "v.db");
    const r = await atlas(["import", "ytdt", gdf, "--niche", "net", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/channelnet_vast\.gdf: edge .* has weight 1e\+300, more than .*; /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe("atlas import ytdt (a failed import)", () => {
  it("should leave the store as it was: no new niche, nothing written", async () => {
    const db = join(tmp.dir, "f.db");
    const good = channelNet("channelnet_good.gdf", [[A, B, "1"]]);
    expect((await atlas(["import", "ytdt", good, "--niche", "net", "--db", db])).code).toBe(0);
    const before = { counts: tableCounts(db), niches: niches(db) };

    const badComments = join(tmp.dir, "videoinfo_vid1aaaaaaa_comments.tab");
    writeFileSync(badComments, "text\tauthorName\nhello\t@kim\n");
    const badGdf = join(tmp.dir, "channelnet_bad.gdf");
    writeFileSync(badGdf, `nodedef>name VARCHAR,label VARCHAR,subscriberCount INT\n${A},Alpha,10\n${B},Beta,many\nedgedef>node1 VARCHAR,node2 VARCHAR\n${A},${B}\n`);
    for (const [file, niche] of [[badComments, "talk"], [badGdf, "other"], [badComments, "net"], [badGdf, "net"]]) {
      const r = await atlas(["import", "ytdt", file, "--niche", niche, "--db", db]);
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect({ counts: tableCounts(db), niches: niches(db) }).toEqual(before);
    }
  });

  it("should leave the store exactly as it was when a later file of the same command fails (no niche from the earlier one)", async () => {
    const db = join(tmp.dir, "m.db");
    const good = channelNet("channelnet_first.gdf", [[A, B, "1"]]);
    expect((await atlas(["import", "ytdt", good, "--niche", "net", "--db", db])).code).toBe(0);
    const before = storeDump(db);
    const other = channelNet("channelnet_second.gdf", [[A, C, "4"], [C, B, "2"]]);
    const badGdf = join(tmp.dir, "channelnet_broken.gdf");
    writeFileSync(badGdf, `nodedef>name VARCHAR,label VARCHAR,subscriberCount INT\n${A},Alpha,10\n${B},Beta,many\nedgedef>node1 VARCHAR,node2 VARCHAR\n${A},${B}\n`);
    for (const niche of ["fresh", "net"]) {
      const r = await atlas(["import", "ytdt", other, badGdf, "--niche", niche, "--db", db]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/channelnet_broken\.gdf:3: subscriberCount "many" is not a number/);
      // No summary of the file whose rows were rolled back.
      expect(r.out).toBe("");
      expect(storeDump(db)).toEqual(before);
    }
    // The same files without the broken one import as usual.
    const ok = await atlas(["import", "ytdt", other, "--niche", "fresh", "--db", db]);
    expect(ok.code).toBe(0);
    expect(edgeSet(db, "fresh")).toEqual([`${A}>${C}:links*4`, `${C}>${B}:links*2`].sort());
  });

  it("should leave no store behind when the import that would have created it fails", async () => {
    const db = join(tmp.dir, "new.db");
    const badGdf = join(tmp.dir, "channelnet_broken.gdf");
    writeFileSync(badGdf, `nodedef>name VARCHAR,label VARCHAR,subscriberCount INT\n${A},Alpha,10\n${B},Beta,many\nedgedef>node1 VARCHAR,node2 VARCHAR\n${A},${B}\n`);
    const r = await atlas(["import", "ytdt", badGdf, "--niche", "net", "--db", db]);
    expect(r.code).toBe(2);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith("new.db"))).toEqual([]);
  });
});
