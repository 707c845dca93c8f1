import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csrFromEdges, csrFromGraph } from "../../../src/analyze/csr.ts";
import { communityComponents, disconnectedCommunities } from "../../../src/analyze/communities/connectivity.ts";
import { leidenCommunities } from "../../../src/analyze/communities/leiden.ts";
import { louvainCommunities } from "../../../src/analyze/communities/louvain.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { referenceGraph } from "../../helpers/reference-graphs.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "reference", "leiden");

describe("disconnectedCommunities", () => {
  it("should count the communities that fall apart (hand-built path)", () => {
    // Path 0–1–2–3–4: {0,2} is split by 1, {1} alone, {3,4} connected.
    const index = csrFromEdges({ order: 5, sources: [0, 1, 2, 3], targets: [1, 2, 3, 4], directed: false });
    expect(Array.from(communityComponents(index, [0, 1, 0, 2, 2]))).toEqual([2, 1, 1]);
    expect(disconnectedCommunities(index, [0, 1, 0, 2, 2])).toBe(1);
    expect(disconnectedCommunities(index, [0, 0, 0, 1, 1])).toBe(0);
    // Everything in one community: connected; two unlinked nodes: not.
    expect(disconnectedCommunities(index, [0, 0, 0, 0, 0])).toBe(0);
    const pair = csrFromEdges({ order: 2, sources: [], targets: [], directed: false });
    expect(disconnectedCommunities(pair, [0, 0])).toBe(1);
  });

  it("should link u and v through either direction of a directed edge", () => {
    // 0→1, 2→1: weakly connected through 1.
    const index = csrFromEdges({ order: 3, sources: [0, 2], targets: [1, 1], directed: true });
    expect(disconnectedCommunities(index, [0, 0, 0])).toBe(0);
    expect(disconnectedCommunities(index, [0, 1, 0])).toBe(1);
  });

  it("should return 0 for the empty graph and reject a short membership", () => {
    const empty = csrFromEdges({ order: 0, sources: [], targets: [], directed: false });
    expect(disconnectedCommunities(empty, [])).toBe(0);
    const index = csrFromEdges({ order: 2, sources: [0], targets: [1], directed: false });
    expect(() => disconnectedCommunities(index, [0])).toThrow(UsageError);
    expect(() => disconnectedCommunities(index, [0])).toThrow(/1 entries but the graph has 2 nodes/);
  });

  it("should show Louvain leaving disconnected communities on the polblogs LCC, where Leiden leaves none", () => {
    // Regression example (Traag et al. 2019's Louvain defect): graphology's Louvain, seeds 6 and 8.
    const fx = JSON.parse(readFileSync(join(FIXTURES, "polblogs.json"), "utf8")) as { keys: string[] };
    const graph = referenceGraph("polblogs");
    const keep = new Set(fx.keys);
    for (const k of graph.nodes()) if (!keep.has(k)) graph.dropNode(k);
    const view = csrFromGraph(graph, { undirected: true });
    for (const seed of [6, 8]) {
      const louvain = louvainCommunities(graph, { seed });
      expect(disconnectedCommunities(view, louvain.membership)).toBeGreaterThanOrEqual(1);
      const leiden = leidenCommunities(graph, { seed });
      expect(disconnectedCommunities(view, leiden.membership)).toBe(0);
    }
  });
});
