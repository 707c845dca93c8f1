/**
 * Runs `atlas` for the store tests: in-process through the real
 * `run(argv, io, env)` of src/cli/main.ts with captured output, or as a
 * child process through the real entry point bin/atlas.js (for SIGKILL tests).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CliEnv, CliIo } from "../../src/cli/context.ts";
import { run } from "../../src/cli/main.ts";

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** In-process run of `atlas argv` with captured stdout/stderr and the environment `env` only. */
export async function atlas(argv: string[], env: CliEnv = {}): Promise<CliResult> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), errIsTTY: false, now: () => performance.now() };
  const code = await run(argv, io, env);
  return { code, out, err };
}

const BIN = fileURLToPath(new URL("../../bin/atlas.js", import.meta.url));

/** Starts `atlas argv` (bin/atlas.js) in a child process with `env` (plus PATH); output is captured on the returned object. */
export function spawnAtlas(argv: string[], env: CliEnv): { child: ChildProcess; done: Promise<CliResult & { signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [BIN, ...argv], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code: code ?? -1, signal, out, err }));
  });
  return { child, done };
}
