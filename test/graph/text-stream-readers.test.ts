/**
 * The streaming GML and GDF readers against the whole-text readers they
 * replace (text-readers-reference.ts, kept only as the reference): the same
 * graph on every bundled file and on generated files, under any chunking of
 * the bytes, and the same one-line errors.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { GdfStreamReader, readGdf } from "../../src/graph/readers/gdf.ts";
import { GmlStreamReader, readGml } from "../../src/graph/readers/gml.ts";
import { DataError } from "../../src/shared/errors.ts";
import { ROOT } from "./helpers.ts";
import { rowsGdf, treeGml } from "./text-readers-reference.ts";

type Reader = typeof GmlStreamReader | typeof GdfStreamReader;

/** The graph of `bytes` pushed in chunks of the given sizes (cycled). */
function chunked(Reader: Reader, file: string, bytes: Uint8Array, sizes: readonly number[], options = {}): AtlasGraph {
  const reader = new Reader(file, options);
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]);
    reader.push(bytes.subarray(at, at + size));
    at += size;
  }
  return reader.end();
}

/** A graph's serialization without the edge keys graphology generates (they differ from graph to graph). */
function shape(graph: AtlasGraph): unknown {
  const data = graph.export();
  return { ...data, edges: data.edges.map(({ key: _key, ...edge }) => edge) };
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error.message;
    throw error;
  }
  throw new Error("no error");
}

const GML_FILES = ["data/karate/karate_club.gml", "data/football/football.gml", "data/polbooks/polbooks.gml", "data/polblogs/polblogs.gml"];
const GDF_FILES = ["test/fixtures/formats/guess-undirected.gdf", "test/fixtures/formats/ytdt-channelnet.gdf"];

