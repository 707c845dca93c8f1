/**
 * Top items (NodeXL's top hashtags, URLs and mentioned accounts per community)
 * in the reports: given as an option or read from the atlas file's
 * `atlas.topItems`; md, json and html show them, csv does not.
 */
import { describe, expect, it } from "vitest";
import { assertAtlasExport, type AtlasMeta } from "../../src/analyze/atlas.ts";
import { analyzeGraph } from "../../src/analyze/pipeline.ts";
import { addEdgeRecord, createGraph, type AtlasGraph } from "../../src/graph/model.ts";
import { buildReportModel, type CommunityTopItems, renderReport } from "../../src/report/index.ts";
import { DataError } from "../../src/shared/errors.ts";

/** Two stars (centres a0, b0; 4 leaves each) joined by their centres: communities 0 and 1 of 5 nodes each. */
function twoStars(): AtlasGraph {
  const g = createGraph({ directed: false });
  for (let i = 1; i <= 4; i++) {
    addEdgeRecord(g, "a0", `a${i}`);
    addEdgeRecord(g, "b0", `b${i}`);
  }
  addEdgeRecord(g, "a0", "b0");
  analyzeGraph(g, { source: "two-stars", top: 2 });
  return g;
}

/** Community ids of a0's and b0's stars. */
function ids(g: AtlasGraph): { a: number; b: number } {
  return { a: g.getNodeAttribute("a0", "community") as number, b: g.getNodeAttribute("b0", "community") as number };
}

function itemsFor(community: number): CommunityTopItems {
  return {
    community,
    posts: 3,
    hashtags: [
      { item: "climate", count: 3 },
      { item: "a|b", count: 1 },
    ],
    urls: [
      { item: "https://example.org/?a=1&b=2", count: 2 },
      { item: "javascript:alert(1)", count: 1 },
    ],
    mentions: [{ item: "@<script>", count: 1 }],
  };
}

describe("top items in the reports", () => {
  it("should attach the items to their community and mark the others as without posts", () => {
    const g = twoStars();
    const { a, b } = ids(g);
    expect(new Set([a, b])).toEqual(new Set([0, 1]));
    const model = buildReportModel(g, { topItems: [itemsFor(a)] });
    expect(model.hasTopItems).toBe(true);
    const byId = new Map(model.communities.map((c) => [c.id, c]));
    expect(byId.get(a)!.topItems).toEqual({ posts: 3, hashtags: itemsFor(a).hashtags, urls: itemsFor(a).urls, mentions: itemsFor(a).mentions });
    expect(byId.get(b)!.topItems).toBeUndefined();

    const md = renderReport(g, "md", { topItems: [itemsFor(a)] });
    const sectionA = md.slice(md.indexOf(`### Community ${a}`)).split(/\n### |\n## /)[0];
    const sectionB = md.slice(md.indexOf(`### Community ${b}`)).split(/\n### |\n## /)[0];
    expect(sectionA).toContain("Top items (3 posts by its members):");
    // Markdown table syntax is escaped, the rest is as given.
    expect(sectionA).toContain("- hashtags: #climate (3), #a\\|b (1)\n");
    expect(sectionA).toContain("- URLs: <https://example.org/?a=1&b=2> (2), javascript:alert(1) (1)\n");
    expect(sectionA).toContain("- mentioned accounts: @\\<script\\> (1)\n");
    expect(sectionB).toContain("Top items: no posts by its members.");
    expect(sectionB).not.toContain("- hashtags:");
  });

  it("should escape the items in HTML and link only http(s) URLs", () => {
    const g = twoStars();
    const { a } = ids(g);
    const html = renderReport(g, "html", { topItems: [itemsFor(a)] });
    expect(html).toContain("<li>hashtags: #climate (3), #a|b (1)</li>");
    expect(html).toContain(
      '<li>URLs: <a href="https://example.org/?a=1&amp;b=2" rel="nofollow noopener">https://example.org/?a=1&amp;b=2</a> (2), javascript:alert(1) (1)</li>',
    );
    expect(html).toContain("<li>mentioned accounts: @&lt;script&gt; (1)</li>");
    expect(html).not.toContain('href="javascript');
    expect(html).not.toContain("@<script>");
  });

  it("should give each community its items in JSON, and leave the CSV unchanged", () => {
    const g = twoStars();
    const { a, b } = ids(g);
    const json = JSON.parse(renderReport(g, "json", { topItems: [itemsFor(a)] })) as {
      communities: { id: number; topItems?: unknown }[];
    };
    const byId = new Map(json.communities.map((c) => [c.id, c]));
    expect(byId.get(a)!.topItems).toEqual({ posts: 3, hashtags: itemsFor(a).hashtags, urls: itemsFor(a).urls, mentions: itemsFor(a).mentions });
    expect("topItems" in byId.get(b)!).toBe(false);
    expect(renderReport(g, "csv", { topItems: [itemsFor(a)] })).toBe(renderReport(g, "csv"));
  });

  it("should read the atlas file's topItems by default, and show none with [] or without them", () => {
    const g = twoStars();
    const { a, b } = ids(g);
    expect(renderReport(g, "md")).not.toContain("Top items");
    expect(buildReportModel(g).hasTopItems).toBe(false);
    const meta = g.getAttribute("atlas") as AtlasMeta;
    g.setAttribute("atlas", { ...meta, topItems: [itemsFor(b)] });
    const md = renderReport(g, "md");
    expect(md.slice(md.indexOf(`### Community ${b}`))).toContain("- hashtags: #climate (3)");
    expect(md.slice(md.indexOf(`### Community ${a}`)).split("\n### ")[0]).toContain("Top items: no posts by its members.");
    // The option wins over the file.
    expect(renderReport(g, "md", { topItems: [] })).not.toContain("Top items");
    // An atlas file with top items passes the structural check; a malformed list does not.
    const exported = g.export();
    expect(() => assertAtlasExport(exported, "x.atlas.json")).not.toThrow();
    (exported.attributes as { atlas: Record<string, unknown> }).atlas.topItems = [{ community: 0, posts: 1 }];
    expect(() => assertAtlasExport(exported, "x.atlas.json")).toThrow(DataError);
    expect(() => assertAtlasExport(exported, "x.atlas.json")).toThrow(/x\.atlas\.json: not a valid atlas file: atlas\.topItems has an entry without/);
  });

  it("should say 1 post, not 1 posts", () => {
    const g = twoStars();
    const { a } = ids(g);
    const md = renderReport(g, "md", { topItems: [{ ...itemsFor(a), posts: 1 }] });
    expect(md).toContain("Top items (1 post by its members):");
  });
});
