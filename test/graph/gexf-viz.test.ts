/**
 * The GEXF map Gephi opens ready-coloured: every node's `viz:color` and
 * `viz:size` against the values of scripts/reference/gexf_viz.py
 * (test/fixtures/reference/gexf-viz/), which computes them from each node's
 * community and PageRank in the karate and polblogs atlas files with its own
 * copy of the published palette (Okabe–Ito without black, then Paul Tol's
 * muted; grey beyond it) and the documented size rule (linear in √PageRank
 * from 2 to 30), and checks that networkx's read_gexf reads exactly those
 * from the GEXF `atlas convert` wrote.
 *
 * Here the same nodes (key, community, PageRank) go through the GEXF writer
 * and through `atlas convert`; each document is parsed with saxes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SaxesParser } from "saxes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraph, type AtlasGraph } from "../../src/graph/model.ts";
import { writeGexf } from "../../src/graph/writers/gexf.ts";
import { runAtlas, stderrProblems } from "../cli/helpers.ts";

interface Rgb {
  r: number;
  g: number;
  b: number;
}
interface FixtureNode {
  community: number | null;
  pagerank: number | null;
  expected: Rgb & { size: number };
  networkx: Rgb & { a: number; size: number };
}
interface Fixture {
  graph: string;
  source: string;
  directed: boolean;
  palette: string[];
  grey: string;
  minSize: number;
  maxSize: number;
  communities: number;
  nodes: Record<string, FixtureNode>;
}

const FIXTURES: Fixture[] = ["karate", "polblogs"].map((name) =>
  JSON.parse(readFileSync(new URL(`../fixtures/reference/gexf-viz/${name}.json`, import.meta.url), "utf8")),
);

/** Sizes agree to rounding (the writer prints the shortest round-trip decimal). */
const SIZE_TOLERANCE = 1e-12 * 30;

interface NodeViz {
  color: Rgb | null;
  alpha: number | null;
  size: number | null;
}

/** Each node's viz colour (from `hex` or `r`/`g`/`b`) and size, read with saxes (throws when not well-formed). */
function readViz(xml: string): Map<string, NodeViz> {
  const parser = new SaxesParser({ xmlns: false });
  const out = new Map<string, NodeViz>();
  let node: NodeViz | null = null;
  parser.on("error", (e) => {
    throw e;
  });
  parser.on("opentag", (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === "node") {
      node = { color: null, alpha: null, size: null };
      out.set(a.id, node);
    } else if (tag.name === "viz:color" && node) {
      if (a.hex !== undefined) {
        const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(a.hex);
        if (!m) throw new Error(`viz:color hex ${a.hex}`);
        node.color = { r: parseInt(m[1], 16), g: parseInt(m[2], 16), b: parseInt(m[3], 16) };
      } else node.color = { r: Number(a.r), g: Number(a.g), b: Number(a.b) };
      node.alpha = a.a === undefined ? null : Number(a.a);
    } else if (tag.name === "viz:size" && node) node.size = Number(a.value);
  });
  parser.on("closetag", (tag) => {
    if (tag.name === "node") node = null;
  });
  parser.write(xml).close();
  return out;
}

/** The fixture's nodes with their community and PageRank, as in the atlas file (no edges: they do not colour). */
function graphOf(f: Fixture): AtlasGraph {
  const g = createGraph({ directed: f.directed });
  for (const [key, n] of Object.entries(f.nodes)) {
    const attributes: Record<string, unknown> = { label: key };
    if (n.community !== null) attributes.community = n.community;
    if (n.pagerank !== null) attributes.pagerank = n.pagerank;
    g.addNode(key, attributes);
  }
  return g;
}

/** Nodes whose colour or size differ from the fixture's expected values (at most 10 listed). */
function mismatches(f: Fixture, viz: Map<string, NodeViz>): string[] {
  const bad: string[] = [];
  for (const [key, n] of Object.entries(f.nodes)) {
    const v = viz.get(key);
    const { size, ...rgb } = n.expected;
    if (!v) bad.push(`${key}: missing`);
    else if (!v.color || v.color.r !== rgb.r || v.color.g !== rgb.g || v.color.b !== rgb.b) {
      bad.push(`${key} (community ${n.community}): colour ${JSON.stringify(v.color)}, expected ${JSON.stringify(rgb)}`);
    } else if (v.size === null || !(Math.abs(v.size - size) <= SIZE_TOLERANCE)) bad.push(`${key}: size ${v.size}, expected ${size}`);
    else if (v.alpha !== null && v.alpha !== 1) bad.push(`${key}: alpha ${v.alpha}`);
  }
  return bad.slice(0, 10);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "atlas-gexf-viz-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("GEXF viz: the reference fixtures", () => {
  for (const f of FIXTURES) {
    it(`should hold, for ${f.graph}, what networkx read equal to what the reference computed, over coloured and grey nodes`, () => {
      const nodes = Object.values(f.nodes);
      for (const n of nodes) {
        expect({ r: n.networkx.r, g: n.networkx.g, b: n.networkx.b, a: n.networkx.a }).toEqual({ r: n.expected.r, g: n.expected.g, b: n.expected.b, a: 1 });
        expect(Math.abs(n.networkx.size - n.expected.size)).toBeLessThanOrEqual(SIZE_TOLERANCE);
      }
      // The sizes span the documented range: the smallest PageRank 2, the largest 30.
      expect(Math.min(...nodes.map((n) => n.expected.size))).toBe(f.minSize);
      expect(Math.max(...nodes.map((n) => n.expected.size))).toBeCloseTo(f.maxSize, 12);
      expect(f.communities).toBeGreaterThanOrEqual(2);
      // Every community the palette covers has its own colour.
      const coloured = new Set(nodes.filter((n) => n.community !== null && n.community < f.palette.length).map((n) => `${n.expected.r},${n.expected.g},${n.expected.b}`));
      expect(coloured.size).toBe(Math.min(f.communities, f.palette.length));
    });
  }

  it("should cover the whole palette and grey beyond it (polblogs: more communities than colours)", () => {
    const polblogs = FIXTURES.find((f) => f.graph === "polblogs")!;
    expect(polblogs.communities).toBeGreaterThan(polblogs.palette.length);
    const grey = Object.values(polblogs.nodes).filter((n) => n.community !== null && n.community >= polblogs.palette.length);
    expect(grey.length).toBeGreaterThan(0);
  });
});

describe("GEXF viz: the engine's writer", () => {
  for (const f of FIXTURES) {
    it(`should colour each ${f.graph} node by its community's palette colour and size it by PageRank (writeGexf)`, () => {
      const viz = readViz(writeGexf(graphOf(f)));
      expect(viz.size).toBe(Object.keys(f.nodes).length);
      expect(mismatches(f, viz)).toEqual([]);
    });

    it(`should write the same colours and sizes for ${f.graph} through atlas convert`, async () => {
      const input = join(dir, `${f.graph}.json`);
      const output = join(dir, `${f.graph}.gexf`);
      writeFileSync(input, JSON.stringify(graphOf(f).export()));
      const r = await runAtlas(["convert", input, output]);
      expect(stderrProblems(r.stderr)).toEqual([]);
      expect(r.code).toBe(0);
      const viz = readViz(readFileSync(output, "utf8"));
      expect(viz.size).toBe(Object.keys(f.nodes).length);
      expect(mismatches(f, viz)).toEqual([]);
    });
  }
});
