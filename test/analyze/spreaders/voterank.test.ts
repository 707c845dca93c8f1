import { describe, expect, it } from "vitest";
import { csrFromEdges, csrFromGraph } from "../../../src/analyze/csr.ts";
import { computeVoterank, insertionRowOrder, voterank } from "../../../src/analyze/spreaders/index.ts";
import { addEdgeRecord, createGraph } from "../../../src/graph/model.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { REFERENCE_GRAPHS, referenceGraph, referenceIndex } from "../../helpers/reference-graphs.ts";
import { spreadersFixture } from "./fixtures.ts";
import { scaleFreeDigraph } from "../../../bench/generate.ts";
import type { CsrIndex } from "../../../src/analyze/csr.ts";

/** networkx's loop, literally: every round re-sums every score and elects the first maximum. */
function fullRecountVoterank(index: CsrIndex, reverse: boolean): number[] {
  const n = index.order;
  const flip = index.directed && reverse;
  const offsets = flip ? index.inOffsets : index.outOffsets;
  const neighbors = flip ? index.inNeighbors : index.outNeighbors;
  let total = index.outNeighbors.length;
  if (!index.directed) for (let i = 0; i < n; i++) for (let p = offsets[i]; p < offsets[i + 1]; p++) if (neighbors[p] === i) total++;
  const avg = total / n;
  const ability = new Float64Array(n).fill(1);
  const elected = new Uint8Array(n);
  const order: number[] = [];
  for (;;) {
    let best = -1;
    let bestScore = 0;
    for (let x = 0; x < n; x++) {
      if (elected[x]) continue;
      let s = 0;
      for (let p = offsets[x]; p < offsets[x + 1]; p++) {
        s += ability[neighbors[p]];
        if (!index.directed && neighbors[p] === x) s += ability[x];
      }
      if (best === -1 || s > bestScore) { best = x; bestScore = s; }
    }
    if (best === -1 || !(bestScore > 0)) return order;
    order.push(best);
    elected[best] = 1;
    ability[best] = 0;
    for (let p = offsets[best]; p < offsets[best + 1]; p++) {
      const a = ability[neighbors[p]] - 1 / avg;
      ability[neighbors[p]] = a > 0 ? a : 0;
    }
  }
}

const keysOf = (keys: readonly string[], order: Int32Array) => Array.from(order, (i) => keys[i]);

describe("computeVoterank", () => {
  it.each(REFERENCE_GRAPHS)("should equal networkx's voterank(G) on %s", (name) => {
    const graph = referenceGraph(name);
    const fx = spreadersFixture(name);
    expect(graph.nodes()).toEqual(fx.keys);
    expect(voterank.detailed(graph).order).toEqual(fx.voterank);
    const index = csrFromGraph(graph, { getEdgeWeight: null });
    const rowOrder = insertionRowOrder(graph, index);
    expect(keysOf(index.keys, computeVoterank(index, { rowOrder }).order)).toEqual(fx.voterank);
  });

  it("should elect the same set of leading nodes in index order up to last-bit ties", () => {
    // Without networkx's summation order, polblogs' first 47 elections still agree.
    const index = referenceIndex("polblogs");
    const fx = spreadersFixture("polblogs");
    expect(keysOf(index.keys, computeVoterank(index).order).slice(0, 47)).toEqual(fx.voterank.slice(0, 47));
  });

  it.each(["polblogs", "congress"] as const)("should equal networkx's voterank(G.reverse()) with reverse: true on %s", (name) => {
    const index = referenceIndex(name);
    const fx = spreadersFixture(name);
    expect(keysOf(index.keys, computeVoterank(index, { reverse: true }).order)).toEqual(fx.voterankReverse);
  });

  it("should give the examples of networkx's docstring", () => {
    // nx.voterank(nx.Graph([(0, 1), (0, 2), (0, 3), (1, 4)])) == [0, 1]
    const u = csrFromEdges({ order: 5, sources: [0, 0, 0, 1], targets: [1, 2, 3, 4], directed: false });
    expect(Array.from(computeVoterank(u).order)).toEqual([0, 1]);
    // nx.voterank(nx.DiGraph([(0, 1), (2, 1), (2, 3), (3, 4)])) == [2, 3]
    const d = csrFromEdges({ order: 5, sources: [0, 2, 2, 3], targets: [1, 1, 3, 4], directed: true });
    expect(Array.from(computeVoterank(d).order)).toEqual([2, 3]);
  });

  it("should stop after numberOfNodes and give the rank score", () => {
    const fx = spreadersFixture("karate");
    const index = referenceIndex("karate");
    const { order, score } = computeVoterank(index, { numberOfNodes: 3 });
    expect(keysOf(index.keys, order)).toEqual(fx.voterank.slice(0, 3));
    expect(score[order[0]]).toBe(3);
    expect(score[order[2]]).toBe(1);
    expect(score.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it("should elect nobody on an empty or edgeless graph", () => {
    expect(computeVoterank(csrFromEdges({ order: 0, sources: [], targets: [], directed: true })).order.length).toBe(0);
    expect(computeVoterank(csrFromEdges({ order: 3, sources: [], targets: [], directed: false })).order.length).toBe(0);
  });

  it("should reject a bad numberOfNodes", () => {
    const index = referenceIndex("karate");
    expect(() => computeVoterank(index, { numberOfNodes: -1 })).toThrow(UsageError);
    expect(() => computeVoterank(index, { numberOfNodes: 1.5 })).toThrow(/numberOfNodes is 1.5/);
  });

  it("should ignore weights and repeated records, and key the graph wrapper", () => {
    const g = createGraph({ directed: false });
    for (const [s, t, w] of [["a", "b", 5], ["a", "c", 1], ["a", "d", 1], ["b", "e", 1], ["a", "b", 2]] as const) addEdgeRecord(g, s, t, w);
    expect(voterank.detailed(g).order).toEqual(["a", "b"]);
    expect(voterank(g)).toEqual({ a: 2, b: 1, c: 0, d: 0, e: 0 });
    voterank.assign(g);
    expect(g.getNodeAttribute("a", "voterank")).toBe(2);
    expect(computeVoterank(csrFromGraph(g, { getEdgeWeight: null })).order).toEqual(computeVoterank(csrFromGraph(g)).order);
  });

  it.each([
    [true, true],
    [true, false],
    [false, false],
  ])("should elect what a full recount every round elects (directed %s, reverse %s)", (directed, reverse) => {
    // The heap recounts only stale scores, lazily: same elections, same order, ties included.
    for (const seed of [1, 2, 3]) {
      const g = scaleFreeDigraph(400, 2400, seed);
      const index = csrFromEdges({ order: 400, sources: g.sources, targets: g.targets, directed });
      expect(Array.from(computeVoterank(index, { reverse }).order)).toEqual(fullRecountVoterank(index, reverse));
    }
  });
});
