import { describe, expect, it } from "vitest";
import { csrFromEdges } from "../../../src/analyze/csr.ts";
import { collectiveInfluence, computeCollectiveInfluence } from "../../../src/analyze/spreaders/index.ts";
import { addEdgeRecord, createGraph } from "../../../src/graph/model.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { REFERENCE_GRAPHS, referenceIndex } from "../../helpers/reference-graphs.ts";
import { spreadersFixture } from "./fixtures.ts";

// Path a–b–c–d–e (indices 0..4).
const path5 = () => csrFromEdges({ order: 5, sources: [0, 1, 2, 3], targets: [1, 2, 3, 4], directed: false });

describe("computeCollectiveInfluence", () => {
  it("should give the hand-computed CI on a path", () => {
    // ℓ=1: CI(b) = 1·((1−1) + (2−1)) = 1, CI(c) = 1·(1 + 1) = 2; ℓ=2: CI(b) = 1·(k_d − 1) = 1, CI(c) = 1·(0 + 0) = 0.
    expect(Array.from(computeCollectiveInfluence(path5(), { radius: 1 }).initial)).toEqual([0, 1, 2, 1, 0]);
    expect(Array.from(computeCollectiveInfluence(path5(), { radius: 2 }).initial)).toEqual([0, 1, 0, 1, 0]);
    // ℓ=0: (k − 1)² for k ≥ 2.
    expect(Array.from(computeCollectiveInfluence(path5(), { radius: 0 }).initial)).toEqual([0, 1, 1, 1, 0]);
  });

  it("should remove adaptively on a path", () => {
    // ℓ=1: remove c (CI 2); then b and d have degree 1: done.
    expect(Array.from(computeCollectiveInfluence(path5(), { radius: 1 }).order)).toEqual([2]);
    // ℓ=2: b and d tie at 1, b first; then d's ball of radius 2 is empty: done.
    const r = computeCollectiveInfluence(path5(), { radius: 2 });
    expect(Array.from(r.order)).toEqual([1]);
    expect(Array.from(r.score)).toEqual([0, 1, 0, 0, 0]);
  });

  it("should score 0 on a star (its leaves have k − 1 = 0) and remove the hubs of a double star", () => {
    const star = csrFromEdges({ order: 5, sources: [0, 0, 0, 0], targets: [1, 2, 3, 4], directed: false });
    expect(Array.from(computeCollectiveInfluence(star, { radius: 1 }).initial)).toEqual([0, 0, 0, 0, 0]);
    // Hubs 0 and 1 joined, 0 with leaves 2,3,4 and 1 with leaves 5,6. ℓ=1: CI(0) = 3·(3−1) = 6, CI(1) = 2·(4−1) = 6.
    const double = csrFromEdges({ order: 7, sources: [0, 0, 0, 0, 1, 1], targets: [1, 2, 3, 4, 5, 6], directed: false });
    const r = computeCollectiveInfluence(double, { radius: 1 });
    expect(Array.from(r.initial)).toEqual([6, 6, 0, 0, 0, 0, 0]);
    expect(Array.from(r.order)).toEqual([0]);
  });

  it.each(REFERENCE_GRAPHS)("should equal the networkx-based CI_2 on %s", (name) => {
    const index = referenceIndex(name);
    const fx = spreadersFixture(name);
    expect(Array.from(computeCollectiveInfluence(index).initial)).toEqual(fx.collectiveInfluence["2"]);
  });

  it.each(["karate", "football"] as const)("should equal the naive adaptive removal and CI_1, CI_3 on %s", (name) => {
    const index = referenceIndex(name);
    const fx = spreadersFixture(name);
    for (const radius of [1, 2]) {
      const r = computeCollectiveInfluence(index, { radius });
      expect(Array.from(r.order, (i) => index.keys[i])).toEqual(fx.ciOrder[String(radius)]);
    }
    expect(Array.from(computeCollectiveInfluence(index, { radius: 1 }).initial)).toEqual(fx.collectiveInfluence["1"]);
    expect(Array.from(computeCollectiveInfluence(index, { radius: 3 }).initial)).toEqual(fx.collectiveInfluence["3"]);
  });

  it.each(["polblogs", "congress"] as const)("should start the removal as the naive loop on %s", (name) => {
    const index = referenceIndex(name);
    const fx = spreadersFixture(name);
    const order = Array.from(computeCollectiveInfluence(index).order, (i) => index.keys[i]);
    expect(order.slice(0, fx.ciOrder["2"].length)).toEqual(fx.ciOrder["2"]);
  });

  it("should remove a whole batch by the CIs of the previous round", () => {
    // batch ≥ n: one round, nodes of positive initial CI by decreasing CI, ties by index.
    const index = referenceIndex("karate");
    const fx = spreadersFixture("karate");
    const expected = fx.keys
      .map((_, i) => i)
      .filter((i) => fx.collectiveInfluence["2"][i] > 0)
      .sort((a, b) => fx.collectiveInfluence["2"][b] - fx.collectiveInfluence["2"][a] || a - b);
    expect(Array.from(computeCollectiveInfluence(index, { batch: 34 }).order)).toEqual(expected);
    // batch 1 is the default one-at-a-time removal.
    expect(computeCollectiveInfluence(index, { batch: 1 }).order).toEqual(computeCollectiveInfluence(index).order);
  });

  it("should stop at maxRemovals and refuse a bad radius", () => {
    const index = referenceIndex("football");
    expect(computeCollectiveInfluence(index, { maxRemovals: 3 }).order.length).toBe(3);
    expect(() => computeCollectiveInfluence(index, { radius: -1 })).toThrow(UsageError);
    expect(() => computeCollectiveInfluence(index, { radius: 1.5 })).toThrow(/radius is 1.5/);
  });

  it("should use the undirected simple view in the graph wrapper", () => {
    const g = createGraph({ directed: true });
    for (const [s, t] of [["a", "b"], ["b", "a"], ["b", "c"], ["d", "c"], ["c", "c"], ["d", "e"]]) addEdgeRecord(g, s, t);
    // Undirected simple view: path a–b–c–d–e.
    expect(collectiveInfluence(g, { radius: 1 })).toEqual({ a: 0, b: 1, c: 2, d: 1, e: 0 });
    expect(collectiveInfluence.detailed(g, { radius: 1 }).order).toEqual(["c"]);
  });
});
