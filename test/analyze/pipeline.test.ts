import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { assertAtlasExport, NODE_METRICS } from "../../src/analyze/atlas.ts";
import { analyzeGraph } from "../../src/analyze/pipeline.ts";
import { addEdgeRecord, createGraph, type AtlasGraph } from "../../src/graph/model.ts";
import { readGraph } from "../../src/graph/read.ts";
import { EDGELESS_NOTE, renderReport } from "../../src/report/index.ts";
import { DataError, UsageError } from "../../src/shared/errors.ts";
import { atlasSchemaErrors } from "../helpers/atlas-schema.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const readJson = (path: string): any => JSON.parse(readFileSync(ROOT + path, "utf8"));
const SPECTRAL_KARATE = readJson("test/fixtures/reference/spectral/karate.json");
const PATHS_KARATE = readJson("test/fixtures/reference/paths/karate.json");
const SPECTRAL_CONGRESS = readJson("test/fixtures/reference/spectral/congress.json");

async function load(path: string): Promise<AtlasGraph> {
  return readGraph(path, new Uint8Array(readFileSync(ROOT + path)));
}

/** Every number in a JSON-like value, with its path. */
function numbers(value: unknown, path = "$", out: [string, number][] = []): [string, number][] {
  if (typeof value === "number") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out);
  return out;
}

const CONGRESS_OPTIONS = {
  source: "congress",
  createdAt: "2024-05-01T12:00:00.000Z",
  seed: 7,
  betweenness: "approx" as const,
  samples: 64,
};
let congressGraph: Promise<AtlasGraph> | undefined;
/** The congress network analyzed once with CONGRESS_OPTIONS (shared by two tests). */
function congress(): Promise<AtlasGraph> {
  congressGraph ??= load("data/congress_twitter/congress.edgelist").then((g) => analyzeGraph(g, CONGRESS_OPTIONS).graph);
  return congressGraph;
}

/** |actual - expected| ≤ 1e-9 (the fixtures' agreed precision). */
function close(actual: unknown, expected: number): void {
  expect(typeof actual).toBe("number");
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-9);
}

