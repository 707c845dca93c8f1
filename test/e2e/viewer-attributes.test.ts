/**
 * Any node attribute on the map, in real headless Chromium: colour by a text
 * attribute (legend of its values with their counts, toggles that hide them,
 * kept in the URL) or by a numeric one (a gradient legend between its
 * minimum and maximum), size and range filter by any numeric attribute, the
 * node panel listing every attribute; nodes without any edge grouped in one
 * "isolated" legend row; arrows on the edges of the focused node of a big
 * directed map. On the demo's congress atlas served by `atlas view`, and a
 * small GML written here opened with the file picker; every expected value is
 * computed here from the files.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { colourCounts, countNear, decodePng, launchBrowser, newPage, type PageProblems, startView, tempDir, type ViewProcess, waitForLoads } from "./helpers.ts";

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

/** Viridis at 0 and 1 (matplotlib). */
const VIRIDIS_LOW = "#440154";
const VIRIDIS_HIGH = "#fde725";
/** Colour of the focused node's edges (viz/src/app.ts). */
const FOCUS_EDGE = "#444444";

const frames = (p: Page): Promise<void> => p.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/** The colour and size sigma draws each node with. */
const drawn = (p: Page): Promise<Record<string, { color: string; size: number; hidden: boolean }>> =>
  p.evaluate(() => {
    const sigma = window.__atlas!.sigma!;
    const out: Record<string, { color: string; size: number; hidden: boolean }> = {};
    sigma.getGraph().forEachNode((key) => {
      const d = sigma.getNodeDisplayData(key)!;
      out[key] = { color: d.color.toLowerCase(), size: d.size, hidden: d.hidden };
    });
    return out;
  });

/** Numeric values of `name` in the atlas file. */
const valuesOf = (name: string): number[] => atlas.nodes.map((n) => n.attributes[name]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));

beforeAll(async () => {
  dir = tempDir("atlas-e2e-attributes-");
  atlas = JSON.parse(readFileSync(inject("demoAtlas"), "utf8")) as AtlasFile;
  view = await startView(inject("demoAtlas"));
  ({ browser, close: closeBrowser } = await launchBrowser());
  ({ page, problems } = await newPage(browser, { width: 1200, height: 760 }));
});

