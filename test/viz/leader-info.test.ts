import { describe, expect, it } from "vitest";
import type { AtlasMeta } from "../../src/analyze/atlas.ts";
import { communityTopItems, intervalText, leaderInfoLines, rankBadge, roleText, safeHttpUrl, topItemGroups } from "../../viz/src/leader-info.ts";

/** A leader as the issue-7 analysis writes it into the atlas file. */
const LEADER = {
  role: 6,
  roleName: "connector hub",
  withinModuleZ: 2.53,
  stability: 0.9,
  compositeScore: 0.8125,
  compositeRank: 2,
  rankLow: 1,
  rankHigh: 4,
  unstableLeader: true,
};

describe("roleText", () => {
  it("should show the role number and the file's role name", () => {
    expect(roleText(LEADER)).toBe("R6 connector hub");
  });
  it("should name a bare role number after Guimerà & Amaral's seven roles", () => {
    expect(roleText({ role: 1 })).toBe("R1 ultra-peripheral");
    expect(roleText({ role: 5 })).toBe("R5 provincial hub");
    expect(roleText({ role: 7 })).toBe("R7 kinless hub");
  });
  it("should show a role name without a valid number as it is, and nothing without either", () => {
    expect(roleText({ roleName: "peripheral", role: 9 })).toBe("peripheral");
    expect(roleText({ role: 0 })).toBeNull();
    expect(roleText({})).toBeNull();
  });
});

describe("rank interval and badge", () => {
  it("should write the 90% interval as [low–high] and the badge as #rank [low–high]", () => {
    expect(intervalText(LEADER)).toBe("[1–4]");
    expect(rankBadge({ compositeRank: 2, rankLow: 1, rankHigh: 4 })).toBe("#2 [1–4]");
    expect(rankBadge(LEADER)).toBe("#2 [1–4] unstable");
  });
  it("should fall back to leaderRank and show nothing without any rank", () => {
    expect(rankBadge({ leaderRank: 3 })).toBe("#3");
    expect(intervalText({ rankLow: 1 })).toBeNull();
    expect(rankBadge({ pagerank: 0.1 })).toBeNull();
  });
});

describe("leaderInfoLines", () => {
  it("should list role, within-community z, stability, composite score, rank with interval and the unstable flag", () => {
    expect(leaderInfoLines(LEADER).map((l) => [l.testid, l.text])).toEqual([
      ["node-role", "R6 connector hub"],
      ["node-within-z", "2.53"],
      ["node-stability", "0.9 (90% of runs agree)"],
      ["node-composite-score", "0.8125"],
      ["node-rank-interval", "#2 90% interval [1–4]"],
      ["node-unstable", "unstable leader: its rank moves a lot under resampling"],
    ]);
  });
  it("should list nothing for a node without the new attributes", () => {
    expect(leaderInfoLines({ pagerank: 0.2, community: 0, label: "x", unstableLeader: false })).toEqual([]);
  });
});

describe("community top items", () => {
  const meta = {
    topItems: [
      {
        community: 1,
        posts: 40,
        hashtags: [{ item: "climate", count: 12 }],
        urls: [
          { item: "https://example.org/a?b=1", count: 5 },
          { item: "javascript:alert(1)", count: 4 },
          { item: "<img src=x onerror=alert(1)>", count: 3 },
          { item: "https://user:pw@example.org/", count: 2 },
        ],
        mentions: [],
      },
    ],
  } as unknown as AtlasMeta;

  it("should find a community's entry and leave out communities without one", () => {
    expect(communityTopItems(meta, 1)?.posts).toBe(40);
    expect(communityTopItems(meta, 0)).toBeNull();
    expect(communityTopItems(null, 1)).toBeNull();
  });
  it("should link only absolute http(s) URLs and keep every other item as text", () => {
    const groups = topItemGroups(communityTopItems(meta, 1)!);
    expect(groups.map((g) => g.kind)).toEqual(["hashtags", "urls"]);
    expect(groups[0].items).toEqual([{ text: "#climate", count: 12, href: null }]);
    expect(groups[1].items.map((x) => [x.text, x.href])).toEqual([
      ["https://example.org/a?b=1", "https://example.org/a?b=1"],
      ["javascript:alert(1)", null],
      ["<img src=x onerror=alert(1)>", null],
      ["https://user:pw@example.org/", null],
    ]);
  });
  it("should accept http and https only", () => {
    expect(safeHttpUrl("http://example.org")).toBe("http://example.org/");
    expect(safeHttpUrl("data:text/html,x")).toBeNull();
    expect(safeHttpUrl("//example.org")).toBeNull();
    expect(safeHttpUrl("ftp://example.org")).toBeNull();
  });
});
