/** The chunked writers: joined, each is the whole-document writer's text (and GEXF is graphology-gexf's). */
import { describe, expect, it } from "vitest";
import write from "graphology-gexf/common/writer.js";
import { addEdgeRecord, createGraph, upsertNode, type AtlasGraph } from "../../src/graph/model.ts";
import {
  edgesCsvChunks,
  gexfChunks,
  gexfXmlOptions,
  graphmlChunks,
  jsonChunks,
  nodesCsvChunks,
  writeEdgesCsv,
  writeGexf,
  writeGraph,
  writeGraphChunks,
  writeGraphml,
  writeJson,
  writeNodesCsv,
} from "../../src/graph/writers/index.ts";
import Graph from "graphology";
import { readRepoGraph } from "./helpers.ts";

const BUNDLED = ["data/karate/karate_club.gml", "data/polbooks/polbooks.gml", "data/congress_twitter/congress.edgelist"];

function joined(chunks: Iterable<string>): string {
  return [...chunks].join("");
}

/** Attributes of every JSON-ish kind the writers type, list values and awkward names included. */
function awkward(type: "directed" | "undirected" | "mixed"): AtlasGraph {
  const g = new Graph({ type, multi: false, allowSelfLoops: true }) as AtlasGraph;
  g.setAttribute("name", "a & <b>");
  g.setAttribute("lastModifiedDate", "2024-01-02");
  g.setAttribute("nested", { not: "written" });
  upsertNode(g, "10", { label: 'q"uo\'te\n&', tags: ["x", "y'z", 'w"v'], n: 2 ** 40, f: 0.5, ok: true, color: "rgba(1,2,3,0.5)", x: 1, y: -2 });
  upsertNode(g, "a", { label: "", tags: ["1", "2.5"], scores: [1, 2.5], n: 3, f: NaN, ok: false, size: 4, shape: "disc", community: 2, pagerank: 0.1 });
  upsertNode(g, "b\tc", { n: -7, "2": "int-like name", empty: "", nothing: null, pagerank: 0.4 });
  if (type === "mixed") {
    g.addDirectedEdge("10", "a", { weight: 2, kind: "mention", note: "d" });
    g.addUndirectedEdge("a", "b\tc", { weight: 0, label: "e", thickness: 3 });
  } else {
    addEdgeRecord(g, "10", "a", 2, "mention", { note: "d", list: ["p", "q"] });
    addEdgeRecord(g, "a", "b\tc", 0, undefined, { label: "e", count: 2 ** 33 });
    addEdgeRecord(g, "a", "a", 1.5, "self");
  }
  return g;
}

/** More than one 64 K chunk of every writer. */
function big(): AtlasGraph {
  const g = createGraph();
  for (let i = 0; i < 3000; i++) upsertNode(g, `tw:${i}`, { label: `@user${i}`, pagerank: 1 / (i + 1), community: i % 7 });
  for (let i = 0; i < 6000; i++) addEdgeRecord(g, `tw:${i % 3000}`, `tw:${(i * 7 + 1) % 3000}`, (i % 5) + 1, i % 2 ? "mention" : "retweet");
  return g;
}

/** graphology-gexf's GEXF, with its mistyped GEXF 1.2 viz namespace (`http:///www.gexf.net/1.1draft/viz`) replaced by the 1.2 one. */
function graphologyGexf(g: AtlasGraph, options: Parameters<typeof gexfXmlOptions>[1]): string {
  return write(g, gexfXmlOptions(g, options)).replace('xmlns:viz="http:///www.gexf.net/1.1draft/viz"', 'xmlns:viz="http://www.gexf.net/1.2draft/viz"');
}

describe("writer chunks", () => {
  it("should join to graphology-gexf's own GEXF on bundled graphs, both versions and indents", async () => {
    for (const path of BUNDLED) {
      const g = await readRepoGraph(path);
      for (const options of [{}, { version: "1.2" as const, pretty: false }]) {
        const expected = graphologyGexf(g, options);
        expect(joined(gexfChunks(g, options))).toBe(expected);
        expect(writeGexf(g, options)).toBe(expected);
      }
    }
  });

  it("should join to graphology-gexf's GEXF on awkward attributes and mixed graphs", () => {
    for (const type of ["directed", "undirected", "mixed"] as const) {
      const g = awkward(type);
      for (const options of [{}, { version: "1.2" as const }, { pretty: false }]) {
        expect(joined(gexfChunks(g, options))).toBe(graphologyGexf(g, options));
      }
    }
  });

  it("should join to JSON.stringify of graph.export()", async () => {
    const graphs = [await readRepoGraph(BUNDLED[0]), awkward("directed"), awkward("mixed"), createGraph(), big()];
    for (const g of graphs) {
      expect(joined(jsonChunks(g))).toBe(JSON.stringify(g.export()) + "\n");
      expect(joined(jsonChunks(g, { pretty: true }))).toBe(JSON.stringify(g.export(), null, 2) + "\n");
      expect(writeJson(g, { pretty: true })).toBe(JSON.stringify(g.export(), null, 2) + "\n");
    }
  });

  it("should give the whole-document text of GraphML and CSV, in several chunks on a big graph", () => {
    const g = big();
    for (const [chunks, text] of [
      [graphmlChunks(g), writeGraphml(g)],
      [nodesCsvChunks(g), writeNodesCsv(g)],
      [edgesCsvChunks(g), writeEdgesCsv(g)],
      [gexfChunks(g), writeGexf(g)],
      [jsonChunks(g), writeJson(g)],
    ] as const) {
      const parts = [...chunks];
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts.slice(0, -1)) expect(part.length).toBeLessThan(2 ** 16 + 4096);
      expect(parts.join("")).toBe(text);
    }
  });

  it("should make writeGraph the joined writeGraphChunks, companions included", async () => {
    const g = await readRepoGraph(BUNDLED[0]);
    for (const name of ["out/k.gexf", "out/k.graphml", "out/k.json", "out/k.csv"]) {
      const text = writeGraph(name, g);
      const chunks = writeGraphChunks(name, g);
      expect(joined(chunks.chunks)).toBe(text.text);
      expect(chunks.companions.map((c) => [c.name, joined(c.chunks)])).toEqual(text.companions.map((c) => [c.name, c.text]));
    }
    expect(writeGraphChunks("out/k.csv", g).companions[0].name).toBe("out/k.nodes.csv");
  });

  it("should handle an empty graph", () => {
    const g = createGraph({ directed: false });
    for (const name of ["e.gexf", "e.graphml", "e.json", "e.csv"]) {
      expect(joined(writeGraphChunks(name, g).chunks)).toBe(writeGraph(name, g).text);
    }
    expect(joined(gexfChunks(g))).toBe(write(g, gexfXmlOptions(g)));
  });
});
