/**
 * Gzip expansion is bounded (100 times the compressed size above 64 MiB by
 * default, ATLAS_MAX_GZIP_RATIO overrides), and inputs too big for one
 * string are refused, each with a DataError instead of gigabytes or a crash.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipRatioFromEnv, streamEdgelistFile } from "../../src/cli/stream-read.ts";
import { readGraph } from "../../src/graph/read.ts";
import { maxDecompressedBytes } from "../../src/graph/readers/limits.ts";
import { decodeText } from "../../src/graph/readers/text.ts";
import { DataError, UsageError } from "../../src/shared/errors.ts";

const MiB = 1 << 20;

async function failure(p: Promise<unknown>): Promise<DataError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe("decompression bounds", () => {
  it("should bound expansion at 100 times the compressed size, never below 64 MiB", () => {
    expect(maxDecompressedBytes(1 * MiB, 100)).toBe(100 * MiB);
    expect(maxDecompressedBytes(100_000, 100)).toBe(64 * MiB);
    expect(maxDecompressedBytes(5, 0)).toBe(Infinity);
  });

  it("should refuse a gzip of 80 MiB of NULs (1000:1) before the NUL check, naming the bound", async () => {
    const bomb = gzipSync(Buffer.alloc(80 * MiB), { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    const error = await failure(readGraph("bomb.txt.gz", new Uint8Array(bomb)));
    expect(error.message).toMatch(/^bomb\.txt\.gz:1: gzip data decompresses to more than 64 MiB \(over 100 times its \d+ KiB: a decompression bomb\?\); .*ATLAS_MAX_GZIP_RATIO/);
    // with no bound it is decompressed, then refused for what it is
    const off = await failure(readGraph("bomb.txt.gz", new Uint8Array(bomb), { maxGzipRatio: 0 }));
    expect(off.message).toMatch(/not a text file \(NUL byte/);
  });

  it("should give the line reached when refusing a bomb of edge-list lines", async () => {
    const lines = Buffer.from("1 2\n".repeat(17 * MiB)); // 68 MiB, 17 Mi lines
    const bomb = gzipSync(lines, { level: 9 });
    const error = await failure(readGraph("lines.txt.gz", new Uint8Array(bomb)));
    expect(error.line).toBeGreaterThan(16 * MiB - 1);
    expect(error.line).toBeLessThanOrEqual(17 * MiB);
  });

  it("should refuse an input larger than V8's longest string instead of crashing", async () => {
    const huge = new Uint8Array(new ArrayBuffer(0x1fffffe8 + 1)); // pages never touched
    const error = await failure(decodeText("huge.gml", huge));
    expect(error.message).toMatch(/^huge\.gml: is 512 MiB, more than the 512 MiB this format's reader can hold as one string; .*streams/);
  });

  it("should bound the streamed reader (zlib) the same way, at the line reached", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atlas-gz-"));
    const file = join(dir, "comments.txt.gz");
    const line = "#" + "x".repeat(1022) + "\n";
    writeFileSync(file, gzipSync(Buffer.from(line.repeat(80 * 1024)), { level: 9 }));
    const error = await failure(streamEdgelistFile(file));
    expect(error.message).toMatch(/comments\.txt\.gz:\d+: gzip data decompresses to more than 64 MiB/);
    expect(error.line).toBeGreaterThan(60 * 1024);
    const graph = await streamEdgelistFile(file, { maxGzipRatio: 0 });
    expect(graph.records).toBe(0);
  });

  it("should read the bound from ATLAS_MAX_GZIP_RATIO", () => {
    expect(gzipRatioFromEnv({})).toBe(100);
    expect(gzipRatioFromEnv({ ATLAS_MAX_GZIP_RATIO: "0" })).toBe(0);
    expect(gzipRatioFromEnv({ ATLAS_MAX_GZIP_RATIO: "2500" })).toBe(2500);
    expect(() => gzipRatioFromEnv({ ATLAS_MAX_GZIP_RATIO: "lots" })).toThrow(UsageError);
  });

  it("should still read a genuine small gzip file", async () => {
    const graph = await readGraph("ok.txt.gz", new Uint8Array(gzipSync("a b\nb c\n")));
    expect(graph.size).toBe(2);
  });
});
