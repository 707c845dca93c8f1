import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { assertAtlasExport, LEADER_NODE_METRICS, NODE_METRICS } from "../../src/analyze/atlas.ts";
import { consensusCommunities } from "../../src/analyze/communities/consensus.ts";
import { disconnectedCommunities } from "../../src/analyze/communities/connectivity.ts";
import { leidenCommunities } from "../../src/analyze/communities/leiden.ts";
import { louvainCommunities } from "../../src/analyze/communities/louvain.ts";
import { bootstrapLeaders } from "../../src/analyze/leaders/bootstrap.ts";
import { compositeScores, leaderScores } from "../../src/analyze/leaders/composite.ts";
import { nodeRoles, ROLE_NAMES, type RoleId } from "../../src/analyze/leaders/roles.ts";
import { analyzeGraph, analyzeGraphAsync } from "../../src/analyze/pipeline.ts";
import { batchSize, runReplicateJob, type ReplicateExecutor, type ReplicateResult } from "../../src/analyze/replicates.ts";
import { computeCollectiveInfluence } from "../../src/analyze/spreaders/collective-influence.ts";
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
/** igraph's exact modularity optimum of karate (community_optimal_modularity), from scripts/reference/small_graphs.py. */
const KARATE_OPTIMUM: { modularity: number; communities: number } = readJson("test/fixtures/reference/small/karate-optimal-modularity.json");

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

