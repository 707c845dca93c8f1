/**
 * From index order back to node keys: what every graph-level wrapper
 * (`pagerank(graph)`, `pagerank.assign(graph)`, ...) does with a metric's
 * Float64Array.
 */
import type { AtlasGraph } from "../../graph/model.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";

/** `{ key: values[i] }` over the index's nodes. */
export function valuesByKey(index: CsrIndex, values: ArrayLike<number>): Record<string, number> {
  const { keys } = index;
  const out: Record<string, number> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i];
  return out;
}

/** Writes `values[i]` to node attribute `attribute` of each node of the index. */
export function assignByKey(graph: AtlasGraph, index: CsrIndex, attribute: string, values: ArrayLike<number>): void {
  const { keys } = index;
  for (let i = 0; i < keys.length; i++) graph.setNodeAttribute(keys[i], attribute, values[i]);
}

/** `compute` over the unweighted index of `graph`, by key (metrics that ignore weights: coreness, closeness, harmonic). */
export function unweightedByKey(graph: AtlasGraph, compute: (index: CsrIndex) => Float64Array): Record<string, number> {
  const index = csrFromGraph(graph, { weight: null });
  return valuesByKey(index, compute(index));
}

/** Writes `compute` over the unweighted index of `graph` to node attribute `attribute`. */
export function assignUnweighted(graph: AtlasGraph, compute: (index: CsrIndex) => Float64Array, attribute: string): void {
  const index = csrFromGraph(graph, { weight: null });
  assignByKey(graph, index, attribute, compute(index));
}
