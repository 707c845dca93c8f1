import { describe, expect, it } from "vitest";
import { csrFromEdges } from "../../../src/analyze/csr.ts";
import { computeLeaderrank, leaderrank } from "../../../src/analyze/spreaders/index.ts";
import { addEdgeRecord, createGraph } from "../../../src/graph/model.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { REFERENCE_GRAPHS, referenceIndex } from "../../helpers/reference-graphs.ts";
import { spreadersFixture } from "./fixtures.ts";

describe("computeLeaderrank", () => {
  // Undirected graphs: the augmented graph is undirected, so the walk's steady state is
  // proportional to degree: s_i = N(k_i + 1)/(2m + 2N), s_g = N²/(2m + 2N), LR_i = N(k_i + 2)/(2m + 2N).
  it("should give N(k+2)/(2m+2N) on a star (hand-computed)", () => {
    const star = csrFromEdges({ order: 4, sources: [0, 0, 0], targets: [1, 2, 3], directed: false });
    const lr = computeLeaderrank(star, { tolerance: 1e-14 });
    expect(lr[0]).toBeCloseTo(10 / 7, 10);
    for (let i = 1; i < 4; i++) expect(lr[i]).toBeCloseTo(6 / 7, 10);
  });

  it("should give 0.9, 1.2, 0.9 on the path a–b–c (hand-computed)", () => {
    const path = csrFromEdges({ order: 3, sources: [0, 1], targets: [1, 2], directed: false });
    const lr = computeLeaderrank(path, { tolerance: 1e-14 });
    expect(Array.from(lr).map((x) => Number(x.toFixed(10)))).toEqual([0.9, 1.2, 0.9]);
  });

  it("should follow edges on a directed star (leaves → centre): the centre leads", () => {
    // Hand-computed steady state: with k_out(leaf) = 1 (+ ground), the leaves send half to the
    // centre and half to the ground; the centre (no out-edge) sends all to the ground.
    const star = csrFromEdges({ order: 4, sources: [1, 2, 3], targets: [0, 0, 0], directed: true });
    const lr = computeLeaderrank(star, { tolerance: 1e-14 });
    // Balance: s_g = s_c + 3·s_l/2; s_c = 3·s_l/2 + s_g/4; s_l = s_g/4; sum s = 4 → s_l = 8/19...
    // Solve: s_l = s_g/4, s_c = 3s_g/8 + s_g/4 = 5s_g/8; s_g + s_c + 3 s_l = 4 → s_g(1 + 5/8 + 3/4) = 4 → s_g = 32/19.
    const sg = 32 / 19;
    expect(lr[0]).toBeCloseTo((5 * sg) / 8 + sg / 4, 10);
    expect(lr[1]).toBeCloseTo(sg / 4 + sg / 4, 10);
    expect(lr.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 10);
  });

  it.each(REFERENCE_GRAPHS)("should equal the numpy stationary solution on %s", (name) => {
    const index = referenceIndex(name);
    const fx = spreadersFixture(name);
    const lr = computeLeaderrank(index, { tolerance: 1e-13 });
    fx.leaderrank.forEach((v, i) => expect(lr[i]).toBeCloseTo(v, 8));
  });

  it("should give every node 1 without edges, and nothing on an empty graph", () => {
    expect(Array.from(computeLeaderrank(csrFromEdges({ order: 3, sources: [], targets: [], directed: true })))).toEqual([1, 1, 1]);
    expect(computeLeaderrank(csrFromEdges({ order: 0, sources: [], targets: [], directed: false })).length).toBe(0);
  });

  it("should refuse bad options", () => {
    const index = referenceIndex("karate");
    expect(() => computeLeaderrank(index, { tolerance: 0 })).toThrow(UsageError);
    expect(() => computeLeaderrank(index, { maxIterations: 0 })).toThrow(/maxIterations is 0/);
  });

  it("should key the graph wrapper and ignore weights", () => {
    const g = createGraph({ directed: false });
    addEdgeRecord(g, "a", "b", 10);
    addEdgeRecord(g, "b", "c", 1);
    const lr = leaderrank(g, { tolerance: 1e-14 });
    // Unweighted, the path a–b–c: N(k + 2)/(2m + 2N) with N = 3, m = 2 gives b 3·4/10, a and c 3·3/10.
    expect(lr.b).toBeCloseTo(1.2, 10);
    expect(lr.a).toBeCloseTo(0.9, 10);
    leaderrank.assign(g, { nodeAttribute: "lr" });
    expect(g.getNodeAttribute("c", "lr")).toBeCloseTo(0.9, 8);
  });
});
