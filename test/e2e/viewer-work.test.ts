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
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { COMMUNITY_GREY } from "../../src/graph/palette.ts";
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
let dir: string;

/** CIELAB distance (ΔE*76) of two `#rrggbb` colours. */
function deltaE(a: string, b: string): number {
  const lab = (hex: string): [number, number, number] => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
    const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
    const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

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

/** Moves the camera far from the map (once any fit under way is over): no node on screen. */
async function lookAway(p: Page): Promise<void> {
  await p.waitForFunction(() => !window.__atlas!.sigma!.getCamera().isAnimated());
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
  dir = tempDir("atlas-e2e-work-");
  atlas = JSON.parse(readFileSync(inject("demoAtlas"), "utf8")) as AtlasFile;
  view = await startView(inject("demoAtlas"));
  ({ browser, close: closeBrowser } = await launchBrowser());
  ({ page, problems } = await newPage(browser, { width: 1100, height: 720 }));
});

/** Each test starts on the map as served, whatever the one before left. */
beforeEach(async () => {
  await page.goto("about:blank");
  // Seeded positions, no ForceAtlas2: the checks are geometric, any layout does.
  await page.goto(`${view.url}?layout=0`);
  await waitForLoads(page);
  await page.waitForFunction(() => document.body.dataset.edges === "ready");
});

