/**
 * The report's re-ranking by another metric (`report --by`) orders as the
 * engine's leader ranking does: decreasing score, missing scores last, and
 * scores equal up to rounding (the engine's tie rule, 1e-9 relative) by key.
 */
import { describe, expect, it } from "vitest";
import { createGraph } from "../../src/graph/model.ts";
import { rankByAttribute } from "../../src/report/model.ts";

describe("rankByAttribute", () => {
  it("should order ties up to rounding by key, and missing values last", () => {
    const g = createGraph();
    // 0.1 + 0.2 is 0.3 plus one unit in the last place: a tie by the engine's rule, so "a" (key order) comes first.
    g.addNode("b", { pagerank: 0.1 + 0.2 });
    g.addNode("a", { pagerank: 0.3 });
    g.addNode("c", { pagerank: 0.5 });
    g.addNode("d", {});
    g.addNode("e", { pagerank: 0.29 });
    expect(rankByAttribute(g, ["b", "a", "c", "d", "e"], "pagerank")).toEqual(["c", "a", "b", "e", "d"]);
    expect(rankByAttribute(g, ["d", "e", "a", "b", "c"], "pagerank")).toEqual(["c", "a", "b", "e", "d"]);
  });
});
