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
import { type DecodeOptions, gunzip, isGzip, lineAt } from "./text.ts";
import { jsonPathLocation, jsonSyntaxProblem, lineColumnAt } from "./json-position.ts";
import { MAX_NESTING_DEPTH } from "./limits.ts";
import { EdgeAccumulator } from "./accumulator.ts";
import { createGraph, upsertNode } from "../model.ts";

export interface JsonReadOptions {
  undirected?: boolean;
  weight?: string;
}

/** Line and column of a `JSON.parse` error: from the scanner, else from V8's message (`at position N` / `line L column C`). */
function errorLocation(text: string, message: string): { line?: number; column?: number; problem?: string } {
  const found = jsonSyntaxProblem(text);
  if (found) return { ...lineColumnAt(text, found.offset), problem: found.problem };
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineColumnAt(text, Number(pos[1]));
  return { line: lineAt(text, text.length) };
}

/** A `DataError` at the value `path` of `text` (line and column when found). */
function errorAt(file: string, text: string, path: readonly (string | number)[], problem: string, hint: string, cause?: unknown): DataError {
  return new DataError({ file, ...jsonPathLocation(text, path) }, problem, hint, cause === undefined ? undefined : { cause });
}

/**
 * Path (below `base`) of the first value of `value` nested deeper than
 * `MAX_NESTING_DEPTH` (an object or array counts 1), or null. Iterative.
 */
function tooDeep(value: unknown, base: readonly (string | number)[]): (string | number)[] | null {
  if (typeof value !== "object" || value === null) return null;
  const stack: { value: object; depth: number; path: (string | number)[] }[] = [{ value, depth: 1, path: [...base] }];
  while (stack.length) {
    const top = stack.pop()!;
    if (top.depth > MAX_NESTING_DEPTH) return top.path;
    const entries = Array.isArray(top.value) ? top.value.map((v, i) => [i, v] as const) : Object.entries(top.value);
    for (const [k, v] of entries) {
      if (typeof v === "object" && v !== null) stack.push({ value: v as object, depth: top.depth + 1, path: [...top.path, k] });
    }
  }
  return null;
}

function checkDepth(file: string, text: string, value: unknown, path: readonly (string | number)[]): void {
  const deep = tooDeep(value, path);
  if (deep) {
    throw errorAt(
      file,
      text,
      deep,
      `attribute value nested deeper than ${MAX_NESTING_DEPTH} levels (${path.join(".")})`,
      `flatten the attribute; readers accept at most ${MAX_NESTING_DEPTH} levels of objects and arrays`,
    );
  }
}

