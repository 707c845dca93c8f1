/** What every command gets: output streams and a clock (injected for tests). */
export interface CliIo {
  /** Results (stdout). */
  out(text: string): void;
  /** Messages, progress and errors (stderr). */
  err(text: string): void;
  /** stderr is a terminal: progress may rewrite its line. */
  errIsTTY: boolean;
  /** Milliseconds, monotonic. */
  now(): number;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
    now: () => performance.now(),
  };
}
