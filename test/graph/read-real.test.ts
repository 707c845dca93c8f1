/**
 * Every reader on the bundled real files; expected counts from
 * data/README (../shared/data/README.md), which its authors got with Python.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { readEdgelistEdges } from "../../src/graph/readers/edgelist.ts";
import { ROOT, edgeStats, readRepoGraph } from "./helpers.ts";

describe("readGraph on real GML files", () => {
  let polblogs: AtlasGraph;
  beforeAll(async () => {
    polblogs = await readRepoGraph("data/polblogs/polblogs.gml");
  });

  it("should read polblogs as directed with 1490 nodes, 19025 merged edges and 3 self-loops", () => {
    const g = polblogs;
    expect(g.type).toBe("directed");
    expect(g.order).toBe(1490);
    expect(g.size).toBe(19025);
    const stats = edgeStats(g);
    expect(stats.selfLoops).toBe(3);
    // 19090 edge blocks of weight 1 merged into 19025 edges
    expect(stats.totalWeight).toBe(19090);
    expect(g.getNodeAttributes("1")).toEqual({
      label: "100monkeystyping.com",
      value: 0,
      source: "Blogarama",
    });
    let liberal = 0;
    g.forEachNode((_k, a) => {
      if (a.value === 0) liberal++;
    });
    expect(liberal).toBe(758);
  });

  it("should decode HTML entities in polblogs labels (&#38; is &)", () => {
    const labels = polblogs.mapNodes((_k, a) => a.label as string);
    expect(labels).toContain("charlineandjamie.com/dotnetweb01a/blogdisplay.aspx?logname=jamie&logcatid=48");
  });

  it("should read karate as undirected with 34 nodes, 78 edges and the two clubs", async () => {
    const g = await readRepoGraph("data/karate/karate_club.gml");
    expect(g.type).toBe("undirected");
    expect(g.order).toBe(34);
    expect(g.size).toBe(78);
    expect(g.getAttribute("name")).toBe("Zachary's Karate Club");
    // numeric GML label 0 becomes the string "0"
    expect(g.getNodeAttribute("0", "label")).toBe("0");
    const clubs = g.mapNodes((_k, a) => a.club as string);
    expect(clubs.filter((c) => c === "Mr. Hi")).toHaveLength(17);
    expect(clubs.filter((c) => c === "Officer")).toHaveLength(17);
  });

  it("should read football (brackets on their own lines) with 115 nodes, 613 edges and 12 conferences", async () => {
    const g = await readRepoGraph("data/football/football.gml");
    expect(g.type).toBe("undirected");
    expect(g.order).toBe(115);
    expect(g.size).toBe(613);
    expect(g.getNodeAttributes("0")).toEqual({ label: "BrighamYoung", value: 7 });
    expect(g.getNodeAttributes("1")).toEqual({ label: "FloridaState", value: 0 });
    expect(g.mapNodes((_k, a) => a.label)).toContain("TexasA&M");
    expect(new Set(g.mapNodes((_k, a) => a.value)).size).toBe(12);
  });

  it("should read polbooks with 105 nodes, 441 edges and l/c/n labels", async () => {
    const g = await readRepoGraph("data/polbooks/polbooks.gml");
    expect(g.type).toBe("undirected");
    expect(g.order).toBe(105);
    expect(g.size).toBe(441);
    expect(g.getNodeAttributes("0")).toEqual({ label: "1000 Years for Revenge", value: "n" });
    const values = g.mapNodes((_k, a) => a.value as string);
    expect(values.filter((v) => v === "l")).toHaveLength(43);
    expect(values.filter((v) => v === "c")).toHaveLength(49);
    expect(values.filter((v) => v === "n")).toHaveLength(13);
  });
});

describe("readGraph on real edge lists", () => {
  it("should read congress.edgelist (trailing spaces) with 475 nodes and 13289 weighted edges", async () => {
    const g = await readRepoGraph("data/congress_twitter/congress.edgelist");
    expect(g.type).toBe("directed");
    expect(g.order).toBe(475);
    expect(g.size).toBe(13289);
    const stats = edgeStats(g);
    expect(stats.selfLoops).toBe(0);
    // README: weights range from 0.00053 to 0.1306
    expect(stats.minWeight).toBeCloseTo(0.00053, 5);
    expect(stats.maxWeight).toBeCloseTo(0.1306, 4);
  });

  it("should read wiki-Vote.txt (CRLF, # comments) with 7115 nodes and 103689 edges", async () => {
    const g = await readRepoGraph("data/wiki_vote/wiki-Vote.txt");
    expect(g.order).toBe(7115);
    expect(g.size).toBe(103689);
    expect(edgeStats(g).selfLoops).toBe(0);
    // no "\r" left in keys
    expect(g.nodes().some((k) => k.includes("\r"))).toBe(false);
    expect(g.hasNode("3")).toBe(true);
    expect(g.hasNode("8297")).toBe(true);
  });

  it("should read the gzipped Higgs mention network: 116408 nodes, 150818 edges, 5353 self-loops, weight 171237", async () => {
    const g = await readRepoGraph("data/higgs_twitter/higgs-mention_network.edgelist.gz");
    expect(g.order).toBe(116408);
    expect(g.size).toBe(150818);
    const stats = edgeStats(g);
    expect(stats.selfLoops).toBe(5353);
    expect(stats.totalWeight).toBe(171237);
    expect(stats.maxWeight).toBe(92);
  });

  it("should read the Higgs reply network: 38918 nodes, 32523 edges, 343 self-loops, weight 36902", async () => {
    const g = await readRepoGraph("data/higgs_twitter/higgs-reply_network.edgelist");
    expect(g.order).toBe(38918);
    expect(g.size).toBe(32523);
    const stats = edgeStats(g);
    expect(stats.selfLoops).toBe(343);
    expect(stats.totalWeight).toBe(36902);
  });

  it("should read an edge list as undirected on request, merging u->v and v->u", async () => {
    const g = await readRepoGraph("data/congress_twitter/congress.edgelist", { undirected: true });
    expect(g.type).toBe("undirected");
    // README: 3067 reciprocated pairs collapse
    expect(g.size).toBe(13289 - 3067);
  });
});

describe("readGraph on real JSON edge-pair files (WSDM'21 follower graphs)", () => {
  // Counts and m/f labels from data/README.md (Anwar, Saveski & Roy, WSDM 2021).
  const cases = [
    ["bofa_careers.json.gz", 13688, 68328, 10600, 3088],
    ["hersheycareers.json", 3726, 23939, 2525, 1201],
    ["verizoncareers.json.gz", 9226, 59576, 7131, 2095],
  ] as const;
  for (const [file, nodes, edges, m, f] of cases) {
    it(`should read ${file}: ${nodes} nodes, ${edges} directed edges, ${m} m / ${f} f`, async () => {
      const g = await readRepoGraph(`data/twitter_follower_graphs_wsdm21/${file}`);
      expect(g.type).toBe("directed");
      expect(g.order).toBe(nodes);
      expect(g.size).toBe(edges);
      const classes: Record<string, number> = {};
      g.forEachNode((_n, a) => void (classes[a.class as string] = (classes[a.class as string] ?? 0) + 1));
      expect(classes).toEqual({ m, f });
      expect(edgeStats(g).selfLoops).toBe(0);
    });
  }
});

describe("readEdgelistEdges", () => {
  it("should merge an edge list into typed arrays without building a graph", () => {
    const text = readFileSync(join(ROOT, "data/higgs_twitter/higgs-reply_network.edgelist"), "utf8");
    const merged = readEdgelistEdges("reply", text);
    // README: 38918 nodes, 32523 edges, 343 self-loops, weights sum to 36902
    expect(merged.order).toBe(38918);
    expect(merged.sources.length).toBe(32523);
    let self = 0;
    let total = 0;
    for (let i = 0; i < merged.sources.length; i++) {
      if (merged.sources[i] === merged.targets[i]) self++;
      total += merged.weights[i];
    }
    expect(self).toBe(343);
    expect(total).toBe(36902);
  });
});
