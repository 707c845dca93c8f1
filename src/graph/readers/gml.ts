/**
 * GML as in Newman's network data and as networkx writes it: a `graph [ ... ]`
 * list (optionally after `Creator`/`Version` lines) holding `directed 1`,
 * `node [ id .. label .. ]` and `edge [ source .. target .. ]` blocks,
 * brackets anywhere (also on their own lines), `#` comments, quoted strings
 * with HTML entities (`&amp;`, `&#38;`, `&#x26;`), integers and reals.
 *
 * Without `directed 1` a GML graph is undirected, as the format says. Node key
 * = the `id` as a string; `label` (as a string) defaults to the key; every
 * other node key becomes an attribute (nested lists become objects, repeated
 * keys arrays). The edge attribute named by `weight` (default `"weight"`)
 * is the weight; other edge keys are kept as attributes. Edges may name nodes
 * declared further down.
 *
 * One streaming pass: text (or bytes, checked by `TextChunks`) is pushed in
 * chunks of any size; each `node [ ]` / `edge [ ]` block becomes a record
 * (`GraphRecords`) when it closes, so only the block being read is held as
 * a tree. The first problem in file order is a `DataError` at its line.
 */
import type { Attributes } from "graphology-types";
import { DataError } from "../../shared/errors.ts";
import type { AtlasGraph } from "../model.ts";
import { hasOwnKey, setOwn } from "../safe-keys.ts";
import { GraphRecords, type ParsedGraph } from "./graph-records.ts";
import { MAX_NESTING_DEPTH } from "./limits.ts";
import { TextChunks } from "./text-stream.ts";

export interface GmlReadOptions {
  undirected?: boolean;
  weight?: string;
}

export type GmlValue = number | string | GmlList;
export interface GmlEntry {
  key: string;
  value: GmlValue;
  line: number;
}
export interface GmlList {
  entries: GmlEntry[];
}

/**
 * An open `[ ... ]`: the top level, the (first) `graph` list, a node or edge
 * block of that graph, an attribute list (kept as a tree), or a list whose
 * content is read and dropped (a second graph, lists outside the graph).
 */
interface Frame {
  role: "top" | "graph" | "node" | "edge" | "list" | "skip";
  key: string;
  /** Line of the opening `[`, and of the key owning it. */
  line: number;
  keyLine: number;
  depth: number;
  /** A `node` or `edge` list, at any depth: no node or edge block may open inside it. */
  element: boolean;
  entries: GmlEntry[] | null;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/** Decodes `&amp;`, `&#38;`, `&#x26;` and a few named entities; unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return hasOwnKey(NAMED_ENTITIES, body) ? NAMED_ENTITIES[body] : whole;
  });
}

/** A GML key starts with a letter or `_`, and goes on with letters, digits and `_`. */
export function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
export function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57);
}
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
/** Ends a bare word (a key or a number): space, a bracket, a quote or a comment. */
function isDelimiter(c: number): boolean {
  return isSpace(c) || c === 91 || c === 93 || c === 34 || c === 35;
}

/** A GML number (integer, real, `INF`, `NAN`) where `lastIndex` points. */
export const NUMBER_AT = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:INF|NAN)\b/y;

/** Longest bare word (key or number) read: past it, a file is not GML. */
const MAX_WORD = 1 << 20;

/** A GML value as a node or edge attribute: a list becomes an object (repeated keys arrays). */
export function toAttribute(value: GmlValue): unknown {
  if (typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const e of value.entries) addAttribute(out, e.key, toAttribute(e.value));
  return out;
}

/** Adds `key: value` to `target`; a key seen before becomes an array of its values. */
export function addAttribute(target: Record<string, unknown>, key: string, value: unknown): void {
  if (!hasOwnKey(target, key)) setOwn(target, key, value);
  else {
    const prev = target[key];
    setOwn(target, key, Array.isArray(prev) ? [...prev, value] : [prev, value]);
  }
}

