/**
 * Node side of the byte-stream readers: a graph file read in chunks
 * (`fs.createReadStream`, gzip streamed through `zlib`) into the edge stream
 * (`EdgeAccumulator`), or through the streaming GEXF / GraphML / GML / GDF
 * readers into the model, with no whole-file buffer or string. Progress (bytes, rate, ETA)
 * goes to the `onProgress` callback.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { AtlasGraph } from "../graph/model.ts";
import type { EdgeAccumulator } from "../graph/readers/accumulator.ts";
import { CsvStreamReader } from "../graph/readers/csv-stream.ts";
import { EdgelistStreamReader } from "../graph/readers/edgelist-stream.ts";
import { RECORD_READERS, type RecordFormat } from "../graph/read.ts";
import type { ParsedGraph } from "../graph/readers/graph-records.ts";
import { DEFAULT_MAX_GZIP_RATIO, maxDecompressedBytes } from "../graph/readers/limits.ts";
import { gzipBombError } from "../graph/readers/text.ts";
import { DataError, UsageError } from "../shared/errors.ts";

/** Bytes read from disk a chunk. */
const CHUNK_BYTES = 4 << 20;

export interface StreamReadProgress {
  /** Bytes of the file read so far (compressed bytes for `.gz`). */
  bytes: number;
  /** Size of the file. */
  total: number;
  lines: number;
  nodes: number;
}

/**
 * The bound on gzip expansion: `ATLAS_MAX_GZIP_RATIO` (a number; 0 = no
 * bound), else `DEFAULT_MAX_GZIP_RATIO`. A bad value is a `UsageError`.
 */
export function gzipRatioFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ATLAS_MAX_GZIP_RATIO;
  if (raw === undefined || raw.trim() === "") return DEFAULT_MAX_GZIP_RATIO;
  const ratio = Number(raw);
  if (!Number.isFinite(ratio) || ratio < 0) {
    throw new UsageError(`ATLAS_MAX_GZIP_RATIO="${raw}" is not a number ≥ 0 (0 = no bound on gzip expansion; default ${DEFAULT_MAX_GZIP_RATIO})`);
  }
  return ratio;
}

export interface StreamReadOptions {
  undirected?: boolean;
  /** Bound on gzip expansion (default: `gzipRatioFromEnv()`). */
  maxGzipRatio?: number;
  onProgress?: (p: StreamReadProgress) => void;
}

