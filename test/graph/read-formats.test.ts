/** GDF (YouTube Data Tools / GUESS), GEXF 1.2 and GraphML files written by other tools, nodes CSV. */
import { describe, expect, it } from "vitest";
import { readGraph } from "../../src/graph/read.ts";
import { readFixture, text } from "./helpers.ts";

describe("readGraph GDF", () => {
  it("should read a YouTube Data Tools channel network with typed columns", async () => {
    const g = await readFixture("ytdt-channelnet.gdf");
    expect(g.type).toBe("directed");
    expect(g.order).toBe(4);
    expect(g.size).toBe(5);
    expect(g.getNodeAttributes("UCaaaaaaaaaaaaaaaaaaaaa1")).toEqual({
      label: "Science Channel  Daily",
      isSeed: "yes",
      seedRank: 1,
      subscriberCount: 125000,
      videoCount: 310,
      "viewCount(100s)": 4521877,
    });
    // non-seeds have an empty INT seedRank: the attribute is left out
    expect(g.getNodeAttributes("UCccccccccccccccccccccc3")).toEqual({
      label: "Kurzgesagt  In a Nutshell",
      isSeed: "no",
      subscriberCount: 21900000,
      videoCount: 180,
      "viewCount(100s)": 2790011,
    });
    expect(g.hasDirectedEdge("UCbbbbbbbbbbbbbbbbbbbbb2", "UCaaaaaaaaaaaaaaaaaaaaa1")).toBe(true);
    expect(g.getEdgeAttributes("UCaaaaaaaaaaaaaaaaaaaaa1", "UCbbbbbbbbbbbbbbbbbbbbb2")).toEqual({ weight: 1 });
  });

  it("should read a GUESS-style undirected GDF with quoted values, weights and CRLF", async () => {
    const g = await readFixture("guess-undirected.gdf");
    expect(g.type).toBe("undirected");
    expect(g.order).toBe(3);
    // s1-s2 twice (2.5 + 1), s2-s3, s3-s3
    expect(g.size).toBe(3);
    expect(g.getNodeAttributes("s1")).toEqual({ label: "Site, number 1", score: 1.5, verified: true });
    expect(g.getNodeAttributes("s2")).toEqual({ label: 'Site "two"', score: 0.25, verified: false });
    expect(g.getNodeAttributes("s3")).toEqual({ label: "Site 3" });
    expect(g.getEdgeAttributes("s2", "s1")).toEqual({ weight: 3.5, label: "c" });
    expect(g.getEdgeAttributes("s3", "s3")).toEqual({ weight: 1, label: "self" });
  });
});

