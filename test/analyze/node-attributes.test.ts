/**
 * The node attribute registry is the atlas contract: the JSON Schema, the
 * attribute lists of atlas.ts and what the pipeline writes must all say what
 * it says.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LEADER_NODE_METRICS, NODE_METRICS } from "../../src/analyze/atlas.ts";
import { NODE_ATTRIBUTES } from "../../src/analyze/node-attributes.ts";
import { ANALYZE_STAGES, analyzeGraph } from "../../src/analyze/pipeline.ts";
import { addEdgeRecord, createGraph } from "../../src/graph/model.ts";

interface Schema {
  $defs: Record<string, { type?: string | string[]; $ref?: string; required?: string[]; properties?: Record<string, { type?: string | string[]; $ref?: string; enum?: unknown[] }> }>;
}
const schema = JSON.parse(readFileSync(new URL("../../src/atlas.schema.json", import.meta.url), "utf8")) as Schema;
const nodeSchema = schema.$defs.nodeAttributes;

/** JSON types a schema property allows, following one `$ref`. */
function typesOf(name: string): string[] {
  const p = nodeSchema.properties?.[name];
  if (p === undefined) return [];
  const target = p.$ref !== undefined ? schema.$defs[p.$ref.replace("#/$defs/", "")] : p;
  const t = target.type ?? [];
  return Array.isArray(t) ? t : [t];
}

describe("NODE_ATTRIBUTES, the node attribute registry", () => {
  it("should list each attribute once, given by a stage that exists", () => {
    const names = NODE_ATTRIBUTES.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    for (const a of NODE_ATTRIBUTES) expect(ANALYZE_STAGES).toContain(a.stage);
  });

  it("should agree with the JSON Schema: every attribute described, the always-present scores required", () => {
    const required = new Set(nodeSchema.required);
    for (const a of NODE_ATTRIBUTES) {
      expect(nodeSchema.properties, a.name).toHaveProperty(a.name);
      const json = { float: ["number", "integer"], int: ["integer", "number"], bool: ["boolean"], string: ["string"] }[a.type];
      expect(typesOf(a.name).some((t) => json.includes(t)), `${a.name} has type ${a.type}`).toBe(true);
      const group = a.group as string;
      const everyNode = group === "centrality" || group === "metric" || group === "community";
      expect(required.has(a.name), `${a.name} required`).toBe(everyNode);
      if (everyNode && "nonFinite" in a && a.nonFinite === "null") expect(typesOf(a.name), `${a.name} nullable`).toContain("null");
    }
  });

  it("should be what NODE_METRICS and LEADER_NODE_METRICS list, as atlas files written before them expect", () => {
    // The lists as the atlas contract had them: centralities, participation, community PageRank.
    expect([...NODE_METRICS]).toEqual([
      "pagerank", "authority", "hub", "inDegree", "outDegree", "inStrength", "outStrength",
      "eigenvector", "coreness", "betweenness", "closeness", "harmonic", "participation", "communityPagerank",
    ]);
    expect([...LEADER_NODE_METRICS].sort()).toEqual([
      "collectiveInfluence", "compositeRank", "compositeScore", "leaderRankScore", "rankHigh", "rankLow",
      "role", "roleName", "stability", "unstableLeader", "voteRank", "withinModuleZ",
    ]);
  });

  it("should be the attributes the pipeline writes, in its order, with the optional ones where their stage ran", () => {
    const graph = createGraph();
    for (const [s, t] of [["a", "b"], ["b", "c"], ["c", "a"], ["c", "d"], ["d", "e"], ["e", "f"], ["f", "d"]]) addEdgeRecord(graph, s, t);
    analyzeGraph(graph, { bootstrap: 4, consensus: 3 });
    const leader = graph.findNode((_k, a) => a.leaderRank === 1) as string;
    const written = Object.keys(graph.getNodeAttributes(leader)).filter((k) => k !== "label");
    expect(written).toEqual(NODE_ATTRIBUTES.map((a) => a.name));
    const other = graph.findNode((_k, a) => a.leaderRank === undefined);
    if (other !== undefined) {
      const attrs = graph.getNodeAttributes(other);
      for (const name of ["leaderRank", "rankLow", "rankHigh", "unstableLeader"]) expect(attrs, name).not.toHaveProperty(name);
    }
    analyzeGraph(graph, { bootstrap: 0, consensus: 0 });
    const again = graph.getNodeAttributes(leader);
    for (const name of ["stability", "rankLow", "rankHigh", "unstableLeader"]) expect(again, name).not.toHaveProperty(name);
  });
});
