/**
 * Links that do what they say, in real headless Chromium: the Share link of a
 * served map, of a small file opened in the page (the link carries the file,
 * gzip + base64url in its hash, and opening it brings back the same graph and
 * view), and of a file too big for a link (a visible warning that the link
 * cannot carry it). Every expected value is computed here from the files.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, startView, tempDir, type ViewProcess, waitForLoads } from "./helpers.ts";

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
