/** `atlas publish <atlas file> --out DIR`: a static site (viewer + data) any static web server can host. */
import { cp, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Command } from "commander";
import { UsageError } from "../shared/errors.ts";
import { ensureViewerBuilt } from "../viz-server/index.ts";
import type { CliIo } from "./context.ts";
import { parseAtlasFile, readBytes } from "./io.ts";
import { ensureDirectory, prepareOutputDirectory } from "./output-path.ts";

/** Marks a directory written by `atlas publish` (it may be overwritten by the next publish). */
export const PUBLISH_MARKER = ".atlas-publish";

export interface PublishCliOptions {
  out: string;
  rebuild?: boolean;
}

/** Writes the site; returns the files written (relative to `out`). */
export async function publishSite(io: CliIo, input: string, o: PublishCliOptions): Promise<string[]> {
  const bytes = await readBytes(input);
  const graph = await parseAtlasFile(input, bytes, "json");
  if (!graph) throw new UsageError(`"${input}" is not an atlas file; create one with \`atlas analyze ${input}\` and publish that`);
  await prepareOutputDirectory(o.out);
  if (existsSync(o.out)) {
    const entries = await readdir(o.out);
    if (entries.length > 0 && !entries.includes(PUBLISH_MARKER)) {
      throw new UsageError(`--out ${o.out}: the directory is not empty and was not written by \`atlas publish\`; choose an empty or new directory`);
    }
    for (const e of entries) await rm(join(o.out, e), { recursive: true, force: true });
  }
  const root = await ensureViewerBuilt({ force: o.rebuild, log: (line) => io.err(`atlas publish: ${line}\n`) });
  await ensureDirectory(join(o.out, "data"), o.out);
  await cp(root, o.out, { recursive: true, filter: (src) => !src.endsWith(".build-stamp") });
  const json = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  await writeFile(join(o.out, "data", "atlas.json"), json);
  await writeFile(join(o.out, PUBLISH_MARKER), `published from ${input}\n`);
  const files = (await readdir(o.out, { recursive: true })).map(String).filter((f) => !f.startsWith(".")).sort();
  return files;
}

export function publishCommand(io: CliIo): Command {
  return new Command("publish")
    .description("write a static site (the viewer and the atlas file) that any static web server can host")
    .argument("<atlas>", "atlas file written by `atlas analyze` (.json or .json.gz)")
    .requiredOption("-o, --out <dir>", "directory to write (created; must be empty or a previous publish)")
    .option("--rebuild", "rebuild the viewer (dist/viz) even if it is up to date")
    .addHelpText(
      "after",
      `
The site needs no engine and no network: index.html, assets/ and
data/atlas.json. Serve it with any static server (browsers do not run it from
file://), e.g. python3 -m http.server -d DIR.

Examples:
  $ atlas publish out/congress.atlas.json --out site/
  $ atlas view site/data/atlas.json   # or any static server on site/`,
    )
    .action(async (input: string, o: PublishCliOptions) => {
      const files = await publishSite(io, input, o);
      io.out(`wrote ${o.out} (${files.filter((f) => f.includes(".")).length} files: index.html, assets/, data/atlas.json); serve it with any static web server\n`);
    });
}
