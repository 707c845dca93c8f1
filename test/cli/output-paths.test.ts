/**
 * Output and store paths that cannot be written: one line naming the path
 * and what to do, exit 2, no stack trace, and no hang.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runAtlas, type RunResult } from "./helpers.ts";

let dir: string;
let file: string;
let atlas: string;
let edges: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "atlas-out-paths-"));
  file = join(dir, "file.txt");
  writeFileSync(file, "not a directory, not a store\n");
  edges = join(dir, "e.csv");
  writeFileSync(edges, "source,target\na,b\nb,c\n");
  atlas = join(dir, "e.atlas.json");
  expect((await runAtlas(["analyze", edges, "--out", atlas])).code).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectOneLine(r: RunResult, pattern: RegExp): void {
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.code).toBe(2);
}

/** The CLI as a process that is killed after `ms` (a hang is a failure, not a stuck test run). */
function spawnWithin(args: string[], ms: number): Promise<RunResult & { killed: boolean }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: ms, env: { ...process.env, CI: "1" } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, killed: Boolean(error?.killed) });
    });
  });
}

describe("output paths", () => {
  it("should refuse an output file that is a directory", async () => {
    const r = await runAtlas(["report", atlas, "--format", "md", "--out", dir]);
    expectOneLine(r, /cannot write ".*": it is a directory; give a file name/);
  });

  it("should refuse a converted file that is a directory", async () => {
    const target = join(dir, "taken.gexf");
    mkdirSync(target, { recursive: true });
    const r = await runAtlas(["convert", edges, target]);
    expectOneLine(r, /taken\.gexf": it is a directory/);
  });

  it("should refuse an output under a regular file (analyze, report, convert)", async () => {
    for (const args of [
      ["analyze", edges, "--out", join(file, "x.json")],
      ["report", atlas, "--format", "json", "--out", join(file, "x.json")],
      ["convert", edges, join(file, "sub", "x.gexf")],
      ["analyze", edges, "--out", join(file, "columnar")],
    ]) {
      const r = await runAtlas(args);
      expectOneLine(r, /cannot write ".*file\.txt.*": ".*file\.txt" is a file, not a directory; give a path in a directory/);
    }
  });

  it("should refuse `publish --out` a file or a path under one", async () => {
    let r = await runAtlas(["publish", atlas, "--out", file]);
    expectOneLine(r, /cannot write ".*file\.txt": it is a file, not a directory; give a directory path/);
    r = await runAtlas(["publish", atlas, "--out", join(file, "site")]);
    expectOneLine(r, /file\.txt" is a file, not a directory/);
  });

  it.runIf(existsSync("/proc/self"))("should refuse an output under /proc at once instead of hanging", async () => {
    const r = await spawnWithin(["report", atlas, "--format", "json", "--out", "/proc/nope/x.json"], 20_000);
    expect(r.killed).toBe(false);
    expectOneLine(r, /cannot write "\/proc\/nope\/x\.json": cannot create the directory "\/proc\/nope"/);
  }, 30_000);
});

describe("store paths (--db)", () => {
  it("should refuse a --db that is not an SQLite file", async () => {
    for (const args of [["status", "--db", file], ["import", "ytdt", edges, "--niche", "n", "--db", file]]) {
      const r = await runAtlas(args);
      expectOneLine(r, /file\.txt: not an SQLite store .*; give --db a store written by atlas, or a new file name/);
    }
  });

  it("should refuse a --db under a regular file", async () => {
    const r = await runAtlas(["import", "ytdt", edges, "--niche", "n", "--db", join(file, "x.db")]);
    expectOneLine(r, /x\.db: cannot create the store: ".*file\.txt" is a file, not a directory; give --db a path in a directory/);
  });

  it.runIf(existsSync("/proc/self"))("should refuse a --db under /proc at once instead of hanging", async () => {
    const r = await spawnWithin(["import", "ytdt", edges, "--niche", "n", "--db", "/proc/nope/x.db"], 20_000);
    expect(r.killed).toBe(false);
    expectOneLine(r, /\/proc\/nope\/x\.db: cannot create the store: cannot create the directory "\/proc\/nope"/);
  }, 30_000);
});
