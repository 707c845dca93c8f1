/**
 * An atlas with stored positions (`atlas analyze --layout`) opens in the
 * viewer as it was laid out: every node where the file puts it, and no
 * layout running in the page.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, type PageProblems, runAtlas, startView, tempDir, type ViewProcess, waitForLoads } from "./helpers.ts";

let dir: string;
let file: string;
let view: ViewProcess;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  dir = tempDir("atlas-e2e-layout-");
  file = join(dir, "karate.atlas.json");
  const r = await runAtlas(["analyze", "data/karate/karate_club.gml", "--out", file, "--layout", "--seed", "1"]);
  expect(r.code).toBe(0);
  view = await startView(file);
  ({ browser, close: closeBrowser } = await launchBrowser());
  ({ page, problems } = await newPage(browser));
  await page.goto(view.url);
  await waitForLoads(page, 1);
});

afterAll(async () => {
  await closeBrowser?.();
  await view?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("stored positions in the viewer", () => {
  it("should draw every node at the position the atlas file stores, with no layout running", async () => {
    const stored = new Map<string, [number, number]>(
      (JSON.parse(readFileSync(file, "utf8")).nodes as { key: string; attributes: { x: number; y: number } }[]).map((n) => [n.key, [n.attributes.x, n.attributes.y]]),
    );
    expect(stored.size).toBe(34);
    await page.waitForTimeout(500);
    const shown = await page.evaluate(() => window.__atlas!.graph!.mapNodes((key, a) => [key, a.x as number, a.y as number] as const));
    expect(shown).toHaveLength(34);
    for (const [key, x, y] of shown) expect([x, y], key).toEqual(stored.get(key));
    expect(await page.getByTestId("layout-toggle").getAttribute("data-phase")).toBe("idle");
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});
