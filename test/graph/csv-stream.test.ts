/**
 * The byte-stream CSV reader against the string reader (`readCsv` through
 * `readGraph`, the graphology path) on the bundled MUSAE file, on hand CSVs and
 * on random CSV-like text, cut into chunks every way; its errors give the same
 * message and line.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createGraph, type AtlasGraph } from "../../src/graph/model.ts";
import { readGraph } from "../../src/graph/read.ts";
import { CsvStreamReader, type CsvStreamOptions } from "../../src/graph/readers/csv-stream.ts";
import { DataError } from "../../src/shared/errors.ts";
import { FIXTURES, ROOT, text } from "./helpers.ts";

function reader(name: string, bytes: Uint8Array, cuts: number[], options: CsvStreamOptions): CsvStreamReader {
  const r = new CsvStreamReader(name, options);
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    r.push(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  r.push(bytes.subarray(at));
  return r;
}

function streamed(name: string, bytes: Uint8Array, cuts: number[] = [], options: CsvStreamOptions = {}): AtlasGraph {
  const acc = reader(name, bytes, cuts, options).end();
  const graph = createGraph({ directed: acc.isDirected });
  acc.flushInto(graph);
  return graph;
}

/** Nodes in order with attributes, edges in order with extremities and attributes. */
function plain(g: AtlasGraph) {
  return {
    type: g.type,
    nodes: g.mapNodes((key, attributes) => [key, attributes]),
    edges: g.mapEdges((_e, attributes, source, target) => [source, target, attributes]),
  };
}

const everyCut = (n: number, step: number): number[] => Array.from({ length: Math.floor(n / step) }, (_, i) => (i + 1) * step);

const HAND: [string, string][] = [
  ["weights, kinds and typed extra columns", "Source,Target,Weight,kind,score,flag,note\na,b,2,mention,1.5,true,x\nb,c,,retweet,,false,\na,b,0.5,follows,3,TRUE,y z\nc,c,1,,-2e3,,\n"],
  ["a quoted header and quoted cells with commas, quotes and newlines", '"source","target","label"\n"a,1","b ""q""",x\n"multi\nline",b,"y"\r\nb,"a,1",\n'],
  ["CRLF, blank lines, spaces, tabs and no final newline", "src , dst ,weight\r\n\r\n  1 ,\t2 , 3 \r\n   \r\n2,1,4\r\n1,2,0.25"],
  ["a late quote after plain lines", "from,to\n1,2\n2,3\n3,\"4\"\n4,\"5,6\"\n"],
  ["semicolons and unicode ids", "\uFEFFid_1;id_2;weight\n𝄞;é;1\né;ß;2\n ß ;𝄞;+3\n"],
  ["tabs as delimiter", "node1\tnode2\tkind\na\tb\tx\nb\ta\ty\na\tb\tz\n"],
  ["a stray CR inside a line of an LF file", "source,target\na,b\r\nb,c\nc\r,d\n"],
  ["non-breaking spaces at cell edges", "source,target\n\u00a0a,b\u00a0\nb, \u3000c\n"],
  ["a header only", "source,target,weight\n"],
  ["empty cells of an extra column everywhere", "source,target,other\na,b,\nb,c,\n"],
];

