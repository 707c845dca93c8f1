/** graphology JSON (`graph.export()`), which `Graph.from()` and `readGraph` read back. */
import type { AtlasGraph } from "../model.ts";

export interface JsonWriteOptions {
  /** Indent with two spaces (default `false`). */
  pretty?: boolean;
}

/** Writes the graph as graphology's serialized JSON. */
export function writeJson(graph: AtlasGraph, options: JsonWriteOptions = {}): string {
  return JSON.stringify(graph.export(), null, options.pretty ? 2 : undefined) + "\n";
}
