/**
 * The streaming GEXF / GraphML readers (saxes) against the DOM path they
 * replace: xmldom + graphology-gexf's / graphology-graphml's parsers +
 * copyIntoModel, kept here only as the reference. Same graph on every
 * bundled dataset written by the project's writers and graphology-gexf's,
 * on hand-written files with every feature, under any chunking; same errors.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";
import fc from "fast-check";
import Graph, { MultiGraph } from "graphology";
import createGexfParser from "graphology-gexf/common/parser.js";
import writeGraphologyGexf from "graphology-gexf/common/writer.js";
import createGraphmlParser from "graphology-graphml/common/parser.js";
import { describe, expect, it } from "vitest";
import { streamGraphFile } from "../../src/cli/stream-read.ts";
import { loadGraph } from "../../src/cli/io.ts";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { readGraph } from "../../src/graph/read.ts";
import { copyIntoModel } from "../../src/graph/readers/copy.ts";
import { readGexf } from "../../src/graph/readers/gexf.ts";
import { GexfStreamReader } from "../../src/graph/readers/gexf-stream.ts";
import { readGraphml } from "../../src/graph/readers/graphml.ts";
import { GraphmlStreamReader } from "../../src/graph/readers/graphml-stream.ts";
import { writeGexf, writeGraphml } from "../../src/graph/writers/index.ts";
import { DataError } from "../../src/shared/errors.ts";
import { readRepoGraph, text } from "./helpers.ts";

interface Options {
  undirected?: boolean;
  weight?: string;
}

// ---- the DOM path as it was (reference only) ----

function xmlDocument(xml: string): Document {
  return new DOMParser().parseFromString(xml, "application/xml") as unknown as Document;
}
const DOCUMENT_CLASS = new DOMParser().parseFromString("<t/>", "application/xml").constructor;

function domGexf(xml: string, options: Options = {}): AtlasGraph {
  const doc = xmlDocument(xml);
  const graphElement = doc.getElementsByTagName("graph")[0];
  const declared = graphElement.getAttribute("defaultedgetype");
  if (!declared) graphElement.setAttribute("defaultedgetype", "directed");
  const defaultType = declared === "undirected" || declared === "mutual" ? "undirected" : "directed";
  const edges = doc.getElementsByTagName("edge");
  let anyDirected = false;
  for (let i = 0; i < edges.length; i++) if ((edges[i].getAttribute("type") || defaultType) === "directed") anyDirected = true;
  const temp = createGexfParser(DOMParser, DOCUMENT_CLASS)(MultiGraph, doc, { allowUndeclaredAttributes: true });
  const directed = !options.undirected && (anyDirected || (edges.length === 0 && defaultType === "directed"));
  return copyIntoModel(temp, { file: "dom.gexf", directed, weight: options.weight });
}

function domGraphml(xml: string, options: Options = {}): AtlasGraph {
  const doc = xmlDocument(xml);
  const graphElement = doc.getElementsByTagName("graph")[0];
  const declared = graphElement.getAttribute("edgedefault");
  if (!declared) graphElement.setAttribute("edgedefault", "directed");
  const defaultDirected = declared !== "undirected";
  const edges = doc.getElementsByTagName("edge");
  let anyDirected = false;
  for (let i = 0; i < edges.length; i++) {
    const flag = edges[i].getAttribute("directed");
    if (flag === "true" || (defaultDirected && flag !== "false")) anyDirected = true;
  }
  const temp = createGraphmlParser(DOMParser, DOCUMENT_CLASS)(MultiGraph, doc);
  const directed = !options.undirected && (anyDirected || (edges.length === 0 && defaultDirected));
  return copyIntoModel(temp, { file: "dom.graphml", directed, weight: options.weight });
}

// ---- comparison ----

/** Everything that makes two model graphs the same, attribute order included. */
function snapshot(g: AtlasGraph) {
  const nodes: unknown[] = [];
  g.forEachNode((k, a) => nodes.push([k, Object.entries(a)]));
  const edges: unknown[] = [];
  g.forEachEdge((_e, a, s, t, _sa, _ta, undirected) => edges.push([s, t, undirected, Object.entries(a)]));
  return { type: g.type, multi: g.multi, attributes: Object.entries(g.getAttributes()), nodes, edges };
}

