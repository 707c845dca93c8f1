/**
 * Stored map positions (`layoutGraph`, `atlas layout`, `atlas analyze --layout`),
 * checked against what the data itself says: Zachary's two clubs (the `club`
 * attribute of karate_club.gml, the split the club really had) end up apart
 * on the map, the nodes with no edge sit in a grid beside it, and the same
 * seed gives the same map.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Graph from "graphology";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layoutByDefault, layoutGraph, LAYOUT_AUTO_EDGES, LAYOUT_AUTO_NODES } from "../../src/analyze/layout.ts";
import { atlasSchemaErrors } from "../helpers/atlas-schema.ts";
import { ROOT, runAtlas, stderrProblems } from "../cli/helpers.ts";
import { readRepoGraph } from "../graph/helpers.ts";

const distance = (g: Graph, a: string, b: string): number =>
  Math.hypot(g.getNodeAttribute(a, "x") - g.getNodeAttribute(b, "x"), g.getNodeAttribute(a, "y") - g.getNodeAttribute(b, "y"));

describe("layoutGraph", () => {
  it("should put Zachary's two clubs apart: members of one club nearer each other than to the other club", async () => {
    const g = await readRepoGraph("data/karate/karate_club.gml");
    const params = layoutGraph(g, { seed: 1 });
    expect(params).toEqual({ algorithm: "forceatlas2", iterations: 500, seed: 1, noverlap: true, isolated: 0 });
    let same = 0;
    let sameN = 0;
    let other = 0;
    let otherN = 0;
    const nodes = g.nodes();
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const d = distance(g, nodes[i], nodes[j]);
        if (g.getNodeAttribute(nodes[i], "club") === g.getNodeAttribute(nodes[j], "club")) (same += d), sameN++;
        else (other += d), otherN++;
      }
    }
    expect(same / sameN).toBeLessThan(0.8 * (other / otherN));
    g.forEachNode((_k, a) => expect(Number.isFinite(a.x) && Number.isFinite(a.y)).toBe(true));
  });

  it("should give the same map for the same seed and another for another seed", async () => {
    const a = await readRepoGraph("data/karate/karate_club.gml");
    const b = await readRepoGraph("data/karate/karate_club.gml");
    const c = await readRepoGraph("data/karate/karate_club.gml");
    layoutGraph(a, { seed: 4, iterations: 50 });
    layoutGraph(b, { seed: 4, iterations: 50 });
    layoutGraph(c, { seed: 5, iterations: 50 });
    expect(a.mapNodes((_k, x) => [x.x, x.y])).toEqual(b.mapNodes((_k, x) => [x.x, x.y]));
    expect(a.mapNodes((_k, x) => [x.x, x.y])).not.toEqual(c.mapNodes((_k, x) => [x.x, x.y]));
  });

  it("should place the nodes with no edge in a square grid to the right of the map, in key order", () => {
    const g = new Graph({ type: "directed" });
    for (let i = 0; i < 20; i++) g.addNode(`c${i}`);
    for (let i = 0; i < 20; i++) g.addEdge(`c${i}`, `c${(i + 1) % 20}`);
    const lonely = ["z", "a", "m", "b", "y", "k", "q"];
    for (const key of lonely) g.addNode(key);
    g.addEdge("q", "q"); // a self-loop alone still leaves a node with no edge to another
    const params = layoutGraph(g, { iterations: 30 });
    expect(params.isolated).toBe(7);
    const rightmost = Math.max(...g.filterNodes((k) => k.startsWith("c")).map((k) => g.getNodeAttribute(k, "x")));
    const sorted = [...lonely].sort();
    const xs = sorted.map((k) => g.getNodeAttribute(k, "x") as number);
    const ys = sorted.map((k) => g.getNodeAttribute(k, "y") as number);
    for (const x of xs) expect(x).toBeGreaterThan(rightmost);
    // ceil(sqrt(7)) = 3 columns: rows of 3, 3, 1 in key order, evenly spaced
    const step = xs[1] - xs[0];
    expect(step).toBeGreaterThan(0);
    expect(xs[2] - xs[1]).toBeCloseTo(step, 9);
    expect(xs[3]).toBeCloseTo(xs[0], 9);
    expect(ys[3]).toBeCloseTo(ys[0] - step, 9);
    expect(ys[6]).toBeCloseTo(ys[0] - 2 * step, 9);
  });

  it("should lay out by default only above the sizes where the browser's layout takes seconds", () => {
    expect(layoutByDefault(34, 78)).toBe(false);
    expect(layoutByDefault(LAYOUT_AUTO_NODES, 10)).toBe(false);
    expect(layoutByDefault(LAYOUT_AUTO_NODES + 1, 10)).toBe(true);
    expect(layoutByDefault(100, LAYOUT_AUTO_EDGES + 1)).toBe(true);
  });
});

describe("atlas layout and atlas analyze --layout", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "atlas-layout-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const positions = (file: string) => {
    const atlas = JSON.parse(readFileSync(file, "utf8"));
    return { atlas, xy: atlas.nodes.map((n: { attributes: { x?: number; y?: number } }) => [n.attributes.x, n.attributes.y]) };
  };

  it("should store x, y on every node and params.layout, in a schema-valid atlas, and leave small graphs alone by default", async () => {
    const plain = join(dir, "karate.atlas.json");
    const r = await runAtlas(["analyze", ROOT + "data/karate/karate_club.gml", "--out", plain, "--seed", "1"]);
    expect(r.code).toBe(0);
    expect(positions(plain).xy.every(([x, y]: number[]) => x === undefined && y === undefined)).toBe(true);
    expect(positions(plain).atlas.attributes.atlas.params.layout).toBeUndefined();

    const laid = join(dir, "karate-laid.atlas.json");
    const l = await runAtlas(["layout", plain, "--out", laid, "--seed", "2"]);
    expect(stderrProblems(l.stderr)).toEqual([]);
    expect(l.code).toBe(0);
    expect(l.stdout).toContain("laid out 34 nodes (500 ForceAtlas2 iterations + noverlap; 0 with no edge in a grid)");
    const { atlas, xy } = positions(laid);
    expect(xy.every(([x, y]: number[]) => Number.isFinite(x) && Number.isFinite(y))).toBe(true);
    expect(atlas.attributes.atlas.params.layout).toEqual({ algorithm: "forceatlas2", iterations: 500, seed: 2, noverlap: true, isolated: 0 });
    expect(atlasSchemaErrors(atlas).join("\n")).toBe("");

    const analyzed = join(dir, "karate-analyzed.atlas.json");
    const a = await runAtlas(["analyze", ROOT + "data/karate/karate_club.gml", "--out", analyzed, "--seed", "1", "--layout"]);
    expect(a.code).toBe(0);
    expect(positions(analyzed).atlas.attributes.atlas.params.layout).toMatchObject({ algorithm: "forceatlas2", seed: 1 });
  });

  it("should refuse a file that is not an atlas in one line, exit 2", async () => {
    const r = await runAtlas(["layout", ROOT + "data/karate/karate_club.gml"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/karate_club\.gml is not an atlas file; run atlas analyze first/);
  });
});

describe("--layout on the index path", () => {
  it("should say that a run with no graph stores no layout, and how to add one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atlas-layout-index-"));
    try {
      const out = join(dir, "karate.atlas");
      const r = await runAtlas(["analyze", ROOT + "data/karate/karate_club.gml", "--out", out, "--layout", "--bootstrap", "0"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`atlas analyze: warning: --layout needs a graph, and this run has none (the index path); lay the map out afterwards with atlas layout ${out}`);
      const l = await runAtlas(["layout", out]);
      expect(l.code).toBe(0);
      expect(JSON.parse(readFileSync(join(out, "atlas.json"), "utf8")).params.layout).toMatchObject({ algorithm: "forceatlas2" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
