/**
 * GraphML: `readGraphml` runs the streaming reader (`graphml-stream.ts`,
 * saxes) over the text; the CLI pushes a file's chunks to
 * `GraphmlStreamReader` itself. Errors (XML, duplicate node ids, edges to
 * unknown nodes) are `DataError`s with their line. Undirected when
 * `edgedefault` is `undirected` and no edge says `directed="true"`; a missing
 * `edgedefault` counts as directed.
 */
import type { AtlasGraph } from "../model.ts";
import { readGraphmlStream } from "./graphml-stream.ts";

export interface GraphmlReadOptions {
  undirected?: boolean;
  weight?: string;
}

export function readGraphml(file: string, text: string, options: GraphmlReadOptions = {}): AtlasGraph {
  return readGraphmlStream(file, text, options);
}
