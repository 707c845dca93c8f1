/**
 * `atlas analyze` at scale: an edge list streamed into the index (no
 * graphology graph), the pipeline over the index alone, and the columnar
 * atlas (Arrow files + atlas.json) written from the columns.
 *
 * Which path a run takes is decided here, once: edge lists and CSV edge
 * lists (without a nodes file) are always read as a byte stream; a graph is
 * built from the stream only when the output is
 * an atlas JSON file, which is the default up to `COLUMNAR_MIN_NODES` nodes
 * (`--out x.json` forces it, `--out DIR` forces the columnar form).
 */
import { csrFromEdges, type CsrIndex } from "../analyze/csr.ts";
import { columnValue, type NodeColumn } from "../analyze/node-columns.ts";
import { analyzeIndexAsync, type AnalyzeOptions, type IndexAnalysisResult } from "../analyze/pipeline.ts";
import { createGraph, type AtlasGraph } from "../graph/model.ts";
import type { EdgeAccumulator } from "../graph/readers/accumulator.ts";
import { formatFromName, isRecordFormat, type RecordFormat } from "../graph/read.ts";
import type { ColumnarEdges, ColumnValues } from "./columnar.ts";
import type { CliIo } from "./context.ts";
import { stem } from "./io.ts";
import { withReplicateWorkers } from "./pool.ts";
import type { Progress } from "./progress.ts";
import { streamCsvFile, streamEdgelistFile, streamParsedFile, type StreamReadProgress } from "./stream-read.ts";
import type { ParsedGraph } from "../graph/readers/graph-records.ts";
import { join } from "node:path";

/** Above this many nodes the default output is the columnar atlas (a directory), not one JSON file. */
export const COLUMNAR_MIN_NODES = 200_000;

/** `out/<input name>.atlas`: the default columnar atlas directory. */
export function defaultColumnarPath(input: string, outDir = "out"): string {
  return join(outDir, `${stem(input)}.atlas`);
}

/** `--out`: `true` for a columnar directory, `false` for a JSON file, `undefined` when not given. */
export function columnarOut(out: string | undefined): boolean | undefined {
  if (out === undefined) return undefined;
  return !/\.json(\.gz)?$/i.test(out);
}

/** Whether `file` is read as a byte stream (edge lists and CSV edge lists, given no nodes file). */
export function streamsInput(file: string, o: { format?: string; nodes?: string }): boolean {
  if (o.nodes !== undefined) return false;
  const format = o.format ?? formatFromName(file);
  return format === "edgelist" || format === "csv";
}

export interface EdgeStreamReadOptions {
  format?: string;
  undirected?: boolean;
  /** CSV: the weight column (default `"weight"`). */
  weight?: string;
  /**
   * CSV: keep the extra columns (edge attributes of the graph path) while the
   * graph has at most this many nodes (default: always). The index path needs
   * only ids, weights and kinds.
   */
  keepAttributesUpTo?: number;
}

