/**
 * Runs the store commands (collect, import, export, status) as `atlas` would,
 * in-process with captured output, or as a child process (for SIGKILL tests).
 * Mirrors src/cli/main.ts's error handling so the tests do not depend on the
 * wiring of main.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { CollectError } from "../../src/collect/errors.ts";
import { collectCommand, type CliEnv } from "../../src/cli/collect.ts";
import type { CliIo } from "../../src/cli/context.ts";
import { exportCommand } from "../../src/cli/export.ts";
import { importCommand } from "../../src/cli/import.ts";
import { statusCommand } from "../../src/cli/status.ts";
import { DataError, UsageError } from "../../src/shared/errors.ts";

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export function storeProgram(io: CliIo, env: CliEnv): Command {
  const program = new Command("atlas").exitOverride();
  for (const cmd of [collectCommand(io, env), importCommand(io), exportCommand(io), statusCommand(io)]) {
    program.addCommand(cmd);
  }
  const configure = (c: Command): void => {
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    for (const sub of c.commands) configure(sub);
  };
  configure(program);
  return program;
}

/** Runs `argv` and returns the exit code main.ts would give. */
export async function runStoreCli(argv: string[], io: CliIo, env: CliEnv): Promise<number> {
  try {
    await storeProgram(io, env).parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.code === "commander.helpDisplayed" ? 0 : 2;
    if (error instanceof UsageError || error instanceof DataError) {
      io.err(`atlas: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CollectError) {
      io.err(`atlas: ${error.message}\n`);
      return 1;
    }
    io.err(`atlas: internal error:\n${(error as Error).stack}\n`);
    return 1;
  }
}

/** In-process run with captured stdout/stderr. */
export async function atlas(argv: string[], env: CliEnv = {}): Promise<CliResult> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), errIsTTY: false, now: () => performance.now() };
  const code = await runStoreCli(argv, io, env);
  return { code, out, err };
}

const CHILD = fileURLToPath(new URL("./atlas-child.ts", import.meta.url));

/** Starts `atlas argv` in a child process (node + tsx); output is captured on the returned object. */
export function spawnAtlas(argv: string[], env: CliEnv): { child: ChildProcess; done: Promise<CliResult & { signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...argv], {
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
