/** What every command gets: output streams and a clock (injected for tests). */
export interface CliIo {
  /** Results (stdout). */
  out(text: string): void;
  /** Messages, progress and errors (stderr). */
  err(text: string): void;
  /**
   * stderr for the terminal control sequences of the progress line (`\r`,
   * erase line), written as they are; `out` and `err` make every control
   * character inert (`run` wraps them in `terminalSafe`). Default: `err`.
   */
  errRaw?(text: string): void;
  /** stderr is a terminal: progress may rewrite its line. */
  errIsTTY: boolean;
  /** Milliseconds, monotonic. */
  now(): number;
}

/** Environment read by the commands (tokens, API base URLs; injected in tests). */
export type CliEnv = Readonly<Record<string, string | undefined>>;

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errRaw: (text) => process.stderr.write(text),
    errIsTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
    now: () => performance.now(),
  };
}
