/**
 * Node side of the byte-stream readers: a graph file read in chunks
 * (`fs.createReadStream`, gzip streamed through `zlib`) into the edge stream
 * (`EdgeAccumulator`), with no whole-file buffer or string. Progress (bytes,
 * rate, ETA) goes to the `onProgress` callback.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { EdgeAccumulator } from "../graph/readers/accumulator.ts";
import { EdgelistStreamReader } from "../graph/readers/edgelist-stream.ts";
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

export interface StreamReadOptions {
  undirected?: boolean;
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

/** Reads a SNAP-style edge list (optionally gzipped) into the edge stream. */
export async function streamEdgelistFile(file: string, options: StreamReadOptions = {}): Promise<EdgeAccumulator> {
  let total: number;
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new UsageError(`cannot read "${file}": it is a directory`);
    total = s.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read "${file}": ${code === "ENOENT" ? "no such file" : (error as Error).message}`, { cause: error });
  }
  const reader = new EdgelistStreamReader(file, { undirected: options.undirected });
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const gzip = await isGzipFile(file);
  const source = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  if (gzip) raw.on("error", (error) => source.destroy(error));
  let reported = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (options.onProgress && raw.bytesRead - reported >= 64 * CHUNK_BYTES) {
        reported = raw.bytesRead;
        options.onProgress({ bytes: raw.bytesRead, total, lines: reader.lines, nodes: reader.accumulator.nodes });
      }
    }
  } catch (error) {
    raw.destroy();
    if (error instanceof DataError || error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (gzip && /^Z_/.test(code)) {
      throw new DataError(
        { file, line: reader.lines + 1 },
        `not a valid gzip file (${(error as Error).message})`,
        "check the download or decompress it yourself",
        { cause: error },
      );
    }
    throw error;
  }
  return reader.end();
}