/** `keepAttributesUpTo` of a run: always when the graph path is forced, never when the columnar path is, else up to `COLUMNAR_MIN_NODES`. */
export function attributesKeptUpTo(columnar: boolean | undefined, graphPath: boolean): number {
  if (graphPath || columnar === false) return Number.POSITIVE_INFINITY;
  return columnar === true ? 0 : COLUMNAR_MIN_NODES;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

/** Progress notes of a streamed read: bytes, share, lines, nodes, rate and ETA. */
function readProgress(progress: Progress, now: () => number): (p: StreamReadProgress) => void {
  const start = now();
  return ({ bytes, total, lines, nodes }) => {
    const seconds = (now() - start) / 1000;
    const rate = bytes / Math.max(seconds, 1e-3);
    const eta = rate > 0 ? Math.max(0, (total - bytes) / rate) : 0;
    progress.note(
      `reading ${mb(bytes)} of ${mb(total)} (${((100 * bytes) / Math.max(total, 1)).toFixed(0)}%), ${lines} lines, ${nodes} nodes, ` +
        `${(rate / 1e6).toFixed(0)} MB/s, ETA ${eta.toFixed(0)} s`,
    );
  };
}

/** Streams an edge list or a CSV edge list into the edge stream, with bytes, rate and ETA as progress notes. */
export async function readEdgeStream(file: string, o: EdgeStreamReadOptions, progress: Progress, now: () => number): Promise<EdgeAccumulator> {
  const onProgress = readProgress(progress, now);
  const undirected = Boolean(o.undirected);
  if ((o.format ?? formatFromName(file)) === "csv") {
    const read = await streamCsvFile(file, { undirected, weight: o.weight, keepAttributesUpTo: o.keepAttributesUpTo, onProgress });
    return read.accumulator;
  }
  return streamEdgelistFile(file, { undirected, onProgress });
}

/** The format of `file` when a streaming reader reads it into `GraphRecords` (GEXF, GraphML, GML, GDF; no nodes file), else `null`. */
export function recordStreamFormat(file: string, o: { format?: string; nodes?: string }): RecordFormat | null {
  if (o.nodes !== undefined) return null;
  const format = o.format ?? formatFromName(file);
  return isRecordFormat(format) ? format : null;
}

/** Streams a GEXF, GraphML, GML or GDF file to its end (then a graph or an edge stream), with progress notes. */
export async function readRecordStream(
  file: string,
  format: RecordFormat,
  o: { undirected?: boolean; weight?: string },
  progress: Progress,
  now: () => number,
): Promise<ParsedGraph> {
  return streamParsedFile(file, format, { undirected: o.undirected, weight: o.weight, onProgress: readProgress(progress, now) });
}

/** The graphology graph of an edge stream (for the atlas JSON file): the string reader's graph, node for node. */
export function streamGraph(acc: EdgeAccumulator): AtlasGraph {
  const graph = createGraph({ directed: acc.isDirected });
  acc.flushInto(graph);
  return graph;
}

/** Index of an edge stream (`weighted: false`: every weight 1, as `--weight none`). */
export function streamIndex(acc: EdgeAccumulator, weighted: boolean): CsrIndex {
  const s = acc.stream();
  return csrFromEdges({ ...s, weights: weighted ? s.weights : undefined });
}

/** The pipeline over `index`, its replicate batches on `workers` threads (0: this one). */
export async function analyzeIndexWithWorkers(
  io: CliIo,
  command: string,
  index: CsrIndex,
  options: AnalyzeOptions,
  workers: number,
  onProgress: Progress["stage"],
): Promise<IndexAnalysisResult> {
  return withReplicateWorkers(io, command, workers, (run) => analyzeIndexAsync(index, options, onProgress, run));
}

/**
 * Node columns in the columnar writer's shape: dense float columns as
 * Float64Array (NaN → null, or 0 where the atlas writes 0), integer columns
 * as Int32Array, sparse and text columns as arrays with `null` where the
 * attribute is missing.
 */
export function columnarColumns(columns: readonly NodeColumn[], n: number): Record<string, ColumnValues> {
  const out: Record<string, ColumnValues> = {};
  for (const c of columns) {
    if (c.present === undefined && c.values !== null && c.type === "float") {
      // The writer turns NaN into null; copy only a column whose non-finite values the atlas writes as 0.
      let values = c.values as Float64Array;
      if (c.nonFinite === "zero" && !values.every(Number.isFinite)) values = values.map((v) => (Number.isFinite(v) ? v : 0));
      out[c.name] = values;
    } else if (c.present === undefined && c.values !== null && c.type === "int") {
      out[c.name] = c.values instanceof Int32Array ? c.values : Int32Array.from(c.values as ArrayLike<number>);
    } else {
      const values: (string | number | boolean | null)[] = new Array(n);
      for (let i = 0; i < n; i++) values[i] = columnValue(c, i) ?? null;
      out[c.name] = values as ColumnValues;
    }
  }
  return out;
}

/**
 * The columnar atlas's edges on the index path: with kinds (a CSV kind column,
 * a niche), the stream's merged edges, which are the graph path's edges in its
 * order (kinds united, weights summed in record order); else `indexEdges`.
 */
export function streamColumnarEdges(acc: EdgeAccumulator, index: CsrIndex): ColumnarEdges {
  if (!acc.hasKinds) return indexEdges(index);
  const { sources, targets, weights, kinds } = acc.merge();
  return { sources, targets, weights, kinds };
}

/** Distinct edges of an index as source/target positions: out-rows when directed, each {u, v} once (u ≤ v) when not. */
export function indexEdges(index: CsrIndex): ColumnarEdges {
  const { order, outOffsets, outNeighbors, outWeights, directed } = index;
  const sources = new Int32Array(index.size);
  const targets = new Int32Array(index.size);
  const weights = new Float64Array(index.size);
  let e = 0;
  for (let u = 0; u < order; u++) {
    for (let p = outOffsets[u]; p < outOffsets[u + 1]; p++) {
      const v = outNeighbors[p];
      if (!directed && v < u) continue;
      sources[e] = u;
      targets[e] = v;
      weights[e] = outWeights[p];
      e++;
    }
  }
  return { sources, targets, weights, kinds: null };
}