export class GmlStreamReader {
  private readonly text: TextChunks;
  private readonly records: GraphRecords;
  private readonly weightKey: string;
  /** Unread text; `base` is the offset of its first character in the whole text. */
  private buf = "";
  private pos = 0;
  private base = 0;
  private lineNo = 1;
  private lineStart = 0;
  private inComment = false;
  /** A key read, waiting for its value. */
  private pendingKey: { key: string; line: number } | null = null;
  /** A quoted string being read: its parts so far, and where it opened. */
  private string: { parts: string[]; line: number; column: number } | null = null;
  private readonly stack: Frame[] = [{ role: "top", key: "", line: 1, keyLine: 1, depth: 0, element: false, entries: null }];
  private graphSeen = false;
  private directed: boolean | null = null;
  private readonly graphAttrs: Attributes = {};
  private ended = false;

  constructor(
    readonly file: string,
    private readonly options: GmlReadOptions = {},
  ) {
    this.weightKey = options.weight ?? "weight";
    this.records = new GraphRecords(file, { weight: this.weightKey });
    this.text = new TextChunks(file, (text) => this.feed(text, false), () => this.lineNo);
  }

  /** Line reached so far. */
  get line(): number {
    return this.lineNo;
  }

  /** Feeds the next chunk: bytes (UTF-8, or UTF-16 with BOM) or text. */
  push(chunk: Uint8Array | string): void {
    this.text.push(chunk);
  }

  end(): AtlasGraph {
    return this.parsed().graph();
  }

  /** The file read to its end, before it becomes a graph or an edge stream. */
  parsed(): ParsedGraph {
    if (!this.ended) {
      this.ended = true;
      this.text.end();
      this.feed("", true);
      this.atEnd();
    }
    const directed = !this.options.undirected && this.directed === true;
    return this.records.finish(directed, this.graphAttrs);
  }

  private fail(problem: string, hint: string, line = this.lineNo, column?: number): never {
    throw new DataError({ file: this.file, line, column }, problem, hint);
  }

  private column(): number {
    return this.base + this.pos - this.lineStart + 1;
  }

  private feed(text: string, final: boolean): void {
    this.base += this.pos;
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    this.scan(final);
  }

  /** Reads every complete token of `buf`; a token cut by the end of the chunk waits for the next one. */
  private scan(final: boolean): void {
    const buf = this.buf;
    const n = buf.length;
    for (;;) {
      if (this.string) {
        if (!this.readString()) return;
        continue;
      }
      if (!this.skip()) return;
      if (this.pos >= n) return;
      const c = buf.charCodeAt(this.pos);
      if (this.pendingKey === null) {
        if (c === 93 /* ] */) {
          this.close();
          continue;
        }
        if (!isKeyStart(c)) {
          this.fail(`expected a key, found "${buf[this.pos]}"`, "GML is a list of `key value` pairs; check the line", this.lineNo, this.column());
        }
        let end = this.pos + 1;
        while (end < n && isKeyChar(buf.charCodeAt(end))) end++;
        if (end === n && !final) return this.waitForWord();
        this.checkWord(end);
        this.pendingKey = { key: buf.slice(this.pos, end), line: this.lineNo };
        this.pos = end;
        continue;
      }
      const { key, line } = this.pendingKey;
      if (c === 91 /* [ */) {
        this.pos++;
        this.pendingKey = null;
        this.open(key, line);
      } else if (c === 34 /* " */) {
        this.string = { parts: [], line: this.lineNo, column: this.column() };
        this.pos++;
      } else {
        let end = this.pos;
        while (end < n && !isDelimiter(buf.charCodeAt(end))) end++;
        if (end === n && !final) return this.waitForWord();
        this.checkWord(end);
        NUMBER_AT.lastIndex = this.pos;
        const m = NUMBER_AT.exec(buf);
        if (!m) {
          this.fail(`value of "${key}" is not a number, a quoted string or a [ list ]`, "quote string values", this.lineNo, this.column());
        }
        this.pos += m[0].length;
        const word = m[0].toUpperCase();
        const value = word.endsWith("INF") ? (word[0] === "-" ? -Infinity : Infinity) : word.endsWith("NAN") ? Number.NaN : Number(m[0]);
        this.pendingKey = null;
        this.entry(key, value, line);
      }
    }
  }

