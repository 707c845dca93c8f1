/**
 * Atlas files validated on read: the schema (src/atlas.schema.json) with the
 * JSON path of the first problem, then leaders, bridges and edges among the
 * nodes; the small validator agrees with Ajv on valid files and on edits.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atlasProblem, readAtlasGraph } from "../../src/analyze/atlas-validate.ts";
import { analyzeGraph } from "../../src/analyze/pipeline.ts";
import { graphToColumnar, writeColumnarAtlas } from "../../src/cli/columnar.ts";
import { DataError } from "../../src/shared/errors.ts";
import { runAtlas, stderrProblems } from "../cli/helpers.ts";
import { readRepoGraph } from "../graph/helpers.ts";
import { atlasSchemaErrors } from "../helpers/atlas-schema.ts";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let dir: string;
let valid: Json;
const copy = (): Json => structuredClone(valid);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "atlas-validate-"));
  const karate = await readRepoGraph("data/karate/karate_club.gml");
  valid = analyzeGraph(karate, { seed: 1, bootstrap: 10, consensus: 2 }).graph.export() as unknown as Json;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Edits of a valid atlas file, each with the JSON path and the problem expected first. */
const EDITS: [string, (a: Json) => void, string, RegExp][] = [
  ["a string pagerank", (a) => void (a.nodes[3].attributes.pagerank = "x"), "$.nodes[3].attributes.pagerank", /"x" is not a number/],
  ["a negative pagerank", (a) => void (a.nodes[0].attributes.pagerank = -0.5), "$.nodes[0].attributes.pagerank", /-0\.5 is below the minimum 0/],
  ["a fractional in-degree", (a) => void (a.nodes[1].attributes.inDegree = 2.5), "$.nodes[1].attributes.inDegree", /2\.5 is not an integer/],
  ["a missing community", (a) => void delete a.nodes[2].attributes.community, "$.nodes[2].attributes.community", /is missing/],
  ["a role of 9", (a) => void (a.nodes[4].attributes.role = 9), "$.nodes[4].attributes.role", /9 is above the maximum 7/],
  ["a null label", (a) => void (a.nodes[5].attributes.label = null), "$.nodes[5].attributes.label", /null is not a string/],
  ["a numeric node key", (a) => void (a.nodes[6].key = 7), "$.nodes[6].key", /7 is not a string/],
  ["a bad createdAt", (a) => void (a.attributes.atlas.createdAt = "yesterday"), "$.attributes.atlas.createdAt", /not a date-time/],
  ["an unknown betweenness mode", (a) => void (a.attributes.atlas.params.betweenness.mode = "fast"), "$.attributes.atlas.params.betweenness.mode", /"fast" is not one of "exact", "approx", "pairs", "off"/],
  ["a version 2", (a) => void (a.attributes.atlas.version = 2), "$.attributes.atlas.version", /2 is not 1/],
  ["an unknown meta key", (a) => void (a.attributes.atlas.extra = 1), "$.attributes.atlas.extra", /not a property the schema knows/],
  ["leaders not an array", (a) => void (a.attributes.atlas.communities[1].leaders = "x"), "$.attributes.atlas.communities[1].leaders", /"x" is not an array/],
  ["a string edge weight", (a) => void (a.edges[2].attributes.weight = "heavy"), "$.edges[2].attributes.weight", /"heavy" is not a number/],
  ["a multi graph", (a) => void (a.options.multi = true), "$.options.multi", /true is not false/],
  ["an odd key needing brackets", (a) => void (a.attributes.atlas.summary["my key"] = 1), '$.attributes.atlas.summary["my key"]', /not a property/],
];

/** Edits the schema accepts but the graph does not. */
const GRAPH_EDITS: [string, (a: Json) => void, string, RegExp][] = [
  ["a leader that is not a node", (a) => void (a.attributes.atlas.communities[0].leaders[0] = "nobody"), "$.attributes.atlas.communities[0].leaders[0]", /"nobody" is not a node key/],
  ["a bridge that is not a node", (a) => void (a.attributes.atlas.bridges[1] = "ghost"), "$.attributes.atlas.bridges[1]", /"ghost" is not a node key/],
  ["an edge to no node", (a) => void (a.edges[5].target = "ghost"), "$.edges[5].target", /"ghost" is not a node key/],
  ["a duplicate node key", (a) => void (a.nodes[7].key = a.nodes[2].key), "$.nodes[7].key", /is also the key of \$\.nodes\[2\]/],
  ["a repeated edge", (a) => void a.edges.push(structuredClone(a.edges[0])), "$.edges[EDGES]", /a second edge/],
];

