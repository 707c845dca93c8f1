import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { collapseCommunities, communityNodeKey } from "../../viz/src/collapse.ts";

/** Two triangles {a,b,c} (community 0) and {d,e} (community 1), linked by c→d (w 2) and e→a (w 1), plus b→c (w 3). */
function twoNiches(): Graph {
  const g = new Graph({ type: "directed" });
  const nodes: [string, number, number, number][] = [
    ["a", 0, 0, 0],
    ["b", 0, 2, 0],
    ["c", 0, 1, 3],
    ["d", 1, 10, 10],
    ["e", 1, 12, 10],
  ];
  for (const [k, c, x, y] of nodes) g.addNode(k, { community: c, x, y, label: k });
  g.addEdge("a", "b", { weight: 1 });
  g.addEdge("b", "c", { weight: 3 });
  g.addEdge("c", "a", { weight: 1 });
  g.addEdge("d", "e", { weight: 1 });
  g.addEdge("c", "d", { weight: 2 });
  g.addEdge("e", "a", { weight: 1 });
  g.addEdge("d", "c", { weight: 0.5 });
  return g;
}

describe("collapseCommunities", () => {
  it("should make one node per community with its member count and centroid", () => {
    const c = collapseCommunities(twoNiches());
    expect(c.order).toBe(2);
    expect(c.getNodeAttributes(communityNodeKey(0))).toMatchObject({ community: 0, members: 3, x: 1, y: 1, internalEdges: 3, internalWeight: 5 });
    expect(c.getNodeAttributes(communityNodeKey(1))).toMatchObject({ community: 1, members: 2, x: 11, y: 10, internalEdges: 1, internalWeight: 1 });
  });

  it("should sum the weights of the edges between two communities, per direction", () => {
    const c = collapseCommunities(twoNiches());
    expect(c.size).toBe(2);
    const fwd = c.edge(communityNodeKey(0), communityNodeKey(1))!;
    const back = c.edge(communityNodeKey(1), communityNodeKey(0))!;
    expect(c.getEdgeAttributes(fwd)).toEqual({ weight: 2, edges: 1 }); // c→d
    expect(c.getEdgeAttributes(back)).toEqual({ weight: 1.5, edges: 2 }); // e→a (1) + d→c (0.5)
  });

  it("should merge both directions in an undirected graph and count unweighted edges as 1", () => {
    const g = new Graph({ type: "undirected" });
    g.addNode("a", { community: 0 });
    g.addNode("b", { community: 1 });
    g.addNode("c", { community: 1 });
    g.addEdge("a", "b");
    g.addEdge("c", "a", { weight: 4 });
    const c = collapseCommunities(g, { weightAttribute: null });
    expect(c.type).toBe("undirected");
    expect(c.getEdgeAttributes(c.edge(communityNodeKey(0), communityNodeKey(1))!)).toEqual({ weight: 2, edges: 2 });
    expect(c.hasNodeAttribute(communityNodeKey(0), "x")).toBe(false);
  });

  it("should leave out nodes without an integer community and not touch the input", () => {
    const g = twoNiches();
    g.addNode("z", { label: "z" });
    g.addEdge("z", "a");
    const before = JSON.stringify(g.export());
    const c = collapseCommunities(g, { name: (id) => `niche ${id}` });
    expect(c.order).toBe(2);
    expect(c.getNodeAttribute(communityNodeKey(1), "label")).toBe("niche 1");
    expect(JSON.stringify(g.export())).toBe(before);
  });
});
