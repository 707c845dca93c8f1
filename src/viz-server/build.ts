/**
 * The built viewer (`dist/viz`): built with Vite's JS API on first use, and
 * rebuilt when a source it bundles (viz/, src/graph, src/analyze, src/shared)
 * is newer than the last build. Vite is loaded only when a build is needed.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is src/viz-server/build.ts). */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const VIZ_DIST = join(REPO_ROOT, "dist", "viz");
const STAMP = ".build-stamp";
const SOURCES = ["viz", "src/graph", "src/analyze", "src/shared"];

/** Newest modification time (ms) of the files under `dir` (skipping node_modules and dot-entries). */
function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/viz is missing or older than a source it bundles. */
export function viewerIsStale(root = REPO_ROOT, dist = VIZ_DIST): boolean {
  const stamp = join(dist, STAMP);
  if (!existsSync(join(dist, "index.html")) || !existsSync(stamp)) return true;
  if (!existsSync(join(root, "viz", "index.html"))) return false; // an install without the sources: use what is built
  const built = statSync(stamp).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(root, s)) > built);
}

/**
 * Returns the directory of the built viewer, building it first when missing
 * or stale (or always with `force`). `log` receives one line per build.
 */
export async function ensureViewerBuilt(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<string> {
  if (!options.force && !viewerIsStale()) return VIZ_DIST;
  if (!existsSync(join(REPO_ROOT, "viz", "index.html"))) {
    throw new Error(`viz-server: the viewer is not built (${VIZ_DIST}) and its sources (viz/) are missing; reinstall influence-atlas, or run \`npm run viz:build\` in a clone of the repository`);
  }
  options.log?.("building the viewer (vite build, a few seconds)…");
  const started = Date.now();
  const { build } = await import("vite");
  await build({ configFile: join(REPO_ROOT, "viz", "vite.config.ts"), logLevel: "warn" });
  await writeFile(join(VIZ_DIST, STAMP), new Date().toISOString() + "\n");
  options.log?.(`built the viewer in ${((Date.now() - started) / 1000).toFixed(1)} s → ${VIZ_DIST}`);
  return VIZ_DIST;
}
