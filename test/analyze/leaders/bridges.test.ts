import { describe, expect, it } from "vitest";
import { csrFromEdges } from "../../../src/analyze/csr.ts";
import { participationCoefficient } from "../../../src/analyze/communities/participation.ts";
import { selectBridges } from "../../../src/analyze/leaders/bridges.ts";
import { UsageError } from "../../../src/shared/errors.ts";

// networkx barbell_graph(5, 2): cliques 0..4 and 7..11, path 4–5–6–7.
const EDGES: [number, number][] = [];
for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) EDGES.push([a, b], [a + 7, b + 7]);
EDGES.push([4, 5], [5, 6], [6, 7]);
const index = csrFromEdges({
  order: 12,
  keys: Array.from({ length: 12 }, (_, i) => String(i)),
  sources: EDGES.map((e) => e[0]),
  targets: EDGES.map((e) => e[1]),
  directed: false,
});
// Unnormalized betweenness, counted by hand (networkx's betweenness_centrality(nx.barbell_graph(5, 2),
// normalized=False) gives the same): every shortest path is unique and clique pairs are adjacent, so only
// the path nodes count. 4 (and 7) lies between each of its 4 clique-mates and each of the 7 nodes past it,
// 4·7 = 28; 5 (and 6) between each of the 5 nodes on one side and each of the 6 on the other, 5·6 = 30.
const BETWEENNESS = Float64Array.from([0, 0, 0, 0, 28, 30, 30, 28, 0, 0, 0, 0]);

describe("selectBridges", () => {
  it("should pick the path nodes of a barbell split in the middle, ties by key", () => {
    const membership = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    const participation = participationCoefficient(index, membership);
    const bridges = selectBridges(index, membership, BETWEENNESS, participation, { top: 5 });
    // 4 and 7 have higher-than-clique betweenness but all neighbours in one community.
    expect(bridges).toEqual([
      { node: 5, communities: 2, betweenness: 30, participation: 0.5 },
      { node: 6, communities: 2, betweenness: 30, participation: 0.5 },
    ]);
  });

  it("should order by betweenness when the split moves to a clique's edge", () => {
    const membership = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1];
    const participation = participationCoefficient(index, membership);
    const bridges = selectBridges(index, membership, BETWEENNESS, participation);
    expect(bridges.map((b) => b.node)).toEqual([5, 4]);
    // Node 4: 4 neighbours in community 0, 1 in community 1 → 1 − (0.8² + 0.2²) = 0.32.
    expect(bridges[1].participation).toBeCloseTo(0.32, 12);
    expect(selectBridges(index, membership, BETWEENNESS, participation, { top: 1 }).map((b) => b.node)).toEqual([5]);
  });

  it("should require minCommunities distinct neighbour communities", () => {
    const membership = [0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2];
    const participation = participationCoefficient(index, membership);
    expect(selectBridges(index, membership, BETWEENNESS, participation, { minCommunities: 3 })).toEqual([]);
    expect(selectBridges(index, membership, BETWEENNESS, participation).map((b) => b.node)).toEqual([5, 6, 4]);
  });

  it("should refuse bad options and arrays of the wrong length", () => {
    const membership = new Array(12).fill(0);
    const p = new Float64Array(12);
    expect(() => selectBridges(index, membership, BETWEENNESS, p, { minCommunities: 1 })).toThrow(UsageError);
    expect(() => selectBridges(index, membership, BETWEENNESS, p, { top: 1.5 })).toThrow(/top is 1.5/);
    expect(() => selectBridges(index, membership, new Float64Array(3), p)).toThrow(/betweenness has 3 values/);
  });
});
