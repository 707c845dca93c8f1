import { describe, expect, it } from "vitest";
import { nmi } from "../../../src/analyze/communities/nmi.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { readCommunityFixture } from "../../helpers/reference-fixtures.ts";

interface NmiFixture {
  source: string;
  cases: { name: string; a: number[]; b: number[]; nmi: number }[];
}

describe("nmi", () => {
  const fx = readCommunityFixture<NmiFixture>("nmi");
  for (const c of fx.cases) {
    it(`should equal igraph's compare_communities(method="nmi") on ${c.name}`, () => {
      expect(Math.abs(nmi(c.a, c.b) - c.nmi)).toBeLessThan(1e-9);
      expect(Math.abs(nmi(c.b, c.a) - c.nmi)).toBeLessThan(1e-9);
    });
  }

  it("should be 1 for identical partitions whatever the label values", () => {
    expect(nmi([0, 0, 1, 1, 2], ["x", "x", "y", "y", "z"])).toBeCloseTo(1, 14);
    expect(nmi(Int32Array.from([3, 1, 3]), [7, 9, 7])).toBeCloseTo(1, 14);
  });

  it("should be 1 for two single clusters and for empty input, 0 for one single cluster", () => {
    expect(nmi([4, 4, 4], ["a", "a", "a"])).toBe(1);
    expect(nmi([], [])).toBe(1);
    expect(nmi([0, 0, 0, 0], [0, 1, 0, 1])).toBe(0);
  });

  it("should be 0 for independent partitions (hand-computed: MI = 0)", () => {
    expect(nmi([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 14);
  });

  it("should reject partitions of different lengths", () => {
    expect(() => nmi([0, 1], [0])).toThrow(UsageError);
    expect(() => nmi([0, 1], [0])).toThrow(/2 and 1 labels/);
  });
});
