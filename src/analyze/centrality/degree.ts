/**
 * Degree and strength (weighted degree), with networkx semantics.
 *
 * - Directed graphs: `inDegree` / `outDegree` count distinct predecessors /
 *   successors of the merged graph (a self-loop counts 1 in and 1 out),
 *   `degree = inDegree + outDegree` (networkx `G.degree`, so a self-loop adds 2).
 * - Undirected graphs: `degree` counts a self-loop twice (networkx), and
 *   `inDegree = outDegree = degree`.
 * - Strengths are the same sums over edge weights
 *   (networkx `G.in_degree(weight=...)` etc.).
 */
import type { AtlasGraph } from "../../graph/model.ts";
import { UsageError } from "../../shared/errors.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";
import { assignByKey, valuesByKey } from "./by-key.ts";
import { resolveEdgeWeight } from "./options.ts";

export interface Degrees {
  inDegree: Float64Array;
  outDegree: Float64Array;
  degree: Float64Array;
  inStrength: Float64Array;
  outStrength: Float64Array;
  strength: Float64Array;
}

export type DegreeField = keyof Degrees;

export const DEGREE_FIELDS: readonly DegreeField[] = Object.freeze([
  "inDegree",
  "outDegree",
  "degree",
  "inStrength",
  "outStrength",
  "strength",
]);

/** Degrees and strengths of every node of the index (node order of the index). */
export function computeDegrees(index: CsrIndex): Degrees {
  const n = index.order;
  const inDegree = new Float64Array(n);
  const outDegree = new Float64Array(n);
  const degree = new Float64Array(n);
  const inStrength = new Float64Array(n);
  const outStrength = new Float64Array(n);
  const strength = new Float64Array(n);
  const { outOffsets, outNeighbors, outWeights } = index;
  if (index.directed) {
    const { inOffsets, inWeights } = index;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) s += outWeights[p];
      outDegree[i] = outOffsets[i + 1] - outOffsets[i];
      outStrength[i] = s;
      s = 0;
      for (let p = inOffsets[i], end = inOffsets[i + 1]; p < end; p++) s += inWeights[p];
      inDegree[i] = inOffsets[i + 1] - inOffsets[i];
      inStrength[i] = s;
      degree[i] = inDegree[i] + outDegree[i];
      strength[i] = inStrength[i] + outStrength[i];
    }
    return { inDegree, outDegree, degree, inStrength, outStrength, strength };
  }
  for (let i = 0; i < n; i++) {
    let d = 0;
    let s = 0;
    for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
      const w = outWeights[p];
      if (outNeighbors[p] === i) {
        // A self-loop is stored once in its row; networkx counts it twice.
        d += 2;
        s += 2 * w;
      } else {
        d += 1;
        s += w;
      }
    }
    degree[i] = d;
    strength[i] = s;
  }
  inDegree.set(degree);
  outDegree.set(degree);
  inStrength.set(strength);
  outStrength.set(strength);
  return { inDegree, outDegree, degree, inStrength, outStrength, strength };
}

export interface DegreeOptions {
  /** Edge attribute summed by the strengths, or `null` for weight 1 an edge. Default `"weight"`. */
  getEdgeWeight?: string | null;
  /**
   * Node attribute written by `degrees.assign` for each field; `null` skips
   * the field. Default: the field's own name (`inDegree`, `outDegree`, ...).
   */
  attributes?: Partial<Record<DegreeField, string | null>>;
}

export interface ResolvedDegreeOptions {
  getEdgeWeight: string | null;
  attributes: Readonly<Record<DegreeField, string | null>>;
}

export const DEGREE_DEFAULTS: Readonly<ResolvedDegreeOptions> = Object.freeze({
  getEdgeWeight: "weight",
  attributes: Object.freeze({
    inDegree: "inDegree",
    outDegree: "outDegree",
    degree: "degree",
    inStrength: "inStrength",
    outStrength: "outStrength",
    strength: "strength",
  }),
});

function resolveDegreeOptions(options: DegreeOptions | undefined): ResolvedDegreeOptions {
  const getEdgeWeight = resolveEdgeWeight("degree", options?.getEdgeWeight, DEGREE_DEFAULTS.getEdgeWeight);
  const attributes: Record<DegreeField, string | null> = { ...DEGREE_DEFAULTS.attributes };
  for (const field of DEGREE_FIELDS) {
    const name = options?.attributes?.[field];
    if (name === undefined) continue;
    if (name !== null && (typeof name !== "string" || name === "")) {
      throw new UsageError(`analyze/degree: attributes.${field} must be a non-empty name or null, got ${String(name)}.`);
    }
    attributes[field] = name;
  }
  return { getEdgeWeight, attributes };
}

export type DegreeMaps = Record<DegreeField, Record<string, number>>;

function run(graph: AtlasGraph, options: DegreeOptions | undefined): { index: CsrIndex; values: Degrees; opts: ResolvedDegreeOptions } {
  const opts = resolveDegreeOptions(options);
  const index = csrFromGraph(graph, { getEdgeWeight: opts.getEdgeWeight });
  return { index, values: computeDegrees(index), opts };
}

/** Degrees and strengths of a graph, one `{ key: value }` map a field. */
export function degrees(graph: AtlasGraph, options?: DegreeOptions): DegreeMaps {
  const { index, values } = run(graph, options);
  const result = {} as DegreeMaps;
  for (const field of DEGREE_FIELDS) result[field] = valuesByKey(index, values[field]);
  return result;
}

/** Writes each field to its node attribute (see `DegreeOptions.attributes`). */
degrees.assign = (graph: AtlasGraph, options?: DegreeOptions): void => {
  const { index, values, opts } = run(graph, options);
  for (const field of DEGREE_FIELDS) {
    const attribute = opts.attributes[field];
    if (attribute !== null) assignByKey(graph, index, attribute, values[field]);
  }
};
