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

/** Options of a metric that ignores weights (coreness, closeness, harmonic). */
export interface UnweightedMetricOptions {
  /** Node attribute written by the metric's `assign`. Default: the metric's name. */
  nodeAttribute?: string;
}

/** A graph-level metric that ignores weights: its values by node key, and `assign` writing them to a node attribute. */
export interface UnweightedMetric {
  (graph: AtlasGraph, options?: UnweightedMetricOptions): Record<string, number>;
  assign(graph: AtlasGraph, options?: UnweightedMetricOptions): void;
}

/** The (frozen) defaults of an unweighted metric whose `assign` writes `nodeAttribute`. */
export function unweightedDefaults(nodeAttribute: string): Readonly<Required<UnweightedMetricOptions>> {
  return Object.freeze({ nodeAttribute });
}

/** The graph-level wrapper of `compute`, run on the unweighted index of a graph. */
export function unweightedMetric(compute: (index: CsrIndex) => Float64Array, defaults: Readonly<Required<UnweightedMetricOptions>>): UnweightedMetric {
  const metric = (graph: AtlasGraph, _options?: UnweightedMetricOptions): Record<string, number> => {
    const index = csrFromGraph(graph, { getEdgeWeight: null });
    return valuesByKey(index, compute(index));
  };
  const assign = (graph: AtlasGraph, options?: UnweightedMetricOptions): void => {
    const index = csrFromGraph(graph, { getEdgeWeight: null });
    assignByKey(graph, index, { ...defaults, ...options }.nodeAttribute, compute(index));
  };
  return Object.assign(metric, { assign });
}