async function isGzipFile(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Size of `file`; a missing file or a directory is a one-line `UsageError` naming it. */
async function fileSize(file: string): Promise<number> {
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new UsageError(`cannot read "${file}": it is a directory`);
    return s.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read "${file}": ${code === "ENOENT" ? "no such file" : (error as Error).message}`, { cause: error });
  }
}

/**
 * Pushes the (gunzipped) bytes of `file` to `push` chunk by chunk; `progress`
 * is called every 64 chunks with the bytes read from disk. A corrupt gzip
 * stream is a `DataError` at `line()`.
 */
async function pumpFile(
  file: string,
  chunkBytes: number,
  push: (chunk: Uint8Array) => void,
  line: () => number,
  progress?: (bytes: number) => void,
  gzipBound?: { size: number; ratio?: number },
): Promise<void> {
  const raw = createReadStream(file, { highWaterMark: chunkBytes });
  const gzip = await isGzipFile(file);
  const source = gzip ? raw.pipe(createGunzip({ chunkSize: chunkBytes })) : raw;
  if (gzip) raw.on("error", (error) => source.destroy(error));
  const ratio = gzipBound?.ratio ?? gzipRatioFromEnv();
  const limit = gzip ? maxDecompressedBytes(gzipBound?.size ?? 0, ratio) : Infinity;
  let out = 0;
  let reported = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      out += chunk.byteLength;
      if (out > limit) throw gzipBombError(file, gzipBound?.size ?? 0, limit, ratio, line());
      push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (progress && raw.bytesRead - reported >= 64 * chunkBytes) {
        reported = raw.bytesRead;
        progress(raw.bytesRead);
      }
    }
  } catch (error) {
    raw.destroy();
    source.destroy();
    if (error instanceof DataError || error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (gzip && /^Z_/.test(code)) {
      throw new DataError(
        { file, line: line() },
        `not a valid gzip file (${(error as Error).message})`,
        "check the download or decompress it yourself",
        { cause: error },
      );
    }
    throw error;
  }
}

/** Reads a SNAP-style edge list (optionally gzipped) into the edge stream. */
export async function streamEdgelistFile(file: string, options: StreamReadOptions = {}): Promise<EdgeAccumulator> {
  const total = await fileSize(file);
  const reader = new EdgelistStreamReader(file, { undirected: options.undirected });
  const onProgress = options.onProgress;
  await pumpFile(
    file,
    CHUNK_BYTES,
    (chunk) => reader.push(chunk),
    () => reader.lines + 1,
    onProgress && ((bytes) => onProgress({ bytes, total, lines: reader.lines, nodes: reader.accumulator.nodes })),
    { size: total, ratio: options.maxGzipRatio },
  );
  return reader.end();
}

export interface CsvStreamReadOptions extends StreamReadOptions {
  /** Column holding the weight (default `"weight"`). */
  weight?: string;
  /** Keep the extra columns while the graph has at most this many nodes (default: always); see `CsvStreamReader`. */
  keepAttributesUpTo?: number;
}

/** Reads a CSV edge list (optionally gzipped; no nodes file) into the edge stream; `reader` tells whether extra columns were dropped. */
export async function streamCsvFile(file: string, options: CsvStreamReadOptions = {}): Promise<{ accumulator: EdgeAccumulator; reader: CsvStreamReader }> {
  const total = await fileSize(file);
  const reader = new CsvStreamReader(file, { undirected: options.undirected, weight: options.weight, keepAttributesUpTo: options.keepAttributesUpTo });
  const onProgress = options.onProgress;
  await pumpFile(
    file,
    CHUNK_BYTES,
    (chunk) => reader.push(chunk),
    () => reader.lines + 1,
    onProgress && ((bytes) => onProgress({ bytes, total, lines: reader.lines, nodes: reader.accumulator.nodes })),
    { size: total, ratio: options.maxGzipRatio },
  );
  return { accumulator: reader.end(), reader };
}

export interface RecordStreamReadOptions {
  undirected?: boolean;
  /** Edge attribute (GDF: column) holding the weight (default `"weight"`). */
  weight?: string;
  /** Bytes read from disk a chunk (default 4 MiB). */
  chunkBytes?: number;
  /** Bound on gzip expansion (default: `gzipRatioFromEnv()`). */
  maxGzipRatio?: number;
  onProgress?: (p: StreamReadProgress) => void;
}

/**
 * Reads a GEXF, GraphML, GML or GDF file (optionally gzipped) in chunks
 * through its streaming reader into the model: the same graph and errors as
 * `readGraph` on the file's bytes, without the whole text as one string.
 */
export async function streamGraphFile(file: string, format: RecordFormat, options: RecordStreamReadOptions = {}): Promise<AtlasGraph> {
  return (await streamParsedFile(file, format, options)).graph();
}

/** Reads a GEXF, GraphML, GML or GDF file (optionally gzipped) to its end: then a graph (`graph()`) or an edge stream with no graph (`edges()`). */
export async function streamParsedFile(file: string, format: RecordFormat, options: RecordStreamReadOptions = {}): Promise<ParsedGraph> {
  const total = await fileSize(file);
  const reader = new RECORD_READERS[format](file, { undirected: options.undirected, weight: options.weight });
  const onProgress = options.onProgress;
  await pumpFile(
    file,
    options.chunkBytes ?? CHUNK_BYTES,
    (chunk) => reader.push(chunk),
    () => reader.line,
    onProgress && ((bytes) => onProgress({ bytes, total, lines: reader.line, nodes: 0 })),
    { size: total, ratio: options.maxGzipRatio },
  );
  return reader.parsed();
}
