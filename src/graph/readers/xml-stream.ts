/**
 * Streaming XML under the GEXF and GraphML readers: bytes (or text) pushed in
 * chunks → saxes (pure JS, browser-safe) → element events carrying the line
 * of each start tag. Bytes are checked as `decodeText` checks a whole file
 * (`TextChunks`), and every XML problem becomes a `DataError`
 * with its line (and column), worded as the DOM readers worded them.
 * Gzip is the caller's business (`decodeText`, or zlib on the CLI).
 */
import { SaxesParser } from "saxes";
import { DataError } from "../../shared/errors.ts";
import { TextChunks } from "./text-stream.ts";

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

export class XmlStream {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private readonly stack: OpenElement[] = [];
  private readonly text: TextChunks;
  private tagLine = 1;
  private lastClosed: OpenElement | null = null;
  private mismatch: Mismatch | null = null;
  private ended = false;

  constructor(
    readonly file: string,
    private readonly handler: XmlHandler,
  ) {
    this.text = new TextChunks(file, (text) => this.feed(text), () => this.parser.line);
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
    this.text.push(chunk);
  }

  /** Ends the input: checks that the document is complete. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.text.end();
    this.settle();
    const open = this.stack[this.stack.length - 1];
    if (open) {
      throw new DataError({ file: this.file, line: open.line }, `invalid XML (<${open.name}> is never closed)`, TRUNCATED_HINT);
    }
    this.parser.close();
    this.settle();
  }

  private feed(text: string): void {
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
