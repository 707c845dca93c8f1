/**
 * Node ids and attribute names that are also names of Object.prototype
 * (`__proto__`, `constructor`, `toString`, `hasOwnProperty`) are ordinary
 * strings in every reader, in the analysis and in every writer.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Graph from "graphology";
import { describe, expect, it } from "vitest";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { createGraph } from "../../src/graph/model.ts";
import { readGraph, type FormatName } from "../../src/graph/read.ts";
import { CsvStreamReader } from "../../src/graph/readers/csv-stream.ts";
import { EdgelistStreamReader } from "../../src/graph/readers/edgelist-stream.ts";
import { writeGraph } from "../../src/graph/writers/write-graph.ts";
import { runAtlas } from "../cli/helpers.ts";
import { text } from "./helpers.ts";

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The records every fixture below encodes; `__proto__ -> constructor` twice (2 + 3). */
const EDGES: [string, string, number][] = [
  ["__proto__", "constructor", 2],
  ["constructor", "toString", 1],
  ["toString", "hasOwnProperty", 1],
  ["hasOwnProperty", "__proto__", 1],
  ["a", "__proto__", 1],
  ["__proto__", "a", 1],
  ["__proto__", "constructor", 3],
];
const NODES = ["__proto__", "a", "constructor", "hasOwnProperty", "toString"];
/** Merged edges `source target weight`, sorted. */
const MERGED = [
  "__proto__ a 1",
  "__proto__ constructor 5",
  "a __proto__ 1",
  "constructor toString 1",
  "hasOwnProperty __proto__ 1",
  "toString hasOwnProperty 1",
];

function edgeLines(graph: AtlasGraph): string[] {
  return graph.mapEdges((_e, a, s, t) => `${s} ${t} ${a.weight}`).sort();
}

function checkStructure(graph: AtlasGraph): void {
  expect(graph.nodes().sort()).toEqual(NODES);
  expect(edgeLines(graph)).toEqual(MERGED);
  expect(graph.hasEdge("a", "__proto__")).toBe(true);
  expect(graph.hasEdge("a", "constructor")).toBe(false);
  expect(graph.hasEdge("__proto__", "toString")).toBe(false);
  expect(graph.outNeighbors("a")).toEqual(["__proto__"]);
  expect(graph.inNeighbors("__proto__").sort()).toEqual(["a", "hasOwnProperty"]);
  expect(graph.outDegree("__proto__")).toBe(2);
  for (const key of NODES) expect(graph.getNodeAttribute(key, "label")).toBeTypeOf("string");
}

const CSV_EDGES =
  "source,target,weight,toString,__proto__\n" +
  EDGES.map(([s, t, w], i) => `${s},${t},${w},e${i},p${i}`).join("\n") +
  "\n";
const CSV_NODES = "id,label,__proto__,hasOwnProperty,constructor\n" + NODES.map((k, i) => `${k},L${k},n${k},${i},c`).join("\n") + "\n";
const EDGELIST = EDGES.map(([s, t, w]) => `${s} ${t} ${w}`).join("\n") + "\n";

const GEXF = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="directed">
    <attributes class="node">
      <attribute id="0" title="__proto__" type="string"/>
      <attribute id="1" title="hasOwnProperty" type="integer"/>
      <attribute id="2" title="constructor" type="string"><default>c</default></attribute>
    </attributes>
    <attributes class="edge"><attribute id="0" title="toString" type="string"/></attributes>
    <nodes>
${NODES.map((k, i) => `      <node id="${k}" label="L${k}"><attvalues><attvalue for="0" value="n${k}"/><attvalue for="1" value="${i}"/></attvalues></node>`).join("\n")}
    </nodes>
    <edges>
${EDGES.map(([s, t, w], i) => `      <edge id="${i}" source="${s}" target="${t}" weight="${w}"><attvalues><attvalue for="0" value="e${i}"/></attvalues></edge>`).join("\n")}
    </edges>
  </graph>
</gexf>
`;

const GRAPHML = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="__proto__" attr.type="string"/>
  <key id="d1" for="node" attr.name="hasOwnProperty" attr.type="int"/>
  <key id="d2" for="node" attr.name="constructor" attr.type="string"><default>c</default></key>
  <key id="d3" for="node" attr.name="label" attr.type="string"/>
  <key id="e0" for="edge" attr.name="toString" attr.type="string"/>
  <key id="e1" for="edge" attr.name="weight" attr.type="double"/>
  <graph edgedefault="directed">
${NODES.map((k, i) => `    <node id="${k}"><data key="d3">L${k}</data><data key="d0">n${k}</data><data key="d1">${i}</data></node>`).join("\n")}
${EDGES.map(([s, t, w], i) => `    <edge source="${s}" target="${t}"><data key="e1">${w}</data><data key="e0">e${i}</data></edge>`).join("\n")}
  </graph>
</graphml>
`;

