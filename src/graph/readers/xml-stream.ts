/**
 * Streaming XML under the GEXF and GraphML readers: bytes (or text) pushed in
 * chunks → saxes (pure JS, browser-safe) → element events carrying the line
 * of each start tag. Bytes are checked as `decodeText` checks a whole file
 * (UTF-16 by its BOM, NUL bytes, invalid UTF-8 through a fatal streaming
 * `TextDecoder`, empty file), and every XML problem becomes a `DataError`
 * with its line (and column), worded as the DOM readers worded them.
 * Gzip is the caller's business (`decodeText`, or zlib on the CLI).
 */
import { SaxesParser } from "saxes";
import { DataError } from "../../shared/errors.ts";

/** What the format readers receive. */
export interface XmlHandler {
  /** A start tag (self-closing tags too) with its attributes and the line of its `<`. */
  open(name: string, attributes: Readonly<Record<string, string>>, line: number): void;
  /** The end of the element opened last. */
  close(name: string): void;
  /** Character data (text and CDATA, entities decoded). */
  text(text: string): void;
}

const XML_HINT = "fix the XML (an XML validator shows the exact spot) or export the file again";
const TRUNCATED_HINT = "the file may be truncated; export it again";
const TEXT_HINT = "give a text graph file (CSV, edge list, GML, GDF, GEXF, GraphML, JSON), optionally gzipped";
/** saxes words → the DOM readers' words, where tests or users know the latter. */
const SAXES_WORDS: Readonly<Record<string, string>> = Object.freeze({
  "unquoted attribute value": "attribute value missed quotes",
  "unexpected end": "the file ends inside a tag",
});
const LOCATION_PREFIX = /^\d+:\d+: /;

interface OpenElement {
  name: string;
  line: number;
}

/** An end tag that did not match: completed once saxes has popped what it pops. */
interface Mismatch {
  open: OpenElement;
  line: number;
  /** The element the end tag closed, when saxes found it further up. */
  closed?: string;
}

/** Number of LF characters in `text` before `end`. */
function countLf(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

export class XmlStream {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private readonly stack: OpenElement[] = [];
  private decoder: TextDecoder | null = null;
  private utf16 = false;
  /** First byte, held until the second tells whether a UTF-16 BOM starts the file. */
  private head: Uint8Array | null = null;
  private bytes = 0;
  private content = false;
  private tagLine = 1;
  private lastClosed: OpenElement | null = null;
  private mismatch: Mismatch | null = null;
  private ended = false;

  constructor(
    readonly file: string,
    private readonly handler: XmlHandler,
  ) {
    const p = this.parser;
    p.on("opentagstart", () => {
      this.settle();
      // the character after the name has been read: if it was a newline, the `<` is on the line before
      this.tagLine = p.column === 0 ? p.line - 1 : p.line;
    });
    p.on("opentag", (tag) => {
      const element = { name: tag.name, line: this.tagLine };
      this.stack.push(element);
      this.handler.open(tag.name, tag.attributes, element.line);
    });
    p.on("closetag", (tag) => {
      const element = this.stack.pop() ?? { name: tag.name, line: p.line };
      if (this.mismatch) {
        this.mismatch.closed = tag.name;
        return;
      }
      this.lastClosed = element;
      this.handler.close(tag.name);
    });
    p.on("text", (text) => {
      this.settle();
      if (text) this.handler.text(text);
    });
    p.on("cdata", (text) => {
      this.settle();
      if (text) this.handler.text(text);
    });
    p.on("error", (error) => this.fail(error.message));
  }

  /** Line the parser has reached (1-based). */
  get line(): number {
    return this.parser.line;
  }

  /** Feeds the next chunk: bytes (UTF-8, or UTF-16 with BOM) or already-decoded text. */
  push(chunk: Uint8Array | string): void {
    if (typeof chunk === "string") {
      this.feed(chunk);
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

  /** Ends the input: checks that the document is complete. */
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
    this.settle();
    if (!this.content) throw new DataError({ file: this.file, line: 1 }, "empty file", "give a file with at least a header or one node");
    const open = this.stack[this.stack.length - 1];
    if (open) {
      throw new DataError({ file: this.file, line: open.line }, `invalid XML (<${open.name}> is never closed)`, TRUNCATED_HINT);
    }
    this.parser.close();
    this.settle();
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
        throw new DataError({ file: this.file, line: this.parser.line + countLf(before, before.length) }, `not a text file (NUL byte at byte ${this.bytes + nul})`, TEXT_HINT);
      }
    }
    let text: string;
    try {
      text = stream ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch (error) {
      throw new DataError({ file: this.file, line: this.parser.line + this.lfBeforeInvalid(bytes) }, "not a text file (invalid UTF-8)", "convert it to UTF-8 or give a text graph file", { cause: error });
    }
    this.bytes += bytes.length;
    if (text) this.feed(text);
  }

  /** LF bytes before the first invalid UTF-8 in `bytes` (continuation bytes of a sequence begun in the last chunk skipped). */
  private lfBeforeInvalid(bytes: Uint8Array): number {
    let start = 0;
    while (start < 3 && start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++;
    const loose = new TextDecoder().decode(bytes.subarray(start));
    const bad = loose.indexOf("\uFFFD");
    return bad === -1 ? 0 : countLf(loose, bad);
  }

  private feed(text: string): void {
    if (!this.content && /\S/.test(text)) this.content = true;
    this.parser.write(text);
    this.settle();
  }

  /** Throws a pending end-tag mismatch once saxes has finished popping for it. */
  private settle(): void {
    const m = this.mismatch;
    if (!m) return;
    const closing = m.closed ?? "?";
    throw new DataError(
      { file: this.file, line: m.line },
      `invalid XML (end tag </${closing}> does not match <${m.open.name}> opened at line ${m.open.line})`,
      `close <${m.open.name}> first`,
    );
  }

  private fail(raw: string): void {
    const message = raw.replace(LOCATION_PREFIX, "").replace(/\.$/, "");
    const p = this.parser;
    if (message === "unexpected close tag") {
      // saxes popped `lastClosed` for an end tag of another name; it goes on popping to find it
      if (this.mismatch) this.mismatch.closed = undefined;
      else if (this.lastClosed) this.mismatch = { open: this.lastClosed, line: p.line };
      return;
    }
    const unmatched = /^unmatched closing tag: (.*)$/.exec(message);
    if (unmatched) {
      if (this.mismatch) {
        this.mismatch.closed = unmatched[1];
        this.settle();
      }
      throw new DataError({ file: this.file, line: p.line }, `invalid XML (end tag </${unmatched[1]}> has no start tag)`, "remove it or add the start tag");
    }
    if (this.mismatch) this.settle();
    if (message === "document must contain a root element") {
      throw new DataError({ file: this.file, line: 1 }, "invalid XML (no root element)", "give an XML document");
    }
    const unclosed = /^unclosed tag: (.*)$/.exec(message);
    if (unclosed) {
      throw new DataError({ file: this.file, line: p.line }, `invalid XML (<${unclosed[1]}> is never closed)`, TRUNCATED_HINT);
    }
    throw new DataError({ file: this.file, line: p.line, column: p.column }, `invalid XML (${SAXES_WORDS[message] ?? message})`, message === "unexpected end" ? TRUNCATED_HINT : XML_HINT);
  }
}
