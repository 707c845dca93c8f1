/**
 * File I/O of the CLI (the only place, with demo.ts, that touches the file
 * system): read input bytes and hand them to the graph readers, recognise
 * atlas files, read a niche of the store as a graph, write outputs
 * atomically (temp file + rename).
 */
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { parseJsonBytes } from "../graph/readers/json.ts";
import { isAtlasExport } from "../analyze/atlas.ts";
import { readAtlasGraph } from "../analyze/atlas-validate.ts";
import type { AtlasGraph } from "../graph/model.ts";
import { nonFiniteValues, nonFiniteWarning } from "../graph/non-finite.ts";
import { FORMAT_NAMES, type FormatName, formatFromName, isRecordFormat, readGraph } from "../graph/read.ts";
import { DataError, UsageError } from "../shared/errors.ts";
import { getNiche, listNiches } from "../store/niches.ts";
import { openStore } from "../store/open.ts";
import { storeStatus } from "../store/status.ts";
import { nicheEdgeStream, type NicheStream } from "../store/niche-stream.ts";
import { nicheGraph } from "../store/to-graph.ts";
import type { StoreDb } from "../store/types.ts";
import { assertValidColumnarAtlasDir, columnarToGraph, isColumnarAtlas, readColumnarAtlas } from "./columnar.ts";
import { gzipRatioFromEnv, streamGraphFile } from "./stream-read.ts";
import { prepareOutputFile } from "./output-path.ts";

export interface LoadOptions {
  /** Input format, overriding the extension. */
  format?: string;
  /** Nodes CSV (`id,label,...`) for an edge-list input. */
  nodes?: string;
  /** Column of the nodes CSV that labels the nodes (default `label`). */
  labelColumn?: string;
  /** Read a directed input as undirected. */
  undirected?: boolean;
  /** Edge attribute or column read as the weight (stored as `weight`). Default `"weight"`. */
  weight?: string;
  /** Where the warning about non-finite attribute values goes (default: stderr). */
  warn?: (line: string) => void;
}

export interface LoadedGraph {
  graph: AtlasGraph;
  /** True when the input is an atlas file (already analyzed). */
  atlas: boolean;
}

/** The bytes of `file`; a missing or unreadable file is a one-line `UsageError` naming it. */
export async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    throw new UsageError(`cannot read "${file}": ${why}`, { cause: error });
  }
}

/**
 * Reads a graph file in any supported format, an atlas file, or a columnar
 * atlas directory. GEXF, GraphML, GML and GDF are streamed from the file in
 * chunks (`streamGraphFile`), never held as one string.
 */
export async function loadGraph(file: string, options: LoadOptions = {}): Promise<LoadedGraph> {
  if (await isColumnarAtlas(file)) {
    const data = await readColumnarAtlas(file);
    assertValidColumnarAtlasDir(data, file);
    return { graph: columnarToGraph(data), atlas: true };
  }
  const streamed = options.format ?? formatFromName(file);
  if (isRecordFormat(streamed)) {
    if (options.nodes !== undefined) {
      throw new DataError({ file: options.nodes }, `a nodes file goes with CSV edge lists, not ${streamed}`, "drop --nodes");
    }
    const graph = await streamGraphFile(file, streamed, { undirected: options.undirected, weight: options.weight });
    warnNonFinite(file, graph, options.warn);
    return { graph, atlas: false };
  }
  const bytes = await readBytes(file);
  const atlas = await parseAtlasFile(file, bytes, options.format);
  if (atlas) return { graph: atlas, atlas: true };
  if (options.labelColumn !== undefined && options.nodes === undefined) {
    throw new UsageError(`--label-column ${options.labelColumn} names a column of the nodes CSV: give it with --nodes FILE`);
  }
  const nodes = options.nodes === undefined ? undefined : { name: options.nodes, bytes: await readBytes(options.nodes), labelColumn: options.labelColumn };
  const format = options.format;
  if (format !== undefined && !(FORMAT_NAMES as readonly string[]).includes(format)) {
    throw new UsageError(`unknown --format "${format}"; use one of ${FORMAT_NAMES.join(", ")}`);
  }
  const graph = await readGraph(file, bytes, {
    format: format as FormatName | undefined,
    nodes,
    undirected: options.undirected,
    weight: options.weight,
    maxGzipRatio: gzipRatioFromEnv(),
  });
  warnNonFinite(file, graph, options.warn);
  return { graph, atlas: false };
}

/** Warns once (count and first place) when the graph read has attribute values that are not finite numbers. */
function warnNonFinite(file: string, graph: AtlasGraph, warn?: (line: string) => void): void {
  const found = nonFiniteValues(graph);
  if (!found) return;
  if (warn) warn(nonFiniteWarning(file, found));
  else process.stderr.write(`atlas: ${nonFiniteWarning(file, found)}\n`);
}

