/**
 * Errors the engine raises on purpose. The CLI prints `UsageError` and
 * `DataError` as one line and exits 2; anything else is a bug (exit 1).
 */

/** Bad command-line arguments or options. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface DataErrorLocation {
  /** File name as the user gave it (or a label such as `<stdin>`). */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
}

/**
 * `text` with line breaks and other control characters escaped (`\n`,
 * `\u001b`), so that a message quoting bad input stays one line and sends
 * no escape sequence to the terminal.
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `text` with long quoted values and long words cut (`"abc…" (5000 characters)`), and at most 600 characters. */
function shorten(text: string): string {
  if (text.length <= 200) return text;
  const cut = text
    .replace(/"([^"]{100,})"/g, (_m, inner: string) => `"${inner.slice(0, 60)}…" (${inner.length} characters)`)
    .replace(/[^\s"]{100,}/g, (word) => `${word.slice(0, 60)}… (${word.length} characters)`);
  return cut.length <= 600 ? cut : `${cut.slice(0, 600)}…`;
}

/**
 * Bad input data. `message` says what is wrong, `hint` what to do; the
 * printed form is `FILE:LINE[:COL]: message; hint`.
 */
export class DataError extends Error {
  override name = "DataError";
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly problem: string;
  readonly hint: string;

  constructor(where: DataErrorLocation, problem: string, hint: string, options?: { cause?: unknown }) {
    const loc = [where.file, where.line, where.line !== undefined ? where.column : undefined]
      .filter((p) => p !== undefined)
      .join(":");
    problem = shorten(oneLine(problem));
    hint = shorten(oneLine(hint));
    super(`${oneLine(loc)}: ${problem}; ${hint}`, options);
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.problem = problem;
    this.hint = hint;
  }
}

/** Computation that cannot proceed (non-convergence, unsupported graph type). */
export class AnalysisError extends Error {
  override name = "AnalysisError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A collection that cannot go on: bad credentials, an endpoint outside the
 * access tier, a server that keeps failing. The message names the method,
 * endpoint and status and says what to do; it never contains credentials.
 */
export class CollectError extends Error {
  override name = "CollectError";
  readonly method: string;
  readonly endpoint: string;
  /** HTTP status, 0 when there was no response. */
  readonly status: number;
  /** Rate-limit reset (epoch seconds), when known. */
  readonly reset?: number;

  constructor(
    info: { method: string; endpoint: string; status: number; reset?: number },
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.method = info.method;
    this.endpoint = info.endpoint;
    this.status = info.status;
    this.reset = info.reset;
  }
}