/** A short, safe rendering of a value for a message (never recursing into objects). */
function preview(v: unknown): string {
  if (Array.isArray(v)) return v.every((x) => typeof x !== "object" || x === null) && v.length <= 4 ? JSON.stringify(v) : `an array of ${v.length}`;
  if (typeof v === "object" && v !== null) return "an object";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? s.slice(0, 80) + "…" : s;
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
    const { problem, ...where } = errorLocation(text, message);
    throw new DataError({ file, ...where }, `invalid JSON (${problem ?? message})`, "fix the JSON syntax", {
      cause: error,
    });
  }
  if (isRecord(data) && data.nodes === undefined && Array.isArray(data.edges) && Array.isArray(data.edges[0])) {
    return readEdgePairs(file, text, data, options);
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
    throw errorAt(file, text, ["edges"], '"edges" is not an array', "give edges as [{ source, target, attributes }]");
  }
  if (data.attributes !== undefined) checkDepth(file, text, data.attributes, ["attributes"]);
  const keys = new Set<string>();
  data.nodes.forEach((node: unknown, i: number) => {
    if (!isRecord(node) || node.key === undefined || node.key === null || typeof node.key === "object") {
      throw errorAt(file, text, ["nodes", i], `nodes[${i}] has no key`, "give every node a key (a string or a number)");
    }
    const key = String(node.key);
    if (keys.has(key)) {
      throw errorAt(file, text, ["nodes", i, "key"], `duplicate node key ${JSON.stringify(key)} (nodes[${i}])`, "give every node a distinct key");
    }
    keys.add(key);
    if (node.attributes !== undefined && !isRecord(node.attributes)) {
      throw errorAt(file, text, ["nodes", i, "attributes"], `nodes[${i}].attributes is not an object`, "give attributes as { name: value }");
    }
    if (node.attributes !== undefined) checkDepth(file, text, node.attributes, ["nodes", i, "attributes"]);
  });
  let allUndirected = edges.length > 0;
  edges.forEach((edge: unknown, i: number) => {
    if (!isRecord(edge)) throw errorAt(file, text, ["edges", i], `edges[${i}] is not an object`, "give edges as { source, target }");
    for (const end of ["source", "target"] as const) {
      const ref = edge[end];
      if (ref === undefined || ref === null || typeof ref === "object" || !keys.has(String(ref))) {
        throw errorAt(
          file,
          text,
          ref === undefined ? ["edges", i] : ["edges", i, end],
          `edges[${i}].${end} ${ref === undefined ? "is missing" : JSON.stringify(ref) + " is not a node key"}`,
          "add the node to \"nodes\" or fix the edge",
        );
      }
    }
    if (edge.attributes !== undefined && !isRecord(edge.attributes)) {
      throw errorAt(file, text, ["edges", i, "attributes"], `edges[${i}].attributes is not an object`, "give attributes as { name: value }");
    }
    if (edge.attributes !== undefined) checkDepth(file, text, edge.attributes, ["edges", i, "attributes"]);
    if (edge.undirected !== true) allUndirected = false;
  });
  const declared = isRecord(data.options) ? data.options.type : undefined;
  const temp = new MultiGraph({ type: "mixed", allowSelfLoops: true });
  try {
    temp.import({ ...(data as unknown as SerializedGraph), options: undefined } as unknown as SerializedGraph);
  } catch (error) {
    throw new DataError(
      { file, line: 1 },
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
    edgeLine: (i) => jsonPathLocation(text, ["edges", i]).line,
    edgeName: (i) => `edges[${i}]:`,
  });
}

/** `{ edges: [[s, t], ...], labels?: { id: value } }`: pairs of node ids, optional class per node. */
function readEdgePairs(file: string, text: string, data: Record<string, unknown>, options: JsonReadOptions): AtlasGraph {
  const graph = createGraph({ directed: !options.undirected });
  const labels = isRecord(data.labels) ? data.labels : {};
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== "string" && typeof value !== "number") {
      throw errorAt(file, text, ["labels", key], `labels[${JSON.stringify(key)}] is ${preview(value)}`, "give each label as a string or a number");
    }
    upsertNode(graph, key, { class: value });
  }
  const acc = new EdgeAccumulator(graph);
  const edges = data.edges as unknown[];
  for (let i = 0; i < edges.length; i++) {
    const pair = edges[i];
    if (!Array.isArray(pair) || pair.length < 2 || !isId(pair[0]) || !isId(pair[1])) {
      throw errorAt(file, text, ["edges", i], `edges[${i}] is ${preview(pair)}, not a [source, target] pair of ids`, "give every edge as [source, target]");
    }
    acc.add(String(pair[0]), String(pair[1]));
  }
  acc.flush();
  return graph;
}

function isId(v: unknown): v is string | number {
  return (typeof v === "string" && v !== "") || (typeof v === "number" && Number.isFinite(v));
}

/**
 * The text and the value of JSON bytes (gzip decompressed first, within the
 * ratio bound and the longest string), or `null` when they are not valid
 * JSON (the JSON reader then says where). The one way the CLI, the viewer,
 * its worker and the compare page read an atlas file's bytes.
 */
export async function parseJsonBytes(file: string, bytes: Uint8Array, options: DecodeOptions = {}): Promise<{ text: string; value: unknown } | null> {
  let data = bytes;
  try {
    if (isGzip(data)) data = await gunzip(file, data, options);
    const text = new TextDecoder().decode(data);
    return { text, value: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}
