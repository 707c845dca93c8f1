/** writeChunks: streamed, atomic file writes; `atlas convert` writes through it. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeChunks } from "../../src/cli/write-stream.ts";
import { writeGexf, writeGraphChunks } from "../../src/graph/writers/index.ts";
import { readRepoGraph } from "../graph/helpers.ts";
import { UsageError } from "../../src/shared/errors.ts";
import { runAtlas } from "./helpers.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "atlas-write-stream-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeChunks", () => {
  it("should write string and byte chunks, creating the directory, and count the bytes", async () => {
    const file = join(dir, "sub", "out.txt");
    const bytes = await writeChunks(file, ["héllo ", new TextEncoder().encode("wörld"), "\n"]);
    expect(readFileSync(file, "utf8")).toBe("héllo wörld\n");
    expect(bytes).toBe(Buffer.byteLength("héllo wörld\n"));
    expect(readdirSync(join(dir, "sub"))).toEqual(["out.txt"]);
  });

  it("should write a bundled graph's GEXF chunks to the same bytes as the whole string", async () => {
    const g = await readRepoGraph("data/congress_twitter/congress.edgelist");
    const file = join(dir, "congress.gexf");
    await writeChunks(file, writeGraphChunks(file, g).chunks);
    expect(readFileSync(file, "utf8")).toBe(writeGexf(g));
  });

  it("should take async chunks and many small writes (backpressure)", async () => {
    async function* lines() {
      for (let i = 0; i < 20000; i++) yield `${i}\n`;
    }
    const file = join(dir, "lines.txt");
    await writeChunks(file, lines());
    const text = readFileSync(file, "utf8");
    expect(text.split("\n").length).toBe(20001);
    expect(text.endsWith("19999\n")).toBe(true);
  });

  it("should leave no file, and no temp file, when a chunk fails", async () => {
    function* failing() {
      yield "first part\n";
      throw new Error("boom");
    }
    const file = join(dir, "bad.txt");
    await expect(writeChunks(file, failing())).rejects.toThrow(/boom/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("should keep an existing file when the new write fails", async () => {
    const file = join(dir, "keep.txt");
    writeFileSync(file, "old\n");
    async function* failing() {
      yield "new";
      throw new Error("disk gone");
    }
    await expect(writeChunks(file, failing())).rejects.toThrow(/disk gone/);
    expect(readFileSync(file, "utf8")).toBe("old\n");
    expect(readdirSync(dir)).toEqual(["keep.txt"]);
  });

  it("should fail with no file when the directory cannot be made", async () => {
    writeFileSync(join(dir, "plain"), "x");
    await expect(writeChunks(join(dir, "plain", "out.txt"), ["x"])).rejects.toThrow(UsageError);
    await expect(writeChunks(join(dir, "plain", "out.txt"), ["x"])).rejects.toThrow(/"[^"]*plain" is a file, not a directory/);
    expect(readdirSync(dir)).toEqual(["plain"]);
  });
});

describe("atlas convert (streamed)", () => {
  it("should write GEXF and a CSV pair identical to the string writers", async () => {
    const g = await readRepoGraph("data/karate/karate_club.gml");
    const gexf = join(dir, "k.gexf");
    let r = await runAtlas(["convert", "data/karate/karate_club.gml", gexf]);
    expect(r.code).toBe(0);
    // Edge ids are generated (`geid_<instance>_<n>` on a graph, the record number on the streamed path): not compared.
    const ids = (s: string) => s.replace(/<edge id="[^"]*"/g, '<edge id=""');
    expect(ids(readFileSync(gexf, "utf8"))).toBe(ids(writeGexf(g)));
    r = await runAtlas(["convert", "data/karate/karate_club.gml", join(dir, "k.csv")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/k\.csv, .*k\.nodes\.csv \(34 nodes, 78 edges\)/);
    expect(existsSync(join(dir, "k.nodes.csv"))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["k.csv", "k.gexf", "k.nodes.csv"]);
  });
});
