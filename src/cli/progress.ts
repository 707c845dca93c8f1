/**
 * Progress of long runs on stderr. Nothing is shown for runs shorter than
 * `QUIET_MS`; after that each stage prints its name, position and elapsed
 * time. On a terminal the line is rewritten in place; elsewhere (CI, pipes)
 * every update is a plain line. stdout is never touched.
 */
import type { AnalyzeProgress } from "../analyze/pipeline.ts";
import type { CliIo } from "./context.ts";

export const QUIET_MS = 2000;

export interface Progress {
  /** A free-form step (reading, writing). */
  note(text: string): void;
  /** Feed for `analyzeGraph`'s `onProgress`. */
  stage(event: AnalyzeProgress): void;
  /** Ends the display (newline after an in-place line); prints the total when anything was shown. */
  done(): void;
}

/**
 * Carriage return and erase line, starting a progress line over on a
 * terminal: control sequences, so written through `errRaw` (`err` makes them inert).
 */
export function eraseProgressLine(io: Pick<CliIo, "err" | "errRaw">): void {
  (io.errRaw ?? io.err)("\r\x1b[K");
}

export function createProgress(io: CliIo, command: string): Progress {
  const start = io.now();
  let stageStart = start;
  let shown = false;
  let openLine = false;
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const eraseLine = (): void => eraseProgressLine(io);
  const show = (text: string): void => {
    if (io.now() - start < QUIET_MS) return;
    shown = true;
    if (io.errIsTTY) {
      eraseLine();
      io.err(`${command}: ${text}`);
      openLine = true;
    } else io.err(`${command}: ${text}\n`);
  };
  return {
    note(text) {
      show(`${text} (${seconds(io.now() - start)})`);
    },
    stage(event) {
      const detail = event.detail ? ` (${event.detail})` : "";
      if (event.phase === "start") {
        stageStart = io.now();
        if (io.errIsTTY) show(`[${event.step}/${event.steps}] ${event.stage}${detail}…`);
        return;
      }
      show(
        `[${event.step}/${event.steps}] ${event.stage}${detail} ${seconds(io.now() - stageStart)}, ` +
          `total ${seconds(io.now() - start)}`,
      );
    },
    done() {
      if (!shown) return;
      if (openLine) eraseLine();
      io.err(`${command}: done in ${seconds(io.now() - start)}\n`);
      openLine = false;
    },
  };
}
