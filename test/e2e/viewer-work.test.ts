/**
 * The map viewer for real work, in real headless Chromium on the demo's
 * congress atlas served by `atlas view`: the camera and the canvas follow
 * what is shown, filters that say what they do, keyboard and disabled
 * controls, a palette for many communities, and the leader badge explained.
 * Every check is a computed fact (viewport positions, counts from the atlas
 * file read here), never a timing.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, type PageProblems, startView, tempDir, type ViewProcess, waitForLoads } from "./helpers.ts";

interface AtlasFile {
  attributes: Record<string, unknown>;
  nodes: { key: string; attributes: Record<string, unknown> }[];
  edges: { key?: string; source: string; target: string; attributes?: Record<string, unknown> }[];
}

let view: ViewProcess;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;
let problems: PageProblems;
let atlas: AtlasFile;

/** Two animation frames: what the last change drew is on screen. */
const frames = (p: Page): Promise<void> => p.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/** Camera fits done so far (`body[data-fits]`). */
const fits = (p: Page): Promise<number> => p.evaluate(() => Number(document.body.dataset.fits ?? 0));

/** Waits for a fit after `before`, for the camera to stand still and for sigma to have drawn it. */
async function waitForFit(p: Page, before: number): Promise<void> {
  await p.waitForFunction((n) => Number(document.body.dataset.fits ?? 0) > n && !window.__atlas!.sigma!.getCamera().isAnimated(), before, { timeout: 15_000 });
  await frames(p);
}

/** Every node sigma shows (not hidden), with its viewport position (`graphToViewport`) and the canvas size. */
function visibleInViewport(p: Page): Promise<{ width: number; height: number; nodes: { key: string; x: number; y: number }[] }> {
  return p.evaluate(() => {
    const sigma = window.__atlas!.sigma!;
    const g = sigma.getGraph();
    const { width, height } = sigma.getDimensions();
    const nodes = g
      .filterNodes((key) => sigma.getNodeDisplayData(key)?.hidden === false)
      .map((key) => {
        const a = g.getNodeAttributes(key);
        const v = sigma.graphToViewport({ x: a.x as number, y: a.y as number });
        return { key, x: v.x, y: v.y };
      });
    return { width, height, nodes };
  });
}

/** The nodes shown whose viewport position is outside the canvas. */
async function outsideCanvas(p: Page): Promise<{ shown: number; outside: string[]; spanX: number; spanY: number; width: number; height: number }> {
  const { width, height, nodes } = await visibleInViewport(p);
  const outside = nodes.filter((n) => !(n.x >= 0 && n.x <= width && n.y >= 0 && n.y <= height)).map((n) => n.key);
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  return { shown: nodes.length, outside, spanX: Math.max(...xs) - Math.min(...xs), spanY: Math.max(...ys) - Math.min(...ys), width, height };
}

/** Moves the camera far from the map: no node on screen. */
async function lookAway(p: Page): Promise<void> {
  await p.evaluate(() => window.__atlas!.sigma!.getCamera().setState({ x: 40, y: -40, ratio: 0.05, angle: 0 }));
  await frames(p);
  const { shown, outside } = await outsideCanvas(p);
  expect(outside.length, "the camera looks away from every node").toBe(shown);
}

/** Checks that every node shown is on the canvas and that they fill it (a fit, not a chance). */
async function expectFramed(p: Page, what: string): Promise<number> {
  const r = await outsideCanvas(p);
  const camera = JSON.stringify(await p.evaluate(() => window.__atlas!.sigma!.getCamera().getState()));
  expect(r.shown, `${what}: nodes shown`).toBeGreaterThan(0);
  expect(r.outside, `${what}: nodes outside the canvas (camera ${camera})`).toEqual([]);
  if (r.shown > 1) expect(Math.max(r.spanX / r.width, r.spanY / r.height), `${what}: the nodes fill the canvas`).toBeGreaterThan(0.5);
  return r.shown;
}

beforeAll(async () => {
  atlas = JSON.parse(readFileSync(inject("demoAtlas"), "utf8")) as AtlasFile;
  view = await startView(inject("demoAtlas"));
  ({ browser, close: closeBrowser } = await launchBrowser());
  ({ page, problems } = await newPage(browser, { width: 1100, height: 720 }));
  // Seeded positions, no ForceAtlas2: the checks are geometric, any layout does.
  await page.goto(`${view.url}?layout=0`);
  await waitForLoads(page);
  await page.waitForFunction(() => document.body.dataset.edges === "ready");
});

