/** Nesting is bounded (MAX_NESTING_DEPTH = 64) with a DataError naming the file and line, never a RangeError. */
import { describe, expect, it } from "vitest";
import { readGraph } from "../../src/graph/read.ts";
import { DataError } from "../../src/shared/errors.ts";
import { writeGraph } from "../../src/graph/writers/write-graph.ts";
import { text } from "./helpers.ts";

async function readError(name: string, body: string): Promise<DataError> {
  const error = await readGraph(name, text(body)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

/** `graph [ node [ id 0 a [ a [ ... ] ] ] ]` with `levels` lists in all; the deepest opens on line 3. */
function gml(levels: number): string {
  const inner = levels - 2;
  return "graph [\n node [ id 0\n" + "a [ ".repeat(inner) + "x 1 " + "] ".repeat(inner) + "\n ]\n]\n";
}

describe("nesting limits", () => {
  it("should refuse GML lists 4500 deep with the line, not a RangeError", async () => {
    const error = await readError("deep.gml", gml(4500));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^deep\.gml:3:\d+: "a \[" nests lists deeper than 64 levels; /);
  });

  it("should read GML lists exactly 64 deep and refuse 65", async () => {
    const graph = await readGraph("ok.gml", text(gml(64)));
    expect(graph.order).toBe(1);
    let depth = 0;
    for (let v: unknown = graph.getNodeAttribute("0", "a"); typeof v === "object" && v !== null; v = (v as { a?: unknown }).a) depth++;
    expect(depth).toBe(62);
    const error = await readError("over.gml", gml(65));
    expect(error.line).toBe(3);
  });

  it("should refuse a JSON attribute nested 200 000 deep at read, with its line", async () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    const body = `{"nodes": [\n{"key": "a"},\n{"key": "b", "attributes": {"x": ${deep}}}\n], "edges": []}`;
    const error = await readError("deep.json", body);
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^deep\.json:3:\d+: attribute value nested deeper than 64 levels \(nodes\.1\.attributes\)/);
  });

  it("should read JSON attributes 63 levels deep inside attributes and write them back", async () => {
    const deep = "[".repeat(63) + "1" + "]".repeat(63);
    const body = `{"nodes": [{"key": "a", "attributes": {"x": ${deep}}}], "edges": [{"source": "a", "target": "a", "attributes": {"y": {"z": ${deep}}}}]}`;
    const error = await readError("edge.json", body);
    expect(error.message).toMatch(/edges\.0\.attributes/);
    const ok = await readGraph("ok.json", text(body.replace(`{"z": ${deep}}`, "1")));
    expect(JSON.parse(writeGraph("x.json", ok).text).nodes[0].attributes.x.flat(Infinity)).toEqual([1]);
  });

  it("should refuse graph attributes nested too deep", async () => {
    const deep = "{\"a\":".repeat(70) + "1" + "}".repeat(70);
    const error = await readError("g.json", `{\n"attributes": ${deep},\n"nodes": []}`);
    expect(error.message).toMatch(/^g\.json:2:\d+: attribute value nested deeper than 64 levels \(attributes\)/);
  });
});
