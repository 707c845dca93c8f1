/**
 * CSV edge lists (no nodes file) read from a byte stream, chunk by chunk,
 * straight into an `EdgeAccumulator` (the edge stream), with the model and the
 * errors of `readCsv` (csv.ts): header detection, case-insensitive column
 * names, delimiter of the header line, trim, empty lines skipped, BOM, the
 * weight and kind columns, other columns as typed edge attributes.
 *
 * Two parsers, one result. Lines made only of "plain" bytes (no quote, no
 * control byte but tab, no non-ASCII byte at a cell's edge, the file's own
 * line ending) are split from the bytes here, and their ids interned from the
 * input buffer; from the first line that is not plain (a quote, a stray CR, a
 * line past `MAX_LINE_BYTES`, ...) to the end, the text goes through
 * csv-parse's push parser, with the same options as `readCsv`, which owns
 * RFC 4180 quoting and its error messages. On plain lines csv-parse gives the
 * same cells (checked by the tests against `readCsv` on random input).
 *
 * Errors are those of the string path, in its order: the string path checks
 * the whole file for NUL bytes, then invalid UTF-8, then emptiness, then CSV
 * syntax, then the header, then rows. So a later error of a higher class wins
 * over an earlier one: after a row error the reader keeps checking the syntax
 * (storing nothing), after a syntax error it keeps checking the bytes, and it
 * throws at `end()`; a NUL byte throws at once.
 *
 * Extra columns are typed by the whole column (`typeColumn`: numbers only if
 * every cell is numeric), so their cells are kept as strings to the end.
 * `keepAttributesUpTo` drops them once the graph has more nodes than that
 * (the index path needs only ids, weights and kinds); kinds are always kept
 * (as codes). Browser-safe.
 */
import { parse, type Parser } from "csv-parse/browser/esm";
import type { Attributes } from "graphology-types";
import { DataError } from "../../shared/errors.ts";
import { EdgeAccumulator } from "./accumulator.ts";
import {
  badCsvWeight,
  detectDelimiter,
  emptyEndpoint,
  findColumn,
  invalidCsv,
  missingEndpointColumn,
  SOURCE_COLUMNS,
  TARGET_COLUMNS,
} from "./csv.ts";
import { CR, LF, SPACE, TAB } from "./edgelist.ts";
import { MAX_LINE_BYTES } from "./edgelist-stream.ts";
import { isNumeric, typeColumn } from "./text.ts";
import { setOwn } from "../safe-keys.ts";

const QUOTE = 34;
const ZERO = 48;
const NINE = 57;
const EMPTY = new Uint8Array(0);

const looseUtf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Error classes in the order the string path checks them (lower wins). */
const UTF8 = 1;
const SYNTAX = 3;
const HEADER = 4;
const ROW = 5;

export interface CsvStreamOptions {
  undirected?: boolean;
  /** Column holding the weight (default `"weight"`). */
  weight?: string;
  /**
   * Keep the extra columns (edge attributes) while the graph has at most this
   * many nodes (default: always); past it they are dropped (`attributesDropped`).
   */
  keepAttributesUpTo?: number;
}

/** Feeds a CSV edge list's bytes, chunk by chunk, into an accumulator. */
export class CsvStreamReader {
  readonly accumulator: EdgeAccumulator;
  private readonly weightName: string;
  private readonly keepUpTo: number;

  // bytes
  private head: Uint8Array = EMPTY;
  private encoding: "utf-8" | "utf-16le" | "utf-16be" | null = null;
  private validator: TextDecoder | null = null;
  private offset = 0;
  private lfs = 0;
  private tail: Uint8Array = EMPTY;
  private nonBlank = false;
  private firstReplacementLine = 0;
  private ended = false;

