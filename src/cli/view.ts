/** `atlas view [file]`: serves the map viewer with one file on 127.0.0.1 and prints its URL. */
import { existsSync, statSync } from "node:fs";
import { Command } from "commander";
import { UsageError } from "../shared/errors.ts";
import { dataRoute, ensureViewerBuilt, startViewServer, type ViewServer } from "../viz-server/index.ts";
import type { CliIo } from "./context.ts";
import { parseInteger } from "./options.ts";

export const VIEW_DEFAULT_PORT = 5178;
export const VIEW_DEFAULT_HOST = "127.0.0.1";

export interface ViewCliOptions {
  port: number;
  host: string;
  rebuild?: boolean;
}

export interface ViewHooks {
  /** Receives the running server (tests close it). */
  onServer?: (server: ViewServer) => void;
}

function parsePort(value: string): number {
  const n = parseInteger(value);
  if (n < 0 || n > 65535) throw new UsageError(`--port ${value}: a port is 0..65535 (0 = any free port)`);
  return n;
}

/** Builds the viewer if needed, starts the server, prints the URL; returns the server (it keeps running). */
export async function serveViewer(io: CliIo, file: string | undefined, o: ViewCliOptions): Promise<ViewServer> {
  if (file !== undefined) {
    if (!existsSync(file)) throw new UsageError(`cannot read "${file}": no such file`);
    if (!statSync(file).isFile()) throw new UsageError(`cannot read "${file}": not a file`);
  }
  const root = await ensureViewerBuilt({ force: o.rebuild, log: (line) => io.err(`atlas view: ${line}\n`) });
  const route = file === undefined ? undefined : dataRoute(file);
  let server: ViewServer;
  try {
    server = await startViewServer({ root, data: route?.route, host: o.host, port: o.port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new UsageError(`port ${o.port} is in use; pass --port N (0 picks a free port)`, { cause: error });
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new UsageError(`cannot listen on host "${o.host}"`, { cause: error });
    if (code === "EACCES") throw new UsageError(`port ${o.port} needs privileges; use a port above 1023`, { cause: error });
    throw error;
  }
  io.out(`${server.url}${route?.query ?? ""}\n`);
  io.err(`atlas view: serving ${file ?? "the viewer (no file: open one in the page)"}; press Ctrl+C to stop\n`);
  if (o.host !== "127.0.0.1" && o.host !== "localhost" && o.host !== "::1") {
    io.err(`atlas view: warning: listening on ${o.host}: other machines can see this map\n`);
  }
  return server;
}

export function viewCommand(io: CliIo, hooks: ViewHooks = {}): Command {
  return new Command("view")
    .description("open the map viewer on an atlas file (or any graph file, analyzed in the browser)")
    .argument("[file]", "atlas file (or GEXF, GraphML, GML, GDF, CSV, edge list); without it, open a file in the page")
    .option("-p, --port <n>", "port (0 = any free port)", parsePort, VIEW_DEFAULT_PORT)
    .option("--host <host>", "address to bind (other machines can connect if not 127.0.0.1)", VIEW_DEFAULT_HOST)
    .option("--rebuild", "rebuild the viewer (dist/viz) even if it is up to date")
    .addHelpText(
      "after",
      `
Prints the viewer's URL and serves until Ctrl+C. The viewer is built into
dist/viz on first use (Vite; a few seconds). Only the viewer and the given
file are served.

Examples:
  $ atlas view out/congress.atlas.json
  $ atlas view data/football/football.gml --port 8080
  $ atlas view out/big.atlas.json --host 0.0.0.0`,
    )
    .action(async (file: string | undefined, o: ViewCliOptions) => {
      const server = await serveViewer(io, file, o);
      hooks.onServer?.(server);
    });
}
