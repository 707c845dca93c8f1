import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { ownCommunities as atlasOwn } from "../../src/analyze/compare/profile.ts";
import { nicheTransfer } from "../../viz/src/compare/data.ts";

function atlasGraph(): Graph {
  const g = new Graph({ type: "directed" });
  ["a", "b", "c", "d"].forEach((k, i) => g.addNode(k, { community: i < 2 ? 0 : 1 }));
  g.addEdge("a", "b");
  g.addEdge("c", "d");
  g.addEdge("b", "c");
  g.setAttribute("atlas", { modularity: 0.25, communities: [{ id: 0, leaders: ["b", "a"] }, { id: 1, leaders: ["missing", "d"] }, { id: 1, leaders: ["d"] }] });
  return g;
}

describe("an atlas file's own communities on the compare page", () => {
  it("should take each node's community, the file's modularity and each community's first leader that is in the graph", () => {
    const own = atlasOwn(atlasGraph(), ["d", "c", "b", "a"])!;
    expect([...own.membership]).toEqual([1, 1, 0, 0]);
    expect(own.modularity).toBe(0.25);
    expect(own.leaders).toEqual(["b", "d"]);
  });

  it("should have none for a graph without them, and send them only for an atlas file", () => {
    const g = atlasGraph();
    expect(nicheTransfer(g, "x", "x.gml", false).own).toBeNull();
    expect(nicheTransfer(g, "x", "x.atlas.json", true).own!.modularity).toBe(0.25);
    g.setNodeAttribute("a", "community", "zero");
    expect(atlasOwn(g, g.nodes())).toBeNull();
    const plain = new Graph();
    plain.addNode("a", { community: 0 });
    expect(atlasOwn(plain, ["a"])).toBeNull();
  });
});
