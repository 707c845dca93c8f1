/** Non-finite attribute values (1e400, NAN, INF) are counted and warned about once; a directory given as input says so. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nonFiniteValues } from "../../src/graph/non-finite.ts";
import { readGraph } from "../../src/graph/read.ts";
import { runAtlas, spawnAtlas } from "../cli/helpers.ts";
import { text } from "./helpers.ts";

const GML = 'graph [\n directed 1\n node [ id 1 score 1e400 ]\n node [ id 2 score NAN ]\n node [ id 3 score INF label "c" ]\n edge [ source 1 target 2 x -INF ]\n]\n';

describe("non-finite attribute values", () => {
  it("should count them in GML (1e400, NAN, INF, -INF) and name the first", async () => {
    const found = nonFiniteValues(await readGraph("nf.gml", text(GML)));
    expect(found?.count).toBe(4);
    expect(found?.first).toEqual({ element: 'node "1"', attribute: "score", value: Infinity });
  });

  it("should count them in node CSV columns and JSON", async () => {
    const csv = await readGraph("e.csv", text("source,target\na,b\n"), { nodes: { name: "n.csv", bytes: text("id,score\na,1e400\nb,2\n") } });
    expect(nonFiniteValues(csv)?.count).toBe(1);
    // GDF's typed columns refuse them outright
    await expect(readGraph("g.gdf", text("nodedef>name VARCHAR,score DOUBLE\na,1e999\nedgedef>node1 VARCHAR,node2 VARCHAR\na,a\n"))).rejects.toThrow(/^g\.gdf:2: score "1e999" is not a number/);
    const json = await readGraph("g.json", text('{"nodes": [{"key": "a", "attributes": {"s": [1, 1e400]}}, {"key": "b"}], "edges": [{"source": "a", "target": "b", "attributes": {"t": -1e400}}]}'));
    expect(nonFiniteValues(json)).toEqual({ count: 2, first: { element: 'node "a"', attribute: "s", value: Infinity } });
  });

  it("should find none in a clean graph", async () => {
    expect(nonFiniteValues(await readGraph("k.gml", text('graph [ node [ id 1 x 2.5 ] ]')))).toBeNull();
  });

  it("should warn once on stderr when the CLI reads them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atlas-nf-"));
    writeFileSync(join(dir, "nf.gml"), GML);
    const run = await spawnAtlas(["info", join(dir, "nf.gml")]);
    expect(run.code).toBe(0);
    const warnings = run.stderr.split("\n").filter((l) => l.includes("warning"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/nf\.gml: 4 attribute values are not finite numbers \(first: node "1", attribute "score" = Infinity\); the atlas and JSON write them as null/);
  });

  it("should say a directory given to import is a directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atlas-dir-"));
    mkdirSync(join(dir, "tweets.jsonl"));
    for (const kind of ["twarc", "ytdt", "bluesky"]) {
      const run = await runAtlas(["import", kind, join(dir, "tweets.jsonl"), "--niche", "n", "--db", join(dir, "s.db")]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/cannot read ".*tweets\.jsonl": it is a directory/);
    }
  });
});
