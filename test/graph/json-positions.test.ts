/** JSON graph errors carry FILE:LINE:COL: syntax errors (from the text itself) and structural ones (where the record begins). */
import { describe, expect, it } from "vitest";
import { readGraph } from "../../src/graph/read.ts";
import { jsonSyntaxProblem, jsonValueOffset, lineColumnAt } from "../../src/graph/readers/json-position.ts";
import { DataError } from "../../src/shared/errors.ts";
import { text } from "./helpers.ts";

async function readError(body: string): Promise<DataError> {
  const error = await readGraph("g.json", text(body)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

const GRAPH = (edges: string) => `{\n  "nodes": [\n    {"key": "a"},\n    {"key": "b"}\n  ],\n  "edges": [\n${edges}\n  ]\n}\n`;

describe("JSON error positions", () => {
  const syntax: [string, string, number, number, RegExp][] = [
    ["a missing comma", '{"nodes": [\n  {"key": "a"}\n  {"key": "b"}\n]}', 3, 3, /expected "," or "]", found "\{"/],
    ["a trailing comma", '{"nodes": [{"key": "a"},\n]}', 2, 1, /unexpected "]" where a value should be/],
    ["an unquoted key", '{\n  nodes: []}', 2, 3, /expected a "quoted" key/],
    ["a truncated file", '{"nodes": [\n  {"key": "a"', 2, 14, /unexpected end/],
    ["a raw tab in a string", '{"nodes": [{"key": "a\tb"}]}', 1, 22, /control character/],
    ["garbage after the value", '{"nodes": []}\nx', 2, 1, /after the end of the JSON value/],
    ["a bad literal", '{"nodes": [],\n "edges": tru}', 2, 11, /where a value should be/],
  ];
  for (const [what, body, line, column, problem] of syntax) {
    it(`should give line and column of ${what}`, async () => {
      const error = await readError(body);
      expect([error.line, error.column]).toEqual([line, column]);
      expect(error.message).toMatch(new RegExp(`^g\\.json:${line}:${column}: invalid JSON \\(`));
      expect(error.problem).toMatch(problem);
    });
  }

  it("should agree with JSON.parse on what is valid", () => {
    for (const ok of ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}', "[]", " 0 ", '"s"', '{"a":{"b":{}}}']) {
      expect(() => JSON.parse(ok)).not.toThrow();
      expect(jsonSyntaxProblem(ok)).toBeNull();
    }
    for (const bad of ["", "01", "[1,]", '{"a" 1}', "[-]", '"\\x"', "{,}", "[1 2]", "nul"]) {
      expect(() => JSON.parse(bad)).toThrow();
      expect(jsonSyntaxProblem(bad)).not.toBeNull();
    }
  });

  it("should find where a value begins by its path", () => {
    const t = '{"nodes": [{"key": "a"}, {"key": "b"}],\n "edges": [[1, 2], {"source": "x"}]}';
    expect(lineColumnAt(t, jsonValueOffset(t, ["nodes", 1, "key"]))).toEqual({ line: 1, column: 34 });
    expect(lineColumnAt(t, jsonValueOffset(t, ["edges", 1]))).toEqual({ line: 2, column: 20 });
    expect(jsonValueOffset(t, ["edges", 5])).toBe(-1);
  });

  it("should locate an edge to an unknown node at its field", async () => {
    const error = await readError(GRAPH('    {"source": "a", "target": "b"},\n    {"source": "a", "target": "zz"}'));
    expect([error.line, error.column]).toEqual([8, 31]);
    expect(error.message).toMatch(/edges\[1\]\.target "zz" is not a node key/);
  });

  it("should locate a duplicate node key", async () => {
    const error = await readError('{"nodes": [\n {"key": "a"},\n {"key": "a"}\n]}');
    expect([error.line, error.column]).toEqual([3, 10]);
    expect(error.message).toMatch(/duplicate node key "a"/);
  });

  it("should locate a node without a key and an edge that is not an object", async () => {
    expect((await readError('{"nodes": [\n {"key": "a"},\n {"id": "b"}\n]}')).line).toBe(3);
    expect((await readError(GRAPH("    5"))).line).toBe(7);
  });

  it("should locate a bad weight at its edge", async () => {
    const error = await readError(GRAPH('    {"source": "a", "target": "b"},\n    {"source": "b", "target": "a", "attributes": {"weight": "heavy"}}'));
    expect(error.line).toBe(8);
    expect(error.message).toMatch(/weight "heavy" is not a finite number/);
  });

  it("should locate a bad pair and a bad label in the edge-pair form", async () => {
    const pair = await readError('{"edges": [\n["a", "b"],\n["a"]\n]}');
    expect([pair.line, pair.column]).toEqual([3, 1]);
    expect(pair.message).toMatch(/edges\[1\] is \["a"\], not a \[source, target\] pair/);
    const label = await readError('{"edges": [["a", "b"]],\n "labels": {"a": "m",\n "b": [1]}}');
    expect([label.line, label.column]).toEqual([3, 7]);
  });
});