  /** A key or number reaches the end of the chunk: wait for the rest, within a bound. */
  private waitForWord(): void {
    this.checkWord(this.buf.length);
  }

  /** A key or number (a bare word) ending at `end` is at most `MAX_WORD` characters. */
  private checkWord(end: number): void {
    if (end - this.pos > MAX_WORD) {
      this.fail(`a word of more than ${MAX_WORD} characters`, "GML keys and numbers are short; check that this is a GML file", this.lineNo, this.column());
    }
  }

  /** Skips whitespace and `#` comments, counting lines; false when a comment runs past the chunk. */
  private skip(): boolean {
    const buf = this.buf;
    const n = buf.length;
    if (this.inComment) {
      const end = buf.indexOf("\n", this.pos);
      if (end === -1) {
        this.pos = n;
        return false;
      }
      this.pos = end;
      this.inComment = false;
    }
    while (this.pos < n) {
      const c = buf.charCodeAt(this.pos);
      if (c === 10) {
        this.lineNo++;
        this.lineStart = this.base + ++this.pos;
      } else if (isSpace(c)) {
        this.pos++;
      } else if (c === 35) {
        const end = buf.indexOf("\n", this.pos);
        if (end === -1) {
          this.pos = n;
          this.inComment = true;
          return false;
        }
        this.pos = end;
      } else break;
    }
    return true;
  }

  /** Reads a quoted string to its closing quote; false when it runs past the chunk. */
  private readString(): boolean {
    const s = this.string as { parts: string[]; line: number; column: number };
    const buf = this.buf;
    const end = buf.indexOf('"', this.pos);
    const stop = end === -1 ? buf.length : end;
    let nl = buf.indexOf("\n", this.pos);
    while (nl !== -1 && nl < stop) {
      this.lineNo++;
      this.lineStart = this.base + nl + 1;
      nl = buf.indexOf("\n", nl + 1);
    }
    s.parts.push(buf.slice(this.pos, stop));
    this.pos = stop;
    if (end === -1) return false;
    this.pos++;
    this.string = null;
    const { key, line } = this.pendingKey as { key: string; line: number };
    this.pendingKey = null;
    this.entry(key, decodeEntities(s.parts.join("")), line);
    return true;
  }