const GDF =
  "nodedef>name VARCHAR,label VARCHAR,__proto__ VARCHAR,hasOwnProperty INTEGER,constructor VARCHAR\n" +
  NODES.map((k, i) => `${k},L${k},n${k},${i},c`).join("\n") +
  "\nedgedef>node1 VARCHAR,node2 VARCHAR,weight DOUBLE,directed BOOLEAN,toString VARCHAR\n" +
  EDGES.map(([s, t, w], i) => `${s},${t},${w},true,e${i}`).join("\n") +
  "\n";

const JSON_GRAPH = JSON.stringify({
  options: { type: "directed" },
  nodes: NODES.map((k, i) => ({ key: k, attributes: { label: `L${k}`, ["__proto__"]: `n${k}`, hasOwnProperty: i, constructor: "c" } })),
  edges: EDGES.map(([s, t, w], i) => ({ source: s, target: t, attributes: { weight: w, toString: `e${i}`, ["__proto__"]: `p${i}` } })),
});

/** Node attributes the attribute-carrying fixtures give (`__proto__` = `n<key>`, `hasOwnProperty` = index, `constructor` = `c`). */
function checkNodeAttributes(graph: AtlasGraph): void {
  NODES.forEach((key, i) => {
    const attrs = graph.getNodeAttributes(key);
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(own(attrs, "__proto__")).toBe(true);
    expect(attrs["__proto__"]).toBe(`n${key}`);
    expect(attrs.hasOwnProperty).toBe(i);
    expect(attrs.constructor).toBe("c");
    expect(attrs.label).toBe(`L${key}`);
    expect(graph.hasNodeAttribute(key, "hasOwnProperty")).toBe(true);
    expect(graph.hasNodeAttribute(key, "toString")).toBe(false);
  });
}

describe("hostile ids", () => {
  it("should give graphology's adjacency no prototype to collide with", () => {
    const graph = createGraph();
    for (const key of NODES) graph.addNode(key);
    for (const [s, t] of EDGES) if (!graph.hasEdge(s, t)) graph.addEdge(s, t, {});
    expect(graph.size).toBe(6);
    expect(graph.edge("a", "constructor")).toBeUndefined();
    expect(graph.areNeighbors("a", "toString")).toBe(false);
    const mixed = new Graph({ type: "mixed" });
    mixed.addNode("x");
    mixed.addNode("__proto__");
    mixed.addUndirectedEdge("x", "__proto__");
    mixed.addDirectedEdge("__proto__", "x");
    expect(mixed.neighbors("x")).toEqual(["__proto__"]);
    expect(mixed.hasUndirectedEdge("x", "__proto__")).toBe(true);
    expect(mixed.hasDirectedEdge("x", "__proto__")).toBe(false);
  });

  it("should keep an attribute named __proto__ through set, merge, export and copy", () => {
    const graph = createGraph();
    graph.addNode("n");
    graph.setNodeAttribute("n", "__proto__", 1);
    graph.mergeNodeAttributes("n", JSON.parse('{"__proto__": 2, "constructor": 3}'));
    expect(own(graph.getNodeAttributes("n"), "__proto__")).toBe(true);
    expect(graph.getNodeAttribute("n", "__proto__")).toBe(2);
    expect(graph.getNodeAttribute("n", "constructor")).toBe(3);
    expect(JSON.stringify(graph.export().nodes)).toBe('[{"key":"n","attributes":{"__proto__":2,"constructor":3}}]');
    expect(graph.copy().getNodeAttribute("n", "__proto__")).toBe(2);
  });

  const cases: [string, FormatName, string, boolean][] = [
    ["hostile.csv", "csv", CSV_EDGES, false],
    ["hostile.txt", "edgelist", EDGELIST, false],
    ["hostile.gexf", "gexf", GEXF, true],
    ["hostile.graphml", "graphml", GRAPHML, true],
    ["hostile.gdf", "gdf", GDF, true],
    ["hostile.json", "json", JSON_GRAPH, true],
  ];
  for (const [name, format, body, nodeAttrs] of cases) {
    it(`should read ${format} with them as ids and attribute names`, async () => {
      const graph = await readGraph(name, text(body));
      checkStructure(graph);
      if (nodeAttrs) checkNodeAttributes(graph);
      if (format !== "edgelist") {
        const e = graph.getEdgeAttributes(graph.edge("__proto__", "constructor")!);
        expect(e.toString).toBe("e6");
      }
    });
  }

  it("should read a CSV with a nodes file carrying them as columns", async () => {
    const graph = await readGraph("hostile.csv", text(CSV_EDGES), { nodes: { name: "nodes.csv", bytes: text(CSV_NODES) } });
    checkStructure(graph);
    checkNodeAttributes(graph);
    const e = graph.getEdgeAttributes(graph.edge("__proto__", "constructor")!);
    expect(own(e, "__proto__")).toBe(true);
    expect(e["__proto__"]).toBe("p6");
  });

  it("should read GML with them as attribute names and labels", async () => {
    const gml =
      "graph [\n directed 1\n" +
      NODES.map((k, i) => ` node [ id ${i} label "${k}" __proto__ "n${k}" constructor [ __proto__ 1 toString 2 ] ]`).join("\n") +
      "\n edge [ source 0 target 2 weight 2 ]\n]\n";
    const graph = await readGraph("hostile.gml", text(gml));
    expect(graph.order).toBe(5);
    const attrs = graph.getNodeAttributes("0");
    expect(attrs.label).toBe("__proto__");
    expect(own(attrs, "__proto__")).toBe(true);
    expect(attrs["__proto__"]).toBe("n__proto__");
    expect(JSON.stringify(attrs.constructor)).toBe('{"__proto__":1,"toString":2}');
    expect(graph.hasEdge("0", "2")).toBe(true);
  });

  it("should read the edge-pair JSON form with them as ids and labels", async () => {
    const json = JSON.stringify({ edges: EDGES.map(([s, t]) => [s, t]), labels: { ["__proto__"]: "m" } });
    const graph = await readGraph("pairs.json", text(json));
    expect(graph.nodes().sort()).toEqual(NODES);
    expect(graph.getNodeAttribute("__proto__", "class")).toBe("m");
    expect(graph.getEdgeAttribute(graph.edge("__proto__", "constructor")!, "weight")).toBe(2);
  });

  it("should stream CSV and edge lists with them as ids", () => {
    const csv = new CsvStreamReader("hostile.csv");
    csv.push(text(CSV_EDGES));
    const edges = csv.end().merge();
    expect(edges.keys).toEqual(["__proto__", "constructor", "toString", "hasOwnProperty", "a"]);
    expect([...edges.weights]).toEqual([5, 1, 1, 1, 1, 1]);
    const list = new EdgelistStreamReader("hostile.txt");
    list.push(text(EDGELIST));
    const listEdges = list.end().merge();
    expect(listEdges.keys).toEqual(edges.keys);
    expect([...listEdges.sources]).toEqual([...edges.sources]);
    expect([...listEdges.targets]).toEqual([...edges.targets]);
  });

  for (const out of ["x.gexf", "x.graphml", "x.json", "x.csv"]) {
    it(`should write ${out.slice(2)} with the original ids and read it back`, async () => {
      const graph = await readGraph("hostile.gexf", text(GEXF));
      const written = writeGraph(out, graph);
      const nodes = written.companions[0];
      const back = await readGraph(out, text(written.text), nodes ? { nodes: { name: nodes.name, bytes: text(nodes.text) } } : {});
      checkStructure(back);
      checkNodeAttributes(back);
    });
  }
});

