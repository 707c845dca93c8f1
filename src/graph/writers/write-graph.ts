/**
 * `writeGraph`: the output format from the file name's extension, for
 * `atlas convert`. Writers return text (`writeGraph`) or its chunks
 * (`writeGraphChunks`, for big graphs); writing files is the caller's job.
 * A `.csv` name gets the edges file, plus a nodes file `<stem>.nodes.csv`
 * in `companions`.
 */
import { UsageError } from "../../shared/errors.ts";
import type { WritableGraph } from "../edge-stream-view.ts";
import { edgesCsvChunks, nodesCsvChunks } from "./csv.ts";
import { gexfChunks, type GexfWriteOptions } from "./gexf.ts";
import { graphmlChunks } from "./graphml.ts";
import { jsonChunks } from "./json.ts";

export const WRITE_FORMATS = ["gexf", "graphml", "csv", "json"] as const;
export type WriteFormatName = (typeof WRITE_FORMATS)[number];

export interface WrittenGraph {
  /** Text of the file named `name`. */
  text: string;
  /** Further files to write next to it (the nodes file of a CSV edge list). */
  companions: { name: string; text: string }[];
}

export interface WriteGraphOptions {
  /** Format; overrides the extension. */
  format?: WriteFormatName;
  gexf?: GexfWriteOptions;
  /** Indent JSON (default `false`). */
  pretty?: boolean;
}

/** Output format of a file name, or `undefined`. */
export function writeFormatFromName(name: string): WriteFormatName | undefined {
  const lower = name.toLowerCase();
  const ext = lower.slice(lower.lastIndexOf(".") + 1);
  return (WRITE_FORMATS as readonly string[]).includes(ext) ? (ext as WriteFormatName) : undefined;
}

/** The chunks of a file `writeGraphChunks` produces, and the further files to write next to it. */
export interface GraphChunks {
  /** Text of the file named `name`, in chunks (each generator can be iterated once). */
  chunks: Iterable<string>;
  /** Further files (the nodes file of a CSV edge list). */
  companions: { name: string; chunks: Iterable<string> }[];
}

/** Serializes the graph in the format of `name`'s extension. */
export function writeGraph(name: string, graph: WritableGraph, options: WriteGraphOptions = {}): WrittenGraph {
  const { chunks, companions } = writeGraphChunks(name, graph, options);
  return {
    text: [...chunks].join(""),
    companions: companions.map((c) => ({ name: c.name, text: [...c.chunks].join("") })),
  };
}

/**
 * {@link writeGraph} in chunks of about 64 K characters, so that a big graph
 * is never one string: write each chunk as it comes (see `src/cli/write-stream.ts`).
 * Nothing is serialized until the chunks are iterated.
 */
export function writeGraphChunks(name: string, graph: WritableGraph, options: WriteGraphOptions = {}): GraphChunks {
  const format = options.format ?? writeFormatFromName(name);
  switch (format) {
    case "gexf":
      return { chunks: gexfChunks(graph, options.gexf), companions: [] };
    case "graphml":
      return { chunks: graphmlChunks(graph), companions: [] };
    case "json":
      return { chunks: jsonChunks(graph, { pretty: options.pretty }), companions: [] };
    case "csv": {
      const stem = name.replace(/(\.edges)?\.csv$/i, "");
      return { chunks: edgesCsvChunks(graph), companions: [{ name: `${stem}.nodes.csv`, chunks: nodesCsvChunks(graph) }] };
    }
    default:
      throw new UsageError(
        `writeGraph: cannot tell the output format of "${name}"; name it .gexf, .graphml, .csv or .json`,
      );
  }
}