/**
 * The graph of an atlas file, or `null` when `bytes` are not one (any other
 * JSON goes to the graph readers). Only `.json` / `.json.gz` names (or
 * `--format json`) are looked at.
 */
export async function parseAtlasFile(file: string, bytes: Uint8Array, format?: string): Promise<AtlasGraph | null> {
  const name = file.toLowerCase().replace(/\.gz$/, "");
  if (!(name.endsWith(".json") || format === "json")) return null;
  // Not JSON (or a bad gzip): null, and the JSON reader reports it with its line.
  const parsed = await parseJsonBytes(file, bytes, { maxGzipRatio: gzipRatioFromEnv() });
  if (!parsed || !isAtlasExport(parsed.value)) return null;
  // The whole schema, then edges, leaders and bridges among the nodes: the JSON path of the first problem.
  return readAtlasGraph(parsed.value, file, parsed.text);
}

/**
 * Writes `data` to `file` atomically: into a temp file next to it, then
 * renamed over it, so a failed run never leaves a half-written output.
 * Creates the parent directory; an unwritable path is a one-line `UsageError`.
 */
export async function writeOutput(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  await prepareOutputFile(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** `out/<input name without its extensions>.atlas.json` (e.g. `out/karate_club.atlas.json`). */
export function defaultAtlasPath(input: string, outDir = "out"): string {
  return join(outDir, `${stem(input)}.atlas.json`);
}

/** File name without directory, `.gz` and the format extension (`wiki-Vote.txt.gz` → `wiki-Vote`). */
export function stem(file: string): string {
  let name = basename(file);
  if (/\.gz$/i.test(name)) name = name.slice(0, -3);
  if (/\.atlas\.json$/i.test(name)) return name.slice(0, -".atlas.json".length);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * Opens the store `input.db` read-only and reads niche `input.niche` as the
 * engine's graph (nodes `tw:<id>`/`yt:<id>`, edges with `weight` and `kind`).
 * A missing store or unknown niche is a one-line `UsageError` (listing the
 * niches the store has). The caller closes `db`.
 */
export function openNicheGraph(
  command: string,
  input: { db: string; niche: string; kinds?: readonly string[]; since?: string },
): { db: StoreDb; graph: AtlasGraph; edgeKinds: string[] } {
  return openNiche(command, input, (db) => {
    const graph = nicheGraph(db, input.niche, { kinds: input.kinds, since: input.since });
    return { graph, edgeKinds: graph.size === 0 ? nicheEdgeKinds(db, input.niche) : [] };
  });
}

/** `openNicheGraph` with the niche read as an edge stream and node columns (`nicheEdgeStream`), no graph. */
export function openNicheStream(
  command: string,
  input: { db: string; niche: string; kinds?: readonly string[]; since?: string },
): { db: StoreDb; stream: NicheStream; edgeKinds: string[] } {
  return openNiche(command, input, (db) => {
    const stream = nicheEdgeStream(db, input.niche, { kinds: input.kinds, since: input.since });
    return { stream, edgeKinds: stream.accumulator.records === 0 ? nicheEdgeKinds(db, input.niche) : [] };
  });
}

/** The edge kinds niche `niche` has (for the warning of a filter that leaves no edge). */
function nicheEdgeKinds(db: StoreDb, niche: string): string[] {
  return Object.keys(storeStatus(db).find((n) => n.name === niche)?.edgesByKind ?? {});
}

/** Opens the store read-only, checks the niche exists, and reads it with `read`; closes the store if that throws. */
function openNiche<T extends object>(command: string, input: { db: string; niche: string }, read: (db: StoreDb) => T): T & { db: StoreDb } {
  if (!existsSync(input.db)) {
    throw new UsageError(`${command}: no store at "${input.db}" (collect or import a niche first, or give --db FILE)`);
  }
  const db = openStore(input.db, { readonly: true });
  try {
    if (!getNiche(db, input.niche)) {
      const names = listNiches(db).map((n) => n.name);
      throw new UsageError(
        `${command}: no niche "${input.niche}" in ${input.db}` +
          (names.length ? ` (it has: ${names.join(", ")})` : " (it has none yet: collect or import one first)"),
      );
    }
    return { ...read(db), db };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** `out/<niche>.atlas.json`, the niche name made safe as a file name (`a/b c` → `a_b_c`). */
export function nicheAtlasPath(niche: string, outDir = "out"): string {
  const safe = niche.replace(/[^\w.-]+/g, "_").replace(/^\.+/, "_") || "niche";
  return join(outDir, `${safe}.atlas.json`);
}
