/**
 * Test-only loader of the reference graphs in data/, built like
 * scripts/reference/load.py (node key = the file's id as a string, nodes in
 * file order, repeated records merged with weights summed). Kept small and
 * independent of src/graph's readers on purpose.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { addEdgeRecord, createGraph, type AtlasGraph } from "../../../src/graph/model.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export type ReferenceGraph = "karate" | "football" | "polblogs" | "congress";

export interface CommunityFixture {
  graph: string;
  directed: boolean;
  nodes: number;
  edges: number;
  keys: string[];
  groundTruth: PartitionFixture;
  whole?: MultilevelFixture;
  lcc?: MultilevelFixture;
}

export interface PartitionFixture {
  names: string[];
  membership: number[];
  modularity: { undirected: Record<string, number>; directed?: Record<string, number> };
  participation: number[];
  stats: {
    id: number;
    size: number;
    internalEdges: number;
    internalWeight: number;
    density: number;
    conductance: number;
    modularityShareUndirected: number;
    modularityShareDirected: number | null;
    reciprocity: number | null;
  }[];
}

export interface MultilevelRuns {
  weighted: boolean;
  seeds: number[];
  modularity: number[];
  nmi: number[];
  count: number[];
  bestModularity: number;
  bestNmi: number;
  meanNmi: number;
  bestMembership: number[];
}

export interface MultilevelFixture {
  keys: string[] | null;
  nodes: number;
  edges: number;
  selfLoops: number;
  truth: number[];
  truthModularity: number;
  multilevel: MultilevelRuns;
  multilevelUnweighted: MultilevelRuns;
}

export function readFixture<T = CommunityFixture>(name: string): T {
  return JSON.parse(readFileSync(`${ROOT}test/fixtures/reference/communities/${name}.json`, "utf8")) as T;
}

const cache = new Map<ReferenceGraph, AtlasGraph>();

/** A fresh copy of a reference graph (parsed once per test file). */
export function loadReference(name: ReferenceGraph): AtlasGraph {
  let g = cache.get(name);
  if (g === undefined) {
    g = name === "congress" ? loadCongress() : loadGml(`${ROOT}data/${name === "karate" ? "karate/karate_club" : `${name}/${name}`}.gml`);
    cache.set(name, g);
  }
  return g.copy();
}

function loadCongress(): AtlasGraph {
  const g = createGraph({ directed: true });
  const text = readFileSync(`${ROOT}data/congress_twitter/congress.edgelist`, "utf8");
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === "" || t.startsWith("#")) continue;
    const [s, d, w] = t.split(/\s+/);
    addEdgeRecord(g, s, d, w === undefined ? 1 : Number(w));
  }
  return g;
}

/** Just enough GML for Newman's files: node ids, edge endpoints, `directed`. */
function loadGml(path: string): AtlasGraph {
  const text = readFileSync(path, "utf8");
  const tokens = text.match(/"[^"]*"|\[|\]|[^\s[\]"]+/g) ?? [];
  let directed = false;
  const nodes: string[] = [];
  const edges: [string, string][] = [];
  let depth = 0;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok === "[") depth++;
    else if (tok === "]") depth--;
    else if (depth === 1 && tok === "directed") directed = tokens[++t] === "1";
    else if (depth === 1 && (tok === "node" || tok === "edge") && tokens[t + 1] === "[") {
      const fields: Record<string, string> = {};
      let d = 0;
      for (t = t + 1; t < tokens.length; t++) {
        const x = tokens[t];
        if (x === "[") d++;
        else if (x === "]") {
          if (--d === 0) break;
        } else if (d === 1 && tokens[t + 1] !== "[") fields[x] = tokens[++t];
      }
      if (tok === "node") nodes.push(String(Math.trunc(Number(fields.id))));
      else edges.push([String(Math.trunc(Number(fields.source))), String(Math.trunc(Number(fields.target)))]);
    }
  }
  const g = createGraph({ directed });
  for (const k of nodes) g.addNode(k, { label: k });
  for (const [s, d] of edges) addEdgeRecord(g, s, d, 1);
  return g;
}
