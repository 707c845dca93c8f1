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
