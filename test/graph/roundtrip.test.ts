/** Each writable format read back with readGraph gives the same graph, attributes included. */
import { describe, expect, it } from "vitest";
import type { Attributes } from "graphology-types";
import { addEdgeRecord, createGraph, upsertNode, type AtlasGraph } from "../../src/graph/model.ts";
import { COMMUNITY_GREY, COMMUNITY_PALETTE } from "../../src/graph/palette.ts";
import { readGraph, type ReadOptions } from "../../src/graph/read.ts";
import { writeGraph } from "../../src/graph/writers/write-graph.ts";
import { writeGexf } from "../../src/graph/writers/gexf.ts";
import { text } from "./helpers.ts";

function sample(directed: boolean, withNewlines: boolean): AtlasGraph {
  const g = createGraph({ directed });
  g.setAttribute("name", "sample & <test>");
  upsertNode(g, "a", {
    label: withNewlines ? 'Ünïcode, "quoted" & <xml>\nline two' : 'Ünïcode, "quoted" & <xml>',
    party: "D",
    followers: 42,
    big: 2 ** 40,
    score: 0.1 + 0.2,
    verified: true,
  });
  upsertNode(g, "b", { label: "B", party: "R", followers: -7, big: 3, score: 1e-12, verified: false });
  upsertNode(g, "c,d", { label: " spaced ", party: "I", followers: 0, big: 5, score: 2.5, verified: true });
  upsertNode(g, "isolated", { label: "isolated", party: "D", followers: 1, big: 1, score: 0.5, verified: false });
  addEdgeRecord(g, "a", "b", 1.5, "mention", { note: "first", count: 3, flag: true });
  addEdgeRecord(g, "b", "a", 2, "retweet", { note: "second", count: 1, flag: false });
  addEdgeRecord(g, "a", "a", 0.25, undefined, { note: "self", count: 2, flag: true });
  addEdgeRecord(g, "c,d", "a", 3, "mention,reply", { note: "x, y", count: 5, flag: false });
  return g;
}

type EdgeMap = Record<string, Attributes>;

function edgeMap(g: AtlasGraph): EdgeMap {
  const out: EdgeMap = {};
  g.forEachEdge((_e, attrs, s, t) => {
    const [u, v] = g.type === "undirected" && t < s ? [t, s] : [s, t];
    out[`${u} -> ${v}`] = attrs;
  });
  return out;
}

function nodeMap(g: AtlasGraph): Record<string, Attributes> {
  const out: Record<string, Attributes> = {};
  g.forEachNode((k, a) => {
    out[k] = a;
  });
  return out;
}

async function roundTrip(name: string, g: AtlasGraph, options: ReadOptions = {}): Promise<AtlasGraph> {
  const written = writeGraph(name, g);
  if (written.companions.length === 0) return readGraph(name, text(written.text), options);
  const [nodes] = written.companions;
  return readGraph(name, text(written.text), { ...options, nodes: { name: nodes.name, bytes: text(nodes.text) } });
}

