/**
 * Writing big outputs without one big string or buffer: chunks (strings or
 * bytes, from a generator) go through `fs.createWriteStream` with
 * backpressure into a temp file next to the target, which is renamed over
 * it at the end, so a failed or interrupted write never leaves a partial
 * file (nor replaces an existing one).
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { prepareOutputFile } from "./output-path.ts";

export type Chunk = string | Uint8Array;

/** The temp name `writeChunks` writes `file` under before renaming it (hidden, in the same directory). */
export function tempPath(file: string): string {
  const suffix = `${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  return join(dirname(file), `.${basename(file)}.${suffix}`);
}

/**
 * Writes `chunks` to `file` atomically (temp file + rename), pulling the
 * next chunk only when the stream has room for it; creates the parent
 * directory (an unwritable path is a one-line `UsageError`). Strings are written as UTF-8. When a chunk fails (the
 * generator throws) or the disk does, the temp file is removed and the
 * error rethrown. Resolves to the number of bytes written.
 */
export async function writeChunks(file: string, chunks: Iterable<Chunk> | AsyncIterable<Chunk>): Promise<number> {
  await prepareOutputFile(file);
  const temp = tempPath(file);
  const out = createWriteStream(temp, { flags: "wx" });
  try {
    await pipeline(Readable.from(chunks, { objectMode: true, highWaterMark: 4 }), out);
    await rename(temp, file);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
  return out.bytesWritten;
}
