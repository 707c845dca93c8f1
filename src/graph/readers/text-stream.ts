/**
 * Bytes pushed in chunks → text chunks, checked as `decodeText` checks a
 * whole file: UTF-16 by its BOM, NUL bytes and invalid UTF-8 (a fatal
 * streaming `TextDecoder`) as "not a text file" at the line reached, and a
 * file with no visible character as "empty file". A UTF-8 BOM is dropped.
 * Under the streaming readers of every text format (GEXF, GraphML, GML,
 * GDF); gzip is the caller's business.
 */
import { DataError } from "../../shared/errors.ts";

export const TEXT_FILE_HINT = "give a text graph file (CSV, edge list, GML, GDF, GEXF, GraphML, JSON), optionally gzipped";

/** Number of LF characters in `text` before `end`. */
export function countLf(text: string, end = text.length): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

export class TextChunks {
  private decoder: TextDecoder | null = null;
  private utf16 = false;
  /** First byte, held until the second tells whether a UTF-16 BOM starts the file. */
  private head: Uint8Array | null = null;
  private bytes = 0;
  private started = false;
  private content = false;
  private ended = false;

  /**
   * @param onText receives the text, chunk by chunk.
   * @param line the line the consumer has reached (1-based), for the errors.
   */
  constructor(
    readonly file: string,
    private readonly onText: (text: string) => void,
    private readonly line: () => number,
  ) {}

  /** Feeds the next chunk: bytes (UTF-8, or UTF-16 with BOM) or already-decoded text. */
  push(chunk: Uint8Array | string): void {
    if (typeof chunk === "string") {
      this.emit(chunk);
      return;
    }
    let bytes = chunk;
    if (!this.decoder) {
      if (this.head) {
        const joined = new Uint8Array(this.head.length + bytes.length);
        joined.set(this.head);
        joined.set(bytes, this.head.length);
        bytes = joined;
        this.head = null;
      }
      if (bytes.length < 2) {
        if (bytes.length) this.head = bytes.slice();
        return;
      }
      this.startDecoder(bytes);
    }
    this.decode(bytes, true);
  }

  /** Ends the input (flushes the decoder); a file with no visible character is a `DataError` "empty file". */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.head) {
      const head = this.head;
      this.head = null;
      this.startDecoder(head);
      this.decode(head, true);
    }
    if (this.decoder) this.decode(new Uint8Array(0), false);
    if (!this.content) throw new DataError({ file: this.file, line: 1 }, "empty file", "give a file with at least a header or one node");
  }

  private startDecoder(bytes: Uint8Array): void {
    const bom16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    this.utf16 = bom16;
    this.decoder = bom16 ? new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be") : new TextDecoder("utf-8", { fatal: true });
  }

  private decode(bytes: Uint8Array, stream: boolean): void {
    const decoder = this.decoder as TextDecoder;
    if (!this.utf16) {
      const nul = bytes.indexOf(0);
      if (nul !== -1) {
        const before = new TextDecoder().decode(bytes.subarray(0, nul));
        throw new DataError({ file: this.file, line: this.line() + countLf(before) }, `not a text file (NUL byte at byte ${this.bytes + nul})`, TEXT_FILE_HINT);
      }
    }
    let text: string;
    try {
      text = stream ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch (error) {
      throw new DataError({ file: this.file, line: this.line() + this.lfBeforeInvalid(bytes) }, "not a text file (invalid UTF-8)", "convert it to UTF-8 or give a text graph file", { cause: error });
    }
    this.bytes += bytes.length;
    if (text) this.emit(text);
  }

  /** LF bytes before the first invalid UTF-8 in `bytes` (continuation bytes of a sequence begun in the last chunk skipped). */
  private lfBeforeInvalid(bytes: Uint8Array): number {
    let start = 0;
    while (start < 3 && start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++;
    const loose = new TextDecoder().decode(bytes.subarray(start));
    const bad = loose.indexOf("\uFFFD");
    return bad === -1 ? 0 : countLf(loose, bad);
  }

  private emit(chunk: string): void {
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (!this.content && /\S/.test(text)) this.content = true;
    if (text) this.onText(text);
  }
}
