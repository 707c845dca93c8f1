/**
 * Positions in JSON text, for error messages: where the first syntax error
 * is (Node 20's `JSON.parse` messages often give none), and where the value
 * at a path (`["edges", 12, "source"]`) begins. One iterative scanner (no
 * recursion, so any nesting depth), run only once something is wrong.
 */

export interface JsonSyntaxProblem {
  /** UTF-16 offset of the offending character (the text's length at the end). */
  offset: number;
  problem: string;
}

export interface LineColumn {
  line: number;
  column: number;
}

type Key = string | number;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumnAt(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** End (exclusive) of the string starting at `start` (a `"`), or a problem. */
function stringEnd(text: string, start: number): number | JsonSyntaxProblem {
  const n = text.length;
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { offset: i, problem: "control character (line break, tab, ...) inside a string" };
    if (c === 0x5c) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75) {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, problem: "bad \\u escape in a string" };
        i += 6;
        continue;
      }
      if ('"\\/bfnrt'.indexOf(text[i + 1] ?? "") === -1) return { offset: i, problem: "bad escape in a string" };
      i += 2;
      continue;
    }
    i++;
  }
  return { offset: n, problem: "string never closed" };
}

interface Frame {
  array: boolean;
  key: Key;
}

/**
 * Scans `text`; calls `onValue(path, offset)` where each value begins (stop
 * by returning true). Returns the first syntax problem, or null.
 */
function scan(text: string, onValue?: (path: readonly Frame[], offset: number) => boolean): JsonSyntaxProblem | null | "stopped" {
  const n = text.length;
  const stack: Frame[] = [];
  let i = 0;
  // states: 0 value expected, 1 after a value, 2 key or "}" expected, 3 key expected, 4 value or "]" expected
  let state = 0;
  for (;;) {
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (i >= n) {
      if (state === 1 && stack.length === 0) return null;
      return { offset: n, problem: "unexpected end of the JSON text (something is not closed)" };
    }
    const ch = text[i];
    if (state === 0 || state === 4) {
      if (state === 4 && ch === "]") {
        stack.pop();
        i++;
        state = 1;
        continue;
      }
      if (onValue && onValue(stack, i)) return "stopped";
      if (ch === "{") {
        stack.push({ array: false, key: "" });
        i++;
        state = 2;
      } else if (ch === "[") {
        stack.push({ array: true, key: 0 });
        i++;
        state = 4;
      } else if (ch === '"') {
        const end = stringEnd(text, i);
        if (typeof end !== "number") return end;
        i = end;
        state = 1;
      } else {
        const re = ch === "-" || (ch >= "0" && ch <= "9") ? NUMBER : LITERAL;
        re.lastIndex = i;
        const m = re.exec(text);
        if (!m) return { offset: i, problem: `unexpected ${describe(text, i)} where a value should be` };
        i += m[0].length;
        state = 1;
      }
      continue;
    }
    if (state === 1) {
      const top = stack[stack.length - 1];
      if (!top) return { offset: i, problem: `unexpected ${describe(text, i)} after the end of the JSON value` };
      if (ch === ",") {
        i++;
        if (top.array) {
          top.key = (top.key as number) + 1;
          state = 0;
        } else state = 3;
      } else if (ch === (top.array ? "]" : "}")) {
        stack.pop();
        i++;
        state = 1;
      } else return { offset: i, problem: `expected "," or "${top.array ? "]" : "}"}", found ${describe(text, i)}` };
      continue;
    }
    // state 2 or 3: a key
    if (state === 2 && ch === "}") {
      stack.pop();
      i++;
      state = 1;
      continue;
    }
    if (ch !== '"') return { offset: i, problem: `expected a "quoted" key, found ${describe(text, i)}` };
    const end = stringEnd(text, i);
    if (typeof end !== "number") return end;
    const top = stack[stack.length - 1];
    top.key = JSON.parse(text.slice(i, end)) as string;
    i = end;
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (text[i] !== ":") return i >= n ? { offset: n, problem: "unexpected end of the JSON text" } : { offset: i, problem: `expected ":" after the key, found ${describe(text, i)}` };
    i++;
    state = 0;
  }
}

function describe(text: string, i: number): string {
  const c = text.codePointAt(i);
  if (c === undefined) return "end of text";
  const s = String.fromCodePoint(c);
  return c < 0x20 || c === 0x7f ? `character U+${c.toString(16).toUpperCase().padStart(4, "0")}` : `"${s}"`;
}

/** The first syntax error of `text` as JSON, or null when it is valid JSON. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  const r = scan(text);
  return r === "stopped" ? null : r;
}

/** Offset where the value at `path` begins in (valid) JSON `text`, or -1. */
export function jsonValueOffset(text: string, path: readonly Key[]): number {
  let found = -1;
  scan(text, (stack, offset) => {
    if (stack.length !== path.length) return false;
    for (let d = 0; d < path.length; d++) if (stack[d].key !== path[d]) return false;
    found = offset;
    return true;
  });
  return found;
}

/** Line and column where the value at `path` begins, or `{}` when not found. */
export function jsonPathLocation(text: string, path: readonly Key[]): Partial<LineColumn> {
  const offset = jsonValueOffset(text, path);
  return offset === -1 ? {} : lineColumnAt(text, offset);
}
