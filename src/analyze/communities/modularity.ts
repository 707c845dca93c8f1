/**
 * Modularity of a partition, with networkx's semantics
 * (`nx.algorithms.community.modularity(G, communities, weight="weight", resolution)`):
 *
 * - undirected: Q = Σ_c [ L_c/m − γ·(d_c / 2m)² ], where L_c is the weight of
 *   the edges inside c (each once, a self-loop once), d_c the sum of the
 *   weighted degrees of c (a self-loop adds twice its weight), m the total
 *   edge weight;
 * - directed (Leicht & Newman 2008): Q = Σ_c [ L_c/m − γ·out_c·in_c/m² ], with
 *   L_c the weight of the directed edges inside c (a self-loop once), out_c and
 *   in_c the summed weighted out- and in-degrees of c;
 * - a directed index with `directed: false`: the undirected formula on the view
 *   where u→v and v→u merge into one edge whose weight is their sum.
 *
 * A graph with no edge weight at all (m = 0) has modularity 0 here (networkx
 * divides by zero).
 */
import type { CsrIndex } from "../csr.ts";
import type { ModularityOptions } from "./types.ts";
import { checkResolution, membershipCount } from "./membership.ts";

export const MODULARITY_DEFAULTS: Readonly<{ resolution: number }> = Object.freeze({ resolution: 1 });

/**
 * Each community's term of the modularity sum (index = community id, length
 * `count`, at least the largest id + 1). Their sum is `modularity()`.
 */
export function modularityTerms(
  index: CsrIndex,
  membership: ArrayLike<number>,
  options: ModularityOptions = {},
  count?: number,
): Float64Array {
  const where = "analyze/modularity";
  const k = Math.max(membershipCount(index, membership, where), count ?? 0);
  const resolution = options.resolution ?? MODULARITY_DEFAULTS.resolution;
  checkResolution(resolution, where);
  const directed = index.directed && (options.directed ?? true);
  const n = index.order;
  const { outOffsets, outNeighbors, outWeights, inOffsets, inWeights } = index;
  const internal = new Float64Array(k);
  const outSum = new Float64Array(k);
  const inSum = new Float64Array(k);
  const terms = new Float64Array(k);
  let total = 0;

  if (index.directed) {
    // L_c from the out-rows (a self-loop is stored once); degrees from both rows.
    for (let i = 0; i < n; i++) {
      const c = membership[i];
      let out = 0;
      for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
        const w = outWeights[p];
        out += w;
        if (membership[outNeighbors[p]] === c) internal[c] += w;
      }
      let inn = 0;
      for (let p = inOffsets[i], end = inOffsets[i + 1]; p < end; p++) inn += inWeights[p];
      outSum[c] += out;
      inSum[c] += inn;
      total += out;
    }
    if (total === 0) return terms;
    const m = total;
    if (directed) {
      for (let c = 0; c < k; c++) terms[c] = internal[c] / m - (resolution * outSum[c] * inSum[c]) / (m * m);
    } else {
      // Undirected view: degree = in + out strength, L_c = directed weight inside c.
      const twoM = 2 * m;
      for (let c = 0; c < k; c++) {
        const d = outSum[c] + inSum[c];
        terms[c] = internal[c] / m - (resolution * d * d) / (twoM * twoM);
      }
    }
    return terms;
  }

  // Undirected index: each edge in both rows, a self-loop once (counted twice in degrees).
  for (let i = 0; i < n; i++) {
    const c = membership[i];
    let deg = 0;
    for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
      const j = outNeighbors[p];
      const w = j === i ? 2 * outWeights[p] : outWeights[p];
      deg += w;
      if (membership[j] === c) internal[c] += w;
    }
    outSum[c] += deg;
    total += deg;
  }
  if (total === 0) return terms;
  const m = total / 2;
  for (let c = 0; c < k; c++) {
    const d = outSum[c];
    terms[c] = internal[c] / 2 / m - (resolution * d * d) / (total * total);
  }
  return terms;
}

/**
 * Modularity of `membership` (one integer community id ≥ 0 per node, in
 * index order). Options: `resolution` (default 1), `directed` (default: the
 * index's own; `false` on a directed index = the undirected weighted view).
 */
export function modularity(index: CsrIndex, membership: ArrayLike<number>, options: ModularityOptions = {}): number {
  const terms = modularityTerms(index, membership, options);
  let q = 0;
  for (let c = 0; c < terms.length; c++) q += terms[c];
  return q;
}
