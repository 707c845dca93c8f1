import { describe, expect, it } from "vitest";
import Graph from "graphology";
import graphologyLouvain from "graphology-communities-louvain";
import { csrFromEdges, csrFromGraph } from "../../../src/analyze/csr.ts";
import { createRng } from "../../../src/analyze/rng.ts";
import { louvain, louvainCommunities, LOUVAIN_DEFAULTS, renumberBySize, undirectedView } from "../../../src/analyze/communities/louvain.ts";
import { modularity } from "../../../src/analyze/communities/modularity.ts";
import { nmi } from "../../../src/analyze/communities/nmi.ts";
import { addEdgeRecord, createGraph, type AtlasGraph } from "../../../src/graph/model.ts";
import { AnalysisError, UsageError } from "../../../src/shared/errors.ts";
import { readCommunityFixture } from "../../helpers/reference-fixtures.ts";
import { referenceGraph } from "../../helpers/reference-graphs.ts";

let lccCache: AtlasGraph | undefined;

/** The largest weakly connected component of polblogs (keys from the networkx fixture); read-only. */
function polblogsLcc(): AtlasGraph {
  lccCache ??= buildLcc();
  return lccCache;
}

function buildLcc(): AtlasGraph {
  const fx = readCommunityFixture("polblogs");
  const g = referenceGraph("polblogs");
  const keep = new Set(fx.lcc!.keys!);
  for (const k of g.nodes()) if (!keep.has(k)) g.dropNode(k);
  return g;
}

function sizesOf(membership: Int32Array, count: number): number[] {
  const sizes = new Array<number>(count).fill(0);
  for (const c of membership) sizes[c]++;
  return sizes;
}

