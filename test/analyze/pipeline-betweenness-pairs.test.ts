/**
 * The pipeline's betweenness from sampled node pairs (`betweennessEpsilon`):
 * every node within ε·n/(n−2) of networkx's `betweenness_centrality(G,
 * normalized=True)` (fixtures of scripts/reference/paths.py), and the
 * guarantee recorded in the atlas.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeGraph } from "../../src/analyze/pipeline.ts";
import { readGraph } from "../../src/graph/read.ts";
import { UsageError } from "../../src/shared/errors.ts";
import { atlasSchemaErrors } from "../helpers/atlas-schema.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const fixture = (name: string) => JSON.parse(readFileSync(ROOT + `test/fixtures/reference/paths/${name}.json`, "utf8"));
const read = (path: string) => readGraph(path, new Uint8Array(readFileSync(ROOT + path)));
const QUICK = { consensus: 0, bootstrap: 0, createdAt: "2026-01-01T00:00:00Z", source: "test" } as const;

describe("analyzeGraph with betweennessEpsilon", () => {
  for (const [name, path] of [["football", "data/football/football.gml"], ["polblogs", "data/polblogs/polblogs.gml"]] as const) {
    it(`should put every ${name} node within ε·n/(n−2) of networkx's normalized betweenness`, async () => {
      const graph = await read(path);
      const expected = fixture(name);
      const epsilon = 0.02;
      const { atlas, graph: out } = analyzeGraph(graph, { ...QUICK, betweennessEpsilon: epsilon, betweennessDelta: 0.1, seed: 5, weight: null });
      const n = out.order;
      const bound = (epsilon * n) / (n - 2);
      let worst = 0;
      expected.keys.forEach((key: string, i: number) => {
        worst = Math.max(worst, Math.abs((out.getNodeAttribute(key, "betweenness") as number) - expected.betweenness[i]));
      });
      expect(worst).toBeLessThanOrEqual(bound);
      expect(atlas.params.betweenness).toMatchObject({ mode: "pairs", epsilon, delta: 0.1, weighted: false });
      expect(atlas.params.betweenness.samples).toBeGreaterThan(1000);
      expect(atlasSchemaErrors(out.export()).join("\n")).toBe("");
    });
  }

  it("should refuse an ε or δ outside (0, 1)", async () => {
    const graph = await read("data/karate/karate_club.gml");
    expect(() => analyzeGraph(graph, { ...QUICK, betweennessEpsilon: 1.5 })).toThrow(UsageError);
    expect(() => analyzeGraph(graph, { ...QUICK, betweennessEpsilon: 0.1, betweennessDelta: 0 })).toThrow(/betweennessDelta must be in \(0, 1\)/);
  });
});
