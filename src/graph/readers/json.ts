/**
 * graphology JSON, the form `graph.export()` writes (and the atlas file):
 * `{ options?, attributes?, nodes: [{ key, attributes? }], edges: [{ source,
 * target, attributes?, undirected? }] }`. Undirected when `options.type` is
 * `undirected` (or every edge says `undirected: true`).
 *
 * Also the plain edge-pair form `{ edges: [[source, target], ...], labels?:
 * { id: value } }` (e.g. the WSDM'21 Twitter follower graphs): a directed
 * graph whose `labels` become the node attribute `class`.
 */
import { MultiGraph } from "graphology";
import type { SerializedGraph } from "graphology-types";
import { DataError } from "../../shared/errors.ts";
import type { AtlasGraph } from "../model.ts";
import { copyIntoModel } from "./copy.ts";
import { lineAt } from "./text.ts";
import { EdgeAccumulator } from "./accumulator.ts";
import { createGraph, upsertNode } from "../model.ts";

export interface JsonReadOptions {
  undirected?: boolean;
  weight?: string;
}

/** Position of a JSON.parse error, from V8's message (`at position N` / `line L column C`). */
function errorLocation(text: string, message: string): { line?: number; column?: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) {
    const offset = Number(pos[1]);
    const line = lineAt(text, offset);
    const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
    return { line, column: offset - lineStart + 1 };
  }
  if (/end of JSON input/i.test(message)) return { line: lineAt(text, text.length) };
  return {};
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function readJson(file: string, text: string, options: JsonReadOptions = {}): AtlasGraph {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DataError({ file, ...errorLocation(text, message) }, `invalid JSON (${message})`, "fix the JSON syntax", {
      cause: error,
    });
  }
  if (isRecord(data) && data.nodes === undefined && Array.isArray(data.edges) && Array.isArray(data.edges[0])) {
    return readEdgePairs(file, data, options);
  }
  if (!isRecord(data) || !Array.isArray(data.nodes)) {
    throw new DataError(
      { file, line: 1 },
      'not a graphology JSON graph (no "nodes" array)',
      "give the form graph.export() writes: { nodes: [{ key }], edges: [{ source, target }] }",
    );
  }
  const edges = data.edges === undefined ? [] : data.edges;
  if (!Array.isArray(edges)) {
    throw new DataError({ file, line: 1 }, '"edges" is not an array', "give edges as [{ source, target, attributes }]");
  }
  const keys = new Set<string>();
  data.nodes.forEach((node: unknown, i: number) => {
    if (!isRecord(node) || node.key === undefined || node.key === null) {
      throw new DataError({ file }, `nodes[${i}] has no key`, "give every node a key");
    }
    keys.add(String(node.key));
  });
  let allUndirected = edges.length > 0;
  edges.forEach((edge: unknown, i: number) => {
    if (!isRecord(edge)) throw new DataError({ file }, `edges[${i}] is not an object`, "give edges as { source, target }");
    for (const end of ["source", "target"] as const) {
      const ref = edge[end];
      if (ref === undefined || ref === null || !keys.has(String(ref))) {
        throw new DataError(
          { file },
          `edges[${i}].${end} ${JSON.stringify(ref)} is not a node key`,
          "add the node to \"nodes\" or fix the edge",
        );
      }
    }
    if (edge.undirected !== true) allUndirected = false;
  });
  const declared = isRecord(data.options) ? data.options.type : undefined;
  const temp = new MultiGraph({ type: "mixed", allowSelfLoops: true });
  try {
    temp.import({ ...(data as unknown as SerializedGraph), options: undefined } as unknown as SerializedGraph);
  } catch (error) {
    throw new DataError(
      { file },
      `cannot read the graph (${error instanceof Error ? error.message : String(error)})`,
      "give the form graph.export() writes",
      { cause: error },
    );
  }
  const undirected = options.undirected || declared === "undirected" || allUndirected;
  return copyIntoModel(temp, {
    file,
    directed: !undirected,
    weight: options.weight,
    edgeName: (i) => `edges[${i}]:`,
  });
}

/** `{ edges: [[s, t], ...], labels?: { id: value } }`: pairs of node ids, optional class per node. */
function readEdgePairs(file: string, data: Record<string, unknown>, options: JsonReadOptions): AtlasGraph {
  const graph = createGraph({ directed: !options.undirected });
  const labels = isRecord(data.labels) ? data.labels : {};
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== "string" && typeof value !== "number") {
      throw new DataError({ file }, `labels[${JSON.stringify(key)}] is ${JSON.stringify(value)}`, "give each label as a string or a number");
    }
    upsertNode(graph, key, { class: value });
  }
  const acc = new EdgeAccumulator(graph);
  const edges = data.edges as unknown[];
  for (let i = 0; i < edges.length; i++) {
    const pair = edges[i];
    if (!Array.isArray(pair) || pair.length < 2 || !isId(pair[0]) || !isId(pair[1])) {
      throw new DataError({ file }, `edges[${i}] is ${JSON.stringify(pair)}, not a [source, target] pair of ids`, "give every edge as [source, target]");
    }
    acc.add(String(pair[0]), String(pair[1]));
  }
  acc.flush();
  return graph;
}

function isId(v: unknown): v is string | number {
  return (typeof v === "string" && v !== "") || (typeof v === "number" && Number.isFinite(v));
}
