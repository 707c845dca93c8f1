import { describe, expect, it } from "vitest";
import { csrFromEdges, csrFromGraph } from "../../../src/analyze/csr.ts";
import { communityPagerank, rankLeaders } from "../../../src/analyze/leaders/index.ts";
import { orderByScore, TIE_TOLERANCE, tiedScores } from "../../../src/analyze/leaders/rank.ts";
import { addEdgeRecord, createGraph } from "../../../src/graph/model.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { fixtureShape, indexShape, readSmallFixture, type SmallGraphFixture } from "../../helpers/reference-fixtures.ts";

/** networkx's PageRank of each community's induced subgraph (tol 1e-13, max_iter 1000), from scripts/reference/small_graphs.py. */
type CommunityPagerankFixture = SmallGraphFixture & { communities: string[][]; communityPagerank: Record<string, number> };
const STAR_TRIANGLE = readSmallFixture<CommunityPagerankFixture>("community-pagerank-star-triangle");
const DIRECTED = readSmallFixture<CommunityPagerankFixture>("community-pagerank-directed");

// A star (centre c, leaves l1..l4) and a triangle t1 t2 t3, joined by l4–t1.
function starAndTriangle() {
  const g = createGraph({ directed: false });
  for (const [s, t] of [["c", "l1"], ["c", "l2"], ["c", "l3"], ["c", "l4"], ["t1", "t2"], ["t2", "t3"], ["t1", "t3"], ["l4", "t1"]]) {
    addEdgeRecord(g, s, t);
  }
  const index = csrFromGraph(g);
  const membership = index.keys.map((k) => (k.startsWith("t") ? 1 : 0));
  return { index, membership };
}

describe("communityPagerank", () => {
  it("should equal networkx's pagerank of each community's induced subgraph", () => {
    const { index, membership } = starAndTriangle();
    expect(indexShape(index)).toEqual(fixtureShape(STAR_TRIANGLE));
    expect(STAR_TRIANGLE.communities.map((c) => c.map((k) => membership[index.keys.indexOf(k)]))).toEqual([[0, 0, 0, 0, 0], [1, 1, 1]]);
    const pr = communityPagerank(index, membership, 2, { tolerance: 1e-13, maxIterations: 1000 });
    // networkx 2.8: nx.pagerank(G.subgraph(star)), nx.pagerank(G.subgraph(triangle)), tol 1e-13.
    const expected = STAR_TRIANGLE.communityPagerank;
    expect(Object.keys(expected).sort()).toEqual([...index.keys].sort());
    index.keys.forEach((k, i) => expect(pr[i]).toBeCloseTo(expected[k], 10));
  });

  it("should keep direction inside a community and give a singleton 1", () => {
    // l1→c, l2→c, l3→c, c→l1; x alone in community 1.
    const index = csrFromEdges({
      order: 5, keys: ["c", "l1", "l2", "l3", "x"], sources: [1, 2, 3, 0], targets: [0, 0, 0, 1], directed: true,
    });
    expect(indexShape(index)).toEqual(fixtureShape(DIRECTED));
    expect(DIRECTED.communities).toEqual([["c", "l1", "l2", "l3"], ["x"]]);
    const pr = communityPagerank(index, [0, 0, 0, 0, 1], 2, { tolerance: 1e-13, maxIterations: 1000 });
    // networkx 2.8 nx.pagerank of that digraph (tol 1e-13), and of x alone.
    const expected = DIRECTED.communityPagerank;
    expect(Object.keys(expected).sort()).toEqual([...index.keys].sort());
    index.keys.forEach((k, i) => expect(pr[i]).toBeCloseTo(expected[k], 10));
  });
});

