/** graphology JSON (`graph.export()`), which `Graph.from()` and `readGraph` read back. */
import type { Attributes } from "graphology-types";
import type { WritableGraph } from "../edge-stream-view.ts";

export interface JsonWriteOptions {
  /** Indent with two spaces (default `false`). */
  pretty?: boolean;
}

/** Characters per yielded chunk (about). */
const CHUNK_CHARS = 1 << 16;

/** Writes the graph as graphology's serialized JSON (the joined {@link jsonChunks}). */
export function writeJson(graph: WritableGraph, options: JsonWriteOptions = {}): string {
  return [...jsonChunks(graph, options)].join("");
}

function isEmpty(attributes: Attributes): boolean {
  for (const _name in attributes) return false;
  return true;
}

/**
 * `JSON.stringify(graph.export(), null, pretty ? 2 : undefined) + "\n"` in
 * chunks of about 64 K characters: each node and edge is serialized as
 * `graph.export()` does (`key`, then `attributes` unless empty; edges add
 * `source`, `target`, and `undirected` in a mixed graph) and stringified on
 * its own, so no string holds the whole graph.
 */
export function* jsonChunks(graph: WritableGraph, options: JsonWriteOptions = {}): Generator<string> {
  const pretty = options.pretty === true;
  const indent = pretty ? 2 : undefined;
  // Nested values: the inner lines of a pretty value move right by the depth it sits at.
  const value = (v: unknown, pad: string): string => {
    const s = JSON.stringify(v, null, indent);
    return pretty ? s.replace(/\n/g, "\n" + pad) : s;
  };
  const nl = pretty ? "\n" : "";
  const field = (name: string, v: unknown) => `${pretty ? "  " : ""}"${name}":${pretty ? " " : ""}${value(v, "  ")}`;
  const options_ = { type: graph.type, multi: graph.multi, allowSelfLoops: graph.allowSelfLoops };
  let out = `{${nl}${field("options", options_)},${nl}${field("attributes", graph.getAttributes())},${nl}`;

  const items = function* (name: string, records: Iterable<object>): Generator<string> {
    out += `${pretty ? "  " : ""}"${name}":${pretty ? " " : ""}[`;
    let first = true;
    for (const record of records) {
      out += (first ? "" : ",") + (pretty ? "\n    " : "") + value(record, "    ");
      first = false;
      if (out.length >= CHUNK_CHARS) {
        yield out;
        out = "";
      }
    }
    out += first ? "]" : `${nl}${pretty ? "  " : ""}]`;
  };

  yield* items(
    "nodes",
    (function* () {
      for (const { node, attributes } of graph.nodeEntries()) {
        yield isEmpty(attributes) ? { key: node } : { key: node, attributes: { ...attributes } };
      }
    })(),
  );
  out += `,${nl}`;
  const mixed = graph.type === "mixed";
  yield* items(
    "edges",
    (function* () {
      for (const { edge, attributes, source, target, undirected } of graph.edgeEntries()) {
        const serialized: Attributes = { key: edge, source, target };
        if (!isEmpty(attributes)) serialized.attributes = { ...attributes };
        if (mixed && undirected) serialized.undirected = true;
        yield serialized;
      }
    })(),
  );
  yield out + `${nl}}\n`;
}
