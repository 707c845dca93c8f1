import { readFileSync } from "node:fs";
import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { nicheIndex, profileNiche } from "../../src/analyze/compare/profile.ts";
import type { NicheComparison } from "../../src/analyze/compare/types.ts";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { readGraph } from "../../src/graph/read.ts";
import { comparisonSections, graphOfTransfer, isComparisonJson, nicheNames, nicheTransfer, nodeLabel, parseFilesParam } from "../../viz/src/compare/data.ts";
import { graphDeferringEdges } from "../../viz/src/loader.ts";
import { compareFixture } from "../analyze/compare/fixtures.ts";

async function karate(): Promise<AtlasGraph> {
  return readGraph("data/karate/karate_club.gml", new Uint8Array(readFileSync("data/karate/karate_club.gml")));
}

describe("the compare page's niche transfer", () => {
  it("should rebuild the same graph in the worker: nodes and edges in the same order", async () => {
    const g = await karate();
    const t = nicheTransfer(g as unknown as Graph, "karate");
    expect(t.keys).toHaveLength(34);
    expect(t.sources).toHaveLength(78);
    expect(t.directed).toBe(false);
    const back = graphOfTransfer(t);
    expect(back.nodes()).toEqual(g.nodes());
    expect(back.mapEdges((_e, _a, s, u) => `${s}-${u}`)).toEqual(g.mapEdges((_e, _a, s, u) => `${s}-${u}`));
  });

  it("should give the networkx profile of Zachary's karate club through the transfer", async () => {
    const g = await karate();
    const index = nicheIndex(graphOfTransfer(nicheTransfer(g as unknown as Graph, "karate")) as unknown as AtlasGraph);
    const { profile } = profileNiche({ name: "karate", source: "karate", index });
    // networkx 2.8: nx.density, nx.average_clustering, nx.degree_assortativity_coefficient, max(nx.core_number),
    // from scripts/reference/compare.py (15 significant digits).
    const fx = compareFixture("karate");
    expect(profile.size.nodes).toBe(fx.size.nodes);
    expect(profile.size.edges).toBe(fx.size.edges);
    expect(profile.size.density).toBeCloseTo(fx.size.density!, 12);
    expect(profile.shape.averageClustering).toBeCloseTo(fx.shape.averageClustering, 12);
    expect(profile.shape.assortativity.outIn).toBeCloseTo(fx.shape.assortativity.outIn!, 12);
    expect(profile.shape.maxCoreness).toBe(fx.shape.maxCoreness);
  });

  it("should refuse a mixed graph, as atlas compare does", () => {
    const g = new Graph({ type: "mixed" });
    g.addNode("a");
    g.addNode("b");
    g.addDirectedEdge("a", "b");
    g.addUndirectedEdge("b", "a");
    expect(() => nicheTransfer(g, "m")).toThrow(/mixes directed and undirected/);
  });

  it("should label nodes as atlas compare does (label, name, page_name, title, handle, else key)", () => {
    expect(nodeLabel("k", { label: "Alice" })).toBe("Alice");
    expect(nodeLabel("k", { page_name: "Page" })).toBe("Page");
    expect(nodeLabel("k", { label: "k", handle: "h" })).toBe("h");
    expect(nodeLabel("k", {})).toBe("k");
  });
});

describe("the compare page's inputs", () => {
  it("should tell the JSON of atlas compare from an atlas file", () => {
    expect(isComparisonJson({ niches: [{ name: "a", size: {} }], overlaps: [], params: { seed: 0 } })).toBe(true);
    expect(isComparisonJson({ nodes: [], edges: [], attributes: { atlas: {} } })).toBe(false);
    expect(isComparisonJson({ niches: [{ size: {} }], params: {} })).toBe(false);
  });
  it("should name niches after their files, uniquely", () => {
    expect(nicheNames(["out/a.atlas.json", "b.json.gz", "x/a.atlas.json", "football.gml"])).toEqual(["a", "b", "a#2", "football"]);
  });
  it("should accept only plain file names from ?files=", () => {
    expect(parseFilesParam("a.atlas.json, b.json,../etc/passwd,x/y.json,,.hidden")).toEqual({
      names: ["a.atlas.json", "b.json"],
      rejected: ["../etc/passwd", "x/y.json", ".hidden"],
    });
    expect(parseFilesParam(null)).toEqual({ names: [], rejected: [] });
  });
  it("should lay the table out as the report does, one column per niche", async () => {
    const index = nicheIndex(await karate());
    const { profile } = profileNiche({ name: "karate", source: "k", index });
    const c: NicheComparison = { niches: [{ ...profile, nullModel: null }], overlaps: [], params: { seed: 0, replicates: 0, swapsPerEdge: 10, top: 10, resolution: 1 } };
    const sections = comparisonSections(c);
    expect(sections.map((s) => s.title).slice(0, 2)).toEqual(["Size", "Shape"]);
    const size = sections[0].rows;
    expect(size.find((r) => r.label === "nodes")!.cells).toEqual(["34"]);
    expect(size.find((r) => r.label === "edges")!.cells).toEqual(["78 (undirected)"]);
    expect(size.find((r) => r.label === "density")!.cells).toEqual(["0.139"]);
  });
});

describe("graphDeferringEdges", () => {
  it("should hold back the edges of a big file and give the same graph once they are imported", async () => {
    const data = (await karate()).export();
    const small = graphDeferringEdges(data, "k");
    expect(small.pendingEdges).toBeUndefined();
    expect(small.graph.size).toBe(78);
    const deferred = graphDeferringEdges(data, "k", 50);
    expect(deferred.graph.order).toBe(34);
    expect(deferred.graph.size).toBe(0);
    expect(deferred.pendingEdges).toHaveLength(78);
    deferred.graph.import({ edges: deferred.pendingEdges! }, true);
    expect(deferred.graph.export()).toEqual(small.graph.export());
  });
});