describe("louvainCommunities", () => {
  it("should reach modularity ≥ 0.41 on karate, equal to modularity() and to graphology's figure", () => {
    const graph = referenceGraph("karate");
    const d = louvain.detailed(graph, { seed: 0 });
    const index = csrFromGraph(graph);
    expect(d.modularity).toBeGreaterThanOrEqual(0.41);
    expect(Math.abs(d.modularity - modularity(index, d.membership))).toBeLessThan(1e-12);
    expect(Math.abs(d.modularity - d.libraryModularity!)).toBeLessThan(1e-9);
    // The same partition as graphology-communities-louvain with the same rng.
    const lib = graphologyLouvain.detailed(graph, { rng: createRng(0), getEdgeWeight: "weight" });
    expect(nmi(d.membership, graph.nodes().map((k) => lib.communities[k]))).toBe(1);
    expect(d.count).toBe(lib.count);
  });

  it("should reach ≥ 0.42 on the polblogs LCC (undirected weighted view) with NMI near igraph's multilevel", () => {
    const fx = readCommunityFixture("polblogs").lcc!;
    const graph = polblogsLcc();
    expect(graph.order).toBe(1222);
    const view = csrFromGraph(graph, { undirected: true });
    expect(view.size).toBe(fx.edges);
    const d = louvain.detailed(graph, { seed: 0 });
    expect(d.directed).toBe(false);
    expect(d.modularity).toBeGreaterThanOrEqual(0.42);
    expect(Math.abs(d.modularity - modularity(view, d.membership))).toBeLessThan(1e-12);
    expect(Math.abs(d.modularity - d.libraryModularity!)).toBeLessThan(1e-9);
    // Within 0.01 of igraph's best over 10 seeds, and NMI within 0.05 of igraph's mean.
    expect(d.modularity).toBeGreaterThan(fx.multilevel.bestModularity - 0.01);
    const score = nmi(d.membership, fx.truth);
    expect(Math.abs(score - fx.multilevel.meanNmi)).toBeLessThan(0.05);
  });

  it("should match igraph's multilevel on the polblogs LCC simple graph (every pair weight 1) too", () => {
    const fx = readCommunityFixture("polblogs").lcc!;
    // With getEdgeWeight: null a reciprocated pair still weighs 2 in the undirected view
    // (two records); the simple graph, as in the literature, is built here.
    const graph = createGraph({ directed: false });
    const lcc = polblogsLcc();
    for (const k of lcc.nodes()) graph.addNode(k);
    lcc.forEachEdge((_e, _a, s, t) => {
      graph.mergeEdge(s, t);
    });
    expect(graph.size).toBe(fx.edges);
    const r = louvainCommunities(graph, { seed: 0, getEdgeWeight: null });
    expect(r.modularity).toBeGreaterThanOrEqual(0.42);
    expect(r.modularity).toBeGreaterThan(fx.multilevelUnweighted.bestModularity - 0.01);
    expect(Math.abs(nmi(r.membership, fx.truth) - fx.multilevelUnweighted.meanNmi)).toBeLessThan(0.05);
  });

  it("should find football's conferences about as well as igraph's multilevel", () => {
    const fx = readCommunityFixture("football").whole!;
    const graph = referenceGraph("football");
    const r = louvainCommunities(graph, { seed: 0 });
    expect(Math.abs(r.modularity - modularity(csrFromGraph(graph), r.membership))).toBeLessThan(1e-12);
    expect(r.modularity).toBeGreaterThan(fx.multilevel.bestModularity - 0.01);
    expect(Math.abs(nmi(r.membership, fx.truth) - fx.multilevel.meanNmi)).toBeLessThan(0.05);
  });

  it("should optimise directed modularity on congress when asked, consistent with graphology's figure", () => {
    const graph = referenceGraph("congress");
    const fx = readCommunityFixture("congress");
    const d = louvain.detailed(graph, { seed: 3, directed: true });
    expect(d.directed).toBe(true);
    const index = csrFromGraph(graph);
    expect(Math.abs(d.modularity - modularity(index, d.membership))).toBeLessThan(1e-12);
    expect(Math.abs(d.modularity - d.libraryModularity!)).toBeLessThan(1e-9);
    // Better than the party split itself (networkx's directed modularity of the parties, from scripts/reference/communities.py).
    expect(d.modularity).toBeGreaterThan(fx.groundTruth.modularity.directed!["1.0"]);
    const u = louvain.detailed(graph, { seed: 3 });
    expect(Math.abs(u.modularity - modularity(index, u.membership, { directed: false }))).toBeLessThan(1e-12);
    expect(Math.abs(u.modularity - u.libraryModularity!)).toBeLessThan(1e-9);
  });

  it("should be deterministic for a fixed seed and may differ across seeds", () => {
    const graph = referenceGraph("football");
    const a = louvainCommunities(graph, { seed: 7 });
    const b = louvainCommunities(graph, { seed: 7 });
    expect(Array.from(a.membership)).toEqual(Array.from(b.membership));
    expect(a.modularity).toBe(b.modularity);
    const others = [1, 2, 3].map((seed) => louvainCommunities(graph, { seed }).membership.join(","));
    expect(others.some((m) => m !== a.membership.join(","))).toBe(true);
  });

  it("should number communities by decreasing size, ties by smallest member key", () => {
    const r = louvainCommunities(referenceGraph("congress"), { seed: 0 });
    expect(r.count).toBeGreaterThan(2);
    const sizes = sizesOf(r.membership, r.count);
    for (let c = 1; c < sizes.length; c++) expect(sizes[c]).toBeLessThanOrEqual(sizes[c - 1]);
    // Two equal triangles: keys "b…" and "a…"; the one holding "a1" is community 0.
    const g = createGraph({ directed: false });
    for (const [s, t] of [["b1", "b2"], ["b2", "b3"], ["b1", "b3"], ["a1", "a2"], ["a2", "a3"], ["a1", "a3"]]) addEdgeRecord(g, s, t);
    expect(louvain(g, { seed: 0 })).toEqual({ b1: 1, b2: 1, b3: 1, a1: 0, a2: 0, a3: 0 });
    // renumberBySize on hand data: labels 5 (size 1, key "z"), 2 (size 2), 9 (size 1, key "a").
    const { membership, count } = renumberBySize([5, 2, 2, 9], ["z", "m", "n", "a"]);
    expect(count).toBe(3);
    expect(Array.from(membership)).toEqual([2, 0, 0, 1]);
  });

  it("should use the resolution: higher gives more communities", () => {
    const graph = referenceGraph("karate");
    const low = louvainCommunities(graph, { resolution: 0.5 });
    const high = louvainCommunities(graph, { resolution: 2 });
    expect(high.count).toBeGreaterThan(low.count);
    expect(Math.abs(high.modularity - modularity(csrFromGraph(graph), high.membership, { resolution: 2 }))).toBeLessThan(1e-12);
  });

  it("should treat weights: weight null ignores them", () => {
    // Square a-b-c-d-a; heavy edges a-b and c-d pull the split {a,b} | {c,d}.
    const g = createGraph({ directed: false });
    addEdgeRecord(g, "a", "b", 10);
    addEdgeRecord(g, "b", "c", 1);
    addEdgeRecord(g, "c", "d", 10);
    addEdgeRecord(g, "d", "a", 1);
    expect(louvain(g)).toEqual({ a: 0, b: 0, c: 1, d: 1 });
    // Q of that split (hand-computed): m = 22, every degree 11 → 2·(10/22 − (22/44)²) = 9/22.
    expect(louvainCommunities(g).modularity).toBeCloseTo(9 / 22, 12);
    // Unweighted, it is a plain 4-cycle whose best modularity is 0 (pairs or whole).
    expect(louvainCommunities(g, { getEdgeWeight: null }).modularity).toBeCloseTo(0, 12);
  });

  it("should write the attribute with .assign, as the plain call returns", () => {
    const graph = referenceGraph("karate");
    const map = louvain(graph, { seed: 1 });
    louvain.assign(graph, { seed: 1, nodeAttribute: "niche" });
    graph.forEachNode((k, attrs) => expect(attrs.niche).toBe(map[k]));
    expect(LOUVAIN_DEFAULTS.nodeAttribute).toBe("community");
  });

  it("should give each node its own community and modularity 0 on a graph without edges", () => {
    const g = createGraph();
    g.addNode("y");
    g.addNode("x");
    const r = louvain.detailed(g);
    expect(r.count).toBe(2);
    expect(r.communities).toEqual({ x: 0, y: 1 });
    expect(r.modularity).toBe(0);
    expect(r.libraryModularity).toBeNull();
    expect(louvainCommunities(createGraph())).toEqual({ membership: new Int32Array(0), count: 0, modularity: 0 });
  });

  it("should refuse mixed graphs, negative weights, bad options and a mismatched index", () => {
    const mixed = new Graph({ type: "mixed" }) as AtlasGraph;
    mixed.mergeDirectedEdge("a", "b");
    mixed.mergeUndirectedEdge("b", "c");
    expect(() => louvainCommunities(mixed)).toThrow(AnalysisError);
    expect(() => louvainCommunities(mixed)).toThrow(/mixed graphs are not supported/);
    const g = createGraph();
    addEdgeRecord(g, "a", "b", -2);
    expect(() => louvainCommunities(g)).toThrow(UsageError);
    expect(() => louvainCommunities(g)).toThrow(/weight -2 is negative/);
    expect(() => louvainCommunities(g, { resolution: -1 })).toThrow(/resolution is -1/);
    expect(() => louvainCommunities(g, { seed: Number.NaN })).toThrow(/seed is NaN/);
    const ok = referenceGraph("congress");
    const view = csrFromGraph(ok, { undirected: true });
    expect(() => louvainCommunities(ok, { directed: true, index: view })).toThrow(/does not match the graph/);
    expect(() => louvainCommunities(ok, { index: csrFromGraph(referenceGraph("karate")) })).toThrow(/34 nodes/);
    const shuffled = csrFromEdges({ order: 2, keys: ["b", "a"], sources: [0], targets: [1], directed: false });
    const two = createGraph({ directed: false });
    addEdgeRecord(two, "a", "b");
    expect(() => louvainCommunities(two, { index: shuffled })).toThrow(/lists node "b" at position 0/);
  });

  it("should derive the undirected view of a directed index as csrFromGraph does", () => {
    const graph = referenceGraph("polblogs");
    const a = undirectedView(csrFromGraph(graph));
    const b = csrFromGraph(graph, { undirected: true });
    expect(a.directed).toBe(false);
    expect(a.size).toBe(b.size);
    expect(Array.from(a.outOffsets)).toEqual(Array.from(b.outOffsets));
    expect(Array.from(a.outNeighbors)).toEqual(Array.from(b.outNeighbors));
    expect(Array.from(a.outWeights)).toEqual(Array.from(b.outWeights));
  });

  it("should accept a prebuilt index and return the same partition", () => {
    const graph = referenceGraph("congress");
    const a = louvainCommunities(graph, { seed: 2 });
    const b = louvainCommunities(graph, { seed: 2, index: csrFromGraph(graph, { undirected: true }) });
    expect(Array.from(b.membership)).toEqual(Array.from(a.membership));
    expect(b.modularity).toBe(a.modularity);
    // A directed index: the undirected view is derived from it.
    const c = louvainCommunities(graph, { seed: 2, index: csrFromGraph(graph) });
    expect(Array.from(c.membership)).toEqual(Array.from(a.membership));
    expect(c.modularity).toBe(a.modularity);
  });
});
