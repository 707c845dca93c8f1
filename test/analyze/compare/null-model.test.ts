import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  louvainOnIndex,
  nullModel,
  observedValues,
  profileNiche,
  randomizeIndex,
  replicateSeed,
  zScore,
} from "../../../src/analyze/compare/index.ts";
import { PairSet } from "../../../src/analyze/compare/edge-set.ts";
import { computeDegrees } from "../../../src/analyze/centrality/degree.ts";
import { csrFromGraph, type CsrIndex } from "../../../src/analyze/csr.ts";
import { createRng } from "../../../src/analyze/rng.ts";
import { referenceGraph } from "../../helpers/reference-graphs.ts";

const polblogs = csrFromGraph(referenceGraph("polblogs"), { getEdgeWeight: null });
const karate = csrFromGraph(referenceGraph("karate"), { getEdgeWeight: null });

/** Edge pairs of an index as "u v" strings (undirected: u ≤ v). */
function edgeSet(index: CsrIndex): Set<string> {
  const out = new Set<string>();
  for (let u = 0; u < index.order; u++) {
    for (let p = index.outOffsets[u]; p < index.outOffsets[u + 1]; p++) {
      const v = index.outNeighbors[p];
      if (index.directed || u <= v) out.add(`${u} ${v}`);
    }
  }
  return out;
}

function selfLoops(index: CsrIndex): number {
  let s = 0;
  for (let u = 0; u < index.order; u++) {
    for (let p = index.outOffsets[u]; p < index.outOffsets[u + 1]; p++) if (index.outNeighbors[p] === u) s++;
  }
  return s;
}

describe("randomizeIndex", () => {
  it.each([
    // Hubs keep many of their edges in a small dense graph (karate: ~35% by chance).
    ["polblogs (directed)", polblogs, 0.2],
    ["karate (undirected)", karate, 0.6],
  ])("should keep every node's in- and out-degree of %s exactly", (_name, index, maxKept) => {
    const { index: random, swaps, attempts } = randomizeIndex(index, createRng(3), 10);
    const before = computeDegrees(index);
    const after = computeDegrees(random);
    expect(Array.from(after.inDegree)).toEqual(Array.from(before.inDegree));
    expect(Array.from(after.outDegree)).toEqual(Array.from(before.outDegree));
    expect(random.keys).toEqual(index.keys);
    // Simple graph: no edge merged away, no new self-loop.
    expect(random.size).toBe(index.size);
    expect(selfLoops(random)).toBe(selfLoops(index));
    expect(swaps).toBeGreaterThan(0.3 * attempts);
    // Most edges moved.
    const a = edgeSet(index);
    let kept = 0;
    for (const e of edgeSet(random)) if (a.has(e)) kept++;
    expect(kept / index.size).toBeLessThan(maxKept);
  });

  it("should give the same graph for the same seed and another for another seed", () => {
    const a = edgeSet(randomizeIndex(karate, createRng(5)).index);
    const b = edgeSet(randomizeIndex(karate, createRng(5)).index);
    const c = edgeSet(randomizeIndex(karate, createRng(6)).index);
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });
});

describe("PairSet", () => {
  it("should agree with a Set under random adds and deletes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })), { maxLength: 400 }), (ops) => {
        const ours = new PairSet(8);
        const ref = new Set<string>();
        for (const [add, u, v] of ops) {
          if (add && ref.size < 32) {
            ours.add(u, v);
            ref.add(`${u},${v}`);
          } else {
            ours.delete(u, v);
            ref.delete(`${u},${v}`);
          }
        }
        for (let u = 0; u <= 30; u++) for (let v = 0; v <= 30; v++) if (ours.has(u, v) !== ref.has(`${u},${v}`)) return false;
        return true;
      }),
      { numRuns: 200 },
    );
  });
});

describe("zScore", () => {
  it("should use the sample standard deviation", () => {
    // samples 1, 2, 3: mean 2, sd 1
    expect(zScore(5, [1, 2, 3])).toEqual({ observed: 5, mean: 2, sd: 1, z: 3 });
    expect(zScore(5, [2, 2]).z).toBeNull();
    expect(zScore(null, [1, 2]).z).toBeNull();
    expect(zScore(1, [1, null]).mean).toBeNull();
  });
});

describe("nullModel", () => {
  it("should give the same z-scores for the same seed", () => {
    const { profile } = profileNiche({ name: "karate", source: "", index: karate });
    const a = nullModel(karate, "karate", observedValues(profile), 6, 11);
    const b = nullModel(karate, "karate", observedValues(profile), 6, 11);
    const c = nullModel(karate, "karate", observedValues(profile), 6, 12);
    expect(b).toEqual(a);
    expect(c.scores.modularity.z).not.toBe(a.scores.modularity.z);
    expect(replicateSeed(11, "karate", 0)).not.toBe(replicateSeed(11, "karate", 1));
    expect(replicateSeed(11, "karate", 0)).not.toBe(replicateSeed(11, "karate2", 0));
  });

  it("should find polblogs' modularity far above its randomizations, and a randomization's near them", () => {
    const { profile } = profileNiche({ name: "polblogs", source: "", index: polblogs });
    const real = nullModel(polblogs, "polblogs", observedValues(profile), 5, 1);
    expect(real.scores.modularity.z).toBeGreaterThan(50);
    expect(real.scores.reciprocity.z).toBeGreaterThan(20);

    const random = randomizeIndex(polblogs, createRng(99)).index;
    const q = louvainOnIndex(random, 1).modularity;
    const againstItself = nullModel(random, "polblogs-random", { ...observedValues(profile), modularity: q }, 8, 1);
    expect(Math.abs(againstItself.scores.modularity.z as number)).toBeLessThan(3);
  });
});
