/**
 * Bytes to text for every text format: gzip (web-standard
 * `DecompressionStream`), UTF-8 / UTF-16 with BOM, and the checks that turn
 * binary garbage or an empty file into a `DataError` with a line number.
 */
import { DataError } from "../../shared/errors.ts";
import { DEFAULT_MAX_GZIP_RATIO, formatBytes, MAX_STRING_LENGTH, maxDecompressedBytes } from "./limits.ts";

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
}

export interface DecodeOptions {
  /**
   * Largest gzip expansion accepted (decompressed / compressed bytes, above
   * `GZIP_RATIO_FLOOR_BYTES`); default `DEFAULT_MAX_GZIP_RATIO`, 0 = no bound.
   */
  maxGzipRatio?: number;
}

/** The `DataError` of gzip data that expands past `limit` (at `line`, the line reached). */
export function gzipBombError(file: string, compressed: number, limit: number, ratio: number, line?: number): DataError {
  return new DataError(
    { file, line },
    `gzip data decompresses to more than ${formatBytes(limit)} (over ${ratio} times its ${formatBytes(compressed)}: a decompression bomb?)`,
    "if the file is genuine, raise the bound with ATLAS_MAX_GZIP_RATIO=N (0 = no bound)",
  );
}

/** The `DataError` of an input too big to be read as one string. */
export function tooBigForStringError(file: string, bytes: number, compressed: boolean, line?: number): DataError {
  return new DataError(
    { file, line },
    `${compressed ? "decompresses to" : `is ${formatBytes(bytes)},`} more than the ${formatBytes(MAX_STRING_LENGTH)} this format's reader can hold as one string`,
    "atlas analyze streams edge lists and CSV, and every command streams GEXF, GraphML, GML and GDF; convert or split the file",
  );
}

/**
 * Decompresses gzip bytes with the web-standard `DecompressionStream`, handing
 * each decompressed chunk to `onChunk`: stops with a `DataError` once the
 * output passes the gzip ratio bound, or `maxBytes` (at the line reached:
 * `line()`, else the lines counted in the output).
 */
export async function gunzipChunks(
  file: string,
  bytes: Uint8Array,
  onChunk: (chunk: Uint8Array) => void,
  options: DecodeOptions & { maxBytes?: number; line?: () => number } = {},
): Promise<void> {
  const ratio = options.maxGzipRatio ?? DEFAULT_MAX_GZIP_RATIO;
  const limit = maxDecompressedBytes(bytes.length, ratio);
  const maxBytes = options.maxBytes ?? Infinity;
  let total = 0;
  let lines = 0;
  const lineReached = (): number => (options.line ? options.line() : lines + 1);
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (error) {
        throw new DataError(
          { file, line: lineReached() },
          `not a valid gzip file (${error instanceof Error ? error.message : String(error)})`,
          "check the download or decompress it yourself",
          { cause: error },
        );
      }
      if (step.done) break;
      const chunk = step.value;
      total += chunk.length;
      if (total > limit) throw gzipBombError(file, bytes.length, limit, ratio, lineReached());
      if (total > maxBytes) throw tooBigForStringError(file, total, true, lineReached());
      if (!options.line) for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
      onChunk(chunk);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/**
 * Decompresses gzip bytes whole (`gunzipChunks`), for the readers that decode
 * the text as one string: at most the longest string V8 can make.
 */
export async function gunzip(file: string, bytes: Uint8Array, options: DecodeOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  await gunzipChunks(file, bytes, (chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  }, { ...options, maxBytes: MAX_STRING_LENGTH });
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** 1-based line of the byte at `offset` (counts LF bytes before it). */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** 1-based line of the character at `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  let at = text.indexOf("\n");
  while (at !== -1 && at < offset) {
    line++;
    at = text.indexOf("\n", at + 1);
  }
  return line;
}

/**
 * Decodes text bytes (gunzipped first when they are gzip). Rejects empty
 * files, NUL bytes and invalid UTF-8 as "not a text file".
 */
export async function decodeText(file: string, input: Uint8Array, options: DecodeOptions = {}): Promise<string> {
  let bytes = input;
  if (isGzip(bytes)) bytes = await gunzip(file, bytes, options);
  else if (bytes.length > MAX_STRING_LENGTH) throw tooBigForStringError(file, bytes.length, false);
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const text = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes);
    return checkNotEmpty(file, text);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new DataError(
      { file, line: lineOfByte(bytes, nul) },
      `not a text file (NUL byte at byte ${nul})`,
      "give a text graph file (CSV, edge list, GML, GDF, GEXF, GraphML, JSON), optionally gzipped",
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    const loose = new TextDecoder("utf-8").decode(bytes);
    const bad = loose.indexOf("\uFFFD");
    throw new DataError(
      { file, line: bad === -1 ? 1 : lineAt(loose, bad) },
      "not a text file (invalid UTF-8)",
      "convert it to UTF-8 or give a text graph file",
      { cause: error },
    );
  }
  return checkNotEmpty(file, text);
}

function checkNotEmpty(file: string, text: string): string {
  if (text.trim().length === 0) {
    throw new DataError({ file, line: 1 }, "empty file", "give a file with at least a header or one node");
  }
  return text;
}

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True for a finite decimal number (no hex, no `Infinity`, no empty string). */
export function isNumeric(value: string): boolean {
  return NUMBER_PATTERN.test(value);
}

/** True for `true` / `false` in any case. */
export function isBooleanText(value: string): boolean {
  const v = value.toLowerCase();
  return v === "true" || v === "false";
}

/**
 * Types a column of text cells as the CSV readers do: all non-empty cells
 * numeric → numbers, all `true`/`false` → booleans, else strings.
 * Empty cells become `undefined` (the attribute is omitted).
 */
export function typeColumn(cells: readonly (string | undefined)[]): (string | number | boolean | undefined)[] {
  let numeric = true;
  let boolean = true;
  let any = false;
  for (const cell of cells) {
    if (cell === undefined || cell === "") continue;
    any = true;
    if (numeric && !isNumeric(cell)) numeric = false;
    if (boolean && !isBooleanText(cell)) boolean = false;
    if (!numeric && !boolean) break;
  }
  return cells.map((cell) => {
    if (cell === undefined || cell === "") return undefined;
    if (any && numeric) return Number(cell);
    if (any && boolean) return cell.toLowerCase() === "true";
    return cell;
  });
}

/** Parses a weight cell: finite number or a `DataError` at `line`. */
export function parseWeight(file: string, line: number, raw: string, column?: number): number {
  const trimmed = raw.trim();
  const value = isNumeric(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new DataError(
      { file, line, column },
      `weight "${raw}" is not a finite number`,
      "fix the value or drop the weight column",
    );
  }
  return value;
}
