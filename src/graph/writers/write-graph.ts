/**
 * `writeGraph`: the output format from the file name's extension, for
 * `atlas convert`. Writers return text; writing files is the caller's job.
 * A `.csv` name gets the edges file, plus a nodes file `<stem>.nodes.csv`
 * in `companions`.
 */
import { UsageError } from "../../shared/errors.ts";
import type { AtlasGraph } from "../model.ts";
import { writeEdgesCsv, writeNodesCsv } from "./csv.ts";
import { writeGexf, type GexfWriteOptions } from "./gexf.ts";
import { writeGraphml } from "./graphml.ts";
import { writeJson } from "./json.ts";

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

/** Serializes the graph in the format of `name`'s extension. */
export function writeGraph(name: string, graph: AtlasGraph, options: WriteGraphOptions = {}): WrittenGraph {
  const format = options.format ?? writeFormatFromName(name);
  switch (format) {
    case "gexf":
      return { text: writeGexf(graph, options.gexf), companions: [] };
    case "graphml":
      return { text: writeGraphml(graph), companions: [] };
    case "json":
      return { text: writeJson(graph, { pretty: options.pretty }), companions: [] };
    case "csv": {
      const stem = name.replace(/(\.edges)?\.csv$/i, "");
      return { text: writeEdgesCsv(graph), companions: [{ name: `${stem}.nodes.csv`, text: writeNodesCsv(graph) }] };
    }
    default:
      throw new UsageError(
        `writeGraph: cannot tell the output format of "${name}"; name it .gexf, .graphml, .csv or .json`,
      );
  }
}