afterAll(async () => {
  await closeBrowser?.();
  await view?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
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

  it("should close the node panel with Escape, disable the map's controls until a map is loaded, and give more than 15 communities distinct colours then a grey \"other\"", async () => {
    // Escape: the suggestions first (when open), then the node panel.
    const search = page.getByTestId("search-input");
    await search.fill("speakerpel");
    await expect.poll(() => page.getByTestId("search-suggestion").count()).toBeGreaterThan(0);
    await page.getByTestId("search-suggestion").first().click();
    await expect.poll(() => page.getByTestId("node-panel").isVisible()).toBe(true);
    await search.fill("speakerpel");
    await expect.poll(() => page.getByTestId("search-suggestions").isVisible()).toBe(true);
    await search.press("Escape");
    expect(await page.getByTestId("search-suggestions").isVisible()).toBe(false);
    expect(await page.getByTestId("node-panel").isVisible()).toBe(true);
    await page.getByTestId("node-label").click();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("node-panel").isVisible()).toBe(false);
    expect(await page.evaluate(() => document.body.dataset.selected)).toBe("");
    expect(page.url()).not.toContain("node=");

    // Before a map is loaded (no served file: the drop zone), the controls that need one are disabled.
    const controls = ["layout-toggle", "edges-toggle", "niche-toggle", "share-link", "export-png", "export-svg", "save-positions", "fit-view", "search-input", "color-by", "size-by", "size-scale", "filter-apply", "filter-min", "legend-hide-all"];
    const other = await newPage(browser);
    try {
      await other.page.route("**/data/atlas.json", (route) => route.fulfill({ status: 204, body: "" }));
      await other.page.goto(`${view.url}?layout=0`);
      await other.page.waitForFunction(() => document.body.dataset.state === "empty");
      const disabled = (): Promise<boolean[]> => Promise.all(controls.map((id) => other.page.getByTestId(id).isDisabled()));
      expect(await disabled()).toEqual(controls.map(() => true));
      expect(await other.page.getByTestId("open-file").isDisabled()).toBe(false);

      // A copy of the congress atlas with 40 communities (and no stored leaders), opened by the file picker.
      const many = JSON.parse(JSON.stringify(atlas)) as AtlasFile;
      many.nodes.forEach((n, i) => (n.attributes.community = i % 40));
      (many.attributes.atlas as Record<string, unknown>).communities = [];
      const file = join(dir, "many.atlas.json");
      writeFileSync(file, JSON.stringify(many));
      await other.page.getByTestId("file-input").setInputFiles(file);
      await waitForLoads(other.page);
      await other.page.waitForFunction(() => document.body.dataset.edges === "ready");
      expect(await disabled()).toEqual(controls.map(() => false));

      // Every node drawn in its community's colour: 32 distinct ones, then grey.
      const drawn = await other.page.evaluate(() => {
        const sigma = window.__atlas!.sigma!;
        const byCommunity: Record<number, string[]> = {};
        sigma.getGraph().forEachNode((key, a) => {
          const colour = sigma.getNodeDisplayData(key)!.color.toUpperCase();
          (byCommunity[a.community as number] ??= []).includes(colour) || byCommunity[a.community as number].push(colour);
        });
        return byCommunity;
      });
      for (let id = 0; id < 40; id++) expect(drawn[id], `community ${id} has one colour`).toHaveLength(1);
      const colours = Array.from({ length: 40 }, (_, id) => drawn[id][0]);
      const palette = colours.slice(0, 32);
      expect(new Set(palette).size).toBe(32);
      expect(palette).not.toContain(COMMUNITY_GREY.toUpperCase());
      expect(colours.slice(32)).toEqual(Array(8).fill(COMMUNITY_GREY.toUpperCase()));
      // Distinct to the eye: every pair at least 10 apart in CIELAB (ΔE*76).
      let closest = Infinity;
      for (let i = 0; i < palette.length; i++) for (let j = i + 1; j < palette.length; j++) closest = Math.min(closest, deltaE(palette[i], palette[j]));
      expect(closest).toBeGreaterThan(10);

      // The legend: one row per coloured community, then "other" for the 8 grey ones.
      const rows = await other.page.getByTestId("legend-item").evaluateAll((els) => els.map((e) => [Number(e.getAttribute("data-community")), e.getAttribute("data-color")!.toUpperCase()] as const));
      expect(rows).toHaveLength(32);
      for (const [id, colour] of rows) expect(colour, `legend colour of community ${id}`).toBe(colours[id]);
      const otherRow = other.page.getByTestId("legend-other");
      expect(await otherRow.getAttribute("data-communities")).toBe("8");
      const greyNodes = many.nodes.filter((n) => (n.attributes.community as number) >= 32).length;
      expect(await otherRow.textContent()).toBe(`other (8 communities)${greyNodes}`);
      await other.page.getByTestId("legend-other-toggle").uncheck();
      await expect
        .poll(() => other.page.getByTestId("shown").textContent())
        .toMatch(new RegExp(`^${many.nodes.length - greyNodes} of ${many.nodes.length} nodes,`));
      await other.page.getByTestId("legend-other-toggle").check();
      await expect.poll(() => other.page.getByTestId("shown").textContent()).toMatch(new RegExp(`^${many.nodes.length} of ${many.nodes.length} nodes,`));
      expect(other.problems.pageErrors).toEqual([]);
      expect(other.problems.consoleErrors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });

  it("should explain a leader's rank badge in a tooltip and a key, both reachable and closed by keyboard", async () => {
    // An unstable leader of the demo, with its rank, interval and composite score from the file.
    const attrsOf = new Map(atlas.nodes.map((n) => [n.key, n.attributes]));
    const communities = (atlas.attributes.atlas as { communities: { id: number; leaders: string[] }[] }).communities;
    const community = communities.find((c) => c.leaders.some((k) => attrsOf.get(k)!.unstableLeader === true))!;
    const leader = community.leaders.find((k) => attrsOf.get(k)!.unstableLeader === true)!;
    const a = attrsOf.get(leader)!;
    const score = Number((a.compositeScore as number).toPrecision(4));
    const expected = `rank ${a.compositeRank}, 90% interval ${a.rankLow}–${a.rankHigh}, unstable: the rank moves a lot across resamplings; composite score ${score}`;

    await page.getByTestId("leaders-community").selectOption(String(community.id));
    const badge = page.locator(`[data-testid=leaders-list] li:has([data-key="${leader}"]) [data-testid=leader-badge]`);
    expect((await badge.textContent())!.trim()).toBe(`#${a.compositeRank} [${a.rankLow}–${a.rankHigh}] unstable`);
    expect(await page.getByTestId("leaders-head").textContent()).toBe("leader #rank [90% interval] composite score");
    const tooltip = page.getByTestId("badge-tooltip");
    expect(await badge.getAttribute("aria-describedby")).toBe(await tooltip.getAttribute("id"));
    expect(await tooltip.getAttribute("role")).toBe("tooltip");

    // Another node's panel is open: Escape closes the tooltip first, then the panel.
    await page.evaluate((key) => window.__atlas!.app.select(key, false), atlas.nodes[0].key);
    await expect.poll(() => page.getByTestId("node-panel").isVisible()).toBe(true);
    // From the leader's name, Tab reaches its badge: the tooltip says what it means.
    await page.locator(`[data-testid=leader-item][data-key="${leader}"]`).focus();
    await page.keyboard.press("Tab");
    expect(await badge.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toBe(expected);
    await page.keyboard.press("Escape");
    await expect.poll(() => tooltip.isVisible()).toBe(false);
    expect(await page.getByTestId("node-panel").isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("node-panel").isVisible()).toBe(false);

    // The pointer shows it too.
    await badge.blur();
    await badge.hover();
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toBe(expected);
    await page.getByTestId("title").hover();
    await expect.poll(() => tooltip.isVisible()).toBe(false);

    // The key of the badges: a button that says whether it is open, Enter opens it, Escape closes it.
    const help = page.getByTestId("leaders-help");
    const key = page.getByTestId("leaders-key");
    expect(await help.getAttribute("aria-expanded")).toBe("false");
    expect(await key.isVisible()).toBe(false);
    await help.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => key.isVisible()).toBe(true);
    expect(await help.getAttribute("aria-expanded")).toBe("true");
    expect(await key.textContent()).toContain("the 90% interval of that rank over the resamplings");
    expect(await key.textContent()).toContain('"unstable" when the rank moves a lot across resamplings');
    await page.keyboard.press("Escape");
    await expect.poll(() => key.isVisible()).toBe(false);
    expect(await help.getAttribute("aria-expanded")).toBe("false");
    expect(await help.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("should have logged no error and opened no dialog", () => {
    expect(problems.dialogs).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});
