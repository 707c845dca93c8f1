/** A niche read straight into the edge stream equals `nicheGraph`: nodes in order, attributes, edges, weights, kinds. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { createPageWriter, nicheEdgeStream, nicheGraph, nicheStreamGraph, openStore, upsertNiche, type StoreDb } from "../../src/store/index.ts";
import { UsageError } from "../../src/shared/errors.ts";

let dir: string;
let db: StoreDb;
const AT = "2026-01-01T00:00:00.000Z";

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "atlas-niche-stream-"));
  db = openStore(join(dir, "atlas.db"));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function seed(ids: string[]): void {
  const n = upsertNiche(db, "n", "twitter", [ids[0]], {}, AT);
  const w = createPageWriter(db, "twitter");
  const kinds = ["follows", "mentions", "retweets", "quotes", "replies"];
  const edges: { source: string; target: string; kind: string; item?: string; at?: string }[] = [];
  let item = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = 1; j <= 3; j++) {
      const kind = kinds[(i * 7 + j) % kinds.length];
      const target = ids[(i * 5 + j * 3) % ids.length];
      if (kind === "follows") edges.push({ source: ids[i], target, kind });
      else {
        for (let k = 0; k < 1 + ((i + j) % 3); k++) {
          edges.push({ source: ids[i], target, kind, item: `t${item++}`, at: k % 2 ? "2025-06-01T00:00:00.000Z" : "2026-06-01T00:00:00.000Z" });
        }
      }
    }
  }
  w.commit({
    nicheId: n.id,
    page: null,
    accounts: ids.slice(0, 5).map((id, i) => ({ id, handle: `h${i}`, ...(i % 2 ? { name: `N${i}`, followers: i * 10 } : {}), ...(i === 2 ? { description: "d" } : {}) })),
    nicheAccounts: [{ id: ids[0], depth: 0, seed: true }, { id: "zz-lonely", depth: 1 }],
    edges,
    at: AT,
  });
}

function plain(g: AtlasGraph) {
  return { nodes: g.mapNodes((k, a) => [k, a]), edges: g.mapEdges((_e, a, s, t) => [s, t, a]) };
}

const NUMERIC = ["12", "3", "100", "7", "45", "2", "99", "1000", "8", "61"];
// U+E000–U+FFFF vs above U+FFFF: SQLite (code points) and JS (UTF-16 units) disagree on their order
const ODD = ["\uE000a", "😀b", "\uFFFDc", "𝄞d", "plain", "Z", "é", "a"];

describe("nicheEdgeStream", () => {
  for (const [what, ids] of [["numeric ids", NUMERIC], ["ids that SQLite and JS order differently", ODD]] as const) {
    for (const options of [{}, { kinds: ["mentions", "follows"] }, { since: "2026-01-01" }, { since: "2026-01-01", kinds: ["retweets"] }]) {
      it(`should give nicheGraph's graph (${what}, ${JSON.stringify(options)})`, () => {
        seed([...ids]);
        const expected = plain(nicheGraph(db, "n", options));
        expect(expected.edges.length).toBeGreaterThan(0);
        const stream = nicheEdgeStream(db, "n", options);
        expect(stream.accumulator.dictionary.keys()).toEqual(expected.nodes.map(([k]) => k));
        expect(plain(nicheStreamGraph(stream))).toEqual(expected);
      });
    }
  }

  it("should give label, handle, followers and description as columns", () => {
    seed(NUMERIC);
    const { nodes, accumulator } = nicheEdgeStream(db, "n");
    const i = accumulator.dictionary.find("tw:100");
    expect([nodes.labels[i], nodes.handles[i], nodes.followers[i], nodes.descriptions[i]]).toEqual(["@h2", "h2", Number.NaN, "d"]);
    const j = accumulator.dictionary.find("tw:3");
    expect([nodes.labels[j], nodes.handles[j], nodes.followers[j]]).toEqual(["N1", "h1", 10]);
  });

  it("should refuse a bad --since and an unknown niche as nicheGraph does", () => {
    seed(NUMERIC);
    expect(() => nicheEdgeStream(db, "n", { since: "soon" })).toThrow(UsageError);
    expect(() => nicheEdgeStream(db, "nope")).toThrow(/no niche "nope"/);
  });
});
