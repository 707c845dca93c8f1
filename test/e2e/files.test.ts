/**
 * Files opened in the page, in real headless Chromium: a GEXF through the file
 * picker (analyzed in the web worker), a graph with hostile labels, and the
 * static site of `atlas publish` served by a plain static server.
 */
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { communityColor } from "../../src/graph/palette.ts";
import {
  artifactPath,
  colourCounts,
  countNear,
  decodePng,
  launchBrowser,
  newPage,
  type PageProblems,
  runAtlas,
  startView,
  tempDir,
  type ViewProcess,
  waitForLoads,
} from "./helpers.ts";

let dir: string;
let view: ViewProcess;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;
let problems: PageProblems;

const HOSTILE = ['<img src=x onerror=alert(1)>', "<script>alert(2)</script>", '"><svg onload=alert(3)>', "&amp; <b>bold</b>"];

const xml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Two dense groups joined by one edge; the first node and the bridge end of each group have hostile labels. */
function hostileGexf(): string {
  const nodes: string[] = [];
  const edges: string[] = [];
  // The two bridge ends (n10, n11) carry hostile labels too: whichever node the
  // engine ranks first in each group (by key among equals, or the bridge end
  // by a composite score), the legend names the community after a hostile label.
  const label = (i: number): string => (i < HOSTILE.length ? HOSTILE[i] : i >= 10 ? HOSTILE[i - 10] : `node ${i}`);
  for (let i = 0; i < 12; i++) nodes.push(`<node id="n${i}" label="${xml(label(i))}"><attvalues><attvalue for="bio" value="${xml(HOSTILE[i % HOSTILE.length])}"/></attvalues></node>`);
  let e = 0;
  for (const group of [[0, 2, 4, 6, 8, 10], [1, 3, 5, 7, 9, 11]]) {
    for (let a = 0; a < group.length; a++) for (let b = a + 1; b < group.length; b++) edges.push(`<edge id="e${e++}" source="n${group[a]}" target="n${group[b]}"/>`);
  }
  edges.push(`<edge id="e${e++}" source="n10" target="n11"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<gexf version="1.3" xmlns="http://gexf.net/1.3">
  <graph defaultedgetype="undirected">
    <attributes class="node"><attribute id="bio" title="bio" type="string"/></attributes>
    <nodes>${nodes.join("\n")}</nodes>
    <edges>${edges.join("\n")}</edges>
  </graph>
</gexf>
`;
}

/** Elements a label could have injected (the viewer itself creates none of them). */
const injected = (p: Page): Promise<{ img: number; svg: number; scripts: number; bold: number }> =>
  p.evaluate(() => ({
    img: document.querySelectorAll("img").length,
    svg: document.querySelectorAll("svg").length,
    scripts: document.querySelectorAll("script").length,
    bold: document.querySelectorAll("b").length,
  }));

beforeAll(async () => {
  dir = tempDir("atlas-e2e-files-");
  const converted = await runAtlas(["convert", "data/karate/karate_club.gml", join(dir, "karate.gexf")]);
  expect(converted.code).toBe(0);
  writeFileSync(join(dir, "hostile.gexf"), hostileGexf());
  const analyzed = await runAtlas(["analyze", "data/karate/karate_club.gml", "--out", join(dir, "karate.atlas.json")]);
  expect(analyzed.code).toBe(0);
  view = await startView(null);
  ({ browser, close: closeBrowser } = await launchBrowser());
  ({ page, problems } = await newPage(browser));
  await page.goto(view.url);
  await page.waitForFunction(() => document.body.dataset.state === "empty");
});

afterAll(async () => {
  await closeBrowser?.();
  await view?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("opening files in the page", () => {
  it("should start empty with a drop zone when atlas view has no file", async () => {
    expect(await page.getByTestId("drop-zone").isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath("empty.png") });
  });

  it("should analyze a GEXF picked with the file picker in the worker and colour its communities", async () => {
    const scripts = (await injected(page)).scripts;
    await page.getByTestId("file-input").setInputFiles(join(dir, "karate.gexf"));
    await waitForLoads(page, 1);
    const result = await page.evaluate(() => {
      const g = window.__atlas!.graph!;
      const ids = g.mapNodes((_k, a) => a.community);
      const meta = g.getAttribute("atlas") as { modularity: number; communities: unknown[] } | undefined;
      return { order: g.order, size: g.size, ids, modularity: meta?.modularity ?? null, pagerank: g.mapNodes((_k, a) => a.pagerank) };
    });
    expect(result.order).toBe(34);
    expect(result.size).toBe(78);
    expect(result.ids.every((c) => Number.isInteger(c))).toBe(true);
    expect(result.pagerank.every((v) => typeof v === "number" && v > 0)).toBe(true);
    const count = new Set(result.ids).size;
    // Leiden (consensus of 10 runs, the default) on Zachary's club: 4 communities, modularity ≈ 0.42 (0.4198 is the known optimum; Brandes et al. 2008).
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(5);
    expect(result.modularity).toBeGreaterThan(0.4);
    expect(result.modularity).toBeLessThanOrEqual(0.4198);
    expect(await page.getByTestId("legend-toggle").count()).toBe(count);
    expect(await page.getByTestId("status").textContent()).toMatch(/^34 nodes, 78 edges, \d communities, modularity 0\.4\d\d, undirected/);
    // No positions in the file: the layout runs; the map is drawn in the communities' colours.
    await page.waitForTimeout(500);
    const png = await page.getByTestId("sigma-container").screenshot({ path: artifactPath("karate-picked.png") });
    const colours = colourCounts(decodePng(png));
    const drawn = [...new Set(result.ids)].filter((id) => countNear(colours, communityColor(id as number)) > 30);
    expect(drawn.length).toBe(count);
    expect((await injected(page)).scripts).toBe(scripts);
  });

  it("should show hostile labels as text and run nothing", async () => {
    const before = await injected(page);
    await page.getByTestId("file-input").setInputFiles(join(dir, "hostile.gexf"));
    await waitForLoads(page, 2);
    const labels = await page.evaluate(() => window.__atlas!.graph!.mapNodes((_k, a) => a.label as string));
    expect(labels).toEqual(expect.arrayContaining(HOSTILE));
    // The legend names communities after their top leader: the labels appear there as text.
    const names = await page.getByTestId("legend-name").allTextContents();
    expect(names.some((n) => HOSTILE.includes(n))).toBe(true);
    // Search, suggestions and the side panel.
    await page.getByTestId("search-input").fill("<img");
    const suggestion = page.getByTestId("search-suggestion").first();
    await expect.poll(() => suggestion.textContent()).toContain(HOSTILE[0]);
    await suggestion.click();
    await expect.poll(() => page.getByTestId("node-label").textContent()).toBe(HOSTILE[0]);
    for (const key of ["n1", "n3"]) {
      await page.evaluate((k) => window.__atlas!.app.select(k), key);
      await expect.poll(() => page.getByTestId("node-label").textContent()).toBe(HOSTILE[Number(key.slice(1))]);
    }
    expect(await page.getByTestId("node-panel").textContent()).toContain("<script>alert(2)</script>");
    await page.getByTestId("share-link").click();
    await expect.poll(() => page.getByTestId("share-url").textContent()).toContain("node=n3");
    await page.screenshot({ path: artifactPath("hostile-labels.png") });
    await page.waitForTimeout(300);
    expect(await injected(page)).toEqual(before);
    expect(problems.dialogs).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});

describe("edited atlas files in the page", () => {
  /** The analyzed karate atlas with one value changed by `edit`, written as `name`. */
  function editedAtlas(name: string, edit: (atlas: { nodes: { attributes: Record<string, unknown> }[]; attributes: { atlas: { communities: { leaders: string[] }[] } } }) => void): string {
    const atlas = JSON.parse(readFileSync(join(dir, "karate.atlas.json"), "utf8"));
    edit(atlas);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(atlas));
    return file;
  }

  const cases: [string, (atlas: Parameters<Parameters<typeof editedAtlas>[1]>[0]) => void, string][] = [
    ["pagerank.atlas.json", (a) => (a.nodes[0].attributes.pagerank = "x"), "$.nodes[0].attributes.pagerank"],
    ["leader.atlas.json", (a) => (a.attributes.atlas.communities[0].leaders[0] = "nobody"), "$.attributes.atlas.communities[0].leaders[0]"],
  ];
  it("should open a gzipped atlas as an atlas, and say where a broken JSON file breaks", async () => {
    const gz = join(dir, "karate.atlas.json.gz");
    writeFileSync(gz, gzipSync(readFileSync(join(dir, "karate.atlas.json"))));
    await page.getByTestId("file-input").setInputFiles(gz);
    await page.waitForFunction(() => document.body.dataset.state === "ready" && window.__atlas?.graph?.order === 34);
    const meta = JSON.parse(readFileSync(join(dir, "karate.atlas.json"), "utf8")).attributes.atlas;
    expect(await page.evaluate(() => (window.__atlas!.graph!.getAttribute("atlas") as { modularity: number }).modularity)).toBe(meta.modularity);
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{"nodes": [\n  {"key": "a"},\n  oops\n]}');
    await page.getByTestId("file-input").setInputFiles(broken);
    await page.waitForFunction(() => document.body.dataset.state === "error");
    expect(await page.getByTestId("error").textContent()).toMatch(/^broken\.json:3/);
  });

  for (const [name, edit, path] of cases) {
    it(`should refuse ${name} with the JSON path of the wrong value, as the CLI does`, async () => {
      const file = editedAtlas(name, edit);
      const cli = await runAtlas(["info", file]);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain(path);
      await page.getByTestId("file-input").setInputFiles(file);
      await page.waitForFunction(() => document.body.dataset.state === "error");
      const message = await page.getByTestId("error").textContent();
      expect(message).toContain(name);
      expect(message).toContain(`not a valid atlas file: ${path}`);
    });
  }
});

/** A plain static file server (no engine): what any web host would do. */
function staticServer(root: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = resolve(root, "." + (path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(resolve(root) + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

describe("atlas publish", () => {
  it("should write a site that a plain static server hosts and that draws the map", async () => {
    const out = join(dir, "site");
    const r = await runAtlas(["publish", inject("demoAtlas"), "--out", out]);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "index.html"))).toBe(true);
    expect(existsSync(join(out, "data", "atlas.json"))).toBe(true);
    const { server, url } = await staticServer(out);
    const other = await newPage(browser);
    try {
      await other.page.goto(`${url}?layout=0`); // stored-or-seeded positions: no layout while we look
      await waitForLoads(other.page);
      expect(await other.page.evaluate(() => window.__atlas!.graph!.order)).toBe(475);
      const png = await other.page.getByTestId("sigma-container").screenshot({ path: artifactPath("published.png") });
      const colours = colourCounts(decodePng(png));
      expect(countNear(colours, communityColor(0))).toBeGreaterThan(100);
      expect(countNear(colours, communityColor(1))).toBeGreaterThan(100);
      expect(other.problems.pageErrors).toEqual([]);
      expect(other.problems.consoleErrors).toEqual([]);
    } finally {
      await other.context.close();
      server.close();
    }
  });
});