describe("rankLeaders", () => {
  it("should rank a star's centre first inside its community (default score)", () => {
    const { index, membership } = starAndTriangle();
    const { leaders, by, score } = rankLeaders(index, membership, 2, { top: 2 });
    expect(by).toBe("communityPagerank");
    const keys = (list: number[]) => list.map((i) => index.keys[i]);
    // Leaves tie: l1 before l2 by key. Triangle ties: t1 first by key.
    expect(keys(leaders[0])).toEqual(["c", "l1"]);
    expect(keys(leaders[1])).toEqual(["t1", "t2"]);
    // The star's centre: networkx's PageRank of the star subgraph (the fixture above), at the default tolerance.
    expect(score[index.keys.indexOf("c")]).toBeCloseTo(STAR_TRIANGLE.communityPagerank["c"], 5);
  });

  it("should rank by a given score, ties by key (string order), NaN last", () => {
    const index = csrFromEdges({ order: 5, keys: ["b", "a", "10", "9", "z"], sources: [], targets: [], directed: true });
    const inDegree = Float64Array.from([2, 2, 5, 5, Number.NaN]);
    const r = rankLeaders(index, [0, 0, 0, 0, 0], 1, { by: "inDegree", scores: { inDegree }, top: Infinity });
    expect(r.leaders[0].map((i) => index.keys[i])).toEqual(["10", "9", "a", "b", "z"]);
    expect(r.score).toBe(inDegree);
    const direct = rankLeaders(index, [0, 0, 1, 1, 0], 2, { by: "coreness", scores: Float64Array.from([1, 3, 2, 2, 0]), top: 1 });
    expect(direct.leaders).toEqual([[1], [2]]);
  });

  it("should keep at most top leaders and give empty lists to empty communities", () => {
    const { index, membership } = starAndTriangle();
    const r = rankLeaders(index, membership, 3, { top: 0 });
    expect(r.leaders).toEqual([[], [], []]);
  });

  it("should refuse a missing score, a bad top and mismatched lengths", () => {
    const { index, membership } = starAndTriangle();
    expect(() => rankLeaders(index, membership, 2, { by: "authority" })).toThrow(UsageError);
    expect(() => rankLeaders(index, membership, 2, { by: "authority", scores: { pagerank: new Float64Array(8) } })).toThrow(
      /no "authority" scores.*given: pagerank/,
    );
    expect(() => rankLeaders(index, membership, 2, { top: -1 })).toThrow(/top is -1/);
    expect(() => rankLeaders(index, membership, 2, { by: "pagerank", scores: { pagerank: new Float64Array(3) } })).toThrow(
      /3 scores but the graph has 8 nodes/,
    );
  });
});

describe("tiedScores", () => {
  it("should tie scores within TIE_TOLERANCE of the larger magnitude, and nothing else", () => {
    expect(TIE_TOLERANCE).toBe(1e-9);
    expect(tiedScores(0.1 + 0.2, 0.3)).toBe(true);
    expect(tiedScores(1, 1 + 0.9e-9)).toBe(true);
    expect(tiedScores(1, 1 + 1.1e-9)).toBe(false);
    expect(tiedScores(-1e-20, -1e-20 * (1 + 1e-10))).toBe(true);
    expect(tiedScores(0, 1e-300)).toBe(false);
    expect(tiedScores(0, -0)).toBe(true);
    expect(tiedScores(NaN, NaN)).toBe(true);
    expect(tiedScores(NaN, 1)).toBe(false);
    expect(tiedScores(Infinity, Infinity)).toBe(true);
    expect(tiedScores(Infinity, 1e308)).toBe(false);
    expect(tiedScores(-Infinity, Infinity)).toBe(false);
  });
});

describe("orderByScore", () => {
  const keys = ["e", "d", "c", "b", "a", "f"];
  // 0.7e-9 apart one after the other: e ~ d and d ~ c, but e and c are 1.4e-9 apart.
  const score = Float64Array.of(1, 1 + 0.7e-9, 1 + 1.4e-9, 2, NaN, 0.5);

  it("should cut the sorted scores into runs of consecutive tied scores, each by key, NaN last", () => {
    const nodes = [0, 1, 2, 3, 4, 5];
    expect(orderByScore(nodes, score, keys)).toEqual([1, 4, 5, 6]);
    expect(nodes.map((i) => keys[i])).toEqual(["b", "c", "d", "e", "f", "a"]);
  });

  it("should give the same order whatever order the nodes come in", () => {
    const expected = [3, 2, 1, 0, 5, 4];
    const permutations = (xs: number[]): number[][] =>
      xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
    for (const p of permutations([0, 1, 2, 3, 4, 5])) {
      orderByScore(p, score, keys);
      expect(p).toEqual(expected);
    }
  });

  it("should rank leaders by the same runs: scores that round apart tie, by key", () => {
    const index = csrFromEdges({ order: 4, keys: ["w", "x", "y", "z"], sources: [], targets: [], directed: false });
    // Equal in exact arithmetic (3/10), apart in floats.
    const value = Float64Array.of(0.3, 0.1 + 0.2, 0.3 - 1e-12, 0.2);
    const r = rankLeaders(index, [0, 0, 0, 0], 1, { by: "value", scores: { value }, top: Infinity });
    expect(r.leaders[0].map((i) => index.keys[i])).toEqual(["w", "x", "y", "z"]);
  });
});