describe("streaming GML reader", () => {
  for (const path of GML_FILES) {
    it(`should read ${path} as the whole-text reader does, whole and in chunks`, () => {
      const bytes = readFileSync(join(ROOT, path));
      const text = bytes.toString("utf8");
      const expected = shape(treeGml(path, text));
      expect(shape(readGml(path, text))).toEqual(expected);
      for (const sizes of [[4096], [7, 1, 13], [65536, 3]]) expect(shape(chunked(GmlStreamReader, path, bytes, sizes))).toEqual(expected);
      expect(shape(readGml(path, text, { undirected: true }))).toEqual(shape(treeGml(path, text, { undirected: true })));
    });
  }

  it("should keep karate's graph attributes and the club of each member under any chunking", () => {
    const path = GML_FILES[0];
    const bytes = readFileSync(join(ROOT, path));
    const expected = shape(treeGml(path, bytes.toString("utf8")));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        expect(shape(chunked(GmlStreamReader, path, bytes, sizes))).toEqual(expected);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  /** A GML file of `n` nodes and the given edges, with every feature the grammar has. */
  const gmlFile = fc
    .record({
      n: fc.integer({ min: 1, max: 12 }),
      directed: fc.boolean(),
      edges: fc.array(fc.record({ s: fc.nat(), t: fc.nat(), w: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: undefined }), kind: fc.option(fc.constantFrom("reply", "mention"), { nil: undefined }) }), { maxLength: 30 }),
      labels: fc.array(fc.string({ maxLength: 8 }).map((s) => s.replace(/"/g, "")), { minLength: 12, maxLength: 12 }),
      layout: fc.constantFrom(" ", "\n", "\n  ", "\t"),
      comment: fc.boolean(),
      nested: fc.boolean(),
    })
    .map(({ n, directed, edges, labels, layout, comment, nested }) => {
      const sp = layout;
      const parts = [`Creator "gen"${sp}graph${sp}[${sp}`];
      if (comment) parts.push(`# a comment [ with "brackets"${"\n"}`);
      parts.push(`name "g &amp; h"${sp}`);
      for (let i = 0; i < n; i++) {
        const label = labels[i] ? `label "${labels[i]}"${sp}` : "";
        const extra = nested && i % 3 === 0 ? `graphics [ x ${i}.5 y -${i}e1 fill "#ff0000" ]${sp}` : "";
        parts.push(`node${sp}[${sp}id ${i}${sp}${label}value ${i % 2}${sp}${extra}]${sp}`);
      }
      // directed may come after the nodes: the reader decides at the end
      if (directed) parts.push(`directed 1${sp}`);
      for (const e of edges) {
        const w = e.w === undefined ? "" : `weight ${e.w}${sp}`;
        const k = e.kind === undefined ? "" : `kind "${e.kind}"${sp}`;
        parts.push(`edge [${sp}source ${e.s % n}${sp}target ${e.t % n}${sp}${w}${k}]${sp}`);
      }
      parts.push("]\n");
      return parts.join("");
    });

  it("should read generated GML files as the whole-text reader does, under any chunking", () => {
    fc.assert(
      fc.property(gmlFile, fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }), (text, sizes) => {
        const expected = shape(treeGml("g.gml", text));
        expect(shape(readGml("g.gml", text))).toEqual(expected);
        expect(shape(chunked(GmlStreamReader, "g.gml", new TextEncoder().encode(text), sizes))).toEqual(expected);
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  const GML_ERRORS: [string, string][] = [
    ['graph [\n node [ id 1 ]\n edge [ source 1 target 1 weight "heavy" ]\n]', 'g.gml:3: weight "heavy" is not a finite number'],
    ["graph [\n node [ id 1\n node [ id 2 ]\n]", 'g.gml:2: "node [" opened here is not closed before "node [" at line 3'],
    ["graph [\n node [ id 1 ]\n", 'g.gml:1: "graph [" opened here is never closed'],
    ['graph [ node [ label "x" ] ]', "g.gml:1: node has no id"],
    ['graph [\n node [ id 1 label "never closed ]\n]', "g.gml:2:20: string is never closed"],
    ["graph [ node [ id 1 ] ]\n]", 'g.gml:2:1: unexpected "]" with no open "["'],
    ["graph [ node [ id 1 ] ] key", 'g.gml:1: key "key" has no value'],
    ["graph [ node [ id = ] ]", 'g.gml:1:19: value of "id" is not a number, a quoted string or a [ list ]'],
    ["graph [ 5 ]", 'g.gml:1:9: expected a key, found "5"'],
    ['Creator "x"', 'g.gml:1: no "graph [ ... ]" list'],
    ["graph [\n node [ id 1 ]\n edge [ source 1 ]\n]", "g.gml:3: edge has no target"],
    ["graph [\n node 5\n]", 'g.gml:2: "node" is not a [ ... ] block'],
  ];
  for (const [text, message] of GML_ERRORS) {
    it(`should report ${JSON.stringify(message.slice(6, 50))} as the whole-text reader does, whole or byte by byte`, () => {
      expect(failure(() => treeGml("g.gml", text))).toContain(message);
      expect(failure(() => readGml("g.gml", text))).toContain(message);
      expect(failure(() => chunked(GmlStreamReader, "g.gml", new TextEncoder().encode(text), [1]))).toContain(message);
    });
  }

  it("should take an edge naming a node declared further down, and refuse one never declared", () => {
    const later = "graph [ directed 1 edge [ source 2 target 1 ] node [ id 1 ] node [ id 2 ] ]";
    expect(shape(readGml("g.gml", later))).toEqual(shape(treeGml("g.gml", later)));
    expect(failure(() => readGml("g.gml", "graph [\nnode [ id 1 ]\nedge [ source 1\ntarget 9 ] ]"))).toMatch(/^g\.gml:4: edge target "9" is not a node id/);
  });

  it("should refuse a bare word past 1 MiB with a clear error instead of holding it", () => {
    const text = `graph [ node [ id ${"1".repeat((1 << 20) + 10)} ] ]`;
    expect(failure(() => readGml("g.gml", text))).toMatch(/^g\.gml:1:\d+: a word of more than 1048576 characters/);
    const cut = `graph [ node [ id ${"1".repeat(3 << 20)} ] ]`;
    expect(failure(() => chunked(GmlStreamReader, "g.gml", new TextEncoder().encode(cut), [65536]))).toMatch(/^g\.gml:1:\d+: a word of more than 1048576 characters/);
  });
});

describe("streaming GDF reader", () => {
  for (const path of GDF_FILES) {
    it(`should read ${path} as the whole-text reader does, whole and in chunks`, () => {
      const bytes = readFileSync(join(ROOT, path));
      const text = bytes.toString("utf8");
      const expected = shape(rowsGdf(path, text));
      expect(shape(readGdf(path, text))).toEqual(expected);
      for (const sizes of [[1], [5, 2, 17], [4096]]) expect(shape(chunked(GdfStreamReader, path, bytes, sizes))).toEqual(expected);
      expect(shape(readGdf(path, text, { undirected: true }))).toEqual(shape(rowsGdf(path, text, { undirected: true })));
    });
  }

  /** A GDF file: node rows (some repeated, some quoted with commas), edge rows naming undeclared nodes too. */
  const gdfFile = fc
    .record({
      nodes: fc.array(fc.record({ id: fc.integer({ min: 0, max: 15 }), label: fc.constantFrom("plain", "'with, comma'", '"say ""hi"""', ""), score: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }) }), { maxLength: 20 }),
      edges: fc.array(fc.record({ s: fc.integer({ min: 0, max: 20 }), t: fc.integer({ min: 0, max: 20 }), directed: fc.constantFrom("true", "false", ""), w: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }) }), { maxLength: 30 }),
      withDirected: fc.boolean(),
      crlf: fc.boolean(),
    })
    .map(({ nodes, edges, withDirected, crlf }) => {
      const nl = crlf ? "\r\n" : "\n";
      const lines = ["nodedef>name VARCHAR,label VARCHAR,score INT"];
      for (const n of nodes) lines.push(`n${n.id},${n.label},${n.score ?? ""}`);
      lines.push(withDirected ? "edgedef>node1 VARCHAR,node2 VARCHAR,directed BOOLEAN,weight DOUBLE" : "edgedef>node1 VARCHAR,node2 VARCHAR,weight DOUBLE");
      for (const e of edges) lines.push(withDirected ? `n${e.s},n${e.t},${e.directed},${e.w ?? ""}` : `n${e.s},n${e.t},${e.w ?? ""}`);
      return lines.join(nl) + nl;
    });

  it("should read generated GDF files as the whole-text reader does, under any chunking", () => {
    fc.assert(
      fc.property(gdfFile, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), (text, sizes) => {
        const expected = shape(rowsGdf("g.gdf", text));
        expect(shape(readGdf("g.gdf", text))).toEqual(expected);
        expect(shape(chunked(GdfStreamReader, "g.gdf", new TextEncoder().encode(text), sizes))).toEqual(expected);
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  const GDF_ERRORS: [string, string][] = [
    ["nodedef>name VARCHAR,n INT\na,many\n", 'g.gdf:2: n "many" is not a number'],
    ["a,b\n", "g.gdf:1: data before any nodedef> or edgedef> line"],
    ["edgedef>node1 VARCHAR\n", "g.gdf:1: edgedef> declares fewer than two columns"],
    ["nodedef>name VARCHAR\n,\n", "g.gdf:2: node row has 2 values but its definition has 1 columns"],
    ["edgedef>node1 VARCHAR,node2 VARCHAR,weight DOUBLE\na,b,x\n", 'g.gdf:2: weight "x" is not a finite number'],
    ["edgedef>node1 VARCHAR,node2 VARCHAR\na,\n", "g.gdf:2: edge row needs two node names"],
    ["nodedef>name VARCHAR,label VARCHAR\na,'open\n", "g.gdf:2:3: quoted value is never closed"],
    ["\n\n", "g.gdf:1: empty file"],
  ];
  for (const [text, message] of GDF_ERRORS) {
    it(`should report ${JSON.stringify(message.slice(6, 50))} as the whole-text reader does, whole or byte by byte`, () => {
      if (!message.includes("empty file")) expect(failure(() => rowsGdf("g.gdf", text))).toContain(message);
      expect(failure(() => chunked(GdfStreamReader, "g.gdf", new TextEncoder().encode(text), [1]))).toContain(message);
    });
  }
});
