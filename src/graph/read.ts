/**
 * `readGraph`: bytes of a graph file → the model (`AtlasGraph`).
 *
 * The format comes from the extension after stripping `.gz` (`format`
 * overrides it); gzip is detected by its magic bytes and decompressed with
 * the web-standard `DecompressionStream`. Every bad input throws a
 * `DataError` whose message is `FILE:LINE[:COL]: what is wrong; what to do`.
 * Browser-safe: no Node-only imports.
 */
import { DataError } from "../shared/errors.ts";
import type { AtlasGraph } from "./model.ts";
import { readCsv } from "./readers/csv.ts";
import { readEdgelist } from "./readers/edgelist.ts";
import { GdfStreamReader, readGdf } from "./readers/gdf.ts";
import { readGexf } from "./readers/gexf.ts";
import { GexfStreamReader } from "./readers/gexf-stream.ts";
import { GmlStreamReader, readGml } from "./readers/gml.ts";
import { readGraphml } from "./readers/graphml.ts";
import { GraphmlStreamReader } from "./readers/graphml-stream.ts";
import { readJson } from "./readers/json.ts";
import { decodeText, gunzipChunks, isGzip } from "./readers/text.ts";

/** Formats `readGraph` understands. */
export const FORMAT_NAMES = ["csv", "edgelist", "gexf", "graphml", "gml", "gdf", "json"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Extension (lower case, no dot, `.gz` stripped) → format. */
export const FORMAT_EXTENSIONS: Readonly<Record<string, FormatName>> = Object.freeze({
  csv: "csv",
  txt: "edgelist",
  edgelist: "edgelist",
  edges: "edgelist",
  tsv: "edgelist",
  gexf: "gexf",
  graphml: "graphml",
  gml: "gml",
  gdf: "gdf",
  json: "json",
});

/** Formats read by a streaming reader into `GraphRecords` (bytes in chunks of any size; then a graph or an edge stream). */
export const RECORD_FORMATS = ["gexf", "graphml", "gml", "gdf"] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

/** The streaming reader of each record format. */
export const RECORD_READERS = Object.freeze({
  gexf: GexfStreamReader,
  graphml: GraphmlStreamReader,
  gml: GmlStreamReader,
  gdf: GdfStreamReader,
});

export function isRecordFormat(format: string | undefined): format is RecordFormat {
  return (RECORD_FORMATS as readonly (string | undefined)[]).includes(format);
}

/** Bytes handed to a streaming reader at a time (a whole file is never decoded as one string). */
const PUSH_BYTES = 4 << 20;

export interface ReadOptions {
  /** Format; overrides the extension (the CLI's `--format`). */
  format?: FormatName;
  /** Nodes CSV (`id,label,...`) for the `csv` format (the CLI's `--nodes`), and the column of its labels (`--label-column`, default `label`). */
  nodes?: { name: string; bytes: Uint8Array; labelColumn?: string };
  /** Read every edge as undirected, whatever the file says. */
  undirected?: boolean;
  /** Edge attribute or CSV/GDF column holding the weight (default `"weight"`). */
  weight?: string;
  /** Bound on gzip expansion (see `DecodeOptions`; the CLI's `ATLAS_MAX_GZIP_RATIO`). */
  maxGzipRatio?: number;
}

/** Base name of a path, browser-safe (no `node:path`). */
function baseName(name: string): string {
  const i = Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\"));
  return i === -1 ? name : name.slice(i + 1);
}

/** Format of a file name from its extension (after stripping `.gz`), or `undefined`. */
export function formatFromName(name: string): FormatName | undefined {
  let base = baseName(name).toLowerCase();
  if (base.endsWith(".gz")) base = base.slice(0, -3);
  const dot = base.lastIndexOf(".");
  if (dot === -1) return undefined;
  return FORMAT_EXTENSIONS[base.slice(dot + 1)];
}

/** Parses already-decoded text in a given format (sync; `readGraph` is the usual entry point). */
export function parseGraphText(
  format: FormatName,
  name: string,
  text: string,
  options: Omit<ReadOptions, "format" | "nodes"> & { nodes?: { name: string; text: string; labelColumn?: string } } = {},
): AtlasGraph {
  const opts = { undirected: options.undirected, weight: options.weight };
  switch (format) {
    case "csv":
      return readCsv(name, text, { ...opts, nodes: options.nodes });
    case "edgelist":
      return readEdgelist(name, text, opts);
    case "gexf":
      return readGexf(name, text, opts);
    case "graphml":
      return readGraphml(name, text, opts);
    case "gml":
      return readGml(name, text, opts);
    case "gdf":
      return readGdf(name, text, opts);
    case "json":
      return readJson(name, text, opts);
  }
}

/**
 * Reads a graph file's bytes into the model. GEXF, GraphML, GML and GDF are
 * pushed to their streaming readers in chunks (gzip decompressed chunk by
 * chunk), so no format of theirs is bound by the longest string.
 */
export async function readGraph(name: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<AtlasGraph> {
  const format = options.format ?? formatFromName(name);
  if (format === undefined || !FORMAT_NAMES.includes(format)) {
    const given = options.format ?? (baseName(name).includes(".") ? baseName(name).replace(/\.gz$/i, "").split(".").pop() : "");
    throw new DataError(
      { file: name },
      given ? `unknown graph format "${given}"` : "no file extension to tell the graph format",
      `set --format to one of ${FORMAT_NAMES.join(", ")}`,
    );
  }
  if (options.nodes && format !== "csv") {
    throw new DataError({ file: options.nodes.name }, `a nodes file goes with CSV edge lists, not ${format}`, "drop --nodes");
  }
  const decode = { maxGzipRatio: options.maxGzipRatio };
  if (isRecordFormat(format)) {
    const reader = new RECORD_READERS[format](name, { undirected: options.undirected, weight: options.weight });
    if (isGzip(bytes)) await gunzipChunks(name, bytes, (chunk) => reader.push(chunk), { ...decode, line: () => reader.line });
    else for (let at = 0; at < bytes.length; at += PUSH_BYTES) reader.push(bytes.subarray(at, at + PUSH_BYTES));
    return reader.end();
  }
  const text = await decodeText(name, bytes, decode);
  const nodes = options.nodes
    ? { name: options.nodes.name, text: await decodeText(options.nodes.name, options.nodes.bytes, decode), labelColumn: options.nodes.labelColumn }
    : undefined;
  return parseGraphText(format, name, text, { undirected: options.undirected, weight: options.weight, nodes });
}
