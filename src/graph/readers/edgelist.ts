/**
 * SNAP-style whitespace edge lists (`.txt`, `.edgelist`, `.tsv`):
 * `source target [weight]` a line, `#` (or `%`) comment lines, blank lines,
 * LF or CRLF. Further columns are ignored. Scans the string once by char
 * code (no per-line regex split) and merges repeated pairs in a Map.
 */
import { DataError } from "../../shared/errors.ts";
import { createGraph, type AtlasGraph } from "../model.ts";
import { EdgeAccumulator, type MergedEdges } from "./accumulator.ts";
import { isNumeric, parseWeight } from "./text.ts";

/** Character codes (= bytes) of the edge-list syntax, shared with the byte-stream reader. */
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const TAB = 9;
/** Comment lines start with `#` or `%`. */
export const HASH = 35;
export const PERCENT = 37;

export interface EdgelistReadOptions {
  undirected?: boolean;
}

/** Reads a whitespace edge list into the model. */
export function readEdgelist(file: string, text: string, options: EdgelistReadOptions = {}): AtlasGraph {
  const graph = createGraph({ directed: !options.undirected });
  const acc = new EdgeAccumulator(graph);
  scanEdgelist(file, text, acc);
  acc.flush();
  return graph;
}

/**
 * Reads a whitespace edge list into merged typed arrays without building a
 * graphology graph (for very large files: feed the result to `csrFromEdges`).
 */
export function readEdgelistEdges(file: string, text: string, options: EdgelistReadOptions = {}): MergedEdges {
  const acc = new EdgeAccumulator(null, !options.undirected);
  scanEdgelist(file, text, acc);
  return acc.merge();
}

function scanEdgelist(file: string, text: string, acc: EdgeAccumulator): void {
  const n = text.length;
  let pos = 0;
  let line = 0;
  while (pos < n) {
    line++;
    let end = text.indexOf("\n", pos);
    if (end === -1) end = n;
    let i = pos;
    // skip leading blanks
    let c = text.charCodeAt(i);
    while (i < end && (c === SPACE || c === TAB || c === CR)) c = text.charCodeAt(++i);
    if (i >= end || c === HASH || c === PERCENT) {
      pos = end + 1;
      continue;
    }
    const s0 = i;
    while (i < end && c !== SPACE && c !== TAB && c !== CR) c = text.charCodeAt(++i);
    const source = text.slice(s0, i);
    while (i < end && (c === SPACE || c === TAB || c === CR)) c = text.charCodeAt(++i);
    if (i >= end) {
      throw new DataError(
        { file, line },
        `expected "source target [weight]", found one value "${source}"`,
        "give two node ids a line, separated by spaces or tabs",
      );
    }
    const t0 = i;
    while (i < end && c !== SPACE && c !== TAB && c !== CR) c = text.charCodeAt(++i);
    const target = text.slice(t0, i);
    while (i < end && (c === SPACE || c === TAB || c === CR)) c = text.charCodeAt(++i);
    let weight = 1;
    if (i < end) {
      const w0 = i;
      while (i < end && c !== SPACE && c !== TAB && c !== CR) c = text.charCodeAt(++i);
      const raw = text.slice(w0, i);
      weight = isNumeric(raw) ? +raw : Number.NaN;
      if (!Number.isFinite(weight)) weight = parseWeight(file, line, raw, w0 - pos + 1);
    }
    acc.add(source, target, weight);
    pos = end + 1;
  }
}
