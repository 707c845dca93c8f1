import { describe, expect, it } from "vitest";
import { COMMUNITY_GREY, COMMUNITY_PALETTE, communityColor } from "../../src/graph/palette.ts";

describe("communityColor", () => {
  it("should start with the Okabe–Ito colours (orange, sky blue, bluish green)", () => {
    expect(COMMUNITY_PALETTE.slice(0, 3)).toEqual(["#E69F00", "#56B4E9", "#009E73"]);
    expect(communityColor(1)).toBe("#56B4E9");
  });

  it("should give distinct colours within the palette and grey beyond it or without a community", () => {
    expect(new Set(COMMUNITY_PALETTE).size).toBe(COMMUNITY_PALETTE.length);
    expect(COMMUNITY_PALETTE).not.toContain(COMMUNITY_GREY);
    expect(communityColor(COMMUNITY_PALETTE.length)).toBe(COMMUNITY_GREY);
    expect(communityColor(undefined)).toBe(COMMUNITY_GREY);
    expect(communityColor(-1)).toBe(COMMUNITY_GREY);
    expect(communityColor(1.5)).toBe(COMMUNITY_GREY);
    expect(communityColor("2")).toBe(COMMUNITY_GREY);
  });
});
