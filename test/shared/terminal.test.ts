/**
 * Terminal escapes: labels holding ESC sequences, C1 or bidi controls are
 * printed inert by every command (`terminalSafe` on everything `run` prints).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/context.ts";
import { terminalSafe } from "../../src/shared/terminal.ts";

/** Any character a terminal would interpret: C0 (but tab, LF), lone CR, DEL, C1, bidi overrides and isolates. */
const UNSAFE = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("terminalSafe", () => {
  it("should replace ESC, C1, DEL and bidi controls by their \\u escapes", () => {
    expect(terminalSafe("a\u001b[31mred\u001b[0m")).toBe("a\\u001b[31mred\\u001b[0m");
    expect(terminalSafe("\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007")).toBe(
      "\\u001b]8;;https://evil.example\\u0007link\\u001b]8;;\\u0007",
    );
    expect(terminalSafe("x\u009b2Jy\u007f")).toBe("x\\u009b2Jy\\u007f");
    expect(terminalSafe("\u202eevil\u202c \u2066iso\u2069 \u202a\u202b\u202d")).toBe(
      "\\u202eevil\\u202c \\u2066iso\\u2069 \\u202a\\u202b\\u202d",
    );
    expect(terminalSafe("\u0000\u0008\u000b\u000c\u001f")).toBe("\\u0000\\u0008\\u000b\\u000c\\u001f");
  });

  it("should keep tab, line feed and CR LF, and replace a lone CR (which rewrites the line)", () => {
    expect(terminalSafe("a\tb\nc\r\nd")).toBe("a\tb\nc\r\nd");
    expect(terminalSafe("ok\rforged")).toBe("ok\\u000dforged");
  });

  it("should leave printable text alone, other scripts and emoji included", () => {
    const text = "Zoë — 東京 مرحبا 🚀 [1–3] \\u001b";
    expect(terminalSafe(text)).toBe(text);
  });

  it("should keep JSON valid and equal when it escapes inside a JSON string", () => {
    const value = { label: "\u009b31m\u202eabc" };
    const printed = terminalSafe(JSON.stringify(value));
    expect(printed).not.toMatch(UNSAFE);
    expect(JSON.parse(printed)).toEqual(value);
  });
});

describe("atlas commands print hostile labels inert", () => {
  let dir: string;
  const HOSTILE = [
    "\u001b[2J\u001b[31mRED",
    "\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007",
    "\u001b]0;pwned title\u0007",
    "\u009b31mC1red",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "ok\rforged",
  ];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "atlas-term-"));
    // A star around each hostile label, so each leads its community.
    const edges = ["source,target"];
    const nodes = ["id,label"];
    HOSTILE.forEach((label, h) => {
      nodes.push(`h${h},"${label}"`);
      for (let i = 0; i < 4; i++) {
        edges.push(`l${h}_${i},h${h}`);
        nodes.push(`l${h}_${i},leaf`);
      }
      edges.push(`h${h},h${(h + 1) % HOSTILE.length}`);
    });
    writeFileSync(join(dir, "edges.csv"), edges.join("\n") + "\n");
    writeFileSync(join(dir, "nodes.csv"), nodes.join("\n") + "\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function atlas(args: string[], tty = false): Promise<{ code: number; out: string; err: string; raw: string }> {
    let out = "";
    let err = "";
    let raw = "";
    let clock = 0;
    const io: CliIo = {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      errRaw: (t) => void (raw += t),
      errIsTTY: tty,
      // Each reading of the clock is a second later: the progress line shows.
      now: () => (clock += tty ? 1000 : 0),
    };
    const code = await run(args, io);
    return { code, out, err, raw };
  }

  const input = (): string[] => [join(dir, "edges.csv"), "--nodes", join(dir, "nodes.csv")];

  it("should print the analyze summary with every hostile label escaped", async () => {
    const r = await atlas(["analyze", ...input(), "--out", join(dir, "x.atlas.json"), "--seed", "1", "--bootstrap", "0", "--workers", "0"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(UNSAFE);
    expect(r.out).toContain("\\u202eevil\\u202c");
    expect(r.out).toContain("\\u001b[2J\\u001b[31mRED");
  });

  for (const format of ["md", "csv", "json", "html"]) {
    it(`should print report --format ${format} to stdout with no control character`, async () => {
      const r = await atlas(["report", join(dir, "x.atlas.json"), "--format", format]);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).not.toMatch(UNSAFE);
      expect(r.out).toContain("\\u009b31mC1red");
      if (format === "json") {
        const labels = JSON.stringify(JSON.parse(r.out));
        for (const label of HOSTILE) expect(labels).toContain(JSON.stringify(label).slice(1, -1));
      }
    });
  }

  it("should print atlas info with hostile attribute names escaped", async () => {
    writeFileSync(join(dir, "attr.csv"), "source,target,\"w\u001b[8m\"\na,b,1\n");
    const r = await atlas(["info", join(dir, "attr.csv")]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(UNSAFE);
    expect(r.out).toContain("w\\u001b[8m");
  });

  it("should print a DataError naming a hostile file name on one inert line", async () => {
    const r = await atlas(["analyze", join(dir, "no\u001b[31mfile\u202e.csv")]);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(UNSAFE);
    expect(r.err).toContain("no\\u001b[31mfile\\u202e.csv");
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
  });

  it("should print atlas status of a niche with a hostile name inert", async () => {
    const db = join(dir, "s.db");
    writeFileSync(
      join(dir, "net.gdf"),
      "nodedef>name VARCHAR,label VARCHAR\nUCaaaaaaaaaaaaaaaaaaaaaa,\u001b[5mAlice\u202e\nUCbbbbbbbbbbbbbbbbbbbbbb,Bob\n" +
        "edgedef>node1 VARCHAR,node2 VARCHAR\nUCaaaaaaaaaaaaaaaaaaaaaa,UCbbbbbbbbbbbbbbbbbbbbbb\n",
    );
    const imported = await atlas(["import", "ytdt", join(dir, "net.gdf"), "--niche", "n\u001b[31m\u009b1m", "--db", db]);
    expect(imported.code).toBe(0);
    expect(imported.out + imported.err).not.toMatch(UNSAFE);
    const r = await atlas(["status", "--db", db]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(UNSAFE);
    expect(r.out).toContain("n\\u001b[31m\\u009b1m");
  });

  it("should keep the progress line's own control sequences on a terminal, and only those", async () => {
    const r = await atlas(["analyze", ...input(), "--out", join(dir, "y.atlas.json"), "--bootstrap", "0", "--workers", "0"], true);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/atlas analyze: /);
    expect(r.err).not.toMatch(UNSAFE);
    // Only carriage return + erase line went through the raw channel.
    expect(r.raw.length).toBeGreaterThan(0);
    expect(r.raw.replaceAll("\r\u001b[K", "")).toBe("");
  });
});
