/**
 * The byte-stream edge-list reader against the string reader (`readEdgelist`,
 * the graphology path) on the bundled real files and on every way of cutting
 * a file into chunks; its errors name the same file and line.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readEdgelistEdges } from "../../src/graph/readers/edgelist.ts";
import { EdgelistStreamReader, MAX_LINE_BYTES } from "../../src/graph/readers/edgelist-stream.ts";
import type { MergedEdges } from "../../src/graph/readers/accumulator.ts";
import { DataError } from "../../src/shared/errors.ts";
import { ROOT } from "./helpers.ts";

function streamed(name: string, bytes: Uint8Array, cuts: number[] = [], undirected = false): MergedEdges {
  const reader = new EdgelistStreamReader(name, { undirected });
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    reader.push(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  reader.push(bytes.subarray(at));
  return reader.end().merge();
}

function plain(m: MergedEdges) {
  return { order: m.order, keys: m.keys, sources: [...m.sources], targets: [...m.targets], weights: [...m.weights] };
}

const REAL = [
  "data/congress_twitter/congress.edgelist",
  "data/wiki_vote/wiki-Vote.txt",
  "data/higgs_twitter/higgs-reply_network.edgelist",
  "data/higgs_twitter/higgs-mention_network.edgelist.gz",
];

describe("EdgelistStreamReader", () => {
  for (const file of REAL) {
    it(`should read ${file} into the same graph as the string reader, in 64 KiB chunks`, () => {
      let bytes = new Uint8Array(readFileSync(join(ROOT, file)));
      if (file.endsWith(".gz")) bytes = new Uint8Array(gunzipSync(bytes));
      const text = new TextDecoder().decode(bytes);
      const cuts = Array.from({ length: Math.floor(bytes.length / 65536) }, (_, i) => (i + 1) * 65536);
      for (const undirected of [false, true]) {
        expect(plain(streamed(file, bytes, cuts, undirected))).toEqual(plain(readEdgelistEdges(file, text, { undirected })));
      }
    });
  }

  it("should give the wiki-Vote counts of the data README (7115 nodes, 103689 edges)", () => {
    const merged = streamed("wiki-Vote.txt", new Uint8Array(readFileSync(join(ROOT, "data/wiki_vote/wiki-Vote.txt"))));
    expect(merged.order).toBe(7115);
    expect(merged.sources.length).toBe(103689);
  });

  it("should not depend on where the chunks are cut (comments, CRLF, BOM, weights, unicode ids, no final newline)", () => {
    const text = "\uFEFF# comment\r\n% other\r\n\r\n  a\tb 2.5 extra\r\nb a\nc  é 3\n\n 𝄞 a 1e2\nb a 0.25\na b";
    const bytes = new TextEncoder().encode(text);
    const expected = plain(readEdgelistEdges("t", text.slice(1)));
    expect(expected.keys).toEqual(["a", "b", "c", "é", "𝄞"]);
    fc.assert(
      fc.property(fc.array(fc.nat(bytes.length), { maxLength: 12 }), (cuts) => {
        expect(plain(streamed("t", bytes, cuts))).toEqual(expected);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  const errors: [string, string | Uint8Array, RegExp][] = [
    ["one value on a line", "a b\nlonely\n", /^t:2: expected "source target \[weight\]", found one value "lonely"; give two node ids/],
    ["a bad weight", "a b\nc d\ne f x7\n", /^t:3:5: weight "x7" is not a finite number; fix the value/],
    ["an infinite weight", "a b 1e999\n", /^t:1:5: weight "1e999" is not a finite number/],
    ["an empty file", " \n\t\r\n", /^t:1: empty file; /],
    ["a NUL byte", new Uint8Array([97, 32, 98, 10, 99, 0, 100, 10]), /^t:2: not a text file \(NUL byte\)/],
    ["invalid UTF-8 in an id", new Uint8Array([97, 32, 98, 10, 99, 32, 0xc3, 0x28, 10]), /^t:2: not a text file \(invalid UTF-8\)/],
  ];
  for (const [what, input, message] of errors) {
    it(`should report ${what} with the file and line, as the string reader does`, () => {
      const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
      const read = () => streamed("t", bytes, [1, 5]);
      expect(read).toThrow(DataError);
      expect(read).toThrow(message);
    });
  }

  it("should refuse a line longer than MAX_LINE_BYTES instead of buffering it", () => {
    const reader = new EdgelistStreamReader("t");
    reader.push(new TextEncoder().encode("a b\n"));
    const chunk = new Uint8Array(1 << 16).fill(97);
    let pushed = 0;
    const run = () => {
      while (pushed <= MAX_LINE_BYTES) {
        reader.push(chunk);
        pushed += chunk.length;
      }
    };
    expect(run).toThrow(/^t:2: line longer than 1048576 bytes/);
    expect(pushed).toBeLessThanOrEqual(MAX_LINE_BYTES + chunk.length);
  });
});
