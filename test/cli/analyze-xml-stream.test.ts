/**
 * `atlas analyze` of GEXF, GraphML and GML on the index path: the file
 * streamed into the edge stream and analyzed with no graph (`--out DIR`),
 * checked against networkx's weighted PageRank of polblogs
 * (scripts/reference/spectral.py) and against the graph path on the same
 * file (atlas JSON): same meta, the same attributes on every node (the
 * source's own, such as polblogs' `value`, included), the same edges.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Graph from "graphology";
import { columnarToGraph, readColumnarAtlas } from "../../src/cli/columnar.ts";
import { atlasSchemaErrors } from "../helpers/atlas-schema.ts";
import { ROOT, runAtlas, stderrProblems } from "./helpers.ts";

const POLBLOGS = ROOT + "data/polblogs/polblogs.gml";
const SPECTRAL = JSON.parse(readFileSync(ROOT + "test/fixtures/reference/spectral/polblogs.json", "utf8"));
const OPTIONS = ["--seed", "2", "--consensus", "2", "--bootstrap", "10", "--workers", "0", "--top", "5"];

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "atlas-xml-stream-"));
  for (const ext of ["gexf", "graphml"]) {
    const r = await runAtlas(["convert", POLBLOGS, join(dir, `polblogs.${ext}`)]);
    expect(r.code).toBe(0);
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(["gexf", "graphml", "gml"])("atlas analyze polblogs.%s --out DIR (streamed into the index)", (ext) => {
  let viaIndex: Graph;
  let viaGraph: Graph;
  beforeAll(async () => {
    const file = ext === "gml" ? POLBLOGS : join(dir, `polblogs.${ext}`);
    const columnar = await runAtlas(["analyze", file, ...OPTIONS, "--out", join(dir, `${ext}.atlas`)]);
    expect(stderrProblems(columnar.stderr)).toEqual([]);
    expect(columnar.code).toBe(0);
    expect(columnar.stdout).toMatch(/: 1490 nodes, 19025 edges, directed/);
    const json = await runAtlas(["analyze", file, ...OPTIONS, "--out", join(dir, `${ext}.atlas.json`)]);
    expect(json.code).toBe(0);
    expect(columnar.stdout.split("\n").slice(0, 3)).toEqual(json.stdout.split("\n").slice(0, 3));
    viaIndex = columnarToGraph(await readColumnarAtlas(join(dir, `${ext}.atlas`)));
    viaGraph = Graph.from(JSON.parse(readFileSync(join(dir, `${ext}.atlas.json`), "utf8")));
  }, 120_000);

  it("should give networkx's weighted PageRank to 1e-9 on every node, and polblogs' value attribute", () => {
    let worst = 0;
    viaIndex.forEachNode((key, a) => (worst = Math.max(worst, Math.abs((a.pagerank as number) - SPECTRAL.pagerank.weighted[key]))));
    expect(viaIndex.order).toBe(1490);
    expect(worst).toBeLessThanOrEqual(1e-9);
    // The data README: value 0 liberal / 1 conservative on every blog.
    const values = new Set(viaIndex.mapNodes((_k, a) => a.value));
    expect([...values].sort()).toEqual([0, 1]);
  });

  it("should give the atlas the graph path gives: same meta, same attributes on every node, same edges", () => {
    const meta = (g: Graph) => ({ ...g.getAttribute("atlas"), createdAt: null });
    expect(meta(viaIndex)).toEqual(meta(viaGraph));
    expect(atlasSchemaErrors(viaIndex.export()).join("\n")).toBe("");
    expect(viaIndex.nodes()).toEqual(viaGraph.nodes());
    viaGraph.forEachNode((key, attrs) => expect(viaIndex.getNodeAttributes(key)).toEqual(attrs));
    expect(viaIndex.size).toBe(viaGraph.size);
    let weightDiff = 0;
    viaGraph.forEachEdge((_e, attrs, s, t) => {
      weightDiff += Math.abs(viaIndex.getEdgeAttribute(viaIndex.edge(s, t), "weight") - attrs.weight);
    });
    expect(weightDiff).toBeLessThan(1e-12);
  });
});