  // parsing
  private mode: "start" | "fast" | "parser" | "stopped" = "start";
  private startBytes: Uint8Array[] = [];
  private startText = "";
  private carry: Uint8Array = EMPTY;
  private line = 0;
  private crlf = false;
  private delimiter = ",";
  private delim = 44;
  private headerLine = "";
  private cells = new Int32Array(64);
  private parser: Parser | null = null;
  private parserDecoder: TextDecoder | null = null;
  private lineOffset = 0;
  private skipFirst = false;
  private received = 0;
  private parserError: unknown = undefined;
  private internalError: unknown = undefined;

  // model
  private header: string[] | null = null;
  private sourceCol = -1;
  private targetCol = -1;
  private weightCol = -1;
  private kindCol = -1;
  private attrCols: number[] = [];
  private extras: string[][] | null = null;
  private dropped = false;
  private collecting = true;
  private pending: { rank: number; error: DataError } | null = null;

  constructor(
    private readonly file: string,
    options: CsvStreamOptions = {},
  ) {
    this.accumulator = new EdgeAccumulator(null, !options.undirected, file);
    this.weightName = options.weight ?? "weight";
    this.keepUpTo = options.keepAttributesUpTo ?? Number.POSITIVE_INFINITY;
  }

  /** Lines read so far. */
  get lines(): number {
    return this.parser ? this.parser.info.lines + this.lineOffset : this.line;
  }

  /** True when extra columns were dropped (`keepAttributesUpTo`): the graph would lack its edge attributes. */
  get attributesDropped(): boolean {
    return this.dropped;
  }

  /** Reads what it can of `input` (a partial last line waits for the next chunk). */
  push(input: Uint8Array): void {
    if (this.ended) throw new Error("CsvStreamReader.push: called after end()");
    if (this.internalError !== undefined) throw this.internalError;
    let chunk = input;
    if (this.encoding === null) {
      this.head = concat(this.head, chunk);
      if (this.head.length < 3) return;
      chunk = this.head;
      this.head = EMPTY;
      this.chooseEncoding(chunk);
    }
    this.consume(chunk, false);
    if (this.internalError !== undefined) throw this.internalError;
  }

  /** Reads the rest, throws the first error in the string reader's order, types the extra columns. */
  end(): EdgeAccumulator {
    if (this.ended) throw new Error("CsvStreamReader.end: called twice");
    if (this.encoding === null) {
      const rest = this.head;
      this.head = EMPTY;
      this.chooseEncoding(rest);
      this.consume(rest, false);
    }
    this.consume(EMPTY, true);
    this.ended = true;
    if (this.internalError !== undefined) throw this.internalError;
    if (this.pending && this.pending.rank === UTF8) throw this.pending.error;
    if (!this.nonBlank) {
      throw new DataError({ file: this.file, line: 1 }, "empty file", "give a file with at least a header or one node");
    }
    if (this.header === null && !this.pending) this.setHeader([]);
    if (this.pending) throw this.pending.error;
    this.assignAttributes();
    return this.accumulator;
  }

