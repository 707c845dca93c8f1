/**
 * Links that do what they say, in real headless Chromium: the Share link of a
 * served map, of a small file opened in the page (the link carries the file,
 * gzip + base64url in its hash, and opening it brings back the same graph and
 * view), and of a file too big for a link (a visible warning that the link
 * cannot carry it); the compare page, which compares an atlas file with its
 * own communities and leaders, recomputes only a graph file's, and links each
 * map to the viewer. Every expected value is computed here from the files.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, runAtlas, startView, tempDir, type ViewProcess, waitForLoads } from "./helpers.ts";

let dir: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let empty: ViewProcess;

/** Three groups of five nodes (each a clique), joined in a ring by one edge each. */
function cliquesGml(): { text: string; nodes: string[]; edges: number } {
  const nodes = [...Array(15).keys()].map(String);
  const edges: [number, number][] = [];
  for (let g = 0; g < 3; g++) {
    for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) edges.push([g * 5 + a, g * 5 + b]);
    edges.push([g * 5, ((g + 1) % 3) * 5 + 1]);
  }
  const text = [
    "graph [",
    "  directed 0",
    ...nodes.map((k) => `  node [ id ${k} label "member ${k}" ]`),
    ...edges.map(([s, t]) => `  edge [ source ${s} target ${t} ]`),
    "]",
    "",
  ].join("\n");
  return { text, nodes, edges: edges.length };
}

beforeAll(async () => {
  dir = tempDir("atlas-e2e-share-");
  empty = await startView(null);
  ({ browser, close: closeBrowser } = await launchBrowser());
});

