import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { consensusCommunities } from "../../src/analyze/communities/consensus.ts";
import { bootstrapLeaders } from "../../src/analyze/leaders/bootstrap.ts";
import { analyzeGraph, analyzeGraphAsync } from "../../src/analyze/pipeline.ts";
import { createWorkerPool, replicateExecutor, replicateProgress } from "../../src/cli/pool.ts";
import { referenceGraph } from "../helpers/reference-graphs.ts";
import { runAtlas } from "./helpers.ts";

describe("worker pool", () => {
  it("should give worker-thread consensus runs and bootstrap replicates equal to the single-threaded pipeline", async () => {
    const options = { seed: 4, consensus: 6, bootstrap: 16, top: 5, betweenness: "off" as const };
    const single = referenceGraph("congress");
    const { index } = analyzeGraph(single, options);
    const threaded = referenceGraph("congress");
    const pool = createWorkerPool(2);
    const progress: string[] = [];
    try {
      await analyzeGraphAsync(threaded, options, undefined, {
        executor: replicateExecutor(pool),
        onReplicates: (done, total, label) => progress.push(`${label} ${done}/${total}`),
      });
    } finally {
      await pool.close();
    }
    expect(threaded.getAttribute("atlas")).toEqual(single.getAttribute("atlas"));
    single.forEachNode((k, a) => expect(threaded.getNodeAttributes(k)).toEqual(a));
    expect(progress).toContain("consensus runs 6/6");
    expect(progress).toContain("bootstrap replicates 16/16");
    // And both equal the pure functions run directly.
    const membership = Array.from(index.keys, (k) => single.getNodeAttribute(k, "community") as number);
    expect(membership).toEqual(Array.from(consensusCommunities(index, { runs: 6, seed: 4 }).membership));
    const direct = bootstrapLeaders(index, membership, { replicates: 16, seed: 4, top: 5 });
    for (const iv of direct.leaders.flat()) {
      expect(threaded.getNodeAttribute(index.keys[iv.node], "rankHigh")).toBe(iv.upper);
    }
  });

  it("should terminate its workers and reject when the run is aborted", async () => {
    const pool = createWorkerPool(2);
    const controller = new AbortController();
    try {
      const run = analyzeGraphAsync(referenceGraph("congress"), { consensus: 0, bootstrap: 400, betweenness: "off" }, undefined, {
        executor: replicateExecutor(pool),
        signal: controller.signal,
        onReplicates: (done) => {
          if (done === 2) controller.abort();
        },
      });
      await expect(run).rejects.toThrow(/cancelled|abort/i);
    } finally {
      await pool.close();
    }
  });

  it("should show replicate progress with counts, rate and ETA", () => {
    let now = 0;
    const lines: string[] = [];
    const show = replicateProgress({ err: (t) => lines.push(t), errIsTTY: false, now: () => now }, "atlas analyze", 0);
    for (let d = 1; d <= 8; d++) {
      now = d * 500; // 2 a second
      show(d, 8, "bootstrap replicates");
    }
    expect(lines[0]).toMatch(/^atlas analyze: bootstrap replicates 2\/8, [\d.]+\/s, ETA [\d.]+ s\n$/);
    expect(lines.at(-1)).toMatch(/^atlas analyze: bootstrap replicates 8\/8, [\d.]+\/s, [\d.]+ s\n$/);
  });
});

describe("atlas analyze: community, consensus, bootstrap and worker flags", () => {
  it("should record --communities louvain --consensus 0 --bootstrap 0 in the atlas", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "atlas-pool-")), "k.atlas.json");
    const r = await runAtlas(["analyze", "data/karate/karate_club.gml", "--communities", "louvain", "--consensus", "0", "--bootstrap", "0", "--out", out]);
    expect(r.code).toBe(0);
    const g = Graph.from(JSON.parse(readFileSync(out, "utf8")));
    const atlas = g.getAttribute("atlas");
    expect(atlas.params).toMatchObject({ communities: "louvain", consensus: { runs: 0 }, bootstrap: { B: 0 }, by: "composite" });
    expect(g.getNodeAttribute("0", "rankLow")).toBeUndefined();
    expect(r.stdout).toMatch(/\d+ louvain communities, modularity/);
  });

  it("should run --consensus 4 --bootstrap 10 on 2 workers as on 0 workers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atlas-pool-"));
    const args = ["analyze", "data/karate/karate_club.gml", "--consensus", "4", "--bootstrap", "10", "--seed", "3"];
    const [a, b] = await Promise.all([
      runAtlas([...args, "--workers", "2", "--out", join(dir, "a.json")]),
      runAtlas([...args, "--workers", "0", "--out", join(dir, "b.json")]),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const read = (f: string): { nodes: unknown; atlas: Record<string, unknown> } => {
      const data = JSON.parse(readFileSync(join(dir, f), "utf8"));
      const { createdAt: _c, ...atlas } = data.attributes.atlas;
      return { nodes: data.nodes, atlas };
    };
    expect(read("a.json")).toEqual(read("b.json"));
    expect(read("a.json").atlas.params).toMatchObject({ communities: "leiden", consensus: { runs: 4 }, bootstrap: { B: 10, seed: 3 } });
    expect(a.stdout).toMatch(/leiden communities \(consensus of 4 runs\)/);
    expect(a.stdout).toMatch(/community 0 \(\d+ nodes\): \S+ \[\d+–\d+\]/);
  });

  it("should refuse a negative --bootstrap and an unknown --communities", async () => {
    const bad = await runAtlas(["analyze", "data/karate/karate_club.gml", "--bootstrap", "-1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a non-negative integer/);
    const algo = await runAtlas(["analyze", "data/karate/karate_club.gml", "--communities", "infomap"]);
    expect(algo.code).toBe(2);
    expect(algo.stderr).toMatch(/infomap.*Allowed choices are leiden, louvain/);
  });
});
