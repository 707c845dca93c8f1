import { describe, expect, it } from "vitest";
import {
  assortativityPairs,
  bridgeShare,
  communityProfile,
  comparePagerank,
  gini,
  leadersOutsideInShare,
  shapeProfile,
  sizeProfile,
  topByScore,
  topShare,
} from "../../../src/analyze/compare/index.ts";
import { graphSummary } from "../../../src/analyze/summary.ts";
import { caseIndex, COMPARE_CASES, compareFixture, type DistributionFixture } from "./fixtures.ts";
import type { DegreeDistribution } from "../../../src/analyze/compare/index.ts";

const TOL = 1e-9;

function close(actual: number | null, expected: number | null, tol = TOL): void {
  if (expected === null) expect(actual).toBeNull();
  else {
    expect(actual).not.toBeNull();
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
  }
}

function sameDistribution(actual: DegreeDistribution, expected: DistributionFixture): void {
  close(actual.mean, expected.mean);
  expect(actual.max).toBe(expected.max);
  close(actual.quantiles.p50, expected.quantiles.p50);
  close(actual.quantiles.p90, expected.quantiles.p90);
  close(actual.quantiles.p99, expected.quantiles.p99);
  expect(actual.ccdf.k).toEqual(expected.ccdf.k);
  actual.ccdf.p.forEach((p, i) => close(p, expected.ccdf.p[i]));
  if (expected.powerLaw === null) expect(actual.powerLaw).toBeNull();
  else {
    expect(actual.powerLaw?.xmin).toBe(expected.powerLaw.xmin);
    expect(actual.powerLaw?.tail).toBe(expected.powerLaw.tail);
    close(actual.powerLaw!.alpha, expected.powerLaw.alpha);
    close(actual.powerLaw!.ks, expected.powerLaw.ks);
  }
}

describe.each(COMPARE_CASES)("niche profile of %s against networkx", async (name) => {
  const fixture = compareFixture(name);
  const { index, membership } = await caseIndex(name);
  const summary = graphSummary(index);

  it("should give the size figures of nx.density, nx.reciprocity and the components", () => {
    const size = sizeProfile(summary);
    expect(size.nodes).toBe(fixture.size.nodes);
    expect(size.edges).toBe(fixture.size.edges);
    expect(size.selfLoops).toBe(fixture.size.selfLoops);
    expect(size.weakComponents).toBe(fixture.size.weakComponents);
    close(size.density, fixture.size.density);
    close(size.reciprocity, fixture.size.reciprocity);
    close(size.largestWeakShare, fixture.size.largestWeakShare);
  });

  it("should give the degree distributions, their tails and power-law fits", () => {
    const shape = shapeProfile(index, summary);
    sameDistribution(shape.inDegree, fixture.shape.inDegree);
    sameDistribution(shape.outDegree, fixture.shape.outDegree);
  });

  it("should give clustering, the four assortativity pairings and the top core", () => {
    const shape = shapeProfile(index, summary);
    close(shape.averageClustering, fixture.shape.averageClustering);
    const pairs = assortativityPairs(index);
    for (const key of ["outIn", "inIn", "outOut", "inOut"] as const) close(pairs[key], fixture.shape.assortativity[key]);
    expect(shape.maxCoreness).toBe(fixture.shape.maxCoreness);
    expect(shape.topCoreSize).toBe(fixture.shape.topCoreSize);
  });

  it("should give the community figures of a fixed partition", () => {
    const c = communityProfile(index, membership);
    expect(c.count).toBe(fixture.communities.count);
    expect(c.sizes).toEqual(fixture.communities.sizes);
    close(c.entropy, fixture.communities.entropy);
    close(c.evenness, fixture.communities.evenness);
    close(c.modularity, fixture.communities.modularity);
    close(c.coverage, fixture.communities.coverage);
    close(c.largestShare, fixture.communities.largestShare);
  });

  it("should give PageRank concentration, the leaders and the bridges", () => {
    const pr = comparePagerank(index);
    const n = index.order;
    close(topShare(pr, Math.ceil(n / 100)), fixture.leadership.top1Share);
    close(topShare(pr, Math.ceil(n / 10)), fixture.leadership.top10Share);
    close(gini(pr), fixture.leadership.gini);
    const leaders = topByScore(index, pr, 10);
    expect(leaders.map((l) => index.keys[l])).toEqual(fixture.leadership.leaders);
    leaders.forEach((l, i) => close(pr[l], fixture.leadership.leaderScores[i]));
    // The leaders' figure on networkx's own top 10.
    const pos = new Map(index.keys.map((k, i) => [k, i]));
    const reference = fixture.leadership.leaders.map((k) => pos.get(k)!);
    close(leadersOutsideInShare(index, membership, reference), fixture.leadership.leadersOutsideInShare);
    close(bridgeShare(index, membership), fixture.leadership.bridgeShare);
  });
});
