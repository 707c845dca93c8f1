import { describe, expect, it } from "vitest";
import { csrFromEdges } from "../../../src/analyze/csr.ts";
import {
  bootstrapLeaders,
  bootstrapReplicate,
  combineBootstrap,
  resampleEdges,
} from "../../../src/analyze/leaders/bootstrap.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { referenceIndex } from "../../helpers/reference-graphs.ts";
import { spreadersFixture } from "../spreaders/fixtures.ts";

const karate = referenceIndex("karate");
const membership = spreadersFixture("karate").membership;

describe("resampleEdges", () => {
  it("should multiply weights by Poisson(1) counts: mean 1, variance 1, ~e⁻¹ of edges dropped", () => {
    const index = referenceIndex("polblogs");
    let kept = 0;
    let sum = 0;
    let squares = 0;
    const R = 20;
    const total = index.outNeighbors.length;
    for (let b = 0; b < R; b++) {
      const r = resampleEdges(csrFromEdges({ ...flat(index), weights: new Float64Array(total).fill(1) }), 3, b);
      kept += r.outNeighbors.length;
      for (const w of r.outWeights) {
        sum += w;
        squares += w * w;
      }
    }
    const draws = total * R;
    // E[K] = 1, Var[K] = 1, P(K = 0) = e⁻¹ = 0.3679; 381 000 draws: errors ~0.002.
    expect(sum / draws).toBeCloseTo(1, 1);
    expect(squares / draws - (sum / draws) ** 2).toBeCloseTo(1, 1);
    expect(1 - kept / draws).toBeCloseTo(Math.exp(-1), 2);
  });

  it("should keep nodes, keys and direction", () => {
    const r = resampleEdges(karate, 1, 0);
    expect(r.keys).toEqual(karate.keys);
    expect(r.directed).toBe(false);
    expect(r.order).toBe(34);
  });
});

describe("bootstrapLeaders", () => {
  it("should be reproducible for a seed, and change with the seed", () => {
    const a = bootstrapLeaders(karate, membership, { replicates: 15, seed: 7, top: 5 });
    const b = bootstrapLeaders(karate, membership, { replicates: 15, seed: 7, top: 5 });
    const c = bootstrapLeaders(karate, membership, { replicates: 15, seed: 8, top: 5 });
    expect(b).toEqual(a);
    expect(replicateRanks(8)).not.toEqual(replicateRanks(7));
    expect(c.leaders.map((l) => l.map((x) => x.node))).toEqual(a.leaders.map((l) => l.map((x) => x.node)));
  });

  it("should combine replicates in any order, as a worker pool would return them", () => {
    const reps = Array.from({ length: 12 }, (_, b) => bootstrapReplicate(karate, membership, b, { seed: 2, methods: ["inDegree", "coreness"] }));
    const opts = { seed: 2, methods: ["inDegree", "coreness"], top: 4 };
    const forward = combineBootstrap(karate, membership, reps, opts);
    const backward = combineBootstrap(karate, membership, [...reps].reverse(), opts);
    expect(backward).toEqual(forward);
    expect(bootstrapLeaders(karate, membership, { ...opts, replicates: 12 })).toEqual(forward);
  });

  it("should list each community's top N by the original composite with intervals around them", () => {
    const r = bootstrapLeaders(karate, membership, { replicates: 30, seed: 1, top: 3 });
    expect(r.leaders.map((l) => l.map((x) => x.rank))).toEqual([[1, 2, 3], [1, 2, 3]]);
    // Karate's leaders: Mr. Hi (node 0) and the officer (node 33) lead their factions.
    expect(r.leaders[0][0].node).toBe(0);
    expect(r.leaders[1][0].node).toBe(33);
    for (const list of r.leaders) {
      for (const x of list) {
        expect(x.lower).toBeLessThanOrEqual(x.median);
        expect(x.median).toBeLessThanOrEqual(x.upper);
        expect(x.lowerBand[0]).toBeLessThanOrEqual(x.lower);
        expect(x.upperBand[1]).toBeGreaterThanOrEqual(x.upper);
        expect(x.unstable).toBe(x.upper > 3 || x.upper - x.lower > 5);
      }
    }
  });

  it("should give a star's centre the interval [1, 1] (stable), whatever the resampling", () => {
    // Centre 0 with 12 leaves: any replicate keeps ≥ 1 edge with overwhelming probability,
    // and the centre then has the highest degree.
    const star = csrFromEdges({ order: 13, sources: Array(12).fill(0), targets: Array.from({ length: 12 }, (_, i) => i + 1), directed: false });
    const r = bootstrapLeaders(star, new Int32Array(13), { replicates: 40, seed: 3, top: 1, methods: ["inDegree"] });
    expect(r.leaders[0][0]).toMatchObject({ node: 0, rank: 1, lower: 1, upper: 1, unstable: false });
  });

  it("should shrink the Monte-Carlo error of the interval endpoints as B grows (not the interval itself)", () => {
    const opts = { seed: 11, top: 5, methods: ["inDegree", "coreness", "communityPagerank"] };
    const reps = Array.from({ length: 1600 }, (_, b) => bootstrapReplicate(karate, membership, b, opts));
    const at = (B: number) => combineBootstrap(karate, membership, reps.slice(0, B), opts).leaders.flat();
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const [r25, r400, r1600] = [at(25), at(400), at(1600)];
    const error = (r: typeof r25) => mean(r.map((x) => x.endpointError));
    // Band widths fall like 1/√B (discreteness of ranks makes small B noisy: compare far-apart B).
    expect(error(r400)).toBeLessThan(error(r25));
    expect(error(r1600)).toBeLessThan(error(r400));
    // The interval itself estimates a fixed quantity: its mean width barely moves from B = 400 to 1600,
    // and the B = 1600 endpoints fall inside the B = 400 bands.
    const width = (r: typeof r25) => mean(r.map((x) => x.upper - x.lower));
    expect(Math.abs(width(r1600) - width(r400))).toBeLessThan(1);
    r1600.forEach((x, i) => {
      expect(x.upper).toBeGreaterThanOrEqual(r400[i].upperBand[0]);
      expect(x.upper).toBeLessThanOrEqual(r400[i].upperBand[1]);
      expect(x.lower).toBeGreaterThanOrEqual(r400[i].lowerBand[0]);
      expect(x.lower).toBeLessThanOrEqual(r400[i].lowerBand[1]);
    });
  });

  it("should refuse bad options", () => {
    expect(() => bootstrapLeaders(karate, membership, { replicates: 0 })).toThrow(UsageError);
    expect(() => bootstrapLeaders(karate, membership, { level: 1 })).toThrow(/level is 1/);
    expect(() => combineBootstrap(karate, membership, [])).toThrow(/no replicates/);
  });
});

function replicateRanks(seed: number): number[] {
  return Array.from(bootstrapReplicate(karate, membership, 0, { seed, methods: ["inDegree"] }));
}

function flat(index: ReturnType<typeof referenceIndex>) {
  const sources: number[] = [];
  const targets: number[] = [];
  for (let u = 0; u < index.order; u++) {
    for (let p = index.outOffsets[u]; p < index.outOffsets[u + 1]; p++) {
      sources.push(u);
      targets.push(index.outNeighbors[p]);
    }
  }
  return { order: index.order, keys: index.keys, sources, targets, directed: index.directed };
}