describe("hostile ids through the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-hostile-"));
  /** The same graph with every id prefixed by `k` (which keeps their order). */
  const renamed = (csv: string): string => csv.replace(/^([^,\n]+),([^,\n]+)/gm, (line, a: string, b: string) => (a === "source" ? line : `k${a},k${b}`));

  it("should give info and analyze results equal to those of the renamed graph", async () => {
    writeFileSync(join(dir, "hostile.csv"), CSV_EDGES);
    writeFileSync(join(dir, "renamed.csv"), renamed(CSV_EDGES));
    const info = await runAtlas(["info", join(dir, "hostile.csv")]);
    expect(info.stderr).toBe("");
    expect(info.stdout).toMatch(/nodes: 5\b/);
    expect(info.stdout).toMatch(/edges: 6\b/);
    const results: Record<string, { nodes: { key: string; attributes: Record<string, unknown> }[]; attributes: { atlas: Record<string, unknown> } }> = {};
    for (const name of ["hostile", "renamed"]) {
      const out = join(dir, `${name}.atlas.json`);
      const run = await runAtlas(["analyze", join(dir, `${name}.csv`), "--out", out, "--workers", "0", "--seed", "1"]);
      expect(run.code).toBe(0);
      results[name] = JSON.parse(readFileSync(out, "utf8"));
    }
    const byKey = (r: (typeof results)[string], prefix: string) =>
      Object.fromEntries(r.nodes.map((n) => [n.key.slice(prefix.length), { ...n.attributes, label: undefined }]));
    const hostile = results.hostile.nodes.map((n) => n.key).sort();
    expect(hostile).toEqual(NODES);
    expect(byKey(results.hostile, "")).toEqual(byKey(results.renamed, "k"));
    const strip = (v: unknown) => JSON.stringify(v).replace(/"k([^"]*)"/g, '"$1"');
    expect(strip(results.hostile.attributes.atlas.communities)).toBe(strip(results.renamed.attributes.atlas.communities));
    expect(strip(results.hostile.attributes.atlas.bridges)).toBe(strip(results.renamed.attributes.atlas.bridges));
  });

  it("should analyze an edge list on the streamed path with them as ids", async () => {
    writeFileSync(join(dir, "hostile.txt"), EDGELIST);
    const out = join(dir, "hostile-txt.atlas.json");
    const run = await runAtlas(["analyze", join(dir, "hostile.txt"), "--out", out, "--workers", "0"]);
    expect(run.code).toBe(0);
    const atlas = JSON.parse(readFileSync(out, "utf8")) as { nodes: { key: string; attributes: { inDegree: number } }[] };
    expect(atlas.nodes.map((n) => n.key).sort()).toEqual(NODES);
    expect(atlas.nodes.find((n) => n.key === "__proto__")?.attributes.inDegree).toBe(2);
  });
});
