/**
 * SNAP-style edge lists read from a byte stream, chunk by chunk, straight
 * into an `EdgeAccumulator` (the edge stream): node ids are interned from the
 * bytes (`KeyDictionary.idOfBytes`), so no string is made per line and no
 * whole-file string exists. Same format and errors as `readEdgelist`
 * (edgelist.ts): `source target [weight]` a line, `#`/`%` comments, blank
 * lines, LF or CRLF, further columns ignored; a UTF-8 BOM is skipped; NUL
 * bytes and invalid UTF-8 in an id are "not a text file". Browser-safe.
 */
import { DataError } from "../../shared/errors.ts";
import { EdgeAccumulator } from "./accumulator.ts";
import { CR, HASH, LF, PERCENT, SPACE, TAB } from "./edgelist.ts";
import { isNumeric, parseWeight } from "./text.ts";

const ZERO = 48;
const NINE = 57;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const looseUtf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Longest line kept while waiting for its end (bytes): a bound on memory for files with no line breaks. */
export const MAX_LINE_BYTES = 1 << 20;

const isBlank = (c: number): boolean => c === SPACE || c === TAB || c === CR;

export interface EdgelistStreamOptions {
  undirected?: boolean;
}

/** Feeds an edge list's bytes, chunk by chunk, into an accumulator. */
export class EdgelistStreamReader {
  readonly accumulator: EdgeAccumulator;
  private line = 0;
  private carry: Uint8Array = new Uint8Array(0);
  private started = false;
  private nonBlank = false;
  private checkedIds = 0;

  constructor(
    private readonly file: string,
    options: EdgelistStreamOptions = {},
  ) {
    this.accumulator = new EdgeAccumulator(null, !options.undirected, file);
  }

  /** Number of lines read so far. */
  get lines(): number {
    return this.line;
  }

