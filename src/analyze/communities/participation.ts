/**
 * Participation coefficient (Guimerà & Amaral 2005, "Functional cartography
 * of complex metabolic networks", Nature 433:895):
 *
 *   P_i = 1 − Σ_s (k_is / k_i)²
 *
 * where k_i is the number of distinct neighbours of i and k_is those in
 * community s, on the undirected simple view (direction, weights and
 * self-loops ignored). 0 for a node without neighbours; 0 when all neighbours
 * sit in one community; close to 1 when they spread over many.
 */
import type { CsrIndex } from "../csr.ts";
import { membershipCount } from "./membership.ts";

/** Participation coefficient of each node (index order). */
export function participationCoefficient(index: CsrIndex, membership: ArrayLike<number>): Float64Array {
  return neighbourCommunities(index, membership, "analyze/participationCoefficient").participation;
}

/** Number of distinct communities among each node's neighbours (undirected simple view). */
export function neighbourCommunityCounts(index: CsrIndex, membership: ArrayLike<number>): Int32Array {
  return neighbourCommunities(index, membership, "analyze/neighbourCommunityCounts").spans;
}

function neighbourCommunities(
  index: CsrIndex,
  membership: ArrayLike<number>,
  where: string,
): { participation: Float64Array; spans: Int32Array } {
  const k = membershipCount(index, membership, where);
  const n = index.order;
  const { directed, outOffsets, outNeighbors, inOffsets, inNeighbors } = index;
  const participation = new Float64Array(n);
  const spans = new Int32Array(n);
  const counts = new Int32Array(k);
  const touched = new Int32Array(k);

  for (let i = 0; i < n; i++) {
    let degree = 0;
    let distinct = 0;
    let p = outOffsets[i];
    const pEnd = outOffsets[i + 1];
    let q = directed ? inOffsets[i] : 0;
    const qEnd = directed ? inOffsets[i + 1] : 0;
    // Merge the sorted out- and in-rows so that each neighbour counts once.
    while (p < pEnd || q < qEnd) {
      let j: number;
      if (q >= qEnd || (p < pEnd && outNeighbors[p] < inNeighbors[q])) {
        j = outNeighbors[p++];
      } else if (p >= pEnd || inNeighbors[q] < outNeighbors[p]) {
        j = inNeighbors[q++];
      } else {
        j = outNeighbors[p++];
        q++;
      }
      if (j === i) continue;
      const s = membership[j];
      if (counts[s] === 0) touched[distinct++] = s;
      counts[s]++;
      degree++;
    }
    if (degree === 0) continue;
    let sum = 0;
    for (let t = 0; t < distinct; t++) {
      const s = touched[t];
      const f = counts[s] / degree;
      sum += f * f;
      counts[s] = 0;
    }
    participation[i] = distinct > 1 ? 1 - sum : 0;
    spans[i] = distinct;
  }
  return { participation, spans };
}