describe("readGraph XML from other tools", () => {
  it("should read GEXF 1.2 (Gephi style) with an undirected default edge type and typed attributes", async () => {
    const gexf = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">
  <meta lastmodifieddate="2024-01-01"><creator>Gephi 0.10</creator></meta>
  <graph mode="static" defaultedgetype="undirected">
    <attributes class="node"><attribute id="0" title="followers" type="integer"/><attribute id="1" title="bot" type="boolean"/></attributes>
    <nodes>
      <node id="n1" label="Alice"><attvalues><attvalue for="0" value="10"/><attvalue for="1" value="false"/></attvalues><viz:color r="255" g="0" b="0"/></node>
      <node id="n2"><attvalues><attvalue for="0" value="3"/></attvalues></node>
    </nodes>
    <edges>
      <edge id="0" source="n1" target="n2" weight="2.0"/>
      <edge id="1" source="n2" target="n1" weight="0.5"/>
      <edge id="2" source="n2" target="n2"/>
    </edges>
  </graph>
</gexf>`;
    const g = await readGraph("gephi.gexf", text(gexf));
    expect(g.type).toBe("undirected");
    expect(g.getAttribute("creator")).toBe("Gephi 0.10");
    expect(g.getNodeAttributes("n1")).toEqual({ label: "Alice", followers: 10, bot: false, color: "rgb(255,0,0)" });
    expect(g.getNodeAttributes("n2")).toEqual({ label: "n2", followers: 3 });
    // the two records n1-n2 and n2-n1 are one undirected edge of weight 2.5
    expect(g.size).toBe(2);
    expect(g.getEdgeAttribute("n1", "n2", "weight")).toBe(2.5);
    expect(g.getEdgeAttribute("n2", "n2", "weight")).toBe(1);
  });

  it("should read undirected GraphML with typed keys and defaults, merging repeated edges", async () => {
    const graphml = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="club" attr.type="string"><default>none</default></key>
  <key id="d1" for="edge" attr.name="weight" attr.type="double"/>
  <graph id="G" edgedefault="undirected">
    <node id="0"><data key="d0">Mr. Hi</data></node>
    <node id="1"/>
    <edge source="0" target="1"><data key="d1">1.5</data></edge>
    <edge source="1" target="0"><data key="d1">2</data></edge>
  </graph>
</graphml>`;
    const g = await readGraph("g.graphml", text(graphml));
    expect(g.type).toBe("undirected");
    expect(g.getNodeAttributes("0")).toEqual({ label: "0", club: "Mr. Hi" });
    expect(g.getNodeAttributes("1")).toEqual({ label: "1", club: "none" });
    expect(g.size).toBe(1);
    expect(g.getEdgeAttribute("0", "1", "weight")).toBe(3.5);
  });

  it("should take the weight from another attribute when asked", async () => {
    const gml = "graph [ directed 1 node [ id 1 ] node [ id 2 ] edge [ source 1 target 2 value 4 ] edge [ source 1 target 2 value 2.5 ] ]";
    const g = await readGraph("w.gml", text(gml), { weight: "value" });
    expect(g.getEdgeAttribute("1", "2", "weight")).toBe(6.5);
  });
});

describe("readGraph CSV with a nodes file", () => {
  it("should type numeric and boolean node columns and keep isolated nodes", async () => {
    const edges = "Source,Target,Weight,kind,lang\nx,y,2,mention,en\ny,z,,reply,fr\n";
    const nodes = "Id,Label,followers,bot,handle\nx,Ex,10,false,@x\ny,Why,2.5,true,0042\nw,Isolated,,,\n";
    const g = await readGraph("e.csv", text(edges), { nodes: { name: "n.csv", bytes: text(nodes) } });
    expect(g.nodes()).toEqual(["x", "y", "w", "z"]);
    expect(g.getNodeAttributes("x")).toEqual({ label: "Ex", followers: 10, bot: false, handle: "@x" });
    expect(g.getNodeAttributes("y")).toEqual({ label: "Why", followers: 2.5, bot: true, handle: "0042" });
    expect(g.getNodeAttributes("w")).toEqual({ label: "Isolated" });
    expect(g.getNodeAttributes("z")).toEqual({ label: "z" });
    expect(g.getEdgeAttributes("x", "y")).toEqual({ weight: 2, kind: "mention", lang: "en" });
    // an empty weight cell counts as 1
    expect(g.getEdgeAttributes("y", "z")).toEqual({ weight: 1, kind: "reply", lang: "fr" });
  });

  it("should accept the endpoint column names other exports use", async () => {
    // MUSAE / SNAP CSVs (id_1,id_2), src,dst, from,to, GDF-style node1,node2.
    for (const [s, t] of [["id_1", "id_2"], ["src", "dst"], ["From", "To"], ["node1", "node2"]]) {
      const g = await readGraph("e.csv", text(`${s},${t}\n0,1\n1,2\n0,1\n`));
      expect(g.order).toBe(3);
      expect(g.size).toBe(2);
      expect(g.getEdgeAttribute("0", "1", "weight")).toBe(2);
    }
  });

  it("should read semicolon-separated CSV", async () => {
    const g = await readGraph("e.csv", text("source;target;weight\n1;2;0.5\n"));
    expect(g.getEdgeAttributes("1", "2")).toEqual({ weight: 0.5 });
  });
});
