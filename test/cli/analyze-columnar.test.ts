/**
 * `atlas analyze` on the streamed path: an edge list read as bytes into the
 * index and analyzed with no graph, written as the columnar atlas. Checked
 * against networkx's values (fixture of scripts/reference/spectral.py) and
 * against the graph path (the same file analyzed into an atlas JSON file):
 * the same graph must give the same atlas, node for node.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import Graph from "graphology";
import { columnarToGraph, readColumnarAtlas } from "../../src/cli/columnar.ts";
import { streamEdgelistFile } from "../../src/cli/stream-read.ts";
import { DataError } from "../../src/shared/errors.ts";
import { atlasSchemaErrors } from "../helpers/atlas-schema.ts";
import { ROOT, runAtlas, stderrProblems, type RunResult } from "./helpers.ts";

const SPECTRAL_CONGRESS = JSON.parse(readFileSync(ROOT + "test/fixtures/reference/spectral/congress.json", "utf8"));
const CONGRESS = ROOT + "data/congress_twitter/congress.edgelist";
const OPTIONS = ["--seed", "3", "--consensus", "3", "--bootstrap", "20", "--workers", "0", "--top", "5"];

let dir: string;
let json: RunResult;
let columnar: RunResult;
let report: RunResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "atlas-columnar-"));
  json = await runAtlas(["analyze", CONGRESS, ...OPTIONS, "--out", join(dir, "congress.atlas.json")]);
  columnar = await runAtlas(["analyze", CONGRESS, ...OPTIONS, "--out", join(dir, "congress.atlas")]);
  report = await runAtlas(["report", join(dir, "congress.atlas"), "--format", "csv"]);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("atlas analyze --out DIR (streamed into the index, columnar atlas)", () => {
  it("should write nodes.arrow, edges.arrow and atlas.json with the data README's counts", async () => {
    expect(stderrProblems(columnar.stderr)).toEqual([]);
    expect(columnar.code).toBe(0);
    expect(columnar.stdout).toMatch(/: 475 nodes, 13289 edges, directed/);
    expect(columnar.stdout).toContain(`wrote ${join(dir, "congress.atlas")}`);
    const data = await readColumnarAtlas(join(dir, "congress.atlas"));
    expect(data.keys).toHaveLength(475);
    expect(data.edges.sources).toHaveLength(13289);
    expect(data.directed).toBe(true);
  });

  it("should give networkx's weighted PageRank to 1e-9 on every node", async () => {
    const data = await readColumnarAtlas(join(dir, "congress.atlas"));
    const pagerank = data.columns.pagerank as Float64Array;
    let worst = 0;
    data.keys.forEach((key, i) => (worst = Math.max(worst, Math.abs(pagerank[i] - SPECTRAL_CONGRESS.pagerank.weighted[key]))));
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it("should give the atlas the graph path gives: same meta, same attributes on every node, same edges", async () => {
    expect(json.code).toBe(0);
    const viaGraph = Graph.from(JSON.parse(readFileSync(join(dir, "congress.atlas.json"), "utf8")));
    const viaIndex = columnarToGraph(await readColumnarAtlas(join(dir, "congress.atlas")));
    const meta = (g: Graph) => ({ ...g.getAttribute("atlas"), createdAt: null });
    expect(meta(viaIndex)).toEqual(meta(viaGraph));
    expect(atlasSchemaErrors(viaIndex.export()).join("\n")).toBe("");
    expect(viaIndex.order).toBe(viaGraph.order);
    viaGraph.forEachNode((key, attrs) => {
      expect(viaIndex.getNodeAttributes(key)).toEqual(attrs);
    });
    let weightDiff = 0;
    viaGraph.forEachEdge((_e, attrs, s, t) => {
      weightDiff += Math.abs(viaIndex.getEdgeAttribute(viaIndex.edge(s, t), "weight") - attrs.weight);
    });
    expect(viaIndex.size).toBe(viaGraph.size);
    expect(weightDiff).toBeLessThan(1e-12);
    // the terminal summary is the same too
    expect(columnar.stdout.split("\n").slice(0, 3)).toEqual(json.stdout.split("\n").slice(0, 3));
  });

  it("should take the graph path for --directed-modularity and still write the columnar atlas", async () => {
    const out = join(dir, "directed.atlas");
    const r = await runAtlas(["analyze", CONGRESS, "--seed", "3", "--consensus", "0", "--bootstrap", "20", "--workers", "0", "--directed-modularity", "--out", out]);
    expect(stderrProblems(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const data = await readColumnarAtlas(out);
    expect(data.atlas.params).toMatchObject({ communities: "louvain", directedModularity: true });
    expect(data.keys).toHaveLength(475);
  });

  it("should be read by atlas report like an atlas file", () => {
    expect(report.code).toBe(0);
    const rows = report.stdout.trim().split("\n");
    expect(rows.length).toBeGreaterThan(10);
    expect(rows[0]).toMatch(/community/);
  });
});

describe("streamEdgelistFile", () => {
  it("should stream a gzipped edge list and report a truncated one with the line reached", async () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `${i} ${(i * 7919) % 50_000}`).join("\n") + "\n";
    const gz = gzipSync(text);
    writeFileSync(join(dir, "ok.txt.gz"), gz);
    writeFileSync(join(dir, "cut.txt.gz"), gz.subarray(0, Math.floor(gz.length / 2)));
    const acc = await streamEdgelistFile(join(dir, "ok.txt.gz"));
    expect(acc.records).toBe(50_000);
    expect(acc.nodes).toBe(50_000);
    const cut = streamEdgelistFile(join(dir, "cut.txt.gz"));
    await expect(cut).rejects.toThrow(DataError);
    await expect(streamEdgelistFile(join(dir, "cut.txt.gz"))).rejects.toThrow(/cut\.txt\.gz:\d+: not a valid gzip file .*; check the download/);
  });

  it("should name a missing file in a one-line error", async () => {
    await expect(streamEdgelistFile(join(dir, "nope.txt"))).rejects.toThrow(/cannot read ".*nope\.txt": no such file/);
  });
});

describe("atlas analyze --workers 0, 1, 2 on the index path", () => {
  const PATHS_CONGRESS = JSON.parse(readFileSync(ROOT + "test/fixtures/reference/paths/congress.json", "utf8"));

  /** The columnar atlas of congress with `--workers w` and `extra` options: meta (without its time) and node columns. */
  async function run(w: number, extra: string[]) {
    const out = join(dir, `workers-${w}-${extra.join("_")}.atlas`);
    const r = await runAtlas(["analyze", CONGRESS, "--seed", "5", "--consensus", "0", "--bootstrap", "0", ...extra, "--workers", String(w), "--out", out]);
    expect(stderrProblems(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const data = await readColumnarAtlas(out);
    return { keys: data.keys, columns: data.columns, atlas: { ...data.atlas, createdAt: null } };
  }

  it("should give networkx's exact betweenness to 1e-9, and the same values bit for bit, whatever the number of workers", async () => {
    const runs = [await run(0, ["--betweenness", "exact"]), await run(1, ["--betweenness", "exact"]), await run(2, ["--betweenness", "exact"])];
    const expected = new Map<string, number>(PATHS_CONGRESS.keys.map((k: string, i: number) => [k, PATHS_CONGRESS.betweenness[i]]));
    const values = runs[0].columns.betweenness as Float64Array;
    let worst = 0;
    runs[0].keys.forEach((k, i) => (worst = Math.max(worst, Math.abs(values[i] - (expected.get(k) as number)))));
    expect(worst).toBeLessThanOrEqual(1e-9);
    for (const r of runs.slice(1)) {
      expect(r.keys).toEqual(runs[0].keys);
      expect(r.columns).toEqual(runs[0].columns);
      expect(r.atlas).toEqual(runs[0].atlas);
    }
  }, 120_000);

  it("should sample the same sources and give the same estimate on 0 and 2 workers", async () => {
    const [a, b] = [await run(0, ["--betweenness", "approx", "--samples", "50"]), await run(2, ["--betweenness", "approx", "--samples", "50"])];
    expect(a.atlas.params.betweenness).toMatchObject({ mode: "approx", samples: 50 });
    expect(b.columns.betweenness).toEqual(a.columns.betweenness);
    expect(b.atlas).toEqual(a.atlas);
  }, 120_000);
});
