/**
 * The map viewer end to end, in real headless Chromium: the demo's congress
 * atlas served by `atlas view` (a real process), then drawing, search and the
 * side panel, legend toggles, the niche view, PNG export and shared links.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { communityColor } from "../../src/graph/palette.ts";
import { artifactPath, colourCounts, countNear, decodePng, launchBrowser, newPage, pngSize, ROOT, startView, type PageProblems, type ViewProcess, waitForLayoutIdle, waitForLoads } from "./helpers.ts";

let view: ViewProcess;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;
let problems: PageProblems;

/** Two animation frames: what the last state change drew is on screen. */
const frames = (p: Page): Promise<void> => p.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

async function canvasColours(p: Page, name?: string): Promise<Map<string, number>> {
  const container = p.getByTestId("sigma-container");
  const png = await container.screenshot(name ? { path: artifactPath(name) } : {});
  return colourCounts(decodePng(png));
}

interface Community {
  id: number;
  size: number;
  members: string[];
}

/** Communities of the loaded graph, largest first, from the page's own graph. */
function communities(p: Page): Promise<Community[]> {
  return p.evaluate(() => {
    const g = window.__atlas!.graph!;
    const byId = new Map<number, string[]>();
    g.forEachNode((key, a) => {
      const c = a.community as number;
      if (!byId.has(c)) byId.set(c, []);
      byId.get(c)!.push(key);
    });
    return [...byId].map(([id, members]) => ({ id, size: members.length, members })).sort((a, b) => b.size - a.size || a.id - b.id);
  });
}

beforeAll(async () => {
  view = await startView(inject("demoAtlas"));
  ({ browser, close: closeBrowser } = await launchBrowser());
  // 1024×700: the committed screenshot stays under 300 KB.
  ({ page, problems } = await newPage(browser, { width: 1024, height: 700 }));
  await page.goto(view.url);
  await waitForLoads(page);
  // The demo's atlas has no positions: ForceAtlas2 then noverlap run first.
  await waitForLayoutIdle(page);
});

afterAll(async () => {
  await closeBrowser?.();
  await view?.stop();
});

