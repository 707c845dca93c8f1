/**
 * GEXF 1.2 / 1.3: `readGexf` runs the streaming reader (`gexf-stream.ts`,
 * saxes) over the text; the CLI pushes a file's chunks to `GexfStreamReader`
 * itself. Errors (XML, duplicate node ids, edges to unknown nodes,
 * non-numeric weights) are `DataError`s with their line. Undirected when
 * `defaultedgetype` is `undirected`/`mutual` and no edge is typed `directed`;
 * a missing `defaultedgetype` counts as directed.
 */
import type { AtlasGraph } from "../model.ts";
import { readGexfStream } from "./gexf-stream.ts";

export interface GexfReadOptions {
  undirected?: boolean;
  weight?: string;
}

export function readGexf(file: string, text: string, options: GexfReadOptions = {}): AtlasGraph {
  return readGexfStream(file, text, options);
}
