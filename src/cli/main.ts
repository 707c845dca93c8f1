/**
 * The `atlas` command: wires the subcommands and turns errors into exit codes.
 * 0 success; 2 bad input or usage (`UsageError`, `DataError`, commander's
 * usage errors), printed as one line; 1 anything else, with its stack.
 */
import { Command, CommanderError } from "commander";
import { CollectError, DataError, UsageError } from "../shared/errors.ts";
import { terminalSafe } from "../shared/terminal.ts";
import { collectCommand } from "./collect.ts";
import { exportCommand } from "./export.ts";
import { importCommand } from "./import.ts";
import { statusCommand } from "./status.ts";
import { analyzeCommand } from "./analyze.ts";
import { compareCommand } from "./compare.ts";
import { type CliEnv, type CliIo, processIo } from "./context.ts";
import { convertCommand } from "./convert.ts";
import { demoCommand } from "./demo.ts";
import { infoCommand } from "./info.ts";
import { layoutCommand } from "./layout.ts";
import { listenCommand } from "./listen.ts";
import { publishCommand } from "./publish.ts";
import { reportCommand } from "./report.ts";
import { viewCommand } from "./view.ts";

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

/** Runs `atlas` with `argv` (the arguments after the program name). */
export async function main(argv: string[]): Promise<number> {
  return run(argv, processIo());
}

/**
 * `main` with injected output streams and environment (tests run it
 * in-process). `env` is read by the collect commands (tokens, API base URLs).
 */
export async function run(argv: string[], rawIo: CliIo, env: CliEnv = process.env): Promise<number> {
  const io = terminalSafeIo(rawIo);
  const program = buildProgram(io, env);
  try {
    await program.parseAsync(argv, { from: "user" });
    return EXIT_OK;
  } catch (error) {
    return handleError(error, io);
  }
}

/**
 * `io` with everything printed made inert for a terminal (`terminalSafe`:
 * labels with ESC sequences, C1 or bidi controls), the progress line's own
 * control sequences excepted (`errRaw`).
 */
export function terminalSafeIo(io: CliIo): CliIo {
  return {
    ...io,
    out: (text) => io.out(terminalSafe(text)),
    err: (text) => io.err(terminalSafe(text)),
    errRaw: (text) => (io.errRaw ?? io.err)(text),
  };
}

export function buildProgram(io: CliIo, env: CliEnv = process.env): Command {
  const program = new Command("atlas")
    .description("influence-atlas: find the communities of a network and the opinion leaders of each")
    .addHelpText(
      "after",
      `
Examples:
  $ atlas demo
  $ atlas analyze data/karate/karate_club.gml
  $ atlas report out/karate_club.atlas.json --format html --out out/karate.html
  $ atlas <command> --help`,
    );
  program.addCommand(analyzeCommand(io));
  program.addCommand(reportCommand(io));
  program.addCommand(compareCommand(io));
  program.addCommand(convertCommand(io));
  program.addCommand(infoCommand(io));
  program.addCommand(layoutCommand(io));
  program.addCommand(demoCommand(io));
  program.addCommand(viewCommand(io));
  program.addCommand(publishCommand(io));
  program.addCommand(collectCommand(io, env));
  program.addCommand(listenCommand(io, env));
  program.addCommand(importCommand(io, env));
  program.addCommand(exportCommand(io));
  program.addCommand(statusCommand(io));
  configure(program, io);
  return program;
}

/** Every command: output through `io`, throw instead of exiting, errors on one line. */
function configure(cmd: Command, io: CliIo): void {
  cmd
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // Commander's messages ("error: unknown option '--x'") become one line.
      outputError: (s, write) => write(`atlas ${cmdPath(cmd)}${oneLine(s)} (see --help)\n`),
    });
  for (const sub of cmd.commands) configure(sub, io);
}

function cmdPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c && c.parent; c = c.parent) names.unshift(c.name());
  return names.length ? `${names.join(" ")}: ` : "";
}

function handleError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // --help / --version, or help shown for a bare `atlas`: exitCode 0 / 1.
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT_OK;
    if (error.code === "commander.help") return EXIT_USAGE;
    return EXIT_USAGE; // message already printed by outputError
  }
  if (error instanceof UsageError || error instanceof DataError) {
    io.err(`atlas: ${oneLine(error.message)}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof CollectError) {
    // A collection that cannot go on (credentials, access tier, a failing server): what is
    // collected so far is committed; the message says what to do. Exit 1, no stack.
    io.err(`atlas: ${oneLine(error.message)}\n`);
    return EXIT_INTERNAL;
  }
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  io.err(`atlas: internal error (please report it):\n${stack}\n`);
  return EXIT_INTERNAL;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
