/** Niches from one graph: induced sub-indexes of node groups (`atlas compare --by ATTR`). */
import { compareKeys } from "../../graph/keys.ts";
import { csrFromEdges, type CsrIndex } from "../csr.ts";

/** The subgraph induced by `nodes` (indices into `index`), in the order given; weights kept. */
export function inducedSubindex(index: CsrIndex, nodes: readonly number[]): CsrIndex {
  const map = new Int32Array(index.order).fill(-1);
  nodes.forEach((v, i) => {
    map[v] = i;
  });
  const { outOffsets, outNeighbors, outWeights, directed } = index;
  const sources: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  for (const u of nodes) {
    const nu = map[u];
    for (let p = outOffsets[u]; p < outOffsets[u + 1]; p++) {
      const v = outNeighbors[p];
      const nv = map[v];
      if (nv < 0 || (!directed && v < u)) continue;
      sources.push(nu);
      targets.push(nv);
      weights.push(outWeights[p]);
    }
  }
  return csrFromEdges({
    order: nodes.length,
    keys: nodes.map((v) => index.keys[v]),
    sources: Int32Array.from(sources),
    targets: Int32Array.from(targets),
    weights: Float64Array.from(weights),
    directed,
  });
}

export interface NodeGroup {
  /** The attribute value, as a string. */
  value: string;
  /** Node indices, ascending. */
  nodes: number[];
}

/**
 * Groups of nodes by attribute value (`values[i]` of node i; `undefined`,
 * `null` and `""` are left out), largest first, ties by value.
 */
export function groupByValue(values: ArrayLike<unknown>): NodeGroup[] {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined || v === null || v === "") continue;
    const key = String(v);
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(i);
  }
  return [...groups]
    .map(([value, nodes]) => ({ value, nodes }))
    .sort((a, b) => b.nodes.length - a.nodes.length || compareKeys(a.value, b.value));
}

/** The key prefix (`tw` of `tw:123`) shared by every node key, or `null`. */
export function platformOf(keys: readonly string[]): string | null {
  if (keys.length === 0) return null;
  const match = /^([A-Za-z][A-Za-z0-9]*):./.exec(keys[0]);
  if (match === null) return null;
  const prefix = match[1] + ":";
  for (const key of keys) if (!key.startsWith(prefix)) return null;
  return match[1];
}