describe("analyzeGraph: communities, stability, roles, composite leaders and rank intervals", () => {
  // These agree with the pure functions the stages call (the wiring); the figures themselves are checked
  // against the Python reference in test/analyze/leaders/reference.test.ts.
  const KARATE = "data/karate/karate_club.gml";

  it("should default to Leiden with a 10-run consensus, equal to consensusCommunities called directly", async () => {
    const { graph, atlas, index } = analyzeGraph(await load(KARATE), { seed: 3, bootstrap: 0 });
    const direct = consensusCommunities(index, { runs: 10, seed: 3, algorithm: "leiden" });
    expect(Array.from(index.keys, (k) => graph.getNodeAttribute(k, "community"))).toEqual(Array.from(direct.membership));
    index.keys.forEach((k, i) => expect(graph.getNodeAttribute(k, "stability")).toBe(direct.nodeStability[i]));
    expect(atlas.communities.map((c) => c.stability)).toEqual(Array.from(direct.communityStability));
    expect(atlas.params).toMatchObject({ communities: "leiden", consensus: { runs: 10, rounds: direct.rounds, converged: direct.converged } });
    expect(atlas.disconnectedCommunities).toBe(disconnectedCommunities(index, direct.membership));
    expect(atlas.modularity).toBeCloseTo(direct.modularity, 12);
    // At most karate's modularity optimum (0.4198, Brandes et al. 2008): igraph's exact community_optimal_modularity,
    // networkx agreeing on its partition; 1e-12 for the order of the sums.
    expect(atlas.modularity).toBeGreaterThan(0.4);
    expect(atlas.modularity).toBeLessThanOrEqual(KARATE_OPTIMUM.modularity + 1e-12);
  });

  it("should use one Leiden or Louvain run with consensus 0, and record the algorithm", async () => {
    const leidenRun = analyzeGraph(await load(KARATE), { seed: 2, consensus: 0, bootstrap: 0 });
    const direct = leidenCommunities(leidenRun.index, { seed: 2 });
    expect(Array.from(leidenRun.index.keys, (k) => leidenRun.graph.getNodeAttribute(k, "community"))).toEqual(Array.from(direct.membership));
    expect(leidenRun.graph.getNodeAttribute("0", "stability")).toBeUndefined();
    expect(leidenRun.atlas.communities[0].stability).toBeUndefined();
    expect(leidenRun.atlas.params.consensus?.runs).toBe(0);

    const graph = await load(KARATE);
    const louvainRun = analyzeGraph(graph, { seed: 2, communities: "louvain", consensus: 0, bootstrap: 0 });
    const lv = louvainCommunities(await load(KARATE), { seed: 2 });
    expect(Array.from(louvainRun.index.keys, (k) => graph.getNodeAttribute(k, "community"))).toEqual(Array.from(lv.membership));
    expect(louvainRun.atlas.params.communities).toBe("louvain");
    expect(louvainRun.atlas.disconnectedCommunities).toBe(disconnectedCommunities(louvainRun.index, lv.membership));
  });

  it("should write roles, z-scores, spreader scores and the composite as the pure functions give them", async () => {
    const { graph, atlas, index } = analyzeGraph(await load(KARATE), { seed: 1, bootstrap: 0 });
    const membership = Array.from(index.keys, (k) => graph.getNodeAttribute(k, "community") as number);
    const roles = nodeRoles(index, membership);
    const scores = leaderScores(index, membership);
    const composite = compositeScores(index, membership, scores, { top: 10 });
    const ci = computeCollectiveInfluence(index, { radius: 2, maxRemovals: 0 }).initial;
    index.keys.forEach((k, i) => {
      const a = graph.getNodeAttributes(k);
      expect(a.role).toBe(roles.role[i]);
      expect(a.roleName).toBe(ROLE_NAMES[roles.role[i] as RoleId]);
      expect(a.withinModuleZ).toBe(roles.z[i]);
      expect(a.participation).toBe(roles.participation[i]);
      expect(a.leaderRankScore).toBe(scores.leaderrank[i]);
      expect(a.voteRank).toBe(scores.voterank[i]);
      expect(a.collectiveInfluence).toBe(ci[i]);
      expect(a.compositeScore).toBe(composite.score[i]);
      expect(a.compositeRank).toBe(composite.rank[i]);
    });
    // The composite is the default ranking: the listed leaders are the composite's.
    expect(atlas.params.by).toBe("composite");
    expect(atlas.communities.map((c) => c.leaders)).toEqual(composite.leaders.map((l) => l.map((i) => index.keys[i])));
    // Hand check: 33 has 17 neighbours, the most in the graph (networkx degree), so it is its community's hub (z ≥ 2.5).
    expect(graph.getNodeAttribute("33", "withinModuleZ")).toBeGreaterThanOrEqual(2.5);
    expect(graph.getNodeAttribute("33", "role")).toBeGreaterThanOrEqual(5);
  });

  it("should give each listed leader the bootstrapLeaders interval, containing a rank ≥ 1, and record the bootstrap", async () => {
    const { graph, atlas, index } = analyzeGraph(await load(KARATE), { seed: 5, bootstrap: 40, top: 4 });
    const membership = Array.from(index.keys, (k) => graph.getNodeAttribute(k, "community") as number);
    const direct = bootstrapLeaders(index, membership, { replicates: 40, seed: 5, top: 4 });
    expect(atlas.params.bootstrap).toMatchObject({ B: 40, seed: 5, maxWidth: 5 });
    let listed = 0;
    for (const list of direct.leaders) {
      for (const iv of list) {
        const a = graph.getNodeAttributes(index.keys[iv.node]);
        expect([a.rankLow, a.rankHigh, a.unstableLeader]).toEqual([iv.lower, iv.upper, iv.unstable]);
        expect(a.leaderRank).toBe(iv.rank);
        expect(a.rankLow).toBeGreaterThanOrEqual(1);
        expect(a.rankLow).toBeLessThanOrEqual(a.rankHigh as number);
        listed++;
      }
    }
    expect(listed).toBe(atlas.communities.reduce((s, c) => s + c.leaders.length, 0));
    // Unlisted nodes carry no interval.
    expect(graph.filterNodes((_k, a) => a.rankLow !== undefined).length).toBe(listed);
  });

  it("should give the same atlas with a shuffling asynchronous executor as in one thread", async () => {
    const options = { seed: 9, bootstrap: 12, consensus: 6 };
    const g1 = await load(KARATE);
    analyzeGraph(g1, options);
    const g2 = await load(KARATE);
    const batches: string[] = [];
    // Runs the jobs last-first, each in its own microtask, as workers finishing out of order would.
    const shuffling: ReplicateExecutor = {
      async run(batch, onProgress) {
        batches.push(batch.kind);
        const n = batchSize(batch);
        const out = new Array<ReplicateResult>(n);
        for (let j = n - 1; j >= 0; j--) {
          await Promise.resolve();
          out[j] = runReplicateJob(batch, j);
          onProgress?.(n - j, n, batch.label);
        }
        return out;
      },
    };
    await analyzeGraphAsync(g2, options, undefined, { executor: shuffling });
    expect(batches[0]).toBe("betweenness");
    expect(batches[1]).toBe("consensus");
    expect(batches.at(-1)).toBe("bootstrap");
    expect(g2.getAttribute("atlas")).toEqual(g1.getAttribute("atlas"));
    g1.forEachNode((k, a) => expect(g2.getNodeAttributes(k)).toEqual(a));
  });

  it("should stop when its AbortSignal is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(analyzeGraphAsync(await load(KARATE), {}, undefined, { signal: controller.signal })).rejects.toThrow(/cancelled|abort/i);
  });

  it("should turn consensus and bootstrap off by default above replicatesMaxNodes, and say so", async () => {
    const { atlas, graph } = analyzeGraph(await load(KARATE), { replicatesMaxNodes: 30 });
    expect(atlas.params.consensus?.runs).toBe(0);
    expect(atlas.params.bootstrap?.B).toBe(0);
    expect(graph.getNodeAttribute("0", "rankLow")).toBeUndefined();
    expect(atlas.warnings.join("\n")).toMatch(/consensus clustering skipped: 34 nodes/);
    expect(atlas.warnings.join("\n")).toMatch(/bootstrap rank intervals skipped: 34 nodes/);
  });

  it("should skip collective influence above its work limit, with a warning", async () => {
    const { atlas, graph } = analyzeGraph(await load(KARATE), { consensus: 0, bootstrap: 0, collectiveInfluenceMaxWork: 10 });
    expect(graph.getNodeAttribute("0", "collectiveInfluence")).toBeUndefined();
    expect(atlas.params.spreaders?.collectiveInfluence).toBe(false);
    // Σk² of karate, from networkx's degrees (scripts/reference/spectral.py).
    const sumSquares = Object.values(SPECTRAL_KARATE.degrees.degree as Record<string, number>).reduce((s, d) => s + d * d, 0);
    expect(atlas.warnings.join("\n")).toContain(`collective influence skipped: Σk² = ${sumSquares}`);
  });

  it("should keep atlas files written before these fields valid against the schema", async () => {
    const graph = await congress();
    const data = JSON.parse(JSON.stringify(graph.export()));
    const meta = data.attributes.atlas;
    delete meta.disconnectedCommunities;
    for (const k of ["communities", "consensus", "bootstrap", "composite", "spreaders"]) delete meta.params[k];
    meta.params.by = "communityPagerank";
    for (const c of meta.communities) delete c.stability;
    for (const node of data.nodes) for (const k of LEADER_NODE_METRICS) delete node.attributes[k];
    expect(atlasSchemaErrors(data)).toEqual([]);
    // And the new ones are checked: a stability above 1 is refused.
    data.nodes[0].attributes.stability = 1.5;
    expect(atlasSchemaErrors(data)).toEqual(["/nodes/0/attributes/stability: must be <= 1"]);
  });

  it("should reject bad community, consensus and bootstrap options", () => {
    expect(() => analyzeGraph(createGraph(), { communities: "infomap" as never })).toThrow(/communities must be leiden or louvain/);
    expect(() => analyzeGraph(createGraph(), { consensus: -1 })).toThrow(UsageError);
    expect(() => analyzeGraph(createGraph(), { bootstrap: 1.5 })).toThrow(/bootstrap must be a non-negative integer/);
    expect(() => analyzeGraph(createGraph(), { communities: "leiden", directedModularity: true })).toThrow(/directed modularity needs communities: louvain/);
    // directedModularity alone switches to Louvain, without consensus.
    const g = createGraph();
    addEdgeRecord(g, "a", "b");
    addEdgeRecord(g, "b", "c");
    expect(analyzeGraph(g, { directedModularity: true }).atlas.params).toMatchObject({ communities: "louvain", consensus: { runs: 0 } });
  });
});
