import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kendallTau, topK, topKOverlap } from "../../../src/analyze/evaluate/kendall.ts";
import { compareToSpreading, sampleNodes } from "../../../src/analyze/evaluate/compare.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { ROOT } from "../../helpers/reference-graphs.ts";

const cases = JSON.parse(readFileSync(join(ROOT, "test/fixtures/reference/spreaders/kendall.json"), "utf8")) as { x: number[]; y: number[]; tau: number }[];

describe("kendallTau", () => {
  it.each(cases.map((c, i) => [i, c] as const))("should equal scipy.stats.kendalltau (τ-b) on case %i", (_i, c) => {
    expect(kendallTau(c.x, c.y)).toBeCloseTo(c.tau, 12);
  });

  it("should be 1 / −1 on (anti-)monotone data and NaN on a constant vector, as scipy", () => {
    expect(kendallTau([1, 2, 3], [10, 20, 30])).toBe(1);
    expect(kendallTau([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(kendallTau([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it("should refuse NaN and unequal lengths", () => {
    expect(() => kendallTau([1, NaN], [1, 2])).toThrow(UsageError);
    expect(() => kendallTau([1, 2], [1])).toThrow(/give equal lengths/);
  });
});

describe("topKOverlap", () => {
  it("should count the true top k found (hand-computed), ties by index", () => {
    expect(topK([5, 1, 5, 3], 2)).toEqual([0, 2]);
    expect(topKOverlap([4, 3, 2, 1], [1, 3, 2, 4], 2)).toBe(0.5);
    expect(topKOverlap([4, 3, 2, 1], [4, 3, 2, 1], 3)).toBe(1);
    expect(() => topKOverlap([1], [1], 0)).toThrow(/k is 0/);
  });
});

describe("compareToSpreading and sampleNodes", () => {
  it("should score methods on the evaluated nodes only", () => {
    const rows = compareToSpreading({ good: [9, 1, 2, 3], bad: [0, 3, 2, 1] }, [1, 2, 3], [1, 2, 3], 1);
    expect(rows).toEqual([
      { method: "good", tau: 1, overlap: 1, k: 1 },
      { method: "bad", tau: -1, overlap: 0, k: 1 },
    ]);
  });

  it("should sample distinct sorted nodes reproducibly, or all of them", () => {
    const a = sampleNodes(1000, 50, 4);
    expect(a).toEqual(sampleNodes(1000, 50, 4));
    expect(new Set(a).size).toBe(50);
    expect(Array.from(a)).toEqual([...a].sort((x, y) => x - y));
    expect(Array.from(sampleNodes(5, 10, 1))).toEqual([0, 1, 2, 3, 4]);
  });
});
