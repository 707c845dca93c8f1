import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareNiches } from "../../../src/analyze/compare/index.ts";
import { csrFromGraph } from "../../../src/analyze/csr.ts";
import { compareHtml, compareMarkdown, compareJson } from "../../../src/report/compare/index.ts";
import { referenceGraph } from "../../helpers/reference-graphs.ts";
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from "../../../scripts/chromium.ts";


const result = compareNiches(
  [
    { name: "karate", source: "data/karate/karate_club.gml", index: csrFromGraph(referenceGraph("karate"), { getEdgeWeight: null }) },
    { name: "congress", source: "data/congress_twitter/congress.edgelist", index: csrFromGraph(referenceGraph("congress"), { getEdgeWeight: null }) },
  ],
  { replicates: 3, seed: 2 },
);

describe("compare reports", () => {
  it("should put the niches side by side in Markdown", () => {
    const md = compareMarkdown(result);
    expect(md).toMatch(/^\| {2}\| karate \| congress \|$/m);
    expect(md).toMatch(/^\| nodes \| 34 \| 475 \|$/m);
    expect(md).toMatch(/^\| edges \| 78 \(undirected\) \| 13289 \|$/m);
    expect(md).toMatch(/^## Size-fair: z-scores against 3 degree-preserving randomizations$/m);
  });

  it("should write JSON that round-trips the comparison", () => {
    const json = JSON.parse(compareJson(result));
    expect(json.version).toBe(1);
    expect(json.niches.map((n: { name: string }) => n.name)).toEqual(["karate", "congress"]);
    expect(json.niches[0].size.nodes).toBe(34);
    expect(json.niches[1].nullModel.samples).toHaveLength(3);
  });
});

describe("compare HTML report in headless Chromium", () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "atlas-compare-html-"));
    file = join(dir, "compare.html");
    writeFileSync(file, compareHtml(result));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should draw every plot with no console error", async () => {
    const context = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: [...ARGS],
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith("file:")) requests.push(r.url());
      });
      await page.goto(pathToFileURL(file).href);
      const plots = await page.evaluate(() =>
        Array.from(document.querySelectorAll("figure.plot")).map((fig) => {
          const svg = fig.querySelector("svg[viewBox]") as SVGSVGElement | null;
          const box = svg?.getBoundingClientRect();
          return {
            id: fig.parentElement?.id ?? "",
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            lines: fig.querySelectorAll('g[aria-label="line"] path').length,
            dots: fig.querySelectorAll('g[aria-label="dot"] circle').length,
            swatches: fig.querySelectorAll("[class$='-swatch']").length,
          };
        }),
      );
      expect(plots.map((p) => p.id)).toEqual(["ccdf-in-degree", "ccdf-out-degree", "community-sizes", "lorenz", "z-scores"]);
      for (const p of plots) {
        expect(p.width).toBeGreaterThan(300);
        expect(p.height).toBeGreaterThan(150);
        expect(p.swatches).toBe(2);
      }
      const byId = Object.fromEntries(plots.map((p) => [p.id, p]));
      // One line per niche (plus the Lorenz diagonal); one dot per CCDF point, community, z-score.
      const [karate, congress] = result.niches;
      expect(byId["ccdf-in-degree"].lines).toBe(2);
      expect(byId["ccdf-in-degree"].dots).toBe(karate.shape.inDegree.ccdf.k.length + congress.shape.inDegree.ccdf.k.length);
      expect(byId["community-sizes"].dots).toBe(karate.communities.count + congress.communities.count);
      expect(byId.lorenz.lines).toBe(3);
      // karate is undirected: no reciprocity z-score; congress has all six.
      expect(byId["z-scores"].dots).toBe(5 + 6);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
