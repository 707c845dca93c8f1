/** Bad inputs: each throws a DataError `FILE:LINE[:COL]: problem; hint` at the right line. */
import { describe, expect, it } from "vitest";
import { readGraph } from "../../src/graph/read.ts";
import { DataError } from "../../src/shared/errors.ts";
import { readFixture, text } from "./helpers.ts";

async function failure(promise: Promise<unknown>): Promise<DataError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError, got a graph");
}

describe("readGraph bad inputs", () => {
  it("should report a CSV header without a target column at line 1", async () => {
    const e = await failure(readFixture("missing-target.csv"));
    expect(e.message).toMatch(/^missing-target\.csv:1: header has no "target" column \(found: source,dest,weight; also accepted: dst, to, id_2, node2\); .*source,target/);
    expect(e.line).toBe(1);
  });

  it("should report a non-numeric CSV weight at its line", async () => {
    const e = await failure(readFixture("bad-weight.csv"));
    expect(e.message).toMatch(/^bad-weight\.csv:4: weight "abc" is not a finite number; /);
  });

  it("should reject an infinite CSV weight at its line", async () => {
    const e = await failure(readFixture("infinite-weight.csv"));
    expect(e.message).toMatch(/^infinite-weight\.csv:3: weight "Infinity" is not a finite number/);
  });

  it("should reject a NaN edge-list weight at its line and column", async () => {
    const e = await failure(readFixture("nan-weight.edgelist"));
    expect(e.message).toMatch(/^nan-weight\.edgelist:3:5: weight "NaN" is not a finite number/);
  });

  it("should report a GEXF edge to an unknown node at the edge's line", async () => {
    const e = await failure(readFixture("unknown-node.gexf"));
    expect(e.message).toMatch(/^unknown-node\.gexf:10: edge target "zz" is not a node id; /);
  });

  it("should report a GraphML edge to an unknown node at the edge's line", async () => {
    const e = await failure(readFixture("unknown-node.graphml"));
    expect(e.message).toMatch(/^unknown-node\.graphml:7: edge target "n9" is not a node id; /);
  });

  it("should report mismatched XML tags at the end tag's line", async () => {
    const e = await failure(readFixture("invalid.gexf"));
    // <node id="a"> opened on line 5 is closed by </nodes> on line 7
    expect(e.message).toMatch(/^invalid\.gexf:7: invalid XML \(end tag <\/nodes> does not match <node> opened at line 5\); /);
  });

  it("should report XML that xmldom rejects at the line xmldom gives", async () => {
    const xml = '<?xml version="1.0"?>\n<gexf version="1.3">\n<graph>\n<nodes>\n<node id=a/>\n</nodes>\n</graph>\n</gexf>\n';
    const e = await failure(readGraph("q.gexf", text(xml)));
    expect(e.message).toMatch(/^q\.gexf:5(:\d+)?: invalid XML \(.*missed quot/);
  });

  it("should report truncated XML at the line of the innermost element left open", async () => {
    const xml = '<?xml version="1.0"?>\n<graphml>\n<graph edgedefault="directed">\n<node id="a"/>\n';
    const e = await failure(readGraph("t.graphml", text(xml)));
    expect(e.message).toMatch(/^t\.graphml:3: invalid XML \(<graph> is never closed\); /);
  });

  it("should report a GML node block that lost its ] at the line where the block opened", async () => {
    const e = await failure(readFixture("unterminated-node.gml"));
    // "node" at line 10, its "[" at line 11, never closed before the next node at line 14
    expect(e.message).toMatch(/^unterminated-node\.gml:11: "node \[" opened here is not closed before "node \[" at line 14; add the missing "\]"/);
  });

  it("should report an unterminated GML graph bracket at the line where it opened", async () => {
    const e = await failure(readFixture("unterminated-graph.gml"));
    expect(e.message).toMatch(/^unterminated-graph\.gml:1: "graph \[" opened here is never closed; /);
  });

  it("should report a non-numeric GML weight at its line", async () => {
    const e = await failure(readFixture("bad-weight.gml"));
    expect(e.message).toMatch(/^bad-weight\.gml:6: weight "heavy" is not a finite number/);
  });

  it("should report an empty file at line 1", async () => {
    const e = await failure(readFixture("empty.csv"));
    expect(e.message).toMatch(/^empty\.csv:1: empty file; /);
  });

  it("should report a whitespace-only file as empty", async () => {
    const e = await failure(readFixture("blank.edgelist"));
    expect(e.message).toMatch(/^blank\.edgelist:1: empty file; /);
  });

  it("should report binary garbage (NUL bytes) as not a text file", async () => {
    const e = await failure(readFixture("garbage.csv"));
    expect(e.message).toMatch(/^garbage\.csv:1: not a text file \(NUL byte at byte 4\); /);
  });

  it("should report invalid UTF-8 as not a text file at its line", async () => {
    const e = await failure(readFixture("invalid-utf8.csv"));
    expect(e.message).toMatch(/^invalid-utf8\.csv:3: not a text file \(invalid UTF-8\); /);
  });

  it("should report an unknown extension and suggest --format", async () => {
    const e = await failure(readFixture("graph.xyz"));
    expect(e.message).toMatch(/^graph\.xyz: unknown graph format "xyz"; set --format to one of csv, edgelist, /);
  });

  it("should read a file with an unknown extension when the format is given", async () => {
    const g = await readFixture("graph.xyz", { format: "edgelist" });
    expect(g.edges().map((e) => g.extremities(e))).toEqual([["a", "b"]]);
  });

  it("should report invalid JSON at its line", async () => {
    const e = await failure(readFixture("invalid.json"));
    expect(e.message).toMatch(/^invalid\.json:2(:\d+)?: invalid JSON \(/);
  });

  it("should report a JSON edge to an unknown node", async () => {
    const bytes = text(JSON.stringify({ nodes: [{ key: "a" }], edges: [{ source: "a", target: "b" }] }));
    const e = await failure(readGraph("g.json", bytes));
    expect(e.message).toMatch(/^g\.json:1:\d+: edges\[0\]\.target "b" is not a node key; /);
  });

  it("should report a mistyped GDF value at its line", async () => {
    const e = await failure(readFixture("bad-value.gdf"));
    expect(e.message).toMatch(/^bad-value\.gdf:3: subscriberCount "many" is not a number; /);
  });

  it("should report a one-column edge-list line", async () => {
    const e = await failure(readGraph("g.txt", text("1 2\n3\n")));
    expect(e.message).toMatch(/^g\.txt:2: expected "source target \[weight\]", found one value "3"; /);
  });

  it("should report a CSV row with too many cells at its line", async () => {
    const e = await failure(readGraph("g.csv", text("source,target\na,b\nb,c,d\n")));
    expect(e.message).toMatch(/^g\.csv:3: invalid CSV \(/);
  });

  it("should report corrupt gzip data", async () => {
    const e = await failure(readGraph("g.txt.gz", new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6])));
    expect(e.message).toMatch(/^g\.txt\.gz:1: not a valid gzip file/);
  });

  it("should accept graphs with no edges", async () => {
    const csv = await readGraph("g.csv", text("source,target,weight\n"));
    expect([csv.order, csv.size]).toEqual([0, 0]);
    const gml = await readGraph("g.gml", text('graph [ node [ id 1 label "a" ] ]'));
    expect([gml.order, gml.size, gml.type]).toEqual([1, 0, "undirected"]);
    const edgelist = await readGraph("g.txt", text("# only a comment\n"));
    expect([edgelist.order, edgelist.size]).toEqual([0, 0]);
  });
});
