/**
 * `atlas view [file]`: serves the map viewer with one file on 127.0.0.1 and
 * prints its URL; `atlas view a b … [--compare]`: the compare page with the
 * niches side by side.
 */
import { join } from "node:path";
import { existsSync, statSync } from "node:fs";
import { Command } from "commander";
import { UsageError } from "../shared/errors.ts";
import { compareRoutes, dataRoute, ensureViewerBuilt, startViewServer, type ViewServer } from "../viz-server/index.ts";
import type { CliIo } from "./context.ts";
import { parseInteger } from "./options.ts";

export const VIEW_DEFAULT_PORT = 5178;
export const VIEW_DEFAULT_HOST = "127.0.0.1";

export interface ViewCliOptions {
  port: number;
  host: string;
  /** Host names allowed in the Host header besides localhost and the bound address (`--allowed-hosts`). */
  allowedHosts?: string[];
  rebuild?: boolean;
  compare?: boolean;
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

function checkFile(file: string): void {
  if (!existsSync(file)) throw new UsageError(`cannot read "${file}": no such file`);
  if (!statSync(file).isFile() && !existsSync(join(file, "atlas.json"))) {
    throw new UsageError(`cannot read "${file}": a directory that is not a columnar atlas (no atlas.json in it)`);
  }
}

async function listen(o: ViewCliOptions, options: Omit<Parameters<typeof startViewServer>[0], "host" | "port">): Promise<ViewServer> {
  try {
    return await startViewServer({ ...options, host: o.host, port: o.port, allowedHosts: o.allowedHosts });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new UsageError(`port ${o.port} is in use; pass --port N (0 picks a free port)`, { cause: error });
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new UsageError(`cannot listen on host "${o.host}"`, { cause: error });
    if (code === "EACCES") throw new UsageError(`port ${o.port} needs privileges; use a port above 1023`, { cause: error });
    throw error;
  }
}

function warnHost(io: CliIo, o: ViewCliOptions): void {
  if (o.host !== "127.0.0.1" && o.host !== "localhost" && o.host !== "::1") {
    io.err(`atlas view: warning: listening on ${o.host}: other machines can see this map\n`);
  }
}

/** Builds the viewer if needed, starts the server, prints the URL; returns the server (it keeps running). */
export async function serveViewer(io: CliIo, file: string | undefined, o: ViewCliOptions): Promise<ViewServer> {
  if (file !== undefined) checkFile(file);
  const root = await ensureViewerBuilt({ force: o.rebuild, log: (line) => io.err(`atlas view: ${line}\n`) });
  const route = file === undefined ? undefined : dataRoute(file);
  const server = await listen(o, { root, data: route?.route, files: route?.files });
  io.out(`${server.url}${route?.query ?? ""}\n`);
  io.err(`atlas view: serving ${file ?? "the viewer (no file: open one in the page)"}; press Ctrl+C to stop\n`);
  warnHost(io, o);
  return server;
}

/**
 * The compare page on `files` (atlas files, graph files, or the JSON of
 * `atlas compare --format json`): prints `…/compare.html?files=…`.
 */
export async function serveCompare(io: CliIo, files: readonly string[], o: ViewCliOptions): Promise<ViewServer> {
  for (const f of files) checkFile(f);
  const root = await ensureViewerBuilt({ force: o.rebuild, log: (line) => io.err(`atlas view: ${line}\n`) });
  const { routes, query } = compareRoutes(files);
  const server = await listen(o, { root, files: routes });
  io.out(`${server.url}compare.html${files.length > 0 ? query : ""}\n`);
  io.err(`atlas view: comparing ${files.length} files (${files.join(", ")}); press Ctrl+C to stop\n`);
  warnHost(io, o);
  return server;
}

export function viewCommand(io: CliIo, hooks: ViewHooks = {}): Command {
  return new Command("view")
    .description("open the map viewer on an atlas file (or any graph file, analyzed in the browser)")
    .argument("[files...]", "atlas file (or GEXF, GraphML, GML, GDF, CSV, edge list); without it, open a file in the page; several: the compare page")
    .option("-p, --port <n>", "port (0 = any free port)", parsePort, VIEW_DEFAULT_PORT)
    .option("--host <host>", "address to bind (other machines can connect if not 127.0.0.1)", VIEW_DEFAULT_HOST)
    .option(
      "--allowed-hosts <names>",
      "host names (comma-separated; .name for its subdomains too; all = any) the browser may use besides localhost, 127.0.0.1, [::1] and --host (DNS rebinding protection)",
      (v: string) => v.split(",").map((x) => x.trim()).filter(Boolean),
    )
    .option("--rebuild", "rebuild the viewer (dist/viz) even if it is up to date")
    .option("--compare", "open the compare page (maps side by side with their structural profiles); implied by several files")
    .addHelpText(
      "after",
      `
Prints the viewer's URL and serves until Ctrl+C. The viewer is built into
dist/viz on first use (Vite; a few seconds). Only the viewer and the given
file are served, and only to requests whose Host is localhost, 127.0.0.1,
[::1] or the --host address (any IP address with --host 0.0.0.0), or a name
of --allowed-hosts: a web page cannot read the map through DNS rebinding.

Examples:
  $ atlas view out/congress.atlas.json
  $ atlas view data/football/football.gml --port 8080
  $ atlas view out/big.atlas.json --host 0.0.0.0
  $ atlas view out/big.atlas.json --host 0.0.0.0 --allowed-hosts mybox.lan
  $ atlas view out/a.atlas.json out/b.atlas.json --compare
  $ atlas view out/a.atlas.json out/b.atlas.json out/cmp.json   # profiles from \`atlas compare --format json\``,
    )
    .action(async (files: string[], o: ViewCliOptions) => {
      const server = o.compare || files.length > 1 ? await serveCompare(io, files, o) : await serveViewer(io, files[0], o);
      hooks.onServer?.(server);
    });
}