describe("atlasProblem", () => {
  it("should accept an atlas file the pipeline writes, as Ajv does", () => {
    expect(atlasSchemaErrors(valid)).toEqual([]);
    expect(atlasProblem(valid)).toBeNull();
  });

  for (const [what, edit, path, message] of EDITS) {
    it(`should refuse ${what} at ${path}, as Ajv does`, () => {
      const a = copy();
      edit(a);
      expect(atlasSchemaErrors(a).length).toBeGreaterThan(0);
      const problem = atlasProblem(a);
      expect(problem?.path).toBe(path);
      expect(problem?.message).toMatch(message);
    });
  }

  for (const [what, edit, path, message] of GRAPH_EDITS) {
    it(`should refuse ${what} at its JSON path (the schema cannot see it)`, () => {
      const a = copy();
      edit(a);
      const expectedPath = path.replace("EDGES", String(a.edges.length - 1));
      expect(atlasProblem(a)).toMatchObject({ path: expectedPath, message: expect.stringMatching(message) });
      expect(() => readAtlasGraph(a, "k.atlas.json")).toThrow(DataError);
      expect(() => readAtlasGraph(a, "k.atlas.json")).toThrow(`k.atlas.json: not a valid atlas file: ${expectedPath}: `);
    });
  }

  it("should agree with Ajv on every single-value edit of every node attribute", () => {
    // Each attribute of node 0 set to values of each JSON type: valid for Ajv ⇔ valid here.
    const samples: unknown[] = [null, true, "s", -1, 0, 0.5, 1, 3, 8, 1.5, [], {}];
    let refused = 0;
    for (const name of Object.keys(valid.nodes[0].attributes)) {
      for (const value of samples) {
        const a = copy();
        a.nodes[0].attributes[name] = value;
        const ajvValid = atlasSchemaErrors(a).length === 0;
        const problem = atlasProblem(a);
        expect({ name, value, valid: problem === null }).toEqual({ name, value, valid: ajvValid });
        if (problem) {
          refused++;
          expect(problem.path).toBe(`$.nodes[0].attributes.${name}`);
        }
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  it("should cut long values in the message (a 100 kB label)", () => {
    const a = copy();
    a.nodes[0].attributes.pagerank = "x".repeat(100_000);
    expect(atlasProblem(a)?.message.length).toBeLessThan(80);
  });
});

describe("atlas report on an edited atlas file", () => {
  const run = async (edit: (a: Json) => void, name: string, indent?: number) => {
    const a = copy();
    edit(a);
    const file = join(dir, name);
    const text = JSON.stringify(a, null, indent);
    writeFileSync(file, text);
    return { file, text, r: await runAtlas(["report", file, "--format", "md"]) };
  };

  it("should refuse a leader key that is not a node with a one-line DataError and its JSON path (was a NotFoundGraphError stack)", async () => {
    const { file, text, r } = await run((a) => void (a.attributes.atlas.communities[0].leaders[0] = "nobody"), "leader.atlas.json");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // One line of JSON: line 1, the column where "nobody" begins.
    const column = text.indexOf('"nobody"') + 1;
    expect(stderrProblems(r.stderr)).toEqual([
      `atlas: ${file}:1:${column}: not a valid atlas file: $.attributes.atlas.communities[0].leaders[0]: "nobody" is not a node key; ` +
        "fix that value, or re-create the file with `atlas analyze`",
    ]);
  });

  it('should refuse pagerank: "x" (was accepted)', async () => {
    const { file, text, r } = await run((a) => void (a.nodes[3].attributes.pagerank = "x"), "pagerank.atlas.json", 2);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // Indented JSON: the line holding the edited value, the column of "x".
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('"pagerank": "x"'));
    const where = `${line + 1}:${lines[line].indexOf('"x"') + 1}`;
    expect(stderrProblems(r.stderr)).toEqual([
      `atlas: ${file}:${where}: not a valid atlas file: $.nodes[3].attributes.pagerank: "x" is not a number; fix that value, or re-create the file with \`atlas analyze\``,
    ]);
    expect(stderrProblems(r.stderr)).toHaveLength(1);
  });

  it("should point a missing attribute at the object that lacks it", async () => {
    const { file, text, r } = await run((a) => void delete a.nodes[2].attributes.community, "missing.atlas.json", 2);
    expect(r.code).toBe(2);
    // The third node's attributes object: the third line that opens `"attributes": {` after "nodes".
    const lines = text.split("\n");
    const nodesAt = lines.findIndex((l) => l.startsWith('  "nodes"'));
    const opening = lines.map((l, i) => [l, i] as const).filter(([l, i]) => i > nodesAt && l.includes('"attributes": {'));
    const [l, i] = opening[2];
    expect(stderrProblems(r.stderr)).toEqual([
      `atlas: ${file}:${i + 1}:${l.indexOf("{") + 1}: not a valid atlas file: $.nodes[2].attributes.community: is missing; fix that value, or re-create the file with \`atlas analyze\``,
    ]);
  });

  it("should still report the atlas file as written", async () => {
    const file = join(dir, "ok.atlas.json");
    writeFileSync(file, JSON.stringify(valid));
    const r = await runAtlas(["report", file, "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).communities.length).toBe(valid.attributes.atlas.communities.length);
  });
});

describe("atlas report on an edited columnar atlas", () => {
  const columnar = async (name: string, edit: (input: ReturnType<typeof graphToColumnar> & { atlas: Json }) => void): Promise<string> => {
    const { default: Graph } = await import("graphology");
    const input = graphToColumnar(Graph.from(copy() as never) as never) as ReturnType<typeof graphToColumnar> & { atlas: Json };
    edit(input);
    const out = join(dir, name);
    await writeColumnarAtlas(out, input);
    return out;
  };

  it("should read the columnar form of a valid atlas", async () => {
    const out = await columnar("ok.atlas", () => {});
    const r = await runAtlas(["report", out, "--format", "json"]);
    expect(stderrProblems(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("should refuse a leader that is not a node, with the JSON path in atlas.json", async () => {
    const out = await columnar("leader.atlas", (c) => void (c.atlas.communities[0].leaders[0] = "nobody"));
    const r = await runAtlas(["report", out]);
    expect(r.code).toBe(2);
    expect(stderrProblems(r.stderr)).toEqual([
      `atlas: ${join(out, "atlas.json")}: not a valid atlas: $.communities[0].leaders[0]: "nobody" is not a node key of nodes.arrow; ` +
        "fix that value, or re-create it with `atlas analyze` (columnar output)",
    ]);
  });

  it("should refuse a bad meta value with its JSON path in atlas.json", async () => {
    const out = await columnar("meta.atlas", (c) => void (c.atlas.params.top = "ten"));
    const r = await runAtlas(["report", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/atlas\.json: not a valid atlas: \$\.params\.top: "ten" is not an integer; /);
  });

  it("should refuse a negative pagerank in nodes.arrow, naming the column and the node", async () => {
    const out = await columnar("pagerank.atlas", (c) => {
      (c.columns.pagerank as Float64Array)[3] = -1;
    });
    const r = await runAtlas(["report", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nodes\.arrow: not a valid atlas: column "pagerank", node #3 \("\d+"\): -1 is below the minimum 0; /);
  });

  it('should refuse a pagerank column of strings ("x")', async () => {
    const out = await columnar("strings.atlas", (c) => {
      const n = c.keys.length;
      c.columns.pagerank = Array.from({ length: n }, (_v, i) => (i === 2 ? "x" : "0.1"));
    });
    const r = await runAtlas(["report", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nodes\.arrow: not a valid atlas: column "pagerank", node #0 \("\d+"\): "0\.1" is not a number; /);
  });

  it("should refuse a columnar atlas without a required column", async () => {
    const out = await columnar("missing.atlas", (c) => void delete c.columns.community);
    const r = await runAtlas(["report", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nodes\.arrow: not a valid atlas: no "community" column/);
  });

  it("should name the edited atlas.json file, not read atlas.json from elsewhere", () => {
    expect(readFileSync(join(dir, "leader.atlas", "atlas.json"), "utf8")).toContain('"nobody"');
  });
});