function expectSame(format: "gexf" | "graphml", xml: string, options: Options = {}): AtlasGraph {
  const dom = format === "gexf" ? domGexf(xml, options) : domGraphml(xml, options);
  const stream = format === "gexf" ? readGexf("s.gexf", xml, options) : readGraphml("s.graphml", xml, options);
  expect(snapshot(stream)).toEqual(snapshot(dom));
  return stream;
}

function reader(format: "gexf" | "graphml", options: Options = {}) {
  return format === "gexf" ? new GexfStreamReader("c.gexf", options) : new GraphmlStreamReader("c.graphml", options);
}

/** Reads `bytes` pushed in chunks of the given sizes (cycled). */
function readChunked(format: "gexf" | "graphml", bytes: Uint8Array, sizes: number[], options: Options = {}): AtlasGraph {
  const r = reader(format, options);
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]);
    r.push(bytes.subarray(at, at + n));
    at += n;
  }
  return r.end();
}

function chunkedError(format: "gexf" | "graphml", bytes: Uint8Array, size: number): DataError {
  try {
    readChunked(format, bytes, [size]);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError");
}

/** Deterministic node attributes of every type the writers type, so that viz:color/size/position are written. */
function decorate(g: AtlasGraph): AtlasGraph {
  let i = 0;
  g.forEachNode((key) => {
    g.mergeNodeAttributes(key, {
      community: i % 7,
      pagerank: (i % 13) / 13 + 0.001,
      x: (i * 37) % 101 - 50.5,
      y: (i * 11) % 53,
      bot: i % 3 === 0,
      note: i % 5 === 0 ? `é “${key}” 😀 & <x>` : "",
    });
    i++;
  });
  return g;
}

const DATASETS = [
  "data/karate/karate_club.gml",
  "data/football/football.gml",
  "data/polbooks/polbooks.gml",
  "data/polblogs/polblogs.gml",
  "data/congress_twitter/congress.edgelist",
  "data/wiki_vote/wiki-Vote.txt",
];

describe("streaming GEXF / GraphML on the bundled datasets", () => {
  for (const path of DATASETS) {
    it(`should read ${path} as the DOM path does, written by the project's writers and graphology-gexf's`, async () => {
      const g = decorate(await readRepoGraph(path));
      // the DOM path takes seconds a read on the big ones: fewer variants there
      const big = g.size > 10_000;
      const files: ["gexf" | "graphml", string][] = [
        ["gexf", writeGexf(g)],
        ...(big ? [] : [["gexf", writeGexf(g, { version: "1.2", pretty: false })] as ["gexf", string]]),
        ["gexf", writeGraphologyGexf(g)],
        ["graphml", writeGraphml(g)],
      ];
      for (const [format, xml] of files) {
        const back = expectSame(format, xml);
        expect([back.order, back.size]).toEqual([g.order, g.size]);
        if (big) continue;
        expectSame(format, xml, { undirected: true });
        expectSame(format, xml, { weight: "pagerank" });
      }
    }, 120_000);
  }
});

// ---- hand-written files with every feature ----

const GEXF_FULL = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <meta lastmodifieddate="2024-05-06">
    <creator>Gephi &amp; co</creator>
    <description>  multi
 line <![CDATA[<raw>]]> </description>
    <keywords>   </keywords>
  </meta>
  <graph mode="static" defaultedgetype="undirected">
    <attributes class="node">
      <attribute id="0" title="followers" type="integer"><default>7</default></attribute>
      <attribute id="1" title="bot" type="boolean"/>
      <attribute id="lang" title="ignored title" type="string"><default>en</default></attribute>
      <attribute id="3" title="tags" type="liststring"/>
      <attribute id="4" title="score" type="double"/>
      <attribute id="5" title="ints" type="listinteger"><default>[1, 2]</default></attribute>
    </attributes>
    <attributes class="edge">
      <attribute id="0" title="since" type="long"/>
      <attribute id="w2" type="float"/>
    </attributes>
    <nodes>
      <node id="n1" label="Ålice 😀">
        <attvalues><attvalue for="0" value="10"/><attvalue for="1" value="true"/><attvalue for="3" value="a|b | c"/><attvalue id="4" value="2.5"/><attvalue for="undeclared" value="u"/></attvalues>
        <viz:color r="255" g="0" b="0" a="0.5"/><viz:size value="3.5"/><viz:position x="1" y="-2" z="0.5"/><viz:shape value="square"/>
      </node>
      <node id="n2"><attvalues><attvalue for="0" value="3"/><attvalue for="3" value='["x", "y,z"]'/></attvalues><color hex="#00ff00"/><size value="9"/></node>
      <node id="n3" label=""><viz:position x="4"/><viz:color hex="#123456"/><viz:color hex="#654321"/></node>
      <node id="h1" label="parent">
        <attvalues><attvalue for="0" value="1"/></attvalues>
        <nodes>
          <node id="h2" label="child"><attvalues><attvalue for="0" value="2"/></attvalues><viz:size value="1"/></node>
        </nodes>
      </node>
    </nodes>
    <edges>
      <edge id="e0" source="n1" target="n2" weight="2" kind="mention" label="first"><attvalues><attvalue for="0" value="2020"/><attvalue for="w2" value="0.25"/></attvalues></edge>
      <edge id="e1" source="n2" target="n1" weight="0.5" kind="reply"/>
      <edge source="n1" target="n3" type="directed" weight="4"/>
      <edge source="n3" target="n3"/>
      <edge id="e0" source="n1" target="n2" weight="5" label="merged"/>
      <edge id="e9" source="n2" target="h2" type="mutual"><viz:thickness value="2"/><viz:color r="1" g="2" b="3"/></edge>
      <edge source="late" target="n1" weight="1e2"/>
    </edges>
    <nodes><node id="late" label="declared after its edge"/></nodes>
  </graph>
</gexf>`;

const GRAPHML_FULL = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="club" attr.type="string"><default>none</default></key>
  <key id="d1" for="edge" attr.name="weight" attr.type="double"/>
  <key id="d2" for="node" attr.name="bot" attr.type="boolean"/>
  <key id="d3" attr.name="age" attr.type="int"><default>42</default></key>
  <key id="r" for="node" attr.name="r" attr.type="int"/>
  <key id="g" for="node" attr.name="g" attr.type="int"/>
  <key id="b" for="node" attr.name="b" attr.type="int"/>
  <key id="gname" for="graph" attr.name="name" attr.type="string"><default>untitled</default></key>
  <key id="gyear" for="graph" attr.name="year" attr.type="long"/>
  <key id="kind" for="edge" attr.name="kind" attr.type="string"/>
  <key id="note" for="edge" attr.name="note" attr.type="string"><default>-</default></key>
  <graph id="G" edgedefault="undirected">
    <data key="gyear">2024</data>
    <data key="undeclared-graph">x &amp; y</data>
    <desc>not data</desc>
    <data key="gname">after desc: not a graph attribute</data>
    <node id="0"><data key="d0">Mr. Hi 😀</data><data key="d2"> TRUE</data><data key="d3">7</data></node>
    <node id="1"><data key="r">255</data><data key="g">16</data><data key="b">1</data><data key="zz">undeclared</data></node>
    <node id="2"><data key="d0"><![CDATA[a <b>]]> c</data><data key="d2">True</data>
      <graph id="nested" edgedefault="directed"><node id="2::a"><data key="d3">5</data></node></graph>
    </node>
    <edge source="0" target="1"><data key="d1">1.5</data><data key="kind">follows</data></edge>
    <edge source="1" target="0"><data key="d1">2</data><data key="kind">mention</data></edge>
    <edge id="x" source="1" target="2" directed="true"><data key="note">n</data></edge>
    <edge id="x" source="1" target="2"><data key="d1">3</data></edge>
    <edge source="2" target="2" directed="false"/>
    <edge source="2::a" target="late"/>
    <node id="late"/>
  </graph>
</graphml>`;

describe("streaming GEXF / GraphML on every feature", () => {
  it("should read typed attributes, defaults, lists, viz, meta, hierarchy, merged ids, mixed edges and late nodes as the DOM path", () => {
    for (const options of [{}, { undirected: true }, { weight: "since" }, { weight: "w2" }]) expectSame("gexf", GEXF_FULL, options);
    const g = readGexf("f.gexf", GEXF_FULL);
    expect(g.type).toBe("directed");
    expect(g.getNodeAttributes("n1")).toMatchObject({ label: "Ålice 😀", followers: 10, bot: true, tags: ["a", "b", "c"], color: "rgba(255,0,0,0.5)", size: 3.5, x: 1, y: -2, z: 0.5 });
    expect(g.getNodeAttribute("n2", "color")).toBe("#00ff00");
    expect(g.getNodeAttribute("h1", "followers")).toBe(2); // the DOM methods see the child's attvalues too
    expect(g.getAttribute("creator")).toBe("Gephi & co");
    expect(g.getAttribute("lastModifiedDate")).toBe("2024-05-06");
    expect(g.nodes()).toEqual(["n1", "n2", "n3", "h1", "h2", "late"]);
  });

  it("should read keys, defaults kept as text, colours, graph data, nested graphs, merged ids and late nodes as the DOM path", () => {
    for (const options of [{}, { undirected: true }, { weight: "note" }]) {
      if (options.weight === "note") expect(() => readGraphml("f.graphml", GRAPHML_FULL, options)).toThrow(DataError);
      else expectSame("graphml", GRAPHML_FULL, options);
    }
    const g = readGraphml("f.graphml", GRAPHML_FULL);
    expect(g.getAttributes()).toEqual({ id: "G", year: 2024, "undeclared-graph": "x & y", name: "untitled" });
    expect(g.getNodeAttributes("1")).toEqual({ label: "1", zz: "undeclared", club: "none", age: "42", color: "#ff1001" });
  });

  it("should type undirected, mutual and mixed GEXF edges as the DOM path", () => {
    const gexf = (def: string, types: string[]) =>
      `<gexf><graph${def}><nodes><node id="a"/><node id="b"/><node id="c"/></nodes><edges>${types
        .map((t, i) => `<edge source="${"abc"[i % 3]}" target="${"abc"[(i + 1) % 3]}"${t} weight="${i + 1}"/>`)
        .join("")}</edges></graph></gexf>`;
    for (const def of ["", ' defaultedgetype="directed"', ' defaultedgetype="undirected"', ' defaultedgetype="mutual"']) {
      for (const types of [[], [""], ["", ' type="directed"', ""], [' type="undirected"', ' type="directed"', ' type="mutual"'], [' type="directed"', ""]]) {
        expectSame("gexf", gexf(def, types));
        expectSame("gexf", gexf(def, types), { undirected: true });
      }
    }
  });

  it("should type GraphML edges by edgedefault and directed as the DOM path", () => {
    const graphml = (def: string, flags: string[]) =>
      `<graphml><graph${def}><node id="a"/><node id="b"/><node id="c"/>${flags
        .map((f, i) => `<edge source="${"abc"[i % 3]}" target="${"abc"[(i + 2) % 3]}"${f}/>`)
        .join("")}</graph></graphml>`;
    for (const def of ["", ' edgedefault="directed"', ' edgedefault="undirected"']) {
      for (const flags of [[], [""], [' directed="true"', ""], [' directed="false"', ""], [' directed="false"', ' directed="true"', ""]]) {
        expectSame("graphml", graphml(def, flags));
      }
    }
  });
});

// ---- chunking ----

const arbitraryGraph = fc
  .record({
    directed: fc.boolean(),
    nodes: fc.uniqueArray(fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
    labels: fc.array(fc.string({ unit: "grapheme", maxLength: 8 }), { maxLength: 12 }),
    edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 9 }), fc.constantFrom(undefined, "mention", "reply")), { maxLength: 25 }),
  })
  .map(({ directed, nodes, labels, edges }) => {
    const g = new Graph({ type: directed ? "directed" : "undirected", allowSelfLoops: true }) as AtlasGraph;
    nodes.forEach((key, i) => g.addNode(key, { label: labels[i] ?? key, n: i, note: labels[(i + 1) % Math.max(1, labels.length)] ?? "" }));
    for (const [s, t, w, kind] of edges) {
      const a = nodes[s % nodes.length];
      const b = nodes[t % nodes.length];
      if (!g.hasEdge(a, b)) g.addEdge(a, b, kind ? { weight: w, kind } : { weight: w });
    }
    return g;
  });