afterAll(async () => {
  await closeBrowser?.();
  await view?.stop();
});

describe("the viewer for real work, on the demo's congress map", () => {
  it("should fit the camera to the nodes shown (niche view, filter, legend, search reset, Fit, 0 and Home) and resize the canvas with its container", async () => {
    // Entering the niche view.
    await lookAway(page);
    let before = await fits(page);
    await page.getByTestId("niche-toggle").click();
    await page.waitForFunction(() => document.body.dataset.collapsed === "true");
    await waitForFit(page, before);
    const communities = new Set(atlas.nodes.map((n) => n.attributes.community)).size;
    expect(await expectFramed(page, "niche view")).toBe(communities);

    // Leaving it.
    await lookAway(page);
    before = await fits(page);
    await page.getByTestId("niche-toggle").click();
    await page.waitForFunction(() => document.body.dataset.collapsed === "false");
    await waitForFit(page, before);
    expect(await expectFramed(page, "full map")).toBe(atlas.nodes.length);

    // A filter keeping the densest core.
    const cores = atlas.nodes.map((n) => n.attributes.coreness as number).sort((a, b) => a - b);
    const k = cores[Math.floor(cores.length * 0.9)];
    const kept = cores.filter((c) => c >= k).length;
    expect(kept).toBeLessThan(atlas.nodes.length);
    await lookAway(page);
    before = await fits(page);
    await page.getByTestId("filter-metric").selectOption("coreness");
    await page.getByTestId("filter-min").fill(String(k));
    await page.getByTestId("filter-max").fill("");
    await page.getByTestId("filter-apply").click();
    await waitForFit(page, before);
    expect(await expectFramed(page, "coreness filter")).toBe(kept);
    await page.getByTestId("filter-remove").click();

    // A legend toggle.
    const largest = await page.locator("[data-testid=legend-toggle]").first().getAttribute("data-community");
    await lookAway(page);
    before = await fits(page);
    await page.locator(`[data-testid=legend-toggle][data-community="${largest}"]`).uncheck();
    await waitForFit(page, before);
    expect(await expectFramed(page, "legend toggle")).toBe(atlas.nodes.filter((n) => String(n.attributes.community) !== largest).length);
    await page.locator(`[data-testid=legend-toggle][data-community="${largest}"]`).check();

    // A search, then the search cleared.
    const search = page.getByTestId("search-input");
    await search.fill("pelosi");
    await expect.poll(() => page.getByTestId("search-suggestion").count()).toBeGreaterThan(0);
    await lookAway(page);
    before = await fits(page);
    await search.fill("");
    await waitForFit(page, before);
    expect(await expectFramed(page, "search cleared")).toBe(atlas.nodes.length);

    // The Fit button, the 0 and Home keys.
    for (const action of ["button", "0", "Home"]) {
      await lookAway(page);
      before = await fits(page);
      if (action === "button") await page.getByTestId("fit-view").click();
      else {
        await page.locator("body").click({ position: { x: 5, y: 5 } });
        await page.keyboard.press(action);
      }
      await waitForFit(page, before);
      expect(await expectFramed(page, `fit by ${action}`)).toBe(atlas.nodes.length);
    }

    // The side panel opens and closes: the canvas follows its container.
    const dims = (): Promise<{ sigma: number; container: number; canvas: number }> =>
      page.evaluate(() => {
        const sigma = window.__atlas!.sigma!;
        const container = document.getElementById("sigma-container")!;
        return { sigma: sigma.getDimensions().width, container: container.offsetWidth, canvas: sigma.getCanvases().nodes.offsetWidth };
      });
    const wide = await dims();
    expect(wide.sigma).toBe(wide.container);
    await page.evaluate((key) => window.__atlas!.app.select(key, false), atlas.nodes[0].key);
    await expect.poll(() => page.getByTestId("node-panel").isVisible()).toBe(true);
    await frames(page);
    const narrow = await dims();
    expect(narrow.container).toBeLessThan(wide.container);
    expect(narrow).toEqual({ sigma: narrow.container, container: narrow.container, canvas: narrow.container });
    await page.getByTestId("node-panel-close").click();
    await expect.poll(() => page.getByTestId("node-panel").isVisible()).toBe(false);
    await frames(page);
    expect(await dims()).toEqual(wide);
  });

  it("should reset the bounds to a metric's range, refuse a minimum above the maximum, count what is shown and say when nothing is", async () => {
    const shown = page.getByTestId("shown");
    const all = `${atlas.nodes.length} of ${atlas.nodes.length} nodes, ${atlas.edges.length} of ${atlas.edges.length} edges shown`;
    expect(await shown.textContent()).toBe(all);

    // Picking a metric puts its range (from the atlas file) in the bounds.
    const range = (metric: string): [number, number] => {
      const values = atlas.nodes.map((n) => n.attributes[metric]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
      return [Math.min(...values), Math.max(...values)];
    };
    for (const metric of ["pagerank", "inDegree", "coreness"]) {
      await page.getByTestId("filter-metric").selectOption(metric);
      const bounds = [Number(await page.getByTestId("filter-min").inputValue()), Number(await page.getByTestId("filter-max").inputValue())];
      expect(bounds, metric).toEqual(range(metric));
    }

    // A filter and a legend toggle: the counts are those computed here from the file.
    const [, top] = range("coreness");
    const k = top - 3;
    const hiddenCommunity = Number(await page.locator("[data-testid=legend-toggle]").nth(1).getAttribute("data-community"));
    await page.getByTestId("filter-min").fill(String(k));
    await page.getByTestId("filter-max").fill("");
    await page.getByTestId("filter-apply").click();
    await page.locator(`[data-testid=legend-toggle][data-community="${hiddenCommunity}"]`).uncheck();
    const passes = new Set(atlas.nodes.filter((n) => (n.attributes.coreness as number) >= k && n.attributes.community !== hiddenCommunity).map((n) => n.key));
    const edges = atlas.edges.filter((e) => passes.has(e.source) && passes.has(e.target)).length;
    expect(passes.size).toBeGreaterThan(0);
    expect(passes.size).toBeLessThan(atlas.nodes.length);
    await expect.poll(() => shown.textContent()).toBe(`${passes.size} of ${atlas.nodes.length} nodes, ${edges} of ${atlas.edges.length} edges shown`);
    const visible = await page.evaluate(() => {
      const sigma = window.__atlas!.sigma!;
      return sigma.getGraph().filterNodes((key) => sigma.getNodeDisplayData(key)?.hidden === false).sort();
    });
    expect(visible).toEqual([...passes].sort());
    // The filter stays in the URL.
    expect(decodeURIComponent(page.url())).toContain(`f=coreness:${k}:`);
    expect(decodeURIComponent(page.url())).toContain(`hide=${hiddenCommunity}`);

    // A minimum above the maximum is refused, with a message, and nothing changes.
    const before = await shown.textContent();
    const url = page.url();
    await page.getByTestId("filter-min").fill("20");
    await page.getByTestId("filter-max").fill("10");
    await page.getByTestId("filter-apply").click();
    await expect.poll(() => page.getByTestId("filter-error").isVisible()).toBe(true);
    expect(await page.getByTestId("filter-error").textContent()).toMatch(/minimum \(20\) is above the maximum \(10\)/);
    expect(await page.getByTestId("filter-min").getAttribute("aria-invalid")).not.toBeNull();
    expect(await shown.textContent()).toBe(before);
    expect(page.url()).toBe(url);
    expect(await page.evaluate(() => (window.__atlas!.state as { filters: unknown[] }).filters)).toEqual([{ metric: "coreness", min: k, max: null }]);

    // Nothing matches: the empty state, and its reset button brings every node back.
    await page.getByTestId("filter-min").fill(String(top + 1));
    await page.getByTestId("filter-max").fill("");
    await page.getByTestId("filter-apply").click();
    await expect.poll(() => page.getByTestId("no-match").isVisible()).toBe(true);
    expect(await page.getByTestId("filter-error").isVisible()).toBe(false);
    expect(await page.getByTestId("no-match").textContent()).toContain("No node matches the filters");
    expect(await shown.textContent()).toBe(`0 of ${atlas.nodes.length} nodes, 0 of ${atlas.edges.length} edges shown`);
    await page.getByTestId("no-match-reset").click();
    await expect.poll(() => shown.textContent()).toBe(all);
    expect(await page.getByTestId("no-match").isVisible()).toBe(false);
    expect(page.url()).not.toContain("f=");
    expect(page.url()).not.toContain("hide=");
  });

  it("should have logged no error and opened no dialog", () => {
    expect(problems.dialogs).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});