describe("CsvStreamReader", () => {
  it("should read the MUSAE Facebook edges into the same graph as readCsv, in odd and random chunks", async () => {
    const file = "data/facebook_page_page/musae_facebook_edges.csv";
    const bytes = new Uint8Array(readFileSync(join(ROOT, file)));
    const expected = plain(await readGraph(file, bytes));
    expect(expected.nodes.length).toBe(22470);
    expect(plain(streamed(file, bytes, everyCut(bytes.length, 65521)))).toEqual(expected);
    fc.assert(
      fc.property(fc.array(fc.nat(bytes.length), { maxLength: 40 }), (cuts) => {
        expect(plain(streamed(file, bytes, cuts))).toEqual(expected);
      }),
      { numRuns: 2, seed: 11 },
    );
    for (const undirected of [true]) {
      expect(plain(streamed(file, bytes, everyCut(bytes.length, 1 << 16), { undirected }))).toEqual(
        plain(await readGraph(file, bytes, { undirected })),
      );
    }
  });

  for (const [what, csv] of HAND) {
    it(`should read ${what} as readCsv does, in 1-byte, odd and random chunks`, async () => {
      const bytes = text(csv);
      const expected = plain(await readGraph("h.csv", bytes, { weight: "weight" }));
      expect(plain(streamed("h.csv", bytes, everyCut(bytes.length, 1)))).toEqual(expected);
      expect(plain(streamed("h.csv", bytes, everyCut(bytes.length, 7)))).toEqual(expected);
      fc.assert(
        fc.property(fc.array(fc.nat(bytes.length), { maxLength: 8 }), (cuts) => {
          expect(plain(streamed("h.csv", bytes, cuts))).toEqual(expected);
        }),
        { numRuns: 100, seed: 5 },
      );
    });
  }

  it("should read --weight COLUMN and --undirected as readCsv does", async () => {
    const bytes = text("source,target,w,weight\na,b,2,x\nb,a,3,y\n");
    const expected = plain(await readGraph("w.csv", bytes, { weight: "w", undirected: true }));
    expect(plain(streamed("w.csv", bytes, [3, 17], { weight: "w", undirected: true }))).toEqual(expected);
  });

  it("should read a UTF-16 file as readCsv does", async () => {
    const s = "source,target\na,b\nb,é\n";
    const bytes = new Uint8Array(2 + 2 * s.length);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < s.length; i++) bytes[2 + 2 * i] = s.charCodeAt(i);
    expect(plain(streamed("u.csv", bytes, [1, 5, 9]))).toEqual(plain(await readGraph("u.csv", bytes)));
  });

  it("should give readCsv's graph or readCsv's error on random CSV-like text, wherever the chunks are cut", async () => {
    const alphabet = ["a", "b", "1", "2", ",", ",", ";", "\t", " ", '"', "\n", "\n", "\r\n", "\r", "é", "\u00a0", "x"];
    const body = fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((a) => a.join(""));
    const header = fc.constantFrom("source,target\n", "source,target,weight\n", "src;dst;kind\n", "from\tto\tnote\n", "source,target,x\r\n", "");
    await fc.assert(
      fc.asyncProperty(header, body, fc.array(fc.nat(60), { maxLength: 5 }), async (h, b, cuts) => {
        const bytes = text(h + b);
        let expected: unknown;
        try {
          expected = plain(await readGraph("r.csv", bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
          expected = (error as Error).message;
        }
        let actual: unknown;
        try {
          actual = plain(streamed("r.csv", bytes, cuts));
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
          actual = (error as Error).message;
        }
        expect(actual).toEqual(expected);
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it("should drop the extra columns past keepAttributesUpTo nodes, and keep ids, weights and kinds", async () => {
    const bytes = text("source,target,weight,kind,note\na,b,2,x,n1\nc,d,1,y,n2\n");
    const r = reader("k.csv", bytes, [], { keepAttributesUpTo: 2 });
    const acc = r.end();
    expect(r.attributesDropped).toBe(true);
    const merged = acc.merge();
    expect(merged.keys).toEqual(["a", "b", "c", "d"]);
    expect([...merged.weights]).toEqual([2, 1]);
    expect(merged.kinds).toEqual(["x", "y"]);
    expect(merged.attributes).toBeNull();
  });

  const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
  const errors: [string, string, () => Uint8Array][] = [
    ["a header without a target column", "missing-target.csv", () => fixture("missing-target.csv")],
    ["a non-numeric weight", "bad-weight.csv", () => fixture("bad-weight.csv")],
    ["an infinite weight", "infinite-weight.csv", () => fixture("infinite-weight.csv")],
    ["an empty file", "empty.csv", () => fixture("empty.csv")],
    ["binary garbage (NUL bytes)", "garbage.csv", () => fixture("garbage.csv")],
    ["invalid UTF-8", "invalid-utf8.csv", () => fixture("invalid-utf8.csv")],
    ["a row with too many cells", "g.csv", () => text("source,target\na,b\nb,c,d\n")],
    ["a quote never closed", "q.csv", () => text('source,target\na,b\nb,"c\nd,e\n')],
    ["a quote inside a plain cell", "q.csv", () => text("source,target\na,b\nb,c\"d\n")],
    ["text after a closing quote", "q.csv", () => text('source,target\na,b\nb,"c"d\n')],
    ["an empty source", "e.csv", () => text("source,target\na,b\n,c\n")],
    ["an empty target after quoted lines", "e.csv", () => text('source,target\n"a",b\n"x\ny",""\n')],
    ["a row error before a syntax error (the syntax error wins)", "o.csv", () => text('source,target,weight\na,b,x\nc,d,1,2\n')],
    ["a header error before a syntax error", "o.csv", () => text("source,dest\na,b\nc,d,e\n")],
    ["a syntax error before invalid UTF-8 (UTF-8 wins)", "o.csv", () => new Uint8Array([...text("source,target\na,b,c\n"), 0x78, 0xc3, 0x28, 10])],
    ["invalid UTF-8 before a NUL byte (NUL wins)", "o.csv", () => new Uint8Array([...text("source,target\n"), 0xc3, 0x28, 10, ...text("a,b\nc"), 0, 10])],
    ["a truncated UTF-8 character at the end", "t.csv", () => new Uint8Array([...text("source,target\na,b\n"), 0xe2, 0x82])],
    ["a U+FFFD before invalid UTF-8", "f.csv", () => new Uint8Array([...text("source,target\n\uFFFD,b\nc,d\n"), 0xff, 10])],
  ];
  for (const [what, name, bytes] of errors) {
    it(`should report ${what} with readCsv's message and line`, async () => {
      const input = bytes();
      let expected: DataError | undefined;
      try {
        await readGraph(name, input);
      } catch (error) {
        expected = error as DataError;
      }
      expect(expected).toBeInstanceOf(DataError);
      for (const cuts of [[], everyCut(input.length, 1), [2, 9, 17]]) {
        const read = () => streamed(name, input, cuts);
        expect(read).toThrow(DataError);
        try {
          read();
        } catch (error) {
          expect((error as DataError).message).toBe(expected?.message);
          expect((error as DataError).line).toBe(expected?.line);
        }
      }
    });
  }
});
