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
    super(`${loc}: ${problem}; ${hint}`, options);
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
