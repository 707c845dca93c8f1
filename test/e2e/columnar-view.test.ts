/**
 * A columnar atlas (`atlas analyze --out DIR`: atlas.json + Arrow files)
 * opened by `atlas view DIR`: the page fetches its parts, decodes them as the
 * CLI does, and draws the same graph as the atlas JSON of the same analysis.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, type PageProblems, runAtlas, startView, tempDir, type ViewProcess, waitForLoads } from "./helpers.ts";

const OPTIONS = ["--seed", "3", "--consensus", "0", "--bootstrap", "0", "--workers", "0", "--no-layout"];

let dir: string;
let view: ViewProcess;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  dir = tempDir("atlas-e2e-columnar-");
  for (const out of ["congress.atlas", "congress.atlas.json"]) {
    const r = await runAtlas(["analyze", "data/congress_twitter/congress.edgelist", ...OPTIONS, "--out", join(dir, out)]);
    expect(r.code).toBe(0);
  }
  view = await startView(join(dir, "congress.atlas"));
  ({ browser, close: closeBrowser } = await launchBrowser());
  ({ page, problems } = await newPage(browser));
}, 120_000);

afterAll(async () => {
  await closeBrowser?.();
  await view?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("atlas view of a columnar atlas", () => {
  it("should print a URL opening the directory's atlas", () => {
    expect(view.url).toMatch(/\?file=congress\.atlas$/);
  });

  it("should draw the graph of the atlas JSON of the same analysis: nodes, edges, communities, PageRank", async () => {
    await page.goto(view.url);
    await waitForLoads(page, 1);
    const json = JSON.parse(readFileSync(join(dir, "congress.atlas.json"), "utf8")) as {
      nodes: { key: string; attributes: { community: number; pagerank: number } }[];
      edges: unknown[];
      attributes: { atlas: { communities: unknown[] } };
    };
    const shown = await page.evaluate(() => {
      const g = window.__atlas!.graph!;
      return {
        order: g.order,
        size: g.size,
        nodes: g.mapNodes((key, a) => [key, a.community as number, a.pagerank as number] as const),
        communities: (g.getAttribute("atlas") as { communities: unknown[] }).communities.length,
      };
    });
    expect(shown.order).toBe(json.nodes.length);
    expect(shown.size).toBe(json.edges.length);
    expect(shown.communities).toBe(json.attributes.atlas.communities.length);
    const expected = new Map(json.nodes.map((n) => [n.key, [n.attributes.community, n.attributes.pagerank]]));
    for (const [key, community, pagerank] of shown.nodes) expect([community, pagerank], key).toEqual(expected.get(key));
    expect(await page.getByTestId("legend-toggle").count()).toBe(json.attributes.atlas.communities.length);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});
