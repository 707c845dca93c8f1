import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { buildModel, MAX_CATEGORIES, MAX_DISTINCT_VALUES, rankInCommunity, searchNodes, topNeighbours, withIsolated } from "../../viz/src/model.ts";
import { COMMUNITY_GREY, ISOLATED_COLOR, COMMUNITY_PALETTE } from "../../viz/src/scales.ts";
import { profileLink, nodeHandle } from "../../viz/src/profile.ts";
import { computeVisibility, kindShown } from "../../viz/src/visibility.ts";

function sample(): Graph {
  const g = new Graph({ type: "directed" });
  g.addNode("tw:1", { label: "Alice Smith", handle: "alice", pagerank: 0.4, coreness: 2, community: 0 });
  g.addNode("tw:2", { label: "Bob", username: "bobby", pagerank: 0.3, coreness: 1, community: 0 });
  g.addNode("tw:3", { label: "Alicia", pagerank: 0.2, coreness: 2, community: 1 });
  g.addNode("tw:4", { label: "Carol", pagerank: 0.1, coreness: 3, community: 1 });
  g.addEdge("tw:2", "tw:1", { weight: 3, kind: "retweet" });
  g.addEdge("tw:3", "tw:1", { weight: 1, kind: "mention,retweet" });
  g.addEdge("tw:4", "tw:1", { weight: 1, kind: "mention" });
  g.addEdge("tw:1", "tw:4", { weight: 2 });
  return g;
}

describe("buildModel", () => {
  it("should find the metrics, the communities (by size, leaders by PageRank) and the edge kinds", () => {
    const m = buildModel(sample(), "sample.json");
    expect(m.metrics).toEqual(["pagerank", "coreness"]);
    expect(m.domains.coreness).toEqual({ min: 1, max: 3 });
    expect(m.communities.map((c) => [c.id, c.size, c.name, c.leaders])).toEqual([
      [0, 2, "Alice Smith", ["tw:1", "tw:2"]],
      [1, 2, "Alicia", ["tw:3", "tw:4"]],
    ]);
    expect(m.kinds).toEqual(["mention", "retweet"]);
    expect(m.hasPositions).toBe(false);
  });
  it("should take the leaders from the atlas attribute when present", () => {
    const g = sample();
    g.setAttribute("atlas", { source: "x.gml", communities: [{ id: 1, leaders: ["tw:4", "tw:3"] }] });
    const m = buildModel(g, "f");
    expect(m.name).toBe("x.gml");
    expect(m.communityById.get(1)!.name).toBe("Carol");
  });
});

describe("node attributes", () => {
  it("should type attributes from their values: numbers (every numeric column), text and booleans (values by count), identifiers left out", () => {
    const g = sample();
    const parties = ["D", "R", "D", undefined];
    g.forEachNode((key, _a) => {
      const i = Number(key.slice(3)) - 1;
      if (parties[i] !== undefined) g.setNodeAttribute(key, "party", parties[i]);
      g.setNodeAttribute(key, "verified", i % 2 === 0);
      g.setNodeAttribute(key, "rankLow", i + 1);
    });
    const m = buildModel(g, "s");
    expect(m.metrics).toEqual(["pagerank", "coreness"]);
    expect(m.numeric).toEqual(["pagerank", "coreness", "rankLow"]);
    expect(m.domains.rankLow).toEqual({ min: 1, max: 4 });
    expect(m.categoricalNames).toEqual(["handle", "label", "party", "username", "verified"]);
    expect(m.categorical.party.categories).toEqual([
      { value: "D", count: 2, color: COMMUNITY_PALETTE[0] },
      { value: "", count: 1, color: COMMUNITY_GREY },
      { value: "R", count: 1, color: COMMUNITY_PALETTE[1] },
    ]);
    expect(m.categorical.verified.categories.map((c) => [c.value, c.count])).toEqual([
      ["false", 2],
      ["true", 2],
    ]);
    expect(m.categorical.party.other).toBeNull();
    // A different value on each of more than 20 nodes: an identifier, not offered to colour by.
    const ids = new Graph();
    for (let i = 0; i < 25; i++) ids.addNode(`n${i}`, { label: `node ${i}`, kind: i % 2 ? "a" : "b" });
    expect(buildModel(ids, "ids").categoricalNames).toEqual(["kind"]);
    // Too many values to colour by, even when some repeat.
    const many = new Graph();
    for (let i = 0; i < MAX_DISTINCT_VALUES + 5; i++) many.addNode(`n${i}`, { city: `c${i}` });
    many.addNode("again", { city: "c1" });
    expect(buildModel(many, "many").categoricalNames).toEqual([]);
    expect(m.attributeNames).toEqual(["label", "handle", "pagerank", "coreness", "community", "party", "verified", "rankLow", "username"]);
  });

  it("should colour the first 19 values by count and group the others when there are more than 20", () => {
    const g = new Graph();
    // Value v${i} on 30 - i nodes (i = 0..24): 25 values.
    let n = 0;
    for (let i = 0; i < 25; i++) for (let k = 0; k < 30 - i; k++) g.addNode(`n${n++}`, { group: `v${i}` });
    const attr = buildModel(g, "s").categorical.group;
    expect(attr.categories).toHaveLength(MAX_CATEGORIES - 1);
    expect(attr.categories.map((c) => c.value)).toEqual(Array.from({ length: 19 }, (_, i) => `v${i}`));
    expect(new Set(attr.categories.map((c) => c.color)).size).toBe(19);
    expect(attr.other).toEqual({ values: ["v19", "v20", "v21", "v22", "v23", "v24"], count: 11 + 10 + 9 + 8 + 7 + 6 });
  });

  it("should mark the communities without any edge as isolated, in one colour", () => {
    const g = sample();
    g.addNode("tw:5", { community: 2 });
    g.addNode("tw:6", { community: 3 });
    const m = buildModel(g, "s");
    expect(m.isolatedNodes).toBe(2);
    expect(m.communities.filter((c) => c.isolated).map((c) => [c.id, c.color])).toEqual([
      [2, ISOLATED_COLOR],
      [3, ISOLATED_COLOR],
    ]);
    expect(m.communityById.get(0)!.isolated).toBe(false);
    g.addEdge("tw:5", "tw:1");
    const after = withIsolated(g, m.communities);
    expect(after.isolatedNodes).toBe(1);
    expect(after.communityById.get(2)!.isolated).toBe(false);
    expect(after.communityById.get(2)!.color).toBe(COMMUNITY_PALETTE[2]);
  });
});

