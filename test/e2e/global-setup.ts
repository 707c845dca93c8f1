/**
 * Once per `vitest run` for the e2e project: makes sure Chromium is there,
 * builds the viewer (so parallel test files do not race on dist/viz), and
 * runs `atlas demo` as a real process into a temporary directory whose
 * atlas file every e2e test opens (`inject("demoAtlas")`).
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ensureViewerBuilt } from "../../src/viz-server/index.ts";
import { CHROMIUM, runAtlas, tempDir } from "./helpers.ts";

declare module "vitest" {
  export interface ProvidedContext {
    demoAtlas: string;
    demoDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`node scripts/ensure-chromium.mjs\` (as root) first`);
  await ensureViewerBuilt();
  const dir = tempDir("atlas-e2e-demo-");
  const r = await runAtlas(["demo", "--out", dir]);
  if (r.code !== 0) throw new Error(`atlas demo failed (${r.code}):\n${r.stderr}`);
  project.provide("demoAtlas", join(dir, "congress.atlas.json"));
  project.provide("demoDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