afterAll(async () => {
  await closeBrowser?.();
  await empty?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the Share link", () => {
  it("should give the page's own link for a served map, with no warning", async () => {
    const view = await startView(inject("demoAtlas"));
    const { context, page, problems } = await newPage(browser);
    try {
      await page.goto(`${view.url}?layout=0`);
      await waitForLoads(page);
      await page.getByTestId("share-link").click();
      await expect.poll(() => page.getByTestId("share-url").textContent()).toMatch(/^http/);
      const url = (await page.getByTestId("share-url").textContent())!;
      expect(url.startsWith(`${view.url}?layout=0#`)).toBe(true);
      expect(url).not.toContain("embed=");
      expect(await page.getByTestId("share-warning").isVisible()).toBe(false);
      expect(problems).toEqual({ dialogs: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await context.close();
      await view.stop();
    }
  });

  it("should carry a small file opened in the page, and the link should open the same graph and view", async () => {
    const gml = cliquesGml();
    const file = join(dir, "cliques.gml");
    writeFileSync(file, gml.text);
    const { context, page, problems } = await newPage(browser);
    let link: string;
    try {
      await page.goto(`${empty.url}?layout=0`);
      await page.waitForFunction(() => document.body.dataset.state === "empty");
      await page.getByTestId("file-input").setInputFiles(file);
      await waitForLoads(page);
      const selected = "7";
      await page.evaluate((key) => window.__atlas!.app.select(key, false), selected);
      await page.getByTestId("color-by").selectOption("coreness");
      await page.getByTestId("share-link").click();
      const warning = page.getByTestId("share-warning");
      await expect.poll(() => warning.isVisible()).toBe(true);
      expect(await warning.textContent()).toContain("This link carries cliques.gml itself");
      link = (await page.getByTestId("share-url").textContent())!;
      // What the link carries: the file's bytes, gzip + base64url (read back here with zlib).
      const hash = new URLSearchParams(new URL(link).hash.slice(1));
      expect(hash.get("embedname")).toBe("cliques.gml");
      const bytes = gunzipSync(Buffer.from(hash.get("embed")!, "base64url"));
      expect(bytes.toString("utf8")).toBe(gml.text);
      expect(hash.get("node")).toBe(selected);
      expect(hash.get("color")).toBe("coreness");
      expect(problems).toEqual({ dialogs: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await context.close();
    }

    // Someone else opens the link: the same graph, the same view.
    const other = await newPage(browser);
    try {
      await other.page.goto(link);
      await waitForLoads(other.page);
      const g = await other.page.evaluate(() => {
        const graph = window.__atlas!.graph!;
        return { nodes: graph.nodes().sort(), size: graph.size, labels: graph.mapNodes((_k, a) => a.label as string).sort() };
      });
      expect(g.nodes).toEqual([...gml.nodes].sort());
      expect(g.size).toBe(gml.edges);
      expect(g.labels).toEqual(gml.nodes.map((k) => `member ${k}`).sort());
      expect(await other.page.evaluate(() => document.body.dataset.selected)).toBe("7");
      expect(await other.page.getByTestId("node-key").textContent()).toBe("7");
      expect(await other.page.getByTestId("color-by").inputValue()).toBe("coreness");
      expect(other.problems).toEqual({ dialogs: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await other.context.close();
    }
  });

  it("should say plainly that the link cannot carry a file too big for it", async () => {
    const source = readFileSync(inject("demoAtlas"));
    // Too big for a link: more than 200 kB once gzipped and base64url'd.
    expect(Math.ceil((gzipSync(source).length * 4) / 3)).toBeGreaterThan(200_000);
    const file = join(dir, "congress-copy.atlas.json");
    writeFileSync(file, source);
    const { context, page, problems } = await newPage(browser);
    try {
      await page.goto(`${empty.url}?layout=0`);
      await page.waitForFunction(() => document.body.dataset.state === "empty");
      await page.getByTestId("file-input").setInputFiles(file);
      await waitForLoads(page);
      await page.getByTestId("share-link").click();
      const warning = page.getByTestId("share-warning");
      await expect.poll(() => warning.isVisible()).toBe(true);
      expect(await warning.textContent()).toContain("This link cannot carry congress-copy.atlas.json");
      expect(await page.getByTestId("share-url").textContent()).not.toContain("embed=");
      expect(problems).toEqual({ dialogs: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await context.close();
    }
  });
});

/** 4 significant digits, integers as they are (how the profile table prints a number). */
const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));
const pct = (v: number): string => `${Number.isInteger(100 * v) ? String(100 * v) : String(Number((100 * v).toPrecision(3)))}%`;

describe("the compare page's links and communities", () => {
  const FOOTBALL = "data/football/football.gml";

  it("should compare an atlas file with its own communities, modularity and leaders, recompute only a graph file's, and open each map from its card", async () => {
    const file = inject("demoAtlas");
    const atlas = JSON.parse(readFileSync(file, "utf8")) as {
      attributes: { atlas: { modularity: number; communities: { id: number; leaders: string[] }[] } };
      nodes: { key: string; attributes: Record<string, unknown> }[];
      edges: { source: string; target: string }[];
    };
    const meta = atlas.attributes.atlas;
    const communityOf = new Map(atlas.nodes.map((n) => [n.key, n.attributes.community as number]));
    const communities = new Set(communityOf.values()).size;
    // The leaders' in-edges from other communities, the leaders being each community's first in the file.
    const leaders = meta.communities.map((c) => c.leaders[0]);
    let inEdges = 0;
    let outside = 0;
    for (const e of atlas.edges) {
      if (!leaders.includes(e.target) || e.source === e.target) continue;
      inEdges++;
      if (communityOf.get(e.source) !== communityOf.get(e.target)) outside++;
    }
    // Football: a graph file, whose communities are Louvain's, as atlas compare computes them.
    const cli = await runAtlas(["compare", file, FOOTBALL, "--null", "0", "--format", "json"]);
    expect(cli.code, cli.stderr).toBe(0);
    const football = (JSON.parse(cli.stdout) as { niches: { communities: { count: number; modularity: number } }[] }).niches[1];
    const footballNodes = (readFileSync(FOOTBALL, "utf8").match(/^\s*node\s*\[/gm) ?? []).length;

    const view = await startView(file, [FOOTBALL, "--compare"]);
    const { context, page, problems } = await newPage(browser);
    try {
      await page.goto(view.url);
      await page.waitForFunction(() => document.body.dataset.state === "ready" || document.body.dataset.state === "error", undefined, { timeout: 60_000 });
      expect(await page.getByTestId("error").textContent()).toBe("");
      const table = page.getByTestId("profile-table");
      const cells = (label: string): Promise<string[]> => table.locator(`tr[data-row="${label}"] td`).allTextContents();
      expect(await cells("communities")).toEqual([String(communities), String(football.communities.count)]);
      expect(await cells("modularity")).toEqual([fmt(meta.modularity), fmt(football.communities.modularity)]);
      expect((await cells("leaders' in-edges from other communities"))[0]).toBe(pct(outside / inEdges));

      // Each card says where its communities come from.
      const cards = page.getByTestId("compare-map");
      expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-own-communities")))).toEqual(["true", "false"]);
      expect(await cards.nth(0).getByTestId("compare-communities-origin").textContent()).toBe(`communities (${communities}) and leaders from the atlas file`);
      expect(await cards.nth(1).getByTestId("compare-communities-origin").textContent()).toContain("computed here (Louvain");
      expect(await page.getByTestId("profile").textContent()).toContain("Communities of football: computed here by Louvain");

      // A card's link opens its map in the viewer.
      expect(await cards.nth(0).getByTestId("compare-open-map").getAttribute("href")).toBe("./index.html?file=congress.atlas.json");
      await cards.nth(0).getByTestId("compare-open-map").click();
      await waitForLoads(page);
      expect(new URL(page.url()).pathname).toBe("/index.html");
      expect(await page.evaluate(() => ({ order: window.__atlas!.graph!.order, size: window.__atlas!.graph!.size }))).toEqual({ order: atlas.nodes.length, size: atlas.edges.length });

      // So does a thumbnail (football: analysed in the viewer's worker).
      await page.goto(view.url);
      await page.waitForFunction(() => document.body.dataset.state === "ready", undefined, { timeout: 60_000 });
      // A drag pans a thumbnail and stays on the page; a click opens the map.
      const thumb = page.getByTestId("compare-map").nth(1).getByTestId("compare-thumbnail");
      const box = (await page.getByTestId("compare-map").nth(0).getByTestId("compare-thumbnail").boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 20, { steps: 5 });
      await page.mouse.up();
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
      expect(new URL(page.url()).pathname).toBe("/compare.html");
      await thumb.click();
      await page.waitForURL(/index\.html\?file=football\.gml/);
      await waitForLoads(page, 1, 60_000);
      expect(await page.evaluate(() => window.__atlas!.graph!.order)).toBe(footballNodes);
      expect(problems).toEqual({ dialogs: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await context.close();
      await view.stop();
    }
  });
});
