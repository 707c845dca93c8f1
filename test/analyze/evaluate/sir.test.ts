import { describe, expect, it } from "vitest";
import { csrFromEdges } from "../../../src/analyze/csr.ts";
import { epidemicThreshold, spreadGraph, spreadingPower } from "../../../src/analyze/evaluate/sir.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { referenceIndex } from "../../helpers/reference-graphs.ts";

// Undirected star: centre 0, leaves 1..10.
const star = () => csrFromEdges({ order: 11, sources: Array(10).fill(0), targets: Array.from({ length: 10 }, (_, i) => i + 1), directed: false });

describe("epidemicThreshold", () => {
  it("should give ⟨k⟩/(⟨k²⟩ − ⟨k⟩) undirected: 2/(L − 1) on a star of L leaves", () => {
    // ⟨k⟩ = 2L/(L+1), ⟨k²⟩ = (L² + L)/(L+1) → β_c = 2L/(L² − L) = 2/(L − 1).
    expect(epidemicThreshold(spreadGraph(star()))).toBeCloseTo(2 / 9, 12);
  });

  it("should give ⟨k⟩/⟨k_in·k_out⟩ on a directed spreading graph (hand-computed)", () => {
    // Edges (attention) 1→0, 2→0, 0→3: reversed spreading graph 0→1, 0→2, 3→0.
    // Spreading out-degrees 2,0,0,1; in-degrees 1,1,1,0 → ⟨k⟩ = 3/4, ⟨k_in k_out⟩ = 2/4 → 1.5.
    const g = spreadGraph(csrFromEdges({ order: 4, sources: [1, 2, 0], targets: [0, 0, 3], directed: true }), "reverse");
    expect(Array.from(g.neighbors)).toEqual([1, 2, 0]);
    expect(epidemicThreshold(g)).toBeCloseTo(1.5, 12);
  });
});

describe("spreadingPower", () => {
  it("should be reproducible for a seed and independent of how nodes are split", () => {
    const g = spreadGraph(referenceIndex("karate"));
    const all = spreadingPower(g, [0, 5, 33], { beta: 0.3, runs: 200, seed: 9 });
    expect(spreadingPower(g, [0, 5, 33], { beta: 0.3, runs: 200, seed: 9 })).toEqual(all);
    expect(spreadingPower(g, [33], { beta: 0.3, runs: 200, seed: 9 })[0]).toBe(all[2]);
    expect(spreadingPower(g, [33], { beta: 0.3, runs: 200, seed: 10 })[0]).not.toBe(all[2]);
  });

  it("should let a star's centre spread more than a leaf, with the expected means", () => {
    const g = spreadGraph(star());
    const [centre, leaf] = spreadingPower(g, [0, 1], { beta: 0.5, runs: 20000, seed: 1 });
    // Centre: 1 + 10β = 6, sd √(10β(1−β)) ≈ 1.58 (leaves cannot pass it on: the centre has recovered).
    // Leaf: 1 + β(1 + 9β) = 3.75, sd ≈ 2.95. 20 000 runs: standard errors 0.011 and 0.021; allow 4 of them.
    expect(centre).toBeGreaterThan(leaf);
    expect(Math.abs(centre - 6)).toBeLessThan(0.045);
    expect(Math.abs(leaf - 3.75)).toBeLessThan(0.085);
  });

  it("should infect a whole component at β = 1, and follow direction", () => {
    const path = csrFromEdges({ order: 4, sources: [0, 1], targets: [1, 2], directed: true });
    // Attention 0→1→2: influence flows 2 → 1 → 0 ("reverse"), node 3 isolated.
    expect(Array.from(spreadingPower(spreadGraph(path, "reverse"), [2, 0, 3], { beta: 1, runs: 3, seed: 0 }))).toEqual([3, 1, 1]);
    expect(Array.from(spreadingPower(spreadGraph(path, "forward"), [2, 0], { beta: 1, runs: 3, seed: 0 }))).toEqual([1, 3]);
    expect(Array.from(spreadingPower(spreadGraph(path, "undirected"), [2], { beta: 1, runs: 1, seed: 0 }))).toEqual([3]);
  });

  it("should refuse a bad beta, runs or node", () => {
    const g = spreadGraph(star());
    expect(() => spreadingPower(g, [0], { beta: 0, runs: 1, seed: 0 })).toThrow(UsageError);
    expect(() => spreadingPower(g, [0], { beta: 0.5, runs: 0, seed: 0 })).toThrow(/runs is 0/);
    expect(() => spreadingPower(g, [11], { beta: 0.5, runs: 1, seed: 0 })).toThrow(/node 11/);
  });
});