describe("searchNodes", () => {
  const idx = buildModel(sample(), "s").search;
  it("should rank exact, then prefix, then substring matches, ties by PageRank", () => {
    expect(searchNodes(idx, "ali").map((h) => h.key)).toEqual(["tw:1", "tw:3"]);
    expect(searchNodes(idx, "alicia").map((h) => h.key)).toEqual(["tw:3"]);
    expect(searchNodes(idx, "smith").map((h) => h.key)).toEqual(["tw:1"]);
  });
  it("should match handles with or without @, case-insensitively", () => {
    expect(searchNodes(idx, "@BOBBY").map((h) => h.key)).toEqual(["tw:2"]);
  });
  it("should return nothing for a blank query", () => {
    expect(searchNodes(idx, "  ")).toEqual([]);
  });
});

describe("rankInCommunity and topNeighbours", () => {
  it("should rank a node inside its community", () => {
    const g = sample();
    expect(rankInCommunity(g, "tw:4", "pagerank")).toEqual({ rank: 2, of: 2 });
    expect(rankInCommunity(g, "tw:4", "coreness")).toEqual({ rank: 1, of: 2 });
  });
  it("should list in-neighbours by edge weight then PageRank", () => {
    const n = topNeighbours(sample(), "tw:1");
    expect(n.in.map((e) => [e.key, e.weight])).toEqual([
      ["tw:2", 3],
      ["tw:3", 1],
      ["tw:4", 1],
    ]);
    expect(n.out.map((e) => e.key)).toEqual(["tw:4"]);
  });
});

describe("profile links", () => {
  it("should build links only from the platform pattern", () => {
    expect(profileLink("tw:1", { handle: "alice" })).toEqual({ platform: "X (Twitter)", url: "https://x.com/alice" });
    expect(profileLink("tw:123", { handle: "bad handle/../x" })).toEqual({ platform: "X (Twitter)", url: "https://x.com/i/user/123" });
    expect(profileLink("yt:UCabcdefghijklmnopqrstuv", {})).toEqual({ platform: "YouTube", url: "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv" });
  });
  it("should never use a URL from the data", () => {
    expect(profileLink("tw:x", { handle: "javascript:alert(1)", url: "https://evil.example" })).toBeNull();
    expect(profileLink("yt:notachannel", { url: "https://evil.example" })).toBeNull();
    expect(profileLink("42", { url: "https://evil.example", handle: "ok" })).toBeNull();
  });
  it("should read the handle from the usual attributes", () => {
    expect(nodeHandle({ screen_name: "@someone" })).toBe("someone");
    expect(nodeHandle({ label: "x" })).toBeNull();
  });
});

describe("computeVisibility", () => {
  it("should hide filtered nodes, hidden communities and their edges", () => {
    const g = sample();
    const v = computeVisibility(g, { hiddenCommunities: [1], filters: [], hiddenKinds: [] });
    expect([...v.hiddenNodes].sort()).toEqual(["tw:3", "tw:4"]);
    expect(v.hiddenEdges.size).toBe(3);
    const f = computeVisibility(g, { hiddenCommunities: [], filters: [{ metric: "coreness", min: 2, max: null }], hiddenKinds: [] });
    g.setNodeAttribute("tw:1", "party", "D");
    g.setNodeAttribute("tw:2", "party", "R");
    const byValue = computeVisibility(g, { hiddenCommunities: [], filters: [], hiddenKinds: [], hiddenValues: [{ attribute: "party", values: ["", "R"] }] });
    expect([...byValue.hiddenNodes].sort()).toEqual(["tw:2", "tw:3", "tw:4"]);
    expect([...f.hiddenNodes]).toEqual(["tw:2"]);
  });
  it("should keep an edge while any of its kinds is shown, and edges without kind", () => {
    expect(kindShown("mention,retweet", new Set(["retweet"]))).toBe(true);
    expect(kindShown("retweet", new Set(["retweet"]))).toBe(false);
    expect(kindShown(undefined, new Set(["retweet"]))).toBe(true);
    const v = computeVisibility(sample(), { hiddenCommunities: [], filters: [], hiddenKinds: ["retweet"] });
    expect(v.hiddenEdges.size).toBe(1);
  });
});
