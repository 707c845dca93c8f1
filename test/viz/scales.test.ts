import { describe, expect, it } from "vitest";
import { COMMUNITY_PALETTE } from "../../src/graph/palette.ts";
import { colorScale, COMMUNITY_GREY, domainOf, interpolateColor, normalize, sizeScale, VIRIDIS } from "../../viz/src/scales.ts";

describe("domainOf", () => {
  it("should skip non-finite values and non-numbers", () => {
    expect(domainOf([3, null, NaN, -1, "7", Infinity, 2])).toEqual({ min: -1, max: 3 });
  });
  it("should return null when no value is finite", () => {
    expect(domainOf([null, undefined, NaN])).toBeNull();
  });
});

describe("normalize", () => {
  it("should map a linear domain to [0, 1]", () => {
    expect(normalize(15, { min: 10, max: 30 })).toBe(0.25);
    expect(normalize(40, { min: 10, max: 30 })).toBe(1);
  });
  it("should map a degenerate domain to 0", () => {
    expect(normalize(5, { min: 5, max: 5 })).toBe(0);
  });
  it("should use log10(1 + x − min) / log10(1 + span) in log mode", () => {
    // log1p(9)/log1p(99) = ln 10 / ln 100 = 0.5
    expect(normalize(9, { min: 0, max: 99 }, true)).toBeCloseTo(0.5, 12);
  });
});

describe("colour scales", () => {
  it("should colour communities with the engine's palette and grey beyond it", () => {
    const color = colorScale("community", null);
    expect(color({ community: 0 })).toBe("#E69F00");
    expect(color({ community: 4 })).toBe("#0072B2");
    expect(color({ community: COMMUNITY_PALETTE.length })).toBe(COMMUNITY_GREY);
    expect(color({})).toBe(COMMUNITY_GREY);
  });
  it("should interpolate viridis at its stops and halfway between two", () => {
    expect(interpolateColor(VIRIDIS, 0)).toBe("#440154");
    expect(interpolateColor(VIRIDIS, 1)).toBe("#fde725");
    // halfway between #440154 and #472d7b: (0x44+0x47)/2=69.5→70=0x46, (1+45)/2=23=0x17, (84+123)/2=103.5→104=0x68
    expect(interpolateColor(VIRIDIS, 1 / 16)).toBe("#461768");
  });
  it("should colour a metric along viridis and missing values grey", () => {
    const color = colorScale("coreness", { min: 0, max: 8 });
    expect(color({ coreness: 0 })).toBe("#440154");
    expect(color({ coreness: 4 })).toBe("#21918c");
    expect(color({ coreness: null })).toBe(COMMUNITY_GREY);
  });
});

describe("sizeScale", () => {
  it("should follow minSize + (maxSize − minSize)·sqrt(t), times the scale", () => {
    const size = sizeScale({ min: 0, max: 100 }, { minSize: 2, maxSize: 12, scale: 1 });
    expect(size(0)).toBe(2);
    expect(size(25)).toBe(7); // sqrt(0.25) = 0.5
    expect(size(100)).toBe(12);
    const doubled = sizeScale({ min: 0, max: 100 }, { minSize: 2, maxSize: 12, scale: 2 });
    expect(doubled(25)).toBe(14);
  });
  it("should give missing values the minimum size", () => {
    const size = sizeScale({ min: 0, max: 1 }, { minSize: 3, maxSize: 9, scale: 1.5 });
    expect(size(null)).toBe(4.5);
    expect(size(undefined)).toBe(4.5);
  });
});
