/**
 * Weights the readers accept but the metrics cannot use: a negative weight,
 * and repeated records whose summed weight overflows. `atlas analyze` refuses
 * them in one line naming the file and the edge (exit 2, no stack), and
 * `--weight none` analyzes the same file unweighted.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAtlas } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "atlas-weights-"));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("atlas analyze: weights the metrics refuse", () => {
  it("should refuse a negative weight in one line naming the file and the edge, and analyze it with --weight none", async () => {
    const csv = file("neg.csv", "source,target,weight\na,b,-5\nb,c,1\n");
    const r = await runAtlas(["analyze", csv, "--out", join(dir, "neg.atlas.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/neg\.csv: edge "a" -> "b" has weight -5.*--weight none/);
    const none = await runAtlas(["analyze", csv, "--weight", "none", "--out", join(dir, "neg.atlas.json")]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/: 3 nodes, 2 edges, directed/);
  });

  it("should refuse repeated records whose weights sum past the largest double", async () => {
    const txt = file("inf.txt", "1 2 1.7e308\n1 2 1.7e308\n");
    const r = await runAtlas(["analyze", txt, "--out", join(dir, "inf.atlas.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/inf\.txt: edge 1 -> 2 has weight = Infinity/);
  });
});