  /** Reads every complete line of `chunk` (and of the partial line left by the previous chunk). */
  push(input: Uint8Array): void {
    let chunk = input;
    if (!this.started) {
      if (chunk.length < 3 && this.carry.length + chunk.length < 3) {
        this.carry = concat(this.carry, chunk);
        return;
      }
      chunk = concat(this.carry, chunk);
      this.carry = new Uint8Array(0);
      this.started = true;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      let line = this.line + 1;
      for (let i = 0; i < nul; i++) if (chunk[i] === LF) line++;
      throw new DataError(
        { file: this.file, line },
        "not a text file (NUL byte)",
        "give a text graph file (CSV, edge list, GML, GDF, GEXF, GraphML, JSON), optionally gzipped",
      );
    }
    let pos = 0;
    if (this.carry.length > 0) {
      const lf = chunk.indexOf(LF);
      if (lf === -1) {
        this.carry = this.keep(concat(this.carry, chunk));
        return;
      }
      const head = concat(this.carry, chunk.subarray(0, lf + 1));
      this.carry = new Uint8Array(0);
      this.scan(head, 0, head.length);
      pos = lf + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (last === -1 || last < pos) {
      this.carry = this.keep(chunk.slice(pos));
      return;
    }
    this.scan(chunk, pos, last + 1);
    if (last + 1 < chunk.length) this.carry = this.keep(chunk.slice(last + 1));
  }

  private keep(partial: Uint8Array): Uint8Array {
    if (partial.length > MAX_LINE_BYTES) {
      throw new DataError(
        { file: this.file, line: this.line + 1 },
        `line longer than ${MAX_LINE_BYTES} bytes`,
        "give one edge a line (is this really an edge list? set --format otherwise)",
      );
    }
    return partial;
  }

  /** Reads the last line (one without a final LF) and checks the file was not empty. */
  end(): EdgeAccumulator {
    if (!this.started) {
      const rest = this.carry;
      this.carry = new Uint8Array(0);
      this.started = true;
      this.push(rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf ? rest.subarray(3) : rest);
    }
    if (this.carry.length > 0) {
      const rest = this.carry;
      this.carry = new Uint8Array(0);
      this.scan(rest, 0, rest.length);
    }
    if (!this.nonBlank) {
      throw new DataError({ file: this.file, line: 1 }, "empty file", "give a file with at least a header or one node");
    }
    return this.accumulator;
  }

  /** Lines of bytes[from, to): `to` is just after an LF, or the end of the input. */
  private scan(bytes: Uint8Array, from: number, to: number): void {
    const acc = this.accumulator;
    const dict = acc.dictionary;
    let pos = from;
    while (pos < to) {
      this.line++;
      let end = bytes.indexOf(LF, pos);
      if (end === -1 || end >= to) end = to;
      let i = pos;
      let c = bytes[i];
      while (i < end && isBlank(c)) c = bytes[++i];
      if (i >= end) {
        pos = end + 1;
        continue;
      }
      this.nonBlank = true;
      if (c === HASH || c === PERCENT) {
        this.checkUtf8(bytes, i, end); // as the whole-file reader, which decodes comments too
        pos = end + 1;
        continue;
      }
      const s0 = i;
      while (i < end && !isBlank(c)) c = bytes[++i];
      const s1 = i;
      while (i < end && isBlank(c)) c = bytes[++i];
      if (i >= end) {
        throw new DataError(
          { file: this.file, line: this.line },
          `expected "source target [weight]", found one value "${this.text(bytes, s0, s1)}"`,
          "give two node ids a line, separated by spaces or tabs",
        );
      }
      const t0 = i;
      while (i < end && !isBlank(c)) c = bytes[++i];
      const t1 = i;
      while (i < end && isBlank(c)) c = bytes[++i];
      let weight = 1;
      if (i < end) {
        const w0 = i;
        while (i < end && !isBlank(c)) c = bytes[++i];
        weight = this.weight(bytes, w0, i, w0 - pos + 1);
        if (i < end) this.checkUtf8(bytes, i, end); // further columns are ignored, but must be text
      }
      const s = dict.idOfBytes(bytes, s0, s1);
      const t = dict.idOfBytes(bytes, t0, t1);
      if (dict.size > this.checkedIds) this.checkNewIds(bytes, s0, s1, t0, t1);
      acc.addIds(s, t, weight);
      pos = end + 1;
    }
  }

  /** New ids must be valid UTF-8 (only ids with a byte ≥ 0x80 are decoded). */
  private checkNewIds(bytes: Uint8Array, s0: number, s1: number, t0: number, t1: number): void {
    this.checkedIds = this.accumulator.dictionary.size;
    this.checkUtf8(bytes, s0, s1);
    this.checkUtf8(bytes, t0, t1);
  }

  private checkUtf8(bytes: Uint8Array, a: number, b: number): void {
    let high = false;
    for (let k = a; k < b; k++) if (bytes[k] >= 0x80) { high = true; break; }
    if (!high) return;
    try {
      strictUtf8.decode(bytes.subarray(a, b));
    } catch (error) {
      throw new DataError({ file: this.file, line: this.line }, "not a text file (invalid UTF-8)", "convert it to UTF-8 or give a text graph file", {
        cause: error,
      });
    }
  }

  /** The weight token [a, b): plain decimals parsed from the bytes, anything else as `readEdgelist` does. */
  private weight(bytes: Uint8Array, a: number, b: number, column: number): number {
    let value = 0;
    let k = a;
    while (k < b && bytes[k] >= ZERO && bytes[k] <= NINE) value = value * 10 + (bytes[k++] - ZERO);
    if (k === b && b - a <= 15) return value;
    const raw = this.text(bytes, a, b);
    const w = isNumeric(raw) ? +raw : Number.NaN;
    return Number.isFinite(w) ? w : parseWeight(this.file, this.line, raw, column);
  }

  private text(bytes: Uint8Array, a: number, b: number): string {
    return looseUtf8.decode(bytes.subarray(a, b));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