afterAll(async () => {
  await closeBrowser?.();
  await view?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openServed(hash = ""): Promise<void> {
  await page.goto("about:blank");
  await page.goto(`${view.url}?layout=0${hash}`);
  await waitForLoads(page);
  await page.waitForFunction(() => document.body.dataset.edges === "ready");
}

describe("any attribute on the congress map", () => {
  it("should colour by party with a legend of each party and its count, hide a party from the legend, and keep both in the URL", async () => {
    await openServed();
    const counts = new Map<string, number>();
    for (const n of atlas.nodes) counts.set(String(n.attributes.party), (counts.get(String(n.attributes.party)) ?? 0) + 1);
    const expected = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    expect(expected.length).toBeGreaterThan(1);

    await page.getByTestId("color-by").selectOption("party");
    await expect.poll(() => page.getByTestId("legend-value").count()).toBe(expected.length);
    expect(await page.getByTestId("legend-gradient").isVisible()).toBe(false);
    expect(await page.getByTestId("legend-title").textContent()).toBe("Colour: party");
    const rows = await page.getByTestId("legend-value").evaluateAll((els) =>
      els.map((e) => [e.querySelector("[data-testid=legend-value-name]")!.textContent, Number(e.querySelector("[data-testid=legend-value-count]")!.textContent), e.getAttribute("data-color")!.toLowerCase()] as const),
    );
    expect(rows.map(([name, count]) => [name, count])).toEqual(expected);
    // Each party one colour of its own, and every node drawn in its party's colour.
    const colourOf = new Map(rows.map(([name, , colour]) => [name, colour]));
    expect(new Set(colourOf.values()).size).toBe(expected.length);
    await frames(page);
    const nodes = await drawn(page);
    for (const n of atlas.nodes) expect(nodes[n.key].color, `colour of ${n.key} (${String(n.attributes.party)})`).toBe(colourOf.get(String(n.attributes.party)));
    expect(decodeURIComponent(page.url())).toContain("color=party");

    // Hiding the largest party: only the others stay, the count says so, the URL keeps it.
    const [hiddenParty] = expected[0];
    await page.locator(`[data-testid=legend-value-toggle][data-value="${hiddenParty}"]`).uncheck();
    const kept = new Set(atlas.nodes.filter((n) => String(n.attributes.party) !== hiddenParty).map((n) => n.key));
    const keptEdges = atlas.edges.filter((e) => kept.has(e.source) && kept.has(e.target)).length;
    await expect.poll(() => page.getByTestId("shown").textContent()).toBe(`${kept.size} of ${atlas.nodes.length} nodes, ${keptEdges} of ${atlas.edges.length} edges shown`);
    await frames(page);
    const after = await drawn(page);
    expect(Object.keys(after).filter((k) => !after[k].hidden).sort()).toEqual([...kept].sort());
    expect(decodeURIComponent(page.url())).toContain(`hv=party:${hiddenParty}`);
    expect(await page.getByTestId("filter-values").textContent()).toContain(`party not ${hiddenParty}`);

    // The link restores both.
    const link = page.url();
    await page.goto("about:blank");
    await page.goto(link);
    await waitForLoads(page);
    await page.waitForFunction(() => document.body.dataset.edges === "ready");
    expect(await page.getByTestId("color-by").inputValue()).toBe("party");
    expect(await page.locator(`[data-testid=legend-value-toggle][data-value="${hiddenParty}"]`).isChecked()).toBe(false);
    await expect.poll(() => page.getByTestId("shown").textContent()).toMatch(new RegExp(`^${kept.size} of ${atlas.nodes.length} nodes,`));

    // Removing the filter from the filters list brings them back.
    await page.getByTestId("filter-values-remove").click();
    await expect.poll(() => page.getByTestId("shown").textContent()).toMatch(new RegExp(`^${atlas.nodes.length} of ${atlas.nodes.length} nodes,`));
    expect(page.url()).not.toContain("hv=");
  });

  it("should colour by a numeric attribute with a gradient legend of its range from the file", async () => {
    await openServed();
    const values = valuesOf("coreness");
    const [min, max] = [Math.min(...values), Math.max(...values)];
    expect(min).toBeLessThan(max);
    await page.getByTestId("color-by").selectOption("coreness");
    await expect.poll(() => page.getByTestId("legend-gradient").isVisible()).toBe(true);
    expect(await page.getByTestId("legend-value").count()).toBe(0);
    // Nothing to show or hide one by one: no toggles.
    expect(await page.getByTestId("legend-hide-all").isVisible()).toBe(false);
    expect(Number(await page.getByTestId("legend-min").getAttribute("data-value"))).toBe(min);
    expect(Number(await page.getByTestId("legend-max").getAttribute("data-value"))).toBe(max);
    // Coreness is an integer: shown as it is.
    expect(await page.getByTestId("legend-min").textContent()).toBe(String(min));
    expect(await page.getByTestId("legend-max").textContent()).toBe(String(max));
    await frames(page);
    const nodes = await drawn(page);
    const lowest = atlas.nodes.find((n) => n.attributes.coreness === min)!;
    const highest = atlas.nodes.find((n) => n.attributes.coreness === max)!;
    expect(nodes[lowest.key].color).toBe(VIRIDIS_LOW);
    expect(nodes[highest.key].color).toBe(VIRIDIS_HIGH);
    expect(decodeURIComponent(page.url())).toContain("color=coreness");
  });

  it("should size and filter by a numeric column that is not an engine metric", async () => {
    await openServed();
    const name = "compositeRank";
    const values = valuesOf(name);
    expect(values.length).toBe(atlas.nodes.length);
    const [min, max] = [Math.min(...values), Math.max(...values)];
    await page.getByTestId("size-by").selectOption(name);
    await frames(page);
    const nodes = await drawn(page);
    const sizeOf = (v: number): number => nodes[atlas.nodes.find((n) => n.attributes[name] === v)!.key].size;
    expect(sizeOf(max)).toBeGreaterThan(sizeOf(min));
    // Size grows with the value: sorted by value, sorted by size.
    const byValue = [...atlas.nodes].sort((a, b) => (a.attributes[name] as number) - (b.attributes[name] as number));
    for (let i = 1; i < byValue.length; i++) expect(nodes[byValue[i].key].size).toBeGreaterThanOrEqual(nodes[byValue[i - 1].key].size);
    expect(decodeURIComponent(page.url())).toContain(`size=${name}`);

    // Its range filter: the bounds are its range, the nodes kept those of the file.
    await page.getByTestId("filter-metric").selectOption(name);
    expect([Number(await page.getByTestId("filter-min").inputValue()), Number(await page.getByTestId("filter-max").inputValue())]).toEqual([min, max]);
    const cut = Math.round((min + max) / 2);
    await page.getByTestId("filter-min").fill("");
    await page.getByTestId("filter-max").fill(String(cut));
    await page.getByTestId("filter-apply").click();
    const kept = atlas.nodes.filter((n) => (n.attributes[name] as number) <= cut).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(atlas.nodes.length);
    await expect.poll(() => page.getByTestId("shown").textContent()).toMatch(new RegExp(`^${kept} of ${atlas.nodes.length} nodes,`));
    expect(decodeURIComponent(page.url())).toContain(`f=${name}::${cut}`);
  });

  it("should list every attribute of a node in its panel, text ones too", async () => {
    await openServed();
    const node = atlas.nodes.find((n) => typeof n.attributes.party === "string" && typeof n.attributes.roleName === "string")!;
    await page.evaluate((key) => window.__atlas!.app.select(key, false), node.key);
    await expect.poll(() => page.getByTestId("node-panel").isVisible()).toBe(true);
    expect(await page.locator("[data-testid=node-attributes] tr[data-attribute=party] td").textContent()).toBe(node.attributes.party);
    expect(await page.locator("[data-testid=node-attributes] tr[data-attribute=roleName] td").textContent()).toBe(node.attributes.roleName);
    expect(await page.locator("[data-testid=node-attributes] tr[data-attribute=url] td").textContent()).toBe(node.attributes.url);
    // Every attribute of the file is listed once, in the metrics or the attributes table.
    const listed = await page.evaluate(() =>
      [...document.querySelectorAll("[data-testid=node-metrics] tr[data-metric], [data-testid=node-attributes] tr[data-attribute]")].map(
        (tr) => tr.getAttribute("data-metric") ?? tr.getAttribute("data-attribute"),
      ),
    );
    expect([...listed].sort()).toEqual(Object.keys(node.attributes).filter((k) => k !== "x" && k !== "y").sort());
  });

  it("should draw the edges of the selected or hovered node as arrows on a map too big for arrows everywhere", async () => {
    await openServed();
    const type = (atlas as { options?: { type?: string } }).options?.type;
    expect(type).toBe("directed");
    const edgeTypes = (): Promise<Record<string, string>> =>
      page.evaluate(() => {
        const sigma = window.__atlas!.sigma!;
        const out: Record<string, string> = {};
        sigma.getGraph().forEachEdge((edge, _a, s, t) => void (out[`${s}->${t}`] = sigma.getEdgeDisplayData(edge)!.type));
        return out;
      });
    // Unfocused: lines (too many edges for arrows everywhere).
    await frames(page);
    const before = await edgeTypes();
    expect(Object.keys(before)).toHaveLength(atlas.edges.length);
    expect(new Set(Object.values(before))).toEqual(new Set(["line"]));

    const degree = new Map<string, number>();
    for (const e of atlas.edges) for (const k of [e.source, e.target]) degree.set(k, (degree.get(k) ?? 0) + 1);
    const [selected] = [...degree].sort((a, b) => b[1] - a[1])[0];
    const own = (key: string): Set<string> => new Set(atlas.edges.filter((e) => e.source === key || e.target === key).map((e) => `${e.source}->${e.target}`));

    await page.evaluate((key) => window.__atlas!.app.select(key, false), selected);
    await page.waitForFunction((key) => document.body.dataset.selected === key, selected);
    await frames(page);
    // Which way, in plain words.
    expect(await page.getByTestId("status").textContent()).toContain("an arrow points from each of its edges' source to its target");
    expect(await page.getByTestId("neighbours-in-title").textContent()).toBe("Arrows pointing to it, strongest first");
    expect(await page.getByTestId("neighbours-out-title").textContent()).toBe("Its arrows point to, strongest first");
    const focused = await edgeTypes();
    const mine = own(selected);
    expect(mine.size).toBe(degree.get(selected));
    for (const [edge, t] of Object.entries(focused)) expect(t, edge).toBe(mine.has(edge) ? "arrow" : "line");
    // And drawn: the edges canvas holds them in the focus colour.
    const edgesCanvas = colourCounts(decodePng(await page.locator("canvas.sigma-edges").screenshot()));
    const focusPixels = countNear(edgesCanvas, FOCUS_EDGE, 40);
    expect(focusPixels, "edges drawn in the focus colour").toBeGreaterThan(1000);

    // Hovering another node: its edges get the arrows instead.
    await page.evaluate(() => window.__atlas!.app.select(null));
    const other = atlas.nodes.find((n) => n.key !== selected && (degree.get(n.key) ?? 0) > 0 && (degree.get(n.key) ?? 0) < 40)!.key;
    // Zoomed in on it, so that the pointer at the centre finds it and not a neighbour.
    await page.evaluate((key) => {
      const sigma = window.__atlas!.sigma!;
      const d = sigma.getNodeDisplayData(key)!;
      sigma.getCamera().setState({ x: d.x, y: d.y, ratio: 0.02, angle: 0 });
    }, other);
    await frames(page);
    const box = await page.getByTestId("sigma-container").boundingBox();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await page.waitForFunction((key) => document.body.dataset.hovered === key, other, { timeout: 10_000 });
    await frames(page);
    const hovered = await edgeTypes();
    const theirs = own(other);
    for (const [edge, t] of Object.entries(hovered)) expect(t, edge).toBe(theirs.has(edge) ? "arrow" : "line");
    const hoverPixels = countNear(colourCounts(decodePng(await page.locator("canvas.sigma-edges").screenshot())), FOCUS_EDGE, 40);
    expect(hoverPixels, "the hovered node's edges drawn in the focus colour").toBeGreaterThan(1000);
    await page.mouse.move(2, 2);
    await page.waitForFunction(() => document.body.dataset.hovered === "");
    await frames(page);
    expect(new Set(Object.values(await edgeTypes()))).toEqual(new Set(["line"]));
  });

  it("should have logged no error and opened no dialog", () => {
    expect(problems.dialogs).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});

describe("isolated nodes", () => {
  it("should group the nodes without any edge in one isolated legend row that shows or hides them together", async () => {
    // Two triangles joined by an edge, and five nodes without any edge.
    const edges = [
      [0, 1],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 5],
      [5, 3],
      [2, 3],
    ];
    const isolated = [6, 7, 8, 9, 10];
    const gml = [
      "graph [",
      "  directed 0",
      ...[...Array(11).keys()].map((i) => `  node [ id ${i} label "n${i}" ]`),
      ...edges.map(([s, t]) => `  edge [ source ${s} target ${t} ]`),
      "]",
      "",
    ].join("\n");
    const file = join(dir, "isolated.gml");
    writeFileSync(file, gml);
    const empty = await startView(null);
    const { context, page: p, problems: pp } = await newPage(browser);
    try {
      await p.goto(`${empty.url}?layout=0`);
      await p.waitForFunction(() => document.body.dataset.state === "empty");
      await p.getByTestId("file-input").setInputFiles(file);
      await waitForLoads(p);
      const row = p.getByTestId("legend-isolated");
      expect(await row.textContent()).toBe(`isolated (${isolated.length})`);
      expect(await p.getByTestId("legend-isolated").count()).toBe(1);
      // The other rows: the communities of the nodes with edges, as the analysis found them.
      const connected = await p.evaluate(
        (keys) => new Set(keys.map((k) => window.__atlas!.graph!.getNodeAttribute(k, "community"))).size,
        [0, 1, 2, 3, 4, 5].map(String),
      );
      expect(await p.getByTestId("legend-toggle").count()).toBe(connected);
      expect(connected).toBeGreaterThan(0);
      // The status counts them apart from the communities.
      expect(await p.getByTestId("status").textContent()).toMatch(new RegExp(`^11 nodes, ${edges.length} edges, ${connected} communities, ${isolated.length} isolated nodes,`));
      const total = 11;
      await p.getByTestId("legend-isolated-toggle").uncheck();
      await expect.poll(() => p.getByTestId("shown").textContent()).toBe(`${total - isolated.length} of ${total} nodes, ${edges.length} of ${edges.length} edges shown`);
      const shown = await p.evaluate(() => {
        const sigma = window.__atlas!.sigma!;
        return sigma.getGraph().filterNodes((k) => !sigma.getNodeDisplayData(k)!.hidden).sort();
      });
      expect(shown).toEqual(["0", "1", "2", "3", "4", "5"]);
      await p.getByTestId("legend-isolated-toggle").check();
      await expect.poll(() => p.getByTestId("shown").textContent()).toBe(`${total} of ${total} nodes, ${edges.length} of ${edges.length} edges shown`);
      expect(pp).toEqual({ dialogs: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await context.close();
      await empty.stop();
    }
  });
});
