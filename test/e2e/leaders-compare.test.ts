/**
 * The leadership columns (role, stability, composite rank and interval) in the viewer's panels, and the compare page, in real
 * headless Chromium: a karate atlas file with role, stability, composite rank
 * and its interval added to one leader (and top items to its community), and
 * `atlas view A B --compare` on that file and football (a GML analyzed in the
 * page's worker).
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NicheComparison } from "../../src/analyze/compare/types.ts";
import { comparisonSections } from "../../viz/src/compare/data.ts";
import { artifactPath, colourCounts, decodePng, launchBrowser, newPage, runAtlas, startView, tempDir, waitForLoads } from "./helpers.ts";

let dir: string;
let atlasFile: string;
let leader: string;
/** A node stripped of the leadership columns (the engine now writes them for every node). */
let plain: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;

const FOOTBALL = "data/football/football.gml";

beforeAll(async () => {
  dir = tempDir("atlas-e2e-leaders-");
  atlasFile = join(dir, "karate.atlas.json");
  const r = await runAtlas(["analyze", "data/karate/karate_club.gml", "--out", atlasFile]);
  expect(r.code, r.stderr).toBe(0);
  const data = JSON.parse(readFileSync(atlasFile, "utf8"));
  const meta = data.attributes.atlas;
  leader = meta.communities[0].leaders[0];
  const node = data.nodes.find((n: { key: string }) => n.key === leader);
  Object.assign(node.attributes, {
    role: 6,
    roleName: "connector hub",
    withinModuleZ: 2.5,
    stability: 0.85,
    compositeScore: 0.75,
    compositeRank: 2,
    rankLow: 1,
    rankHigh: 4,
    unstableLeader: true,
  });
  const stripped = data.nodes.find((n: { key: string }) => n.key !== leader);
  plain = stripped.key;
  for (const k of ["role", "roleName", "withinModuleZ", "stability", "compositeScore", "compositeRank", "rankLow", "rankHigh", "unstableLeader"]) delete stripped.attributes[k];
  meta.topItems = [
    {
      community: meta.communities[0].id,
      posts: 12,
      hashtags: [{ item: "karate", count: 7 }],
      urls: [
        { item: "https://example.org/dojo", count: 3 },
        { item: "javascript:alert(1)", count: 2 },
      ],
      mentions: [{ item: "@<img src=x onerror=alert(1)>", count: 1 }],
    },
  ];
  writeFileSync(atlasFile, JSON.stringify(data));
  ({ browser, close: closeBrowser } = await launchBrowser());
});

afterAll(async () => {
  await closeBrowser?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the node and leaders panels with the leadership columns", () => {
  it("should show role, stability, composite rank with its interval and the unstable flag, and the community's top items as text", async () => {
    const view = await startView(atlasFile);
    const { context, page, problems } = await newPage(browser);
    try {
      await page.goto(view.url);
      await waitForLoads(page);
      await page.evaluate((key) => window.__atlas!.app.select(key, false), leader);
      await expect.poll(() => page.getByTestId("node-role").textContent()).toBe("roleR6 connector hub");
      expect(await page.locator("[data-testid=node-stability] td").textContent()).toBe("0.85 (85% of runs agree)");
      expect(await page.locator("[data-testid=node-composite-score] td").textContent()).toBe("0.75");
      expect(await page.locator("[data-testid=node-rank-interval] td").textContent()).toBe("#2 90% interval [1–4]");
      expect(await page.locator("[data-testid=node-within-z] td").textContent()).toBe("2.5");
      expect(await page.getByTestId("node-unstable").count()).toBe(1);
      // The integer columns are not offered as metrics to size or colour by.
      expect(await page.locator("[data-testid=node-metrics] tr[data-metric=role]").count()).toBe(0);
      // A node without them: no Leadership block.
      await page.evaluate((key) => window.__atlas!.app.select(key, false), plain);
      await expect.poll(() => page.evaluate(() => document.body.dataset.selected)).toBe(plain);
      expect(await page.getByTestId("node-leader-info").count()).toBe(0);

      // Leaders panel of the largest community: the badge, and its top items.
      const badge = page.locator(`[data-testid=leaders-list] li:has([data-key="${leader}"]) [data-testid=leader-badge]`);
      expect((await badge.textContent())!.trim()).toBe("#2 [1–4] unstable");
      const urls = page.getByTestId("top-urls").locator("li");
      expect(await urls.count()).toBe(2);
      const link = urls.nth(0).locator("a");
      expect(await link.getAttribute("href")).toBe("https://example.org/dojo");
      expect(await link.getAttribute("rel")).toContain("noopener");
      expect(await link.getAttribute("rel")).toContain("noreferrer");
      expect(await urls.nth(1).locator("a").count()).toBe(0);
      expect(await urls.nth(1).textContent()).toBe("javascript:alert(1) 2");
      expect(await page.getByTestId("top-hashtags").textContent()).toBe("#karate 7");
      expect(await page.getByTestId("top-mentions").textContent()).toBe("@<img src=x onerror=alert(1)> 1");
      expect(await page.locator("#leaders img").count()).toBe(0);
      await page.screenshot({ path: artifactPath("karate-leader-panel.png") });
      expect(problems).toEqual({ dialogs: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await context.close();
      await view.stop();
    }
  });
});

describe("the compare page", () => {
  it("should draw two maps and the profile table of atlas compare", async () => {
    const view = await startView(atlasFile, [FOOTBALL, "--compare"]);
    const { context, page, problems } = await newPage(browser);
    try {
      expect(view.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/compare\.html\?files=karate\.atlas\.json,football\.gml$/);
      await page.goto(view.url);
      await page.waitForFunction(() => document.body.dataset.state === "ready" || document.body.dataset.state === "error", undefined, { timeout: 30_000 });
      expect(await page.getByTestId("error").textContent()).toBe("");
      const maps = page.getByTestId("compare-map");
      expect(await maps.count()).toBe(2);
      const counts = await maps.evaluateAll((els) => els.map((e) => [e.getAttribute("data-name"), e.getAttribute("data-nodes"), e.getAttribute("data-edges")]));
      expect(counts).toEqual([
        ["karate", "34", "78"],
        ["football", "115", "613"],
      ]);
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
      for (let i = 0; i < 2; i++) {
        const colours = colourCounts(decodePng(await maps.nth(i).locator(".niche-map").screenshot()));
        expect(colours.size, `map ${i} is drawn`).toBeGreaterThan(10);
      }
      await page.screenshot({ path: artifactPath("compare-page.png"), fullPage: true });

      // The table: what `atlas compare --null 0 --format json` gives for the same files, laid out by the report's rows.
      const cli = await runAtlas(["compare", atlasFile, FOOTBALL, "--null", "0", "--format", "json"]);
      expect(cli.code, cli.stderr).toBe(0);
      const expected = comparisonSections(JSON.parse(cli.stdout) as NicheComparison);
      const table = page.getByTestId("profile-table");
      const cells = (label: string): Promise<string[]> => table.locator(`tr[data-row="${label}"] td`).allTextContents();
      expect(await cells("nodes")).toEqual(["34", "115"]);
      expect(await cells("edges")).toEqual(["78 (undirected)", "613 (undirected)"]);
      for (const section of expected) {
        for (const row of section.rows) expect(await cells(row.label), row.label).toEqual(row.cells);
      }
      expect(problems).toEqual({ dialogs: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await context.close();
      await view.stop();
    }
  });
});
