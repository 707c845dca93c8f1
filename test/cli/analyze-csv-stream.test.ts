/**
 * `atlas analyze FILE.csv` on the streamed path: the CSV read as bytes into
 * the edge stream, then the index (columnar atlas, no graph) or the graph
 * built from the stream (atlas JSON). Both against the string path (`readCsv`,
 * taken when a nodes file is given: here one with no rows).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import Graph from "graphology";
import { columnarToGraph, readColumnarAtlas } from "../../src/cli/columnar.ts";
import { streamsInput } from "../../src/cli/analyze-stream.ts";
import { ROOT, runAtlas, type RunResult } from "./helpers.ts";

const OPTIONS = ["--seed", "3", "--consensus", "2", "--bootstrap", "5", "--workers", "0", "--top", "5"];

let dir: string;
let csv: string;
let viaString: RunResult;
let viaStream: RunResult;
let viaIndex: RunResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "atlas-csv-stream-"));
  // congress as a CSV with a kind column and an extra (typed) column, some pairs repeated with another kind
  const lines = readFileSync(ROOT + "data/congress_twitter/congress.edgelist", "utf8").trim().split("\n");
  const rows = ["Source,Target,Weight,Kind,note"];
  lines.forEach((l, i) => {
    const [s, t, w] = l.trim().split(/\s+/);
    rows.push(`${s},${t},${w ?? 1},${i % 3 === 0 ? "mention" : "retweet"},${i % 5}`);
    if (i % 7 === 0) rows.push(`${s},${t},0.5,quote,`);
  });
  csv = join(dir, "congress.csv.gz");
  writeFileSync(csv, gzipSync(rows.join("\r\n") + "\r\n"));
  writeFileSync(join(dir, "none.csv"), "id,label\n");
  viaString = await runAtlas(["analyze", csv, "--nodes", join(dir, "none.csv"), ...OPTIONS, "--out", join(dir, "string.atlas.json")]);
  viaStream = await runAtlas(["analyze", csv, ...OPTIONS, "--out", join(dir, "stream.atlas.json")]);
  viaIndex = await runAtlas(["analyze", csv, ...OPTIONS, "--out", join(dir, "index.atlas")]);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const meta = (g: Graph) => ({ ...g.getAttribute("atlas"), createdAt: null, source: null });

describe("atlas analyze FILE.csv (streamed)", () => {
  it("should stream CSV edge lists without a nodes file", () => {
    expect(streamsInput("a.csv", {})).toBe(true);
    expect(streamsInput("a.csv.gz", {})).toBe(true);
    expect(streamsInput("a.csv", { nodes: "n.csv" })).toBe(false);
    expect(streamsInput("a.txt", { format: "csv" })).toBe(true);
    expect(streamsInput("a.gml", {})).toBe(false);
  });

  it("should write the same atlas JSON as the string reader (graph built from the stream)", () => {
    for (const r of [viaString, viaStream, viaIndex]) {
      // (stderr may hold progress notes of slow stages on a loaded machine)
      expect(r.stderr).not.toMatch(/error|warning/i);
      expect(r.code).toBe(0);
    }
    const a = JSON.parse(readFileSync(join(dir, "string.atlas.json"), "utf8"));
    const b = JSON.parse(readFileSync(join(dir, "stream.atlas.json"), "utf8"));
    expect(Graph.from(b).getAttribute("atlas").summary).toEqual(Graph.from(a).getAttribute("atlas").summary);
    expect(meta(Graph.from(b))).toEqual(meta(Graph.from(a)));
    expect(b.nodes).toEqual(a.nodes);
    const edges = (x: { edges: { source: string; target: string; attributes: unknown }[] }) => x.edges.map((e) => [e.source, e.target, e.attributes]);
    expect(edges(b)).toEqual(edges(a));
    expect(a.edges.some((e: { attributes: { kind?: string; note?: number } }) => e.attributes.kind === "mention,quote" && typeof e.attributes.note === "number")).toBe(true);
  });

  it("should write the columnar atlas from the index with the graph path's nodes, edges, weights and kinds", async () => {
    const viaGraph = Graph.from(JSON.parse(readFileSync(join(dir, "string.atlas.json"), "utf8")));
    const data = await readColumnarAtlas(join(dir, "index.atlas"));
    const g = columnarToGraph(data);
    expect(meta(g)).toEqual(meta(viaGraph));
    expect(g.order).toBe(viaGraph.order);
    viaGraph.forEachNode((key, attrs) => expect(g.getNodeAttributes(key)).toEqual(attrs));
    expect(g.size).toBe(viaGraph.size);
    expect(data.edges.kinds).not.toBeNull();
    viaGraph.forEachEdge((_e, attrs, s, t) => {
      const e = g.edge(s, t) as string;
      expect(g.getEdgeAttribute(e, "weight")).toBe(attrs.weight);
      expect(g.getEdgeAttribute(e, "kind")).toBe(attrs.kind);
    });
  });
});
