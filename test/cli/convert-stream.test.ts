/**
 * `atlas convert` of edge lists, CSV, GEXF and GraphML writes from the edge
 * stream's typed arrays (no graphology graph). What it writes must read back
 * as the graph the whole-file readers give for the same input: the same
 * nodes in the same order with the same attributes, the same edges with the
 * same weights and kinds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { readGraph } from "../../src/graph/read.ts";
import { ROOT, runAtlas, stderrProblems } from "./helpers.ts";

const CONGRESS = ROOT + "data/congress_twitter/congress.edgelist";
const POLBLOGS = ROOT + "data/polblogs/polblogs.gml";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "atlas-convert-stream-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(file: string, nodes?: string): Promise<AtlasGraph> {
  return readGraph(file, readFileSync(file), nodes ? { nodes: { name: nodes, bytes: readFileSync(nodes) } } : {});
}

/** Nodes (in order, with attributes) and edges (by endpoints) of a graph, for comparison. */
function shape(g: AtlasGraph) {
  return {
    type: g.type,
    nodes: g.mapNodes((key, attrs) => [key, attrs]),
    edges: g.mapEdges((_e, attrs, s, t) => [s, t, attrs.weight, attrs.kind ?? null]).sort(),
  };
}

async function convert(input: string, output: string): Promise<void> {
  const r = await runAtlas(["convert", input, output]);
  expect(stderrProblems(r.stderr)).toEqual([]);
  expect(r.code).toBe(0);
}

describe("atlas convert from the edge stream", () => {
  it.each(["gexf", "graphml", "json"])("should write congress.edgelist as %s that reads back as the edge list's graph", async (ext) => {
    const out = join(dir, `congress.${ext}`);
    await convert(CONGRESS, out);
    const expected = await read(CONGRESS);
    const back = await read(out);
    // The data README: 475 members, 13 289 weighted edges.
    expect([back.order, back.size]).toEqual([475, 13289]);
    expect(shape(back)).toEqual(shape(expected));
  });

  it("should write a CSV pair with kinds and extra columns that reads back as the CSV's graph", async () => {
    const csv = join(dir, "kinds.csv");
    writeFileSync(csv, "source,target,weight,kind,note\na,b,2,mention,x\nb,a,1,reply,y\na,b,3,reply,z\nc,c,1,mention,self\n");
    const out = join(dir, "kinds-out.csv");
    await convert(csv, out);
    const back = await read(out, out.replace(/\.csv$/, ".nodes.csv"));
    const expected = await read(csv);
    expect(shape(back)).toEqual(shape(expected));
    // a→b merged: 2 + 3, kinds united; b→a on its own.
    expect(back.getEdgeAttributes(back.edge("a", "b") as string)).toMatchObject({ weight: 5, kind: "mention,reply", note: "z" });
  });

  it("should convert a GEXF to GraphML keeping polblogs' node attributes and weights", async () => {
    const gexf = join(dir, "polblogs.gexf");
    await convert(POLBLOGS, gexf);
    const graphml = join(dir, "polblogs.graphml");
    await convert(gexf, graphml);
    const back = await read(graphml);
    const expected = await read(POLBLOGS);
    // The data README: 1490 blogs, 19 025 edges from 19 090 records.
    expect([back.order, back.size]).toEqual([1490, 19025]);
    let total = 0;
    back.forEachEdge((_e, a) => (total += a.weight as number));
    expect(total).toBe(19090);
    expect(shape(back)).toEqual(shape(expected));
  });
});
