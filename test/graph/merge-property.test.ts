/** Properties of record merging, checked against independent reductions with fast-check. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addEdgeRecord, createGraph } from "../../src/graph/model.ts";
import { readGraph } from "../../src/graph/read.ts";
import { csvCell } from "../../src/graph/writers/csv.ts";
import { text } from "./helpers.ts";

const nodeId = fc.constantFrom("a", "b", "c", "d,e", 'q"uote', " sp ", "1", "01", "é");
const record = fc.record({
  source: nodeId,
  target: nodeId,
  weight: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })),
  kind: fc.constantFrom("", "mention", "retweet", "reply"),
});

describe("CSV record merging", () => {
  it("should give, for random records, summed weights per pair equal to an independent reduction", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 40 }), fc.boolean(), async (records, undirected) => {
        const csv =
          "source,target,weight,kind\n" +
          records.map((r) => [r.source, r.target, r.weight, r.kind].map(csvCell).join(",")).join("\n") +
          "\n";
        const g = await readGraph("p.csv", text(csv), { undirected });
        // independent reduction: sum in record order per (unordered when undirected) pair
        const sums = new Map<string, number>();
        for (const r of records) {
          const [u, v] = undirected && r.target < r.source ? [r.target, r.source] : [r.source, r.target];
          const key = JSON.stringify([u, v]);
          sums.set(key, (sums.get(key) ?? 0) + r.weight);
        }
        const got = new Map<string, number>();
        g.forEachEdge((_e, a, s, t) => {
          const [u, v] = undirected && t < s ? [t, s] : [s, t];
          got.set(JSON.stringify([u, v]), a.weight as number);
        });
        expect(got).toEqual(sums);
      }),
      { numRuns: 150, seed: 20240601 },
    );
  });

  it("should build exactly the graph that sequential addEdgeRecord calls build", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 30 }), fc.boolean(), async (records, undirected) => {
        const csv =
          "source,target,weight,kind,note\n" +
          records.map((r, i) => [r.source, r.target, r.weight, r.kind, `n${i}`].map(csvCell).join(",")).join("\n") +
          "\n";
        const g = await readGraph("p.csv", text(csv), { undirected });
        const expected = createGraph({ directed: !undirected });
        records.forEach((r, i) => addEdgeRecord(expected, r.source, r.target, r.weight, r.kind || undefined, { note: `n${i}` }));
        expect(g.nodes()).toEqual(expected.nodes());
        expect(g.mapEdges((_e, a, s, t) => [s, t, a])).toEqual(expected.mapEdges((_e, a, s, t) => [s, t, a]));
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