describe("streaming GEXF / GraphML chunk boundaries", () => {
  it("should read the same graph in 1-byte, 7-byte and whole chunks, multi-byte labels split", async () => {
    const g = decorate(await readRepoGraph("data/karate/karate_club.gml"));
    g.forEachNode((k) => g.setNodeAttribute(k, "label", `ñode ${k} 😀 日本`));
    for (const [format, xml] of [["gexf", writeGexf(g)], ["graphml", writeGraphml(g)]] as const) {
      const bytes = text(xml);
      const whole = snapshot(format === "gexf" ? readGexf("c.gexf", xml) : readGraphml("c.graphml", xml));
      expect(snapshot(readChunked(format, bytes, [1]))).toEqual(whole);
      expect(snapshot(readChunked(format, bytes, [7]))).toEqual(whole);
      expect(snapshot(readChunked(format, bytes, [bytes.length]))).toEqual(whole);
    }
  });

  it("should read any graph the same in random chunks as the DOM path reads it whole", () => {
    fc.assert(
      fc.property(arbitraryGraph, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), fc.boolean(), (g, sizes, crlf) => {
        for (const format of ["gexf", "graphml"] as const) {
          let xml = format === "gexf" ? writeGexf(g) : writeGraphml(g);
          if (crlf) xml = xml.replace(/\n/g, "\r\n");
          const dom = snapshot(format === "gexf" ? domGexf(xml) : domGraphml(xml));
          expect(snapshot(readChunked(format, text(xml), sizes))).toEqual(dom);
        }
      }),
      { numRuns: 150, seed: 20240506 },
    );
  });

  it("should read UTF-16 with a BOM and a UTF-8 BOM split across chunks", () => {
    const xml = '<gexf><graph><nodes><node id="a" label="é😀"/></nodes></graph></gexf>';
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...text(xml)]);
    const units = new Uint16Array(xml.length);
    for (let i = 0; i < xml.length; i++) units[i] = xml.charCodeAt(i);
    const le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(units.buffer)]);
    for (const bytes of [utf8, le]) {
      expect(readChunked("gexf", bytes, [1]).getNodeAttribute("a", "label")).toBe("é😀");
      expect(readChunked("gexf", bytes, [5]).getNodeAttribute("a", "label")).toBe("é😀");
    }
  });
});

