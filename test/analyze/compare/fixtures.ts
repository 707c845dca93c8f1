/** The networkx fixtures of scripts/reference/compare.py and the graphs they describe. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { csrFromGraph, type CsrIndex } from "../../../src/analyze/csr.ts";
import { groupByValue, inducedSubindex } from "../../../src/analyze/compare/index.ts";
import { readGraph } from "../../../src/graph/read.ts";
import { referenceGraph, ROOT } from "../../helpers/reference-graphs.ts";

export type CompareCase = "karate" | "polblogs" | "congress" | "facebook_politician";
export const COMPARE_CASES: readonly CompareCase[] = ["karate", "polblogs", "congress", "facebook_politician"];

export interface DistributionFixture {
  mean: number;
  max: number;
  quantiles: { p50: number; p90: number; p99: number };
  ccdf: { k: number[]; p: number[] };
  powerLaw: { alpha: number; xmin: number; tail: number; ks: number } | null;
}

export interface CompareFixture {
  graph: string;
  partition: Record<string, string> | null;
  size: Record<string, number | null>;
  shape: {
    inDegree: DistributionFixture;
    outDegree: DistributionFixture;
    averageClustering: number;
    assortativity: Record<"outIn" | "inIn" | "outOut" | "inOut", number | null>;
    maxCoreness: number;
    topCoreSize: number;
  };
  communities: {
    count: number;
    sizes: number[];
    entropy: number;
    evenness: number | null;
    modularity: number;
    coverage: number;
    largestShare: number;
  };
  leadership: {
    top1Share: number;
    top10Share: number;
    gini: number;
    leaders: string[];
    leaderScores: number[];
    leadersOutsideInShare: number | null;
    bridgeShare: number;
  };
}

export function compareFixture(name: CompareCase): CompareFixture {
  const file = join(ROOT, "test", "fixtures", "reference", "compare", `${name}.json`);
  return JSON.parse(readFileSync(file, "utf8")) as CompareFixture;
}

/** The Facebook page network (undirected; the SNAP header `id_1,id_2` read as `source,target`). */
export async function facebookIndex(): Promise<{ index: CsrIndex; pageType: string[] }> {
  const dir = join(ROOT, "data", "facebook_page_page");
  const edges = readFileSync(join(dir, "musae_facebook_edges.csv"), "utf8");
  const text = "source,target" + edges.slice(edges.indexOf("\n"));
  const nodes = readFileSync(join(dir, "musae_facebook_target.csv"), "utf8");
  const graph = await readGraph("facebook.csv", new TextEncoder().encode(text), {
    undirected: true,
    nodes: { name: "musae_facebook_target.csv", bytes: new TextEncoder().encode(nodes) },
  });
  const index = csrFromGraph(graph, { getEdgeWeight: null });
  const pageType = index.keys.map((k) => String(graph.getNodeAttribute(k, "page_type")));
  return { index, pageType };
}

/** The unweighted index of a case, and its fixed partition (membership by index order). */
export async function caseIndex(name: CompareCase): Promise<{ index: CsrIndex; membership: Int32Array }> {
  let index: CsrIndex;
  let labels: string[];
  const fixture = compareFixture(name);
  if (name === "facebook_politician") {
    const fb = await facebookIndex();
    const group = groupByValue(fb.pageType).find((g) => g.value === "politician")!;
    index = inducedSubindex(fb.index, group.nodes);
    labels = index.keys.map((k) => String(Number(k) % 5));
  } else {
    index = csrFromGraph(referenceGraph(name), { getEdgeWeight: null });
    labels = index.keys.map((k) => fixture.partition![k]);
  }
  const ids = new Map<string, number>();
  const membership = Int32Array.from(labels, (l) => {
    if (!ids.has(l)) ids.set(l, ids.size);
    return ids.get(l)!;
  });
  return { index, membership };
}
