/**
 * A columnar atlas (`atlas analyze --out DIR`: atlas.json + Arrow files)
 * opened by `atlas view DIR`: the page fetches its parts, decodes them as the
 * CLI does, and draws the same graph as the atlas JSON of the same analysis.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAtlas, serveAnalyzed, type ServedAtlas, waitForLoads } from "./helpers.ts";

const OPTIONS = ["--seed", "3", "--consensus", "0", "--bootstrap", "0", "--workers", "0", "--no-layout"];
const CONGRESS = "data/congress_twitter/congress.edgelist";

let served: ServedAtlas;

beforeAll(async () => {
  served = await serveAnalyzed(CONGRESS, "congress.atlas", OPTIONS);
  const json = await runAtlas(["analyze", CONGRESS, ...OPTIONS, "--out", join(served.dir, "congress.atlas.json")]);
  expect(json.code).toBe(0);
}, 120_000);

afterAll(async () => {
  await served?.close();
});

describe("atlas view of a columnar atlas", () => {
  it("should print a URL opening the directory's atlas", () => {
    expect(served.view.url).toMatch(/\?file=congress\.atlas$/);
  });

  it("should draw the graph of the atlas JSON of the same analysis: nodes, edges, communities, PageRank", async () => {
    await waitForLoads(served.page, 1);
    const json = JSON.parse(readFileSync(join(served.dir, "congress.atlas.json"), "utf8")) as {
      nodes: { key: string; attributes: { community: number; pagerank: number } }[];
      edges: unknown[];
      attributes: { atlas: { communities: unknown[] } };
    };
    const shown = await served.page.evaluate(() => {
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
    expect(await served.page.getByTestId("legend-toggle").count()).toBe(json.attributes.atlas.communities.length);
    expect(served.problems.pageErrors).toEqual([]);
    expect(served.problems.consoleErrors).toEqual([]);
  });
});