// ---- errors ----

describe("streaming GEXF / GraphML errors", () => {
  const cases: { format: "gexf" | "graphml"; xml: string; error: RegExp; line: number }[] = [
    { format: "gexf", xml: '<gexf>\n<graph>\n<nodes>\n<node id="a">\n<node id="b"/>\n</nodes>\n</graph>\n</gexf>', error: /invalid XML \(end tag <\/nodes> does not match <node> opened at line 4\)/, line: 6 },
    { format: "gexf", xml: '<gexf>\n<graph>\n<nodes>\n<node id=a/>\n</nodes>\n</graph>\n</gexf>', error: /invalid XML \(.*missed quot/, line: 4 },
    { format: "graphml", xml: '<?xml version="1.0"?>\n<graphml>\n<graph edgedefault="directed">\n<node id="a"/>\n', error: /invalid XML \(<graph> is never closed\)/, line: 3 },
    { format: "gexf", xml: '<gexf>\n<graph>\n<nodes>\n<node id="a"/>\n<node id="a"/>\n</nodes>\n</graph>\n</gexf>', error: /duplicate node id "a"/, line: 5 },
    { format: "graphml", xml: '<graphml>\n<graph>\n<node/>\n</graph>\n</graphml>', error: /<node> has no id/, line: 3 },
    { format: "gexf", xml: '<gexf><graph><nodes><node id="a"/></nodes>\n<edges>\n<edge source="a" target="a"/>\n<edge source="zz"\n target="a"/></edges></graph></gexf>', error: /edge source "zz" is not a node id/, line: 4 },
    { format: "graphml", xml: '<graphml><graph>\n<node id="a"/>\n<edge source="a" target="q"/>\n</graph></graphml>', error: /edge target "q" is not a node id/, line: 3 },
    { format: "gexf", xml: '<gexf><graph><nodes><node id="a"/></nodes>\n<edges><edge source="a" target="a" weight="heavy"/></edges></graph></gexf>', error: /weight "heavy" is not a finite number/, line: 2 },
    { format: "graphml", xml: '<graphml><key id="w" for="edge" attr.name="weight" attr.type="string"/><graph>\n<node id="a"/>\n<edge source="a" target="a"><data key="w">x</data></edge>\n</graph></graphml>', error: /edge a -> a: weight "x" is not a finite number/, line: 3 },
    { format: "gexf", xml: "<?xml version='1.0'?>\n<graphml><graph/></graphml>", error: /not a GEXF file \(root element <graphml>\)/, line: 2 },
    { format: "graphml", xml: "<graphml>\n<key id='k'/>\n</graphml>", error: /GraphML file has no <graph> element/, line: 1 },
    { format: "gexf", xml: "<gexf><graph>\n<nodes>&nbsp;</nodes></graph></gexf>", error: /invalid XML \(undefined entity\)/, line: 2 },
    { format: "gexf", xml: "<gexf><graph></graph></gexf>\n</gexf>", error: /invalid XML \(/, line: 2 },
    { format: "gexf", xml: "   \n  ", error: /empty file/, line: 1 },
  ];

  it("should raise each error with its line, whole and in 1-byte and 3-byte chunks", () => {
    for (const c of cases) {
      const bytes = text(c.xml);
      for (const size of [bytes.length, 1, 3]) {
        const e = chunkedError(c.format, bytes, size);
        expect(e.message, `${c.xml} in ${size}-byte chunks`).toMatch(c.error);
        expect(e.line, `${c.xml} in ${size}-byte chunks`).toBe(c.line);
      }
    }
  });

  it("should report invalid UTF-8 and NUL bytes at their line, however the bytes are chunked", () => {
    const head = text('<gexf><graph>\n<nodes>\n<node id="a" label="é');
    const tail = text('"/></nodes></graph></gexf>');
    const invalid = new Uint8Array([...head, 0xc3, 0x28, ...tail]);
    const nul = new Uint8Array([...head, 0, ...tail]);
    for (const size of [1, 2, 3, 5, invalid.length]) {
      const e = chunkedError("gexf", invalid, size);
      expect(e.message).toMatch(/^c\.gexf:3: not a text file \(invalid UTF-8\); /);
      const n = chunkedError("gexf", nul, size);
      expect(n.message).toMatch(new RegExp(`^c\\.gexf:3: not a text file \\(NUL byte at byte ${head.length}\\); `));
    }
  });

  it("should give readGraph's errors for the same bad bytes", async () => {
    for (const c of cases.filter((x) => x.format === "gexf")) {
      const viaRead = await readGraph("c.gexf", text(c.xml)).catch((e: unknown) => e as DataError);
      expect(viaRead).toBeInstanceOf(DataError);
      expect((viaRead as DataError).message).toBe(chunkedError("gexf", text(c.xml), 2).message);
    }
  });
});

// ---- the CLI's file streaming ----

describe("streamGraphFile", () => {
  it("should read .gexf, .gexf.gz and .graphml files in chunks as readGraph reads their bytes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atlas-xml-"));
    const g = decorate(await readRepoGraph("data/polbooks/polbooks.gml"));
    const files = [
      ["p.gexf", text(writeGexf(g))],
      ["p.gexf.gz", gzipSync(text(writeGexf(g)))],
      ["p.graphml", text(writeGraphml(g))],
    ] as const;
    for (const [name, bytes] of files) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const expected = snapshot(await readGraph(name, new Uint8Array(bytes)));
      expect(snapshot(await streamGraphFile(path, name.includes("graphml") ? "graphml" : "gexf", { chunkBytes: 997 }))).toEqual(expected);
      expect(snapshot((await loadGraph(path)).graph)).toEqual(expected);
    }
    writeFileSync(join(dir, "bad.gexf.gz"), new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6]));
    await expect(loadGraph(join(dir, "bad.gexf.gz"))).rejects.toThrow(/not a valid gzip file/);
    await expect(loadGraph(join(dir, "missing.gexf"))).rejects.toThrow(/cannot read .*no such file/);
  });
});
