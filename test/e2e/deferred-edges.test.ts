/**
 * A map whose edges come after the first frame (big files: the viewer draws
 * the nodes, then adds the edges in chunks) ends with every node in its
 * community's colour, as a map drawn at once: here the Congress atlas with
 * the deferral threshold lowered by the page's test setting.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { communityColor } from "../../src/graph/palette.ts";
import { runAtlas, serveAnalyzed, type ServedAtlas } from "./helpers.ts";

let served: ServedAtlas;

beforeAll(async () => {
  served = await serveAnalyzed("data/congress_twitter/congress.edgelist", "congress.atlas.json", ["--seed", "1", "--bootstrap", "0", "--consensus", "0", "--layout"], () => {
    (globalThis as { __atlasDeferEdgesAbove?: number }).__atlasDeferEdgesAbove = 1000;
  });
  await served.page.waitForFunction(() => document.body.dataset.edges === "ready", undefined, { timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await served?.close();
});

describe("edges added after the first frame", () => {
  it("should colour every node of the largest communities in its community's colour once the edges are in", async () => {
    const atlas = JSON.parse(readFileSync(served.file, "utf8")) as { nodes: { key: string; attributes: { community: number } }[]; edges: unknown[] };
    expect(atlas.edges.length).toBeGreaterThan(1000);
    const shown = await served.page.evaluate(() => {
      const sigma = window.__atlas!.app.sigma!;
      return window.__atlas!.graph!.mapNodes((key) => [key, sigma.getNodeDisplayData(key)?.color ?? null] as const);
    });
    const colours = new Map(shown);
    let checked = 0;
    for (const n of atlas.nodes) {
      if (n.attributes.community > 3) continue;
      expect(colours.get(n.key)?.toLowerCase(), n.key).toBe(communityColor(n.attributes.community).toLowerCase());
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
    expect(await served.page.evaluate(() => window.__atlas!.graph!.size)).toBe(atlas.edges.length);
    expect(served.problems.pageErrors).toEqual([]);
  });

  it("should refuse an edited file whose held-back edge names no node, with the JSON path, as the CLI does", async () => {
    const atlas = JSON.parse(readFileSync(served.file, "utf8")) as { edges: { source: string }[] };
    atlas.edges[5000].source = "nobody";
    const edited = join(served.dir, "edited.atlas.json");
    writeFileSync(edited, JSON.stringify(atlas));
    const cli = await runAtlas(["info", edited]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("$.edges[5000].source");
    await served.page.getByTestId("file-input").setInputFiles(edited);
    await served.page.waitForFunction(() => document.body.dataset.state === "error", undefined, { timeout: 60_000 });
    expect(await served.page.getByTestId("error").textContent()).toContain('edited.atlas.json: not a valid atlas file: $.edges[5000].source: "nobody" is not a node key');
  });
});
