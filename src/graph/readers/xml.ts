/**
 * XML parsing shared by the GEXF and GraphML readers: @xmldom/xmldom (pure JS,
 * browser-safe) with its locator on, so that every error (and every element)
 * has a line number. xmldom recovers from many errors; we do not: its first
 * warning or error is a `DataError`.
 */
import { DOMParser } from "@xmldom/xmldom";
import { DataError } from "../../shared/errors.ts";

/** An element with xmldom's locator fields. */
export type LocatedElement = Element & { lineNumber?: number; columnNumber?: number };

/** Line of an element as xmldom recorded it. */
export function elementLine(element: Element): number | undefined {
  return (element as LocatedElement).lineNumber;
}

const LOCATOR_SUFFIX = /\n?@#\[line:(\d+|undefined),col:(\d+|undefined)\]\s*$/;
const LEVEL_PREFIX = /^\[xmldom (?:warning|error|fatalError)\]\s*/;

/**
 * Checks that start and end tags nest properly (xmldom silently repairs some
 * mismatches, such as an element left open inside its parent). Skips
 * comments, CDATA, processing instructions and the doctype; honours quoted
 * attribute values.
 */
export function checkTagNesting(file: string, text: string): void {
  const stack: { name: string; line: number }[] = [];
  let line = 1;
  let counted = 0;
  const lineOf = (offset: number): number => {
    for (let i = text.indexOf("\n", counted); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  const fail = (offset: number, problem: string, hint: string): never => {
    throw new DataError({ file, line: lineOf(offset) }, `invalid XML (${problem})`, hint);
  };
  let pos = text.indexOf("<");
  while (pos !== -1) {
    if (text.startsWith("<!--", pos)) {
      const end = text.indexOf("-->", pos + 4);
      if (end === -1) fail(pos, "comment is never closed", 'close it with "-->"');
      pos = text.indexOf("<", end + 3);
      continue;
    }
    if (text.startsWith("<![CDATA[", pos)) {
      const end = text.indexOf("]]>", pos + 9);
      if (end === -1) fail(pos, "CDATA section is never closed", 'close it with "]]>"');
      pos = text.indexOf("<", end + 3);
      continue;
    }
    if (text.startsWith("<?", pos) || text.startsWith("<!", pos)) {
      const end = text.indexOf(">", pos + 2);
      if (end === -1) fail(pos, "declaration is never closed", 'close it with ">"');
      pos = text.indexOf("<", end + 1);
      continue;
    }
    // find the end of the tag, skipping quoted attribute values
    let i = pos + 1;
    let quote = 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62 /* > */) break;
      else if (c === 60 /* < */) fail(i, "tag is not closed before the next \"<\"", 'close the tag with ">"');
    }
    if (i >= text.length) fail(pos, "tag is never closed", 'close the tag with ">"');
    const closing = text.charCodeAt(pos + 1) === 47; /* / */
    const selfClosing = text.charCodeAt(i - 1) === 47;
    const nameMatch = /^[^\s/>]+/.exec(text.slice(closing ? pos + 2 : pos + 1, i));
    const name = nameMatch ? nameMatch[0] : "";
    if (closing) {
      const open = stack.pop();
      if (!open) fail(pos, `end tag </${name}> has no start tag`, "remove it or add the start tag");
      else if (open.name !== name) {
        fail(pos, `end tag </${name}> does not match <${open.name}> opened at line ${open.line}`, `close <${open.name}> first`);
      }
    } else if (!selfClosing) {
      stack.push({ name, line: lineOf(pos) });
    }
    pos = text.indexOf("<", i + 1);
  }
  const open = stack.pop();
  if (open) {
    throw new DataError(
      { file, line: open.line },
      `invalid XML (<${open.name}> is never closed)`,
      "the file may be truncated; export it again",
    );
  }
}

/** Parses XML text; the first problem xmldom reports becomes a `DataError` at its line. */
export function parseXml(file: string, text: string): Document {
  checkTagNesting(file, text);
  let problem: { message: string; line?: number; column?: number } | undefined;
  const report = (message: string): void => {
    if (problem) return;
    const m = LOCATOR_SUFFIX.exec(message);
    const line = m && m[1] !== "undefined" ? Number(m[1]) : undefined;
    const column = m && m[2] !== "undefined" ? Number(m[2]) : undefined;
    let clean = message.replace(LOCATOR_SUFFIX, "").replace(LEVEL_PREFIX, "").trim();
    // xmldom's words for a start tag closed by the wrong end tag
    if (clean === "unclosed xml attribute") clean = "unclosed or mismatched element";
    problem = { message: clean, line, column };
  };
  let doc: Document;
  try {
    doc = new DOMParser({
      locator: {},
      errorHandler: { warning: report, error: report, fatalError: report },
    }).parseFromString(text, "application/xml");
  } catch (error) {
    if (!problem) report(error instanceof Error ? error.message : String(error));
    doc = undefined as unknown as Document;
  }
  if (problem) {
    throw new DataError(
      { file, line: problem.line, column: problem.column },
      `invalid XML (${problem.message})`,
      "fix the XML (an XML validator shows the exact spot) or export the file again",
    );
  }
  if (!doc || !doc.documentElement) {
    throw new DataError({ file, line: 1 }, "invalid XML (no root element)", "give an XML document");
  }
  return doc;
}

/** The xmldom `Document` constructor, which the graphology parsers check documents against. */
export function xmlDocumentClass(): unknown {
  return new DOMParser().parseFromString("<t/>", "application/xml").constructor;
}

/** What `checkXmlGraph` found: the `<graph>` element and each `<edge>` with its line. */
export interface XmlGraphShape {
  graphElement: Element;
  edges: ArrayLike<Element>;
  lines: (number | undefined)[];
}

/**
 * Checks a GEXF or GraphML document before graphology's parser sees it: the
 * root element, a `<graph>`, every `<node>` with a distinct id, every
 * `<edge>` pointing at declared nodes; each failure a `DataError` with its line.
 */
export function checkXmlGraph(file: string, doc: Document, format: { root: string; name: string }): XmlGraphShape {
  const root = doc.documentElement;
  if (root.tagName !== format.root) {
    throw new DataError(
      { file, line: elementLine(root) ?? 1 },
      `not a ${format.name} file (root element <${root.tagName}>)`,
      `give a ${format.name} file or set --format`,
    );
  }
  const graphElement = doc.getElementsByTagName("graph")[0];
  if (!graphElement) {
    throw new DataError({ file, line: elementLine(root) ?? 1 }, `${format.name} file has no <graph> element`, "export the file again");
  }
  const ids = new Set<string>();
  const nodes = doc.getElementsByTagName("node");
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const id = node.getAttribute("id");
    if (id === null || id === "") {
      throw new DataError({ file, line: elementLine(node) }, "<node> has no id", "give every node an id attribute");
    }
    if (ids.has(id)) {
      throw new DataError({ file, line: elementLine(node) }, `duplicate node id "${id}"`, "give every node a distinct id");
    }
    ids.add(id);
  }
  const edges = doc.getElementsByTagName("edge");
  const lines: (number | undefined)[] = new Array(edges.length);
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i];
    lines[i] = elementLine(edge);
    for (const end of ["source", "target"]) {
      const ref = edge.getAttribute(end);
      if (ref === null || !ids.has(ref)) {
        throw new DataError(
          { file, line: lines[i] },
          ref === null ? `<edge> has no ${end}` : `edge ${end} "${ref}" is not a node id`,
          "declare the node or fix the edge",
        );
      }
    }
  }
  return { graphElement, edges, lines };
}