describe("atlas view on the demo's congress map", () => {
  it("should print only a 127.0.0.1 URL and draw the map in community colours", async () => {
    expect(view.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await page.evaluate(() => window.__atlas!.graph!.order)).toBe(475);
    expect(await page.getByTestId("status").textContent()).toMatch(/^475 nodes, 13289 edges, \d+ communities/);
    const comms = await communities(page);
    expect(comms.length).toBeGreaterThanOrEqual(2);
    const colours = await canvasColours(page, "congress-map.png");
    // Not blank: the background plus the colours of the largest communities.
    expect(colours.size).toBeGreaterThan(20);
    const present = comms.slice(0, 4).filter((c) => countNear(colours, communityColor(c.id)) > 100);
    expect(present.length).toBeGreaterThanOrEqual(Math.min(3, comms.length));
    const shot = await page.screenshot({ path: artifactPath("congress-page.png") });
    expect(pngSize(shot)).toEqual({ width: 1024, height: 700 });
    // The README's screenshot: written when missing or with ATLAS_UPDATE_SCREENSHOT=1 (and under 300 KB).
    const committed = join(ROOT, "docs", "screenshot-congress.png");
    if ((!existsSync(committed) || process.env.ATLAS_UPDATE_SCREENSHOT === "1") && shot.length < 300_000) {
      mkdirSync(dirname(committed), { recursive: true });
      copyFileSync(artifactPath("congress-page.png"), committed);
    }
    expect(statSync(committed).size).toBeLessThan(300_000);
  });

  it("should hide a community through the legend and show it again", async () => {
    const [largest] = await communities(page);
    const colour = communityColor(largest.id);
    const before = countNear(await canvasColours(page), colour);
    expect(before).toBeGreaterThan(500);
    const toggle = page.locator(`[data-testid=legend-toggle][data-community="${largest.id}"]`);
    await toggle.uncheck();
    await frames(page);
    const hidden = await page.evaluate((keys) => keys.map((k) => window.__atlas!.app.sigma!.getNodeDisplayData(k)?.hidden ?? null), largest.members);
    expect(hidden.every((h) => h === true)).toBe(true);
    const off = countNear(await canvasColours(page, "congress-community-hidden.png"), colour);
    expect(off).toBeLessThan(before * 0.05);
    expect(page.url()).toContain(`hide=${largest.id}`);
    await toggle.check();
    await frames(page);
    const on = countNear(await canvasColours(page), colour);
    expect(on).toBeGreaterThan(before * 0.9);
    expect(page.url()).not.toContain("hide=");
  });

  it("should collapse the map into one node per community and expand it back", async () => {
    const comms = await communities(page);
    await page.getByTestId("niche-toggle").click();
    await page.waitForFunction(() => document.body.dataset.collapsed === "true");
    await frames(page);
    const collapsed = await page.evaluate(() => {
      const g = window.__atlas!.app.sigma!.getGraph();
      return { order: g.order, members: g.mapNodes((_k, a) => a.members as number).sort((a, b) => b - a) };
    });
    expect(collapsed.order).toBe(comms.length);
    expect(collapsed.members).toEqual(comms.map((c) => c.size));
    const colours = await canvasColours(page, "congress-niche-view.png");
    expect(countNear(colours, communityColor(comms[0].id))).toBeGreaterThan(200);
    expect(page.url()).toContain("niche=1");
    await page.getByTestId("niche-toggle").click();
    await page.waitForFunction(() => document.body.dataset.collapsed === "false");
    expect(await page.evaluate(() => window.__atlas!.app.sigma!.getGraph().order)).toBe(475);
  });

  it("should find @SpeakerPelosi by search and show her in the side panel", async () => {
    await page.getByTestId("search-input").fill("speakerpel");
    const suggestion = page.getByTestId("search-suggestion").first();
    await expect.poll(() => suggestion.textContent()).toContain("SpeakerPelosi");
    await suggestion.click();
    await page.waitForFunction(() => document.body.dataset.selected !== "");
    const key = await page.evaluate(() => document.body.dataset.selected!);
    const attrs = await page.evaluate((k) => window.__atlas!.graph!.getNodeAttributes(k), key);
    expect(attrs.label).toBe("SpeakerPelosi");
    await expect.poll(() => page.getByTestId("node-label").textContent()).toBe("SpeakerPelosi");
    expect(await page.getByTestId("node-handle").textContent()).toBe("@SpeakerPelosi");
    expect(await page.getByTestId("node-profile-link").getAttribute("href")).toBe("https://x.com/SpeakerPelosi");
    const community = page.getByTestId("node-community");
    expect(await community.getAttribute("data-community")).toBe(String(attrs.community));
    expect(await community.textContent()).toMatch(new RegExp(`community ${attrs.community}: .+ \\(\\d+ nodes\\)`));
    // The demo's printed leaders put her first in her community.
    expect(await page.getByTestId("node-rank").textContent()).toMatch(/^rank 1 of \d+ in its community/);
    expect(await page.locator("[data-testid=node-metrics] tr[data-metric=pagerank] td").textContent()).toMatch(/^\d/);
    expect(await page.getByTestId("neighbours-in").locator("li").count()).toBe(5);
    expect(page.url()).toContain(`node=${key}`);
    await page.screenshot({ path: artifactPath("congress-selected.png") });
  });

  it("should export the view as a PNG of the canvas's size", async () => {
    const size = await page.evaluate(() => {
      const d = window.__atlas!.app.sigma!.getDimensions();
      return { width: Math.round(d.width * devicePixelRatio), height: Math.round(d.height * devicePixelRatio) };
    });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-png").click()]);
    expect(download.suggestedFilename()).toBe("congress.png");
    const bytes = readFileSync((await download.path())!);
    expect(pngSize(bytes)).toEqual(size);
    const img = decodePng(bytes);
    expect(colourCounts(img).size).toBeGreaterThan(20);
  });

  it("should reopen the same selection from a copied share link", async () => {
    const key = await page.evaluate(() => document.body.dataset.selected!);
    await page.getByTestId("share-link").click();
    await expect.poll(() => page.getByTestId("share-url").textContent()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#/);
    const url = (await page.getByTestId("share-url").textContent())!;
    expect(url).toContain(`node=${key}`);
    expect(url).toMatch(/cam=/);
    const other = await newPage(browser);
    try {
      await other.page.goto(url);
      await waitForLoads(other.page);
      expect(await other.page.evaluate(() => document.body.dataset.selected)).toBe(key);
      expect(await other.page.getByTestId("node-label").textContent()).toBe("SpeakerPelosi");
      const [a, b] = await Promise.all([page, other.page].map((p) => p.evaluate(() => window.__atlas!.app.sigma!.getCamera().getState())));
      expect(b.ratio).toBeCloseTo(a.ratio, 4);
      expect(b.x).toBeCloseTo(a.x, 4);
      expect(other.problems.pageErrors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });

  it("should have logged no error and opened no dialog", () => {
    expect(problems.dialogs).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});
