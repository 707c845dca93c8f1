import { describe, expect, it } from "vitest";
import { csrFromEdges } from "../../../src/analyze/csr.ts";
import { computeDegrees } from "../../../src/analyze/centrality/degree.ts";
import { compositeScores, leaderScores, LEADER_SCORE_METHODS } from "../../../src/analyze/leaders/composite.ts";
import { rankLeaders } from "../../../src/analyze/leaders/rank.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { referenceIndex } from "../../helpers/reference-graphs.ts";

const index4 = () => csrFromEdges({ order: 5, keys: ["a", "b", "c", "d", "e"], sources: [0, 1], targets: [1, 2], directed: false });

describe("compositeScores", () => {
  it("should average Borda points of the methods' in-community ranks (hand-computed)", () => {
    // Community 0 = a,b,c,d (size 4); e alone in community 1.
    // m1: a 4, b 3, c 2, d 1 → ranks 1,2,3,4 → points 1, 2/3, 1/3, 0.
    // m2: a 1, b 5, c 5, d 0 → b,c tie at ranks 1.5; a 3; d 4 → points 1/3, 5/6, 5/6, 0.
    const scores = { m1: Float64Array.of(4, 3, 2, 1, 0), m2: Float64Array.of(1, 5, 5, 0, 7) };
    const r = compositeScores(index4(), [0, 0, 0, 0, 1], scores);
    const expected = [(1 + 1 / 3) / 2, (2 / 3 + 5 / 6) / 2, (1 / 3 + 5 / 6) / 2, 0, 1];
    expected.forEach((v, i) => expect(r.score[i]).toBeCloseTo(v, 12));
    // b (0.75) > a (0.667) > c (0.583) > d.
    expect(r.leaders).toEqual([[1, 0, 2, 3], [4]]);
    expect(Array.from(r.rank)).toEqual([2, 1, 3, 4, 1]);
    expect(r.methods).toEqual(["m1", "m2"]);
  });

  it("should break composite ties by node key and keep top leaders", () => {
    const scores = { m1: Float64Array.of(1, 1, 1, 1, 1) };
    const r = compositeScores(index4(), [0, 0, 0, 0, 0], scores, { top: 2 });
    expect(r.leaders).toEqual([[0, 1]]);
    expect(Array.from(r.score)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it("should sum the Borda points exactly: equal composites made of different points tie, by key", () => {
    // One community of 11 (points k/10). "a": 3/10 + 0; "b": 1/10 + 2/10, which sum to 0.30000000000000004 in floats.
    const keys = ["b", "a", ...Array.from({ length: 9 }, (_, k) => `n${k}`)];
    const index = csrFromEdges({ order: 11, keys, sources: [], targets: [], directed: false });
    // Rank = 12 − score. m1: b rank 10, a rank 8; m2: b rank 9, a rank 11. The others sum to 2, 1.8, ..., 0.8, 0.5, 0.1.
    const m1 = Float64Array.of(2, 4, 11, 10, 9, 8, 7, 6, 5, 3, 1);
    const m2 = Float64Array.of(3, 1, 11, 10, 9, 8, 7, 6, 5, 4, 2);
    const r = compositeScores(index, new Int32Array(11), { m1, m2 }, { top: Infinity });
    expect(r.score[0]).toBe(0.15);
    expect(r.score[1]).toBe(0.15);
    expect([r.rank[1], r.rank[0]]).toEqual([9, 10]);
  });

  it("should tie scores by runs of the tie rule: scores that round apart share their average rank", () => {
    // a, b, c equal up to rounding, each within the tolerance of the next (a and c 1.4e-9 apart): ranks 2..4 → 3.
    const m = Float64Array.of(1, 1 + 0.7e-9, 1 + 1.4e-9, 2, 0);
    const r = compositeScores(index4(), [0, 0, 0, 0, 0], { m });
    expect(Array.from(r.score)).toEqual([0.5, 0.5, 0.5, 1, 0]);
    expect(r.leaders[0]).toEqual([3, 0, 1, 2, 4]);
  });

  it("should rank NaN last", () => {
    const r = compositeScores(index4(), [0, 0, 0, 0, 0], { m: Float64Array.of(NaN, 1, 2, 3, 4) });
    expect(r.score[0]).toBe(0);
    expect(r.leaders[0][0]).toBe(4);
  });

  it("should refuse missing methods, wrong lengths and a bad top", () => {
    const idx = index4();
    expect(() => compositeScores(idx, [0, 0, 0, 0, 0], { m: new Float64Array(5) }, { methods: ["x"] })).toThrow(/no "x" scores/);
    expect(() => compositeScores(idx, [0, 0, 0, 0, 0], { m: new Float64Array(3) })).toThrow(UsageError);
    expect(() => compositeScores(idx, [0, 0, 0, 0, 0], { m: new Float64Array(5) }, { top: -1 })).toThrow(/top is -1/);
    expect(() => compositeScores(idx, [0, 0, 0, 0, 0], {})).toThrow(/no methods/);
  });
});

describe("leaderScores", () => {
  it("should compute the six default methods, in-degree equal to computeDegrees", () => {
    const index = referenceIndex("congress");
    const membership = new Int32Array(index.order);
    const s = leaderScores(index, membership);
    expect(Object.keys(s)).toEqual([...LEADER_SCORE_METHODS]);
    expect(s.inDegree).toEqual(computeDegrees(index).inDegree);
    // One community: community PageRank sums to 1, LeaderRank to n.
    expect(s.communityPagerank.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(s.leaderrank.reduce((a, b) => a + b, 0)).toBeCloseTo(index.order, 6);
    expect(() => leaderScores(index, membership, ["nope"])).toThrow(/unknown method "nope"/);
  });

  it("should tie LeaderRank of equal-degree nodes on an undirected graph: it ranks as the degree, ties by key", () => {
    // Undirected LeaderRank is N(k + 1)/(2m + 2N) plus the ground's share: equal degrees, equal scores in the limit.
    const index = referenceIndex("football");
    expect(index.directed).toBe(false);
    const membership = new Int32Array(index.order);
    const s = leaderScores(index, membership, ["inDegree", "leaderrank"]);
    const byDegree = rankLeaders(index, membership, 1, { by: "inDegree", scores: s, top: Infinity }).leaders;
    expect(rankLeaders(index, membership, 1, { by: "leaderrank", scores: s, top: Infinity }).leaders).toEqual(byDegree);
    const points = (m: string) => compositeScores(index, membership, { [m]: s[m] }, { top: 0 });
    expect(points("leaderrank").score).toEqual(points("inDegree").score);
    expect(points("leaderrank").rank).toEqual(points("inDegree").rank);
  });
});
