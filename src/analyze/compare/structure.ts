/**
 * Size and shape of a niche: the `graphSummary` figures plus degree
 * distributions, the four degree-assortativity pairings and the top k-core.
 */
import { computeDegrees } from "../centrality/degree.ts";
import { coreNumbers, undirectedSimpleView } from "../centrality/coreness.ts";
import type { CsrIndex } from "../csr.ts";
import { graphSummary, type GraphSummary } from "../summary.ts";
import { degreeAssortativity } from "../assortativity.ts";
import { degreeDistribution } from "./degree-distribution.ts";
import type { Assortativity, ShapeProfile, SizeProfile } from "./types.ts";

export { degreeAssortativity, type DegreeKind } from "../assortativity.ts";

/** The four pairings (all equal on an undirected index). */
export function assortativityPairs(index: CsrIndex): Assortativity {
  if (!index.directed) {
    const r = degreeAssortativity(index);
    return { outIn: r, inIn: r, outOut: r, inOut: r };
  }
  return {
    outIn: degreeAssortativity(index, "out", "in"),
    inIn: degreeAssortativity(index, "in", "in"),
    outOut: degreeAssortativity(index, "out", "out"),
    inOut: degreeAssortativity(index, "in", "out"),
  };
}

/** Size figures from a `graphSummary`. */
export function sizeProfile(summary: GraphSummary): SizeProfile {
  return {
    nodes: summary.nodes,
    edges: summary.edges,
    selfLoops: summary.selfLoops,
    directed: summary.directed,
    density: summary.density,
    reciprocity: summary.reciprocity,
    weakComponents: summary.weakComponents,
    largestWeakShare: summary.largestWeakShare,
  };
}

/** Shape figures of an (unweighted) index; `summary` is its `graphSummary`. */
export function shapeProfile(index: CsrIndex, summary: GraphSummary = graphSummary(index)): ShapeProfile {
  const degrees = computeDegrees(index);
  const inDegree = degreeDistribution(index.directed ? degrees.inDegree : degrees.degree);
  const outDegree = index.directed ? degreeDistribution(degrees.outDegree) : inDegree;
  const cores = coreNumbers(undirectedSimpleView(index));
  let maxCoreness = 0;
  for (let i = 0; i < cores.length; i++) if (cores[i] > maxCoreness) maxCoreness = cores[i];
  let topCoreSize = 0;
  for (let i = 0; i < cores.length; i++) if (cores[i] === maxCoreness) topCoreSize++;
  return {
    inDegree,
    outDegree,
    averageClustering: summary.averageClustering,
    assortativity: assortativityPairs(index),
    maxCoreness,
    topCoreSize: index.order === 0 ? 0 : topCoreSize,
  };
}