describe("analyzeGraph", () => {
  it("should write every metric of the karate club equal to networkx's", async () => {
    const { graph, atlas } = analyzeGraph(await load("data/karate/karate_club.gml"), { source: "karate" });
    const keys: string[] = PATHS_KARATE.keys;
    keys.forEach((key, i) => {
      const a = graph.getNodeAttributes(key);
      close(a.pagerank, SPECTRAL_KARATE.pagerank.weighted[key]);
      close(a.authority, SPECTRAL_KARATE.hits.authorities[key]);
      close(a.hub, SPECTRAL_KARATE.hits.hubs[key]);
      close(a.eigenvector, SPECTRAL_KARATE.eigenvector.values[key]);
      expect(a.inDegree).toBe(SPECTRAL_KARATE.degrees.inDegree[key]);
      expect(a.coreness).toBe(PATHS_KARATE.coreness[i]);
      close(a.betweenness, PATHS_KARATE.betweenness[i]);
      close(a.closeness, PATHS_KARATE.closeness[i]);
      close(a.harmonic, PATHS_KARATE.harmonic[i]);
    });
    expect(atlas.summary.nodes).toBe(34);
    expect(atlas.summary.edges).toBe(78);
    close(atlas.summary.averageClustering, PATHS_KARATE.summary.averageClustering);
    // Literature: Louvain on karate reaches Q ≈ 0.4188 (Blondel et al. 2008 report 0.42).
    expect(atlas.modularity).toBeGreaterThanOrEqual(0.41);
    expect(atlas.params.betweenness).toMatchObject({ requested: "auto", mode: "exact", samples: 34 });
  });

  it("should make 0 and 33, the two highest-degree members (networkx: 16 and 17), lead their communities", async () => {
    const { graph, atlas } = analyzeGraph(await load("data/karate/karate_club.gml"), { by: "inDegree", top: 3 });
    const degree = SPECTRAL_KARATE.degrees.degree as Record<string, number>;
    const top2 = Object.keys(degree).sort((a, b) => degree[b] - degree[a]).slice(0, 2);
    expect(top2.sort()).toEqual(["0", "33"]);
    const c0 = graph.getNodeAttribute("0", "community");
    const c33 = graph.getNodeAttribute("33", "community");
    expect(c0).not.toBe(c33); // the two factions' leaders (Zachary 1977)
    expect(atlas.communities[c0].leaders[0]).toBe("0");
    expect(atlas.communities[c33].leaders[0]).toBe("33");
    expect(graph.getNodeAttribute("0", "leaderRank")).toBe(1);
    // leaderRank is absent outside the top N.
    const ranked = graph.filterNodes((_k, a) => a.leaderRank !== undefined).length;
    expect(ranked).toBe(atlas.communities.reduce((s, c) => s + Math.min(3, c.size), 0));
  });

  it("should produce an atlas file valid against src/atlas.schema.json that Graph.from() reads back", async () => {
    const graph = await congress();
    const text = JSON.stringify(graph.export());
    const data = JSON.parse(text);
    expect(atlasSchemaErrors(data)).toEqual([]);
    expect(() => assertAtlasExport(data, "congress.atlas.json")).not.toThrow();
    const back = Graph.from(data);
    expect(back.order).toBe(475);
    expect(back.size).toBe(13289);
    expect(back.type).toBe("directed");
    expect(back.getAttribute("atlas")).toEqual(graph.getAttribute("atlas"));
    expect(back.getNodeAttributes("0")).toEqual(graph.getNodeAttributes("0"));
    for (const key of ["0", "100", "474"]) close(back.getNodeAttribute(key, "pagerank"), SPECTRAL_CONGRESS.pagerank.weighted[key]);
  });

  it("should let the schema check catch a broken atlas file", () => {
    const broken = { options: { type: "directed", multi: false, allowSelfLoops: true }, attributes: {}, nodes: [], edges: [] };
    expect(atlasSchemaErrors(broken)).toEqual(["/attributes: must have required property 'atlas'"]);
    expect(() => assertAtlasExport({ attributes: { atlas: { version: 2 } }, nodes: [] }, "x.json")).toThrow(DataError);
    expect(() => assertAtlasExport({ attributes: { atlas: { version: 2 } }, nodes: [] }, "x.json")).toThrow(
      /x\.json: not a valid atlas file: version 2/,
    );
  });

  it("should give finite metrics, no NaN, and a report noting it on a graph without edges", () => {
    const graph = createGraph({ directed: true });
    for (const k of ["a", "b", "c"]) graph.addNode(k, { label: k.toUpperCase() });
    const { atlas } = analyzeGraph(graph, { createdAt: "2024-01-01T00:00:00.000Z" });
    const data = graph.export();
    expect(atlasSchemaErrors(JSON.parse(JSON.stringify(data)))).toEqual([]);
    const bad = numbers(data).filter(([, v]) => !Number.isFinite(v));
    expect(bad).toEqual([]);
    // Isolated nodes: PageRank uniform 1/3 (networkx), degree 0, each alone in a community.
    expect(graph.getNodeAttribute("a", "pagerank")).toBeCloseTo(1 / 3, 12);
    expect(graph.getNodeAttribute("b", "inDegree")).toBe(0);
    expect(atlas.communities.map((c) => c.size)).toEqual([1, 1, 1]);
    expect(atlas.modularity).toBe(0);
    expect(atlas.summary.assortativity).toBeNull();
    for (const format of ["md", "html", "json"] as const) {
      const text = renderReport(graph, format);
      expect(text).toContain(EDGELESS_NOTE);
      expect(text).not.toMatch(/NaN|Infinity/);
    }
    expect(renderReport(graph, "csv")).not.toMatch(/NaN|Infinity/);
  });

  it("should analyze the empty graph", () => {
    const { atlas } = analyzeGraph(createGraph());
    expect(atlas.summary.nodes).toBe(0);
    expect(atlas.communities).toEqual([]);
  });

  it("should give the same atlas twice for a fixed seed", async () => {
    const g1 = await congress();
    const g2 = await load("data/congress_twitter/congress.edgelist");
    analyzeGraph(g2, CONGRESS_OPTIONS);
    // Edge keys are generated per graph instance; compare everything else.
    const strip = (g: AtlasGraph): unknown => {
      const data = g.export();
      return { ...data, edges: data.edges.map(({ key: _key, ...rest }) => rest) };
    };
    expect(strip(g1)).toEqual(strip(g2));
    expect(g1.getAttribute("atlas").params.betweenness).toMatchObject({ mode: "approx", samples: 64, requested: "approx" });
  });

  it("should switch auto betweenness to sampling and skip closeness above their size limits, and say so", () => {
    const graph = createGraph();
    for (let i = 0; i < 40; i++) addEdgeRecord(graph, `n${i}`, `n${(i + 1) % 40}`);
    const { atlas } = analyzeGraph(graph, { exactBetweennessMaxNodes: 10, closenessMaxNodes: 10, samples: 8 });
    expect(atlas.params.betweenness).toMatchObject({ requested: "auto", mode: "approx", samples: 8 });
    expect(atlas.params.closeness.computed).toBe(false);
    expect(graph.getNodeAttribute("n0", "closeness")).toBeNull();
    expect(atlas.warnings.join("\n")).toMatch(/closeness and harmonic centrality skipped/);
  });

  it("should record a non-converging eigenvector centrality as null with a warning", () => {
    // A directed path: the iteration on A + I drifts to the sink polynomially, never within tolerance.
    const graph = createGraph();
    for (let i = 0; i < 30; i++) addEdgeRecord(graph, String(i), String(i + 1));
    const { atlas } = analyzeGraph(graph);
    expect(atlas.params.eigenvector.converged).toBe(false);
    expect(graph.getNodeAttribute("5", "eigenvector")).toBeNull();
    expect(atlas.warnings.join("\n")).toMatch(/eigenvector centrality not computed: .*did not converge/);
    expect(numbers(graph.export()).filter(([, v]) => !Number.isFinite(v))).toEqual([]);
  });

  it("should analyze a directed graph as undirected, merging u→v and v→u", () => {
    const graph = createGraph();
    addEdgeRecord(graph, "a", "b", 2);
    addEdgeRecord(graph, "b", "a", 3);
    addEdgeRecord(graph, "b", "c", 1);
    const { graph: out, atlas } = analyzeGraph(graph, { undirected: true });
    expect(out.type).toBe("undirected");
    expect(out.size).toBe(2);
    expect(atlas.directed).toBe(false);
    expect(out.getNodeAttribute("b", "inStrength")).toBe(6);
  });

  it("should write the metrics as NODE_METRICS lists them, and report progress per stage", () => {
    const graph = createGraph();
    addEdgeRecord(graph, "a", "b");
    const stages: string[] = [];
    analyzeGraph(graph, {}, (e) => e.phase === "end" && stages.push(e.stage));
    for (const m of NODE_METRICS) expect(graph.getNodeAttributes("a")).toHaveProperty(m);
    expect(stages[0]).toBe("index");
    expect(stages.at(-1)).toBe("attributes");
    expect(stages).toContain("betweenness");
  });

  it("should reject bad options with a UsageError", () => {
    expect(() => analyzeGraph(createGraph(), { resolution: -1 })).toThrow(UsageError);
    expect(() => analyzeGraph(createGraph(), { by: "fame" as never })).toThrow(/unknown leader metric "fame"/);
  });
});
