/** Helpers of the CLI tests: run `atlas` as a real process or in-process. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { run } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/context.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = ROOT + "bin/atlas.js";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/atlas.js ...args` as a child process (cwd = repo root unless given). */
export function spawnAtlas(args: string[], cwd: string = ROOT): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: "1" } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `main` in this process with captured output (same code path, no process start-up). */
export async function runAtlas(args: string[], clock: () => number = () => performance.now()): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    errIsTTY: false,
    now: clock,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Lines of a command's stderr that are not progress notes (`atlas analyze:
 * pagerank [3/17] (1.2 s)`, `… ETA 4.0 s`, `… done in 9.1 s`), which a run
 * prints once it passes 2 s: on a loaded machine any run may.
 */
export function stderrProblems(stderr: string): string[] {
  return stderr
    .split(/\r|\n/)
    .map((line) => line.replace(/\x1b\[K/g, ""))
    .filter((line) => line !== "" && !/^atlas [\w-]+: .*(\([\d.]+ s\)|ETA [\d.]+ s|, [\d.]+ s|total [\d.]+ s|done in [\d.]+ s)$/.test(line));
}