  private open(key: string, keyLine: number): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent.role !== "top" && parent.element && (key === "node" || key === "edge")) {
      // a node/edge block inside a node/edge block: the outer one lost its "]"
      this.fail(`"${parent.key} [" opened here is not closed before "${key} [" at line ${keyLine}`, 'add the missing "]"', parent.line);
    }
    const depth = parent.depth + 1;
    if (depth > MAX_NESTING_DEPTH) {
      this.fail(
        `"${key} [" nests lists deeper than ${MAX_NESTING_DEPTH} levels`,
        `flatten the attribute; readers accept at most ${MAX_NESTING_DEPTH} levels of "[ ... ]"`,
        this.lineNo,
        this.column() - 1,
      );
    }
    let role: Frame["role"];
    if (parent.role === "top") {
      role = key === "graph" && !this.graphSeen ? "graph" : "skip";
      if (role === "graph") this.graphSeen = true;
    } else if (parent.role === "graph") role = key === "node" ? "node" : key === "edge" ? "edge" : "list";
    else role = parent.role === "skip" ? "skip" : "list";
    const element = key === "node" || key === "edge";
    this.stack.push({ role, key, line: this.lineNo, keyLine, depth, element, entries: role === "skip" || role === "graph" ? null : [] });
  }

  private close(): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame.role === "top") this.fail('unexpected "]" with no open "["', 'remove it or add the matching "["', this.lineNo, this.column());
    this.pos++;
    this.stack.pop();
    switch (frame.role) {
      case "node":
        this.node(frame);
        break;
      case "edge":
        this.edge(frame);
        break;
      case "list":
        this.entry(frame.key, { entries: frame.entries as GmlEntry[] }, frame.keyLine);
        break;
    }
  }

  /** A `key value` pair (a list once closed) of the innermost open list. */
  private entry(key: string, value: GmlValue, line: number): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame.entries) {
      frame.entries.push({ key, value, line });
      return;
    }
    if (frame.role !== "graph") return;
    if (key === "node" || key === "edge") {
      this.fail(`"${key}" is not a [ ... ] block`, key === "node" ? "write node [ id N ... ]" : "write edge [ source A target B ]", line);
    }
    if (key === "directed") {
      this.directed ??= value === 1;
      return;
    }
    addAttribute(this.graphAttrs, key, toAttribute(value));
  }

  private node(frame: Frame): void {
    let key: string | undefined;
    const attrs: Record<string, unknown> = {};
    for (const e of frame.entries as GmlEntry[]) {
      if (e.key === "id") {
        if (typeof e.value === "object") this.fail("node id is a list", "give a number or a string", e.line);
        key = String(e.value);
      } else addAttribute(attrs, e.key, toAttribute(e.value));
    }
    if (key === undefined) this.fail("node has no id", "give every node block an id", frame.keyLine);
    const label = attrs.label;
    attrs.label = label === undefined || typeof label === "object" ? key : String(label);
    this.records.setNode(this.records.declareNode(key, frame.keyLine), attrs);
  }

  private edge(frame: Frame): void {
    let source: string | undefined;
    let target: string | undefined;
    let sourceLine = frame.keyLine;
    let targetLine = frame.keyLine;
    let weight = 1;
    let kind: string | undefined;
    let attrs: Record<string, unknown> | undefined;
    for (const e of frame.entries as GmlEntry[]) {
      if (e.key === "source" || e.key === "target") {
        if (typeof e.value === "object") {
          this.fail(`edge ${e.key} [...] is not a node id`, "declare the node before using it in an edge", e.line);
        }
        if (e.key === "source") {
          source = String(e.value);
          sourceLine = e.line;
        } else {
          target = String(e.value);
          targetLine = e.line;
        }
      } else if (e.key === this.weightKey) {
        if (typeof e.value !== "number" || !Number.isFinite(e.value)) {
          this.fail(
            `weight ${typeof e.value === "object" ? "[...]" : JSON.stringify(e.value)} is not a finite number`,
            "fix the value or choose another attribute with --weight",
            e.line,
          );
        }
        weight = e.value;
      } else if (e.key === "kind" && typeof e.value === "string") {
        kind = e.value;
      } else if (e.key !== "weight") {
        addAttribute((attrs ??= {}), e.key, toAttribute(e.value));
      }
    }
    if (source === undefined || target === undefined) {
      this.fail(`edge has no ${source === undefined ? "source" : "target"}`, "give every edge block a source and a target", frame.keyLine);
    }
    this.records.addRecord(source, target, false, weight, kind, attrs as Attributes | undefined, sourceLine, targetLine);
  }

  /** The end of the text: nothing may be left open. */
  private atEnd(): void {
    if (this.string) this.fail("string is never closed", 'add the closing "', this.string.line, this.string.column);
    if (this.pendingKey) this.fail(`key "${this.pendingKey.key}" has no value`, "give it a value or remove it", this.pendingKey.line);
    const open = this.stack[this.stack.length - 1];
    if (open.role !== "top") this.fail(`"${open.key} [" opened here is never closed`, 'add the missing "]"', open.line);
    if (!this.graphSeen) {
      this.fail('no "graph [ ... ]" list', "give a GML file with a graph [ node [...] edge [...] ] list", 1);
    }
  }
}

/** Reads GML text into the model. */
export function readGml(file: string, text: string, options: GmlReadOptions = {}): AtlasGraph {
  const reader = new GmlStreamReader(file, options);
  reader.push(text);
  return reader.end();
}