  private chooseEncoding(bytes: Uint8Array): void {
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) this.encoding = "utf-16le";
    else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) this.encoding = "utf-16be";
    else this.encoding = "utf-8";
    this.validator = new TextDecoder(this.encoding, { fatal: this.encoding === "utf-8" });
  }

  /** Checks and parses one chunk (`last`: the end of the input, `chunk` empty). */
  private consume(chunk: Uint8Array, last: boolean): void {
    const utf8 = this.encoding === "utf-8";
    const lfsBefore = this.lfs;
    if (utf8) {
      const nul = chunk.indexOf(0);
      if (nul !== -1) {
        throw new DataError(
          { file: this.file, line: lfsBefore + countLf(chunk, 0, nul) + 1 },
          `not a text file (NUL byte at byte ${this.offset + nul})`,
          "give a text graph file (CSV, edge list, GML, GDF, GEXF, GraphML, JSON), optionally gzipped",
        );
      }
    }
    this.offset += chunk.length;
    if (utf8) this.lfs += countLf(chunk, 0, chunk.length);
    let text = "";
    if (this.validator) {
      try {
        text = last ? this.validator.decode() : this.validator.decode(chunk, { stream: true });
      } catch (error) {
        this.validator = null;
        this.fail(UTF8, this.utf8Error(chunk, lfsBefore, error));
        return;
      }
      if (utf8 && this.firstReplacementLine === 0) {
        const r = text.indexOf("\uFFFD");
        if (r !== -1) this.firstReplacementLine = lfsBefore + 1 + countNewlines(text, r);
      }
      if (!this.nonBlank && text.trim() !== "") this.nonBlank = true;
    }
    if (utf8) this.tail = incompleteTail(concat(this.tail.length ? this.tail : EMPTY, chunk.subarray(Math.max(0, chunk.length - 3))));
    if (this.mode === "start") {
      this.startText += text;
      if (utf8 && chunk.length > 0) this.startBytes.push(chunk.slice());
      if (last || this.startText.includes("\n")) this.begin();
    } else if (this.mode === "fast") {
      if (!last) this.fastChunk(chunk);
    } else if (this.mode === "parser") {
      if (this.parserDecoder) text = last ? "" : this.parserDecoder.decode(chunk, { stream: true });
      if (text) this.feed(text);
    }
    if (!last) return;
    if (this.mode === "fast") this.fastEnd();
    if (this.mode === "parser") {
      if (this.parserDecoder) {
        const rest = this.parserDecoder.decode();
        if (rest) this.feed(rest);
      }
      if (this.mode === "parser") this.parserEnd();
    }
  }

  /** The UTF-8 error of `chunk`: line of the first U+FFFD in the text `decodeText` would decode loosely. */
  private utf8Error(chunk: Uint8Array, lfsBefore: number, cause: unknown): DataError {
    const loose = looseUtf8.decode(concat(this.tail, chunk));
    const bad = loose.indexOf("\uFFFD");
    let line = lfsBefore + 1 + (bad === -1 ? countNewlines(loose, loose.length) : countNewlines(loose, bad));
    if (this.firstReplacementLine !== 0 && this.firstReplacementLine < line) line = this.firstReplacementLine;
    return new DataError({ file: this.file, line }, "not a text file (invalid UTF-8)", "convert it to UTF-8 or give a text graph file", { cause });
  }

  /** First line known (or end of input): the delimiter, then the byte parser if the header line is plain. */
  private begin(): void {
    this.delimiter = detectDelimiter(this.startText);
    this.delim = this.delimiter.charCodeAt(0);
    if (this.encoding !== "utf-8") {
      this.startParser(0, false, null);
      this.feed(this.startText);
      this.startText = "";
      return;
    }
    let all = concatAll(this.startBytes);
    this.startBytes = [];
    if (all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf) all = all.subarray(3);
    const lf = all.indexOf(LF);
    let end = lf === -1 ? all.length : lf;
    const crlf = lf > 0 && all[lf - 1] === CR;
    if (crlf) end--;
    this.crlf = crlf;
    const n = this.splitPlain(all, 0, end);
    if (n < 0 || (n === 1 && this.cells[0] === this.cells[1])) {
      // not plain, or a blank first line: csv-parse from the start
      this.startParser(0, false, null);
      this.feed(this.startText);
      this.startText = "";
      return;
    }
    const header: string[] = [];
    for (let c = 0; c < n; c++) header.push(looseUtf8.decode(all.subarray(this.cells[2 * c], this.cells[2 * c + 1])).trim());
    this.headerLine = looseUtf8.decode(all.subarray(0, end));
    this.startText = "";
    this.mode = "fast";
    this.line = 1;
    this.setHeader(header);
    if (lf === -1) return;
    const rest = all.subarray(lf + 1);
    if (rest.length > 0) this.fastChunk(rest);
  }

  private fastChunk(chunk: Uint8Array): void {
    let pos = 0;
    if (this.carry.length > 0) {
      const lf = chunk.indexOf(LF);
      if (lf === -1) {
        this.carry = concat(this.carry, chunk);
        if (this.carry.length > MAX_LINE_BYTES) this.switchToParser(this.carry);
        return;
      }
      const head = concat(this.carry, chunk.subarray(0, lf + 1));
      this.carry = EMPTY;
      const at = this.scan(head, 0, head.length);
      if (at !== -1) return this.switchToParser(concat(head.subarray(at), chunk.subarray(lf + 1)));
      if (this.mode !== "fast") return;
      pos = lf + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (last === -1 || last < pos) {
      this.carry = chunk.slice(pos);
      if (this.carry.length > MAX_LINE_BYTES) this.switchToParser(this.carry);
      return;
    }
    const at = this.scan(chunk, pos, last + 1);
    if (at !== -1) return this.switchToParser(chunk.subarray(at));
    if (this.mode === "fast" && last + 1 < chunk.length) this.carry = chunk.slice(last + 1);
  }

  /** The last line (one without a final LF). */
  private fastEnd(): void {
    if (this.carry.length === 0) return;
    const rest = this.carry;
    this.carry = EMPTY;
    const at = this.scan(rest, 0, rest.length);
    if (at !== -1) this.switchToParser(rest.subarray(at));
  }

  /**
   * Cells of the plain line bytes[from, to) (no line ending) into `cells`
   * (start, end pairs, trimmed); their number, or -1 when the line is not plain.
   */
  private splitPlain(bytes: Uint8Array, from: number, to: number): number {
    const delim = this.delim;
    const tabTrims = delim !== TAB;
    let n = 0;
    let i = from;
    for (;;) {
      let fs = i;
      while (fs < to && (bytes[fs] === SPACE || (tabTrims && bytes[fs] === TAB))) fs++;
      let fe = fs;
      let j = fs;
      while (j < to) {
        const c = bytes[j];
        if (c === delim) break;
        if (c < 0x20 ? c !== TAB : c === QUOTE) return -1;
        if (c !== SPACE && c !== TAB) fe = j + 1;
        j++;
      }
      if (fe > fs && (bytes[fs] > 0x7e || bytes[fe - 1] > 0x7e)) return -1;
      if (2 * n + 2 > this.cells.length) {
        const grown = new Int32Array(this.cells.length * 2);
        grown.set(this.cells);
        this.cells = grown;
      }
      this.cells[2 * n] = fs;
      this.cells[2 * n + 1] = fe;
      n++;
      if (j >= to) return n;
      i = j + 1;
    }
  }

  /** Plain lines of bytes[from, to); the offset of the first line that is not plain, or -1. */
  private scan(bytes: Uint8Array, from: number, to: number): number {
    const expected = (this.header as string[]).length;
    let pos = from;
    while (pos < to && this.mode === "fast") {
      let end = bytes.indexOf(LF, pos);
      if (end === -1 || end >= to) end = to;
      let stop = end;
      if (end < to && this.crlf) {
        if (end === pos || bytes[end - 1] !== CR) return pos;
        stop = end - 1;
      }
      const n = this.splitPlain(bytes, pos, stop);
      if (n < 0) return pos;
      this.line++;
      pos = end + 1;
      const cells = this.cells;
      if (n === 1 && cells[0] === cells[1]) continue;
      if (n !== expected) {
        const error = Object.assign(new Error(`Invalid Record Length: expect ${expected}, got ${n} on line ${this.line}`), { lines: this.line });
        this.fail(SYNTAX, invalidCsv(this.file, error));
        return -1;
      }
      if (this.collecting) this.plainRecord(bytes);
    }
    return -1;
  }

  private plainRecord(bytes: Uint8Array): void {
    const cells = this.cells;
    const s0 = cells[2 * this.sourceCol];
    const s1 = cells[2 * this.sourceCol + 1];
    const t0 = cells[2 * this.targetCol];
    const t1 = cells[2 * this.targetCol + 1];
    if (s0 === s1 || t0 === t1) return this.fail(ROW, emptyEndpoint(this.file, this.line, s0 === s1 ? "source" : "target"));
    let weight = 1;
    if (this.weightCol !== -1) {
      const a = cells[2 * this.weightCol];
      const b = cells[2 * this.weightCol + 1];
      if (a < b) {
        let value = 0;
        let k = a;
        while (k < b && bytes[k] >= ZERO && bytes[k] <= NINE) value = value * 10 + (bytes[k++] - ZERO);
        if (k === b && b - a <= 15) weight = value;
        else {
          const raw = looseUtf8.decode(bytes.subarray(a, b));
          weight = isNumeric(raw) ? Number(raw) : Number.NaN;
          if (!Number.isFinite(weight)) return this.fail(ROW, badCsvWeight(this.file, this.line, raw, (this.header as string[])[this.weightCol]));
        }
      }
    }
    let kind: string | undefined;
    if (this.kindCol !== -1) {
      const a = cells[2 * this.kindCol];
      const b = cells[2 * this.kindCol + 1];
      if (a < b) kind = looseUtf8.decode(bytes.subarray(a, b));
    }
    const dict = this.accumulator.dictionary;
    const s = dict.idOfBytes(bytes, s0, s1);
    const t = dict.idOfBytes(bytes, t0, t1);
    this.accumulator.addIds(s, t, weight, kind);
    const extras = this.extras;
    if (extras) {
      for (let c = 0; c < extras.length; c++) {
        const col = this.attrCols[c];
        extras[c].push(looseUtf8.decode(bytes.subarray(cells[2 * col], cells[2 * col + 1])));
      }
      this.checkKeep();
    }
  }

  /** From a line that is not plain to the end: csv-parse, primed with the header so that it counts cells and lines alike. */
  private switchToParser(rest: Uint8Array): void {
    this.carry = EMPTY;
    this.startParser(this.line - 1, true, new TextDecoder("utf-8", { ignoreBOM: true }));
    this.feed(this.headerLine + (this.crlf ? "\r\n" : "\n"));
    const text = (this.parserDecoder as TextDecoder).decode(rest, { stream: true });
    if (text) this.feed(text);
  }

  private startParser(lineOffset: number, primed: boolean, decoder: TextDecoder | null): void {
    this.mode = "parser";
    this.lineOffset = lineOffset;
    this.skipFirst = primed;
    this.parserDecoder = decoder;
    const parser = parse({ bom: true, skip_empty_lines: true, trim: true, delimiter: this.delimiter });
    parser.on("data", (row: string[]) => {
      this.received++;
      if (this.skipFirst) {
        this.skipFirst = false;
        return;
      }
      try {
        this.parsedRecord(row, parser.info.lines + this.lineOffset);
      } catch (error) {
        this.internalError ??= error;
      }
    });
    parser.on("error", (error: unknown) => {
      this.parserError ??= error;
    });
    this.parser = parser;
  }

  private feed(text: string): void {
    const parser = this.parser as Parser;
    parser.write(text);
    this.afterParse();
  }

  private parserEnd(): void {
    const parser = this.parser as Parser;
    parser.end();
    this.afterParse();
    // csv-parse's browser build delivers records synchronously from write/end; check it did
    if (this.mode === "parser" && this.internalError === undefined && this.received !== parser.info.records) {
      this.internalError = new Error(`csv-stream: csv-parse gave ${this.received} of ${parser.info.records} records synchronously`);
    }
  }

  private afterParse(): void {
    if (this.parserError !== undefined && this.mode === "parser") {
      this.fail(SYNTAX, invalidCsv(this.file, this.parserError, this.lineOffset));
    }
  }

  private parsedRecord(row: string[], line: number): void {
    if (this.header === null) return this.setHeader(row.map((h) => h.trim()));
    if (!this.collecting) return;
    const source = row[this.sourceCol];
    const target = row[this.targetCol];
    if (!source || !target) return this.fail(ROW, emptyEndpoint(this.file, line, !source ? "source" : "target"));
    let weight = 1;
    if (this.weightCol !== -1) {
      const raw = row[this.weightCol];
      if (raw !== "") {
        weight = isNumeric(raw) ? Number(raw) : Number.NaN;
        if (!Number.isFinite(weight)) return this.fail(ROW, badCsvWeight(this.file, line, raw, (this.header as string[])[this.weightCol]));
      }
    }
    const kind = this.kindCol === -1 ? undefined : row[this.kindCol] || undefined;
    const dict = this.accumulator.dictionary;
    const s = dict.idOf(source);
    const t = dict.idOf(target);
    this.accumulator.addIds(s, t, weight, kind);
    const extras = this.extras;
    if (extras) {
      for (let c = 0; c < extras.length; c++) extras[c].push(row[this.attrCols[c]] ?? "");
      this.checkKeep();
    }
  }

  private setHeader(header: string[]): void {
    this.header = header;
    this.sourceCol = findColumn(header, ...SOURCE_COLUMNS);
    this.targetCol = findColumn(header, ...TARGET_COLUMNS);
    this.weightCol = findColumn(header, this.weightName);
    this.kindCol = findColumn(header, "kind");
    this.attrCols = header
      .map((_, i) => i)
      .filter((i) => i !== this.sourceCol && i !== this.targetCol && i !== this.weightCol && i !== this.kindCol);
    if (this.attrCols.length > 0) {
      if (this.keepUpTo > 0) this.extras = this.attrCols.map(() => []);
      else this.dropped = true;
    }
    if (this.sourceCol === -1 || this.targetCol === -1) this.fail(HEADER, missingEndpointColumn(this.file, header, this.sourceCol));
  }

  private checkKeep(): void {
    if (this.accumulator.dictionary.size > this.keepUpTo) {
      this.extras = null;
      this.dropped = true;
    }
  }

  /** Records the error if it comes first in the string path's order; stops storing records, and parsing after a syntax error. */
  private fail(rank: number, error: DataError): void {
    if (!this.pending || rank < this.pending.rank) this.pending = { rank, error };
    this.collecting = false;
    this.extras = null;
    if (rank <= SYNTAX) {
      this.mode = "stopped";
      this.carry = EMPTY;
      this.startBytes = [];
      this.startText = "";
    }
  }

  /** The extra columns, typed by column as `readCsv` does, as each record's attributes. */
  private assignAttributes(): void {
    const extras = this.extras;
    if (!extras || this.dropped) return;
    const header = this.header as string[];
    const typed = extras.map((cells) => typeColumn(cells));
    const records = this.accumulator.records;
    for (let r = 0; r < records; r++) {
      let attrs: Attributes | undefined;
      for (let a = 0; a < typed.length; a++) {
        const v = typed[a][r];
        if (v !== undefined) setOwn((attrs ??= {}), header[this.attrCols[a]], v);
      }
      if (attrs) this.accumulator.setAttributes(r, attrs);
    }
    this.extras = null;
  }
}

function countLf(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  let i = bytes.indexOf(LF, from);
  while (i !== -1 && i < to) {
    n++;
    i = bytes.indexOf(LF, i + 1);
  }
  return n;
}

function countNewlines(text: string, to: number): number {
  let n = 0;
  let i = text.indexOf("\n");
  while (i !== -1 && i < to) {
    n++;
    i = text.indexOf("\n", i + 1);
  }
  return n;
}

/** The bytes at the end of `bytes` that start a UTF-8 sequence not yet complete. */
function incompleteTail(bytes: Uint8Array): Uint8Array {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return EMPTY;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return bytes.length - i < need ? bytes.slice(i) : EMPTY;
  }
  return EMPTY;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