describe("round trips", () => {
  for (const directed of [true, false]) {
    const kind = directed ? "directed" : "undirected";

    it(`should round-trip a ${kind} graph through graphology JSON`, async () => {
      const g = sample(directed, true);
      const back = await roundTrip("g.json", g);
      expect(back.type).toBe(g.type);
      expect(nodeMap(back)).toEqual(nodeMap(g));
      expect(edgeMap(back)).toEqual(edgeMap(g));
      expect(back.getAttributes()).toEqual(g.getAttributes());
    });

    it(`should round-trip a ${kind} graph through GraphML`, async () => {
      const g = sample(directed, true);
      const back = await roundTrip("g.graphml", g);
      expect(back.type).toBe(g.type);
      expect(back.nodes()).toEqual(g.nodes());
      expect(nodeMap(back)).toEqual(nodeMap(g));
      expect(edgeMap(back)).toEqual(edgeMap(g));
      expect(back.getAttribute("name")).toBe("sample & <test>");
    });

    it(`should round-trip a ${kind} graph through CSV nodes + edges files`, async () => {
      const g = sample(directed, true);
      const written = writeGraph("out/g.csv", g);
      expect(written.companions.map((c) => c.name)).toEqual(["out/g.nodes.csv"]);
      const back = await roundTrip("out/g.csv", g, { undirected: !directed });
      expect(back.type).toBe(g.type);
      expect(back.nodes()).toEqual(g.nodes());
      expect(nodeMap(back)).toEqual(nodeMap(g));
      expect(edgeMap(back)).toEqual(edgeMap(g));
    });

    it(`should round-trip a ${kind} graph through GEXF, adding viz colour and size`, async () => {
      const g = sample(directed, false);
      g.setNodeAttribute("a", "community", 0);
      g.setNodeAttribute("b", "community", 1);
      g.setNodeAttribute("c,d", "community", 99);
      g.setNodeAttribute("a", "pagerank", 0.64);
      g.setNodeAttribute("b", "pagerank", 0.25);
      g.setNodeAttribute("c,d", "pagerank", 0.01);
      g.setNodeAttribute("isolated", "pagerank", 0.1);
      g.setNodeAttribute("a", "x", 10.5);
      g.setNodeAttribute("a", "y", -3);
      const back = await roundTrip("g.gexf", g);
      expect(back.type).toBe(g.type);
      expect(back.nodes()).toEqual(g.nodes());
      const expected = nodeMap(g);
      // colours from the palette (grey beyond it and without a community)
      expected.a.color = COMMUNITY_PALETTE[0];
      expected.b.color = COMMUNITY_PALETTE[1];
      expected["c,d"].color = COMMUNITY_GREY;
      expected.isolated.color = COMMUNITY_GREY;
      // size linear in sqrt(pagerank) from 2 (sqrt .01 = .1) to 30 (sqrt .64 = .8)
      expected.a.size = 30;
      expected.b.size = 2 + ((0.5 - 0.1) / 0.7) * 28;
      expected["c,d"].size = 2;
      expected.isolated.size = 2 + ((Math.sqrt(0.1) - 0.1) / 0.7) * 28;
      const actual = nodeMap(back);
      for (const key of Object.keys(expected)) {
        const { size, ...rest } = actual[key];
        const { size: expectedSize, ...expectedRest } = expected[key];
        expect(rest).toEqual(expectedRest);
        expect(size).toBeCloseTo(expectedSize as number, 9);
      }
      expect(edgeMap(back)).toEqual(edgeMap(g));
    });
  }

  it("should write GEXF 1.3 with viz namespace elements", () => {
    const g = sample(true, false);
    g.setNodeAttribute("a", "community", 2);
    g.setNodeAttribute("a", "x", 1);
    g.setNodeAttribute("a", "y", 2);
    const gexf = writeGexf(g);
    expect(gexf).toContain('version="1.3"');
    expect(gexf).toContain('xmlns:viz="http://gexf.net/1.3/viz"');
    expect(gexf).toContain(`<viz:color hex="${COMMUNITY_PALETTE[2]}"`);
    expect(gexf).toContain('<viz:position x="1" y="2"');
    expect(gexf).toContain('defaultedgetype="directed"');
  });

  it("should merge a written multi-record CSV back into summed weights", async () => {
    const csv = "source,target,weight,kind\na,b,1,mention\na,b,2.5,retweet\nb,a,1,\na,a,4,\n";
    const g = await readGraph("m.csv", text(csv));
    expect(edgeMap(g)).toEqual({
      "a -> b": { weight: 3.5, kind: "mention,retweet" },
      "b -> a": { weight: 1 },
      "a -> a": { weight: 4 },
    });
  });

  it("should refuse to guess an unknown output extension", () => {
    expect(() => writeGraph("g.xyz", sample(true, false))).toThrow(/cannot tell the output format of "g\.xyz"/);
  });
});
