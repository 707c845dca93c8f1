import { describe, expect, it } from "vitest";
import { nullModel, observedValues, profileNiche } from "../../src/analyze/compare/index.ts";
import { csrFromGraph } from "../../src/analyze/csr.ts";
import { runNullModels } from "../../src/cli/compare-pool.ts";
import { referenceGraph } from "../helpers/reference-graphs.ts";
import { runAtlas } from "./helpers.ts";

const karate = csrFromGraph(referenceGraph("karate"), { getEdgeWeight: null });
const congress = csrFromGraph(referenceGraph("congress"), { getEdgeWeight: null });

describe("atlas compare", () => {
  it("should give worker-thread randomizations equal to single-threaded ones for a seed", async () => {
    const samples = await runNullModels(
      [
        { name: "karate", index: karate },
        { name: "congress", index: congress },
      ],
      { replicates: 3, seed: 4, swapsPerEdge: 10, resolution: 1, threads: 2 },
    );
    for (const [i, [name, index]] of ([["karate", karate], ["congress", congress]] as const).entries()) {
      const { profile } = profileNiche({ name, source: "", index }, { seed: 4 });
      const single = nullModel(index, name, observedValues(profile), 3, 4);
      expect(samples[i]).toEqual(single.samples);
    }
  });

  it("should compare two files as JSON with z-scores and progress on stderr", async () => {
    const r = await runAtlas(["compare", "data/karate/karate_club.gml", "data/congress_twitter/congress.edgelist", "--null", "2", "--seed", "4", "--format", "json", "--threads", "1"]);
    expect(r.stderr).toMatch(/^compare: 2 niches: karate_club \(34 nodes, 78 edges\), congress \(475 nodes, 13289 edges\)/m);
    expect(r.stderr).toMatch(/^compare: randomizations 4\/4 /m);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.niches.map((n: { name: string }) => n.name)).toEqual(["karate_club", "congress"]);
    expect(json.niches[1].size).toMatchObject({ nodes: 475, edges: 13289, directed: true });
    // Seeds are per niche name: the CLI's samples are nullModel's.
    const { profile } = profileNiche({ name: "congress", source: "", index: congress }, { seed: 4 });
    expect(json.niches[1].nullModel.samples).toEqual(nullModel(congress, "congress", observedValues(profile), 2, 4).samples);
    expect(json.overlaps).toEqual([]);
  });

  it("should split one graph into the groups of --by", async () => {
    const r = await runAtlas(["compare", "data/polblogs/polblogs.gml", "--by", "value", "--null", "0"]);
    expect(r.code).toBe(0);
    // Adamic & Glance: 758 liberal (0) and 732 conservative (1) blogs.
    expect(r.stdout).toMatch(/^\| {2}\| 0 \| 1 \|$/m);
    expect(r.stdout).toMatch(/^\| nodes \| 758 \| 732 \|$/m);
    expect(r.stdout).not.toMatch(/z-scores/);
  });

  it("should refuse an attribute no node has, naming the ones found", async () => {
    const r = await runAtlas(["compare", "data/karate/karate_club.gml", "--by", "party", "--null", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/compare: no node of "data\/karate\/karate_club\.gml" has the attribute "party"; node attributes found: .*club/);
  });

  it("should refuse an output whose format it cannot tell", async () => {
    const r = await runAtlas(["compare", "data/karate/karate_club.gml", "--null", "0", "--out", "out/x.txt", "--out", "out/y.md"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot tell the format of "out\/x\.txt"/);
  });
});

describe("atlas compare of an atlas file", () => {
  it("should use the atlas's own communities, modularity and first leaders, and Louvain only for a graph file", async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "atlas-compare-own-"));
    try {
      const atlasFile = join(dir, "karate.atlas.json");
      expect((await runAtlas(["analyze", "data/karate/karate_club.gml", "--out", atlasFile, "--seed", "1", "--bootstrap", "0"])).code).toBe(0);
      const atlas = JSON.parse(readFileSync(atlasFile, "utf8")) as {
        nodes: { key: string; attributes: { community: number } }[];
        attributes: { atlas: { modularity: number; communities: { id: number; size: number; leaders: string[] }[] } };
      };
      const meta = atlas.attributes.atlas;
      const r = await runAtlas(["compare", atlasFile, "data/karate/karate_club.gml", "--null", "0", "--format", "json"]);
      expect(r.code).toBe(0);
      const [own, plain] = (JSON.parse(r.stdout) as { niches: { communities: { count: number; modularity: number; sizes: number[] }; leadership: { leaders: string[] } }[] }).niches;
      expect(own.communities.count).toBe(meta.communities.length);
      expect(own.communities.modularity).toBe(meta.modularity);
      expect([...own.communities.sizes].sort((a, b) => b - a)).toEqual(meta.communities.map((c) => c.size).sort((a, b) => b - a));
      expect(own.leadership.leaders).toEqual(meta.communities.map((c) => c.leaders[0]).slice(0, 10));
      // The same graph as a plain file: Louvain's partition, not the atlas's.
      expect(plain.communities.modularity).not.toBe(meta.modularity);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
