/**
 * Connectivity of communities: how many communities are not connected in
 * the undirected view (u→v and v→u both link u and v; weights ignored).
 *
 * Louvain can leave a community in pieces (Traag, Waltman & van Eck 2019,
 * Fig. 2: a bridge node moves away and its former community splits); Leiden
 * guarantees connected communities. The report counts them for both.
 */
import type { CsrIndex } from "../csr.ts";
import { membershipCount } from "./membership.ts";

/**
 * Number of connected pieces of each community (index = community id,
 * length = largest id + 1; 0 for ids no node uses). O(n + m).
 */
export function communityComponents(index: CsrIndex, membership: ArrayLike<number>): Int32Array {
  const k = membershipCount(index, membership, "analyze/communityComponents");
  const n = index.order;
  const { directed, outOffsets, outNeighbors, inOffsets, inNeighbors } = index;
  const pieces = new Int32Array(k);
  const seen = new Uint8Array(n);
  const stack = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (seen[s] === 1) continue;
    const c = membership[s];
    pieces[c]++;
    seen[s] = 1;
    let top = 0;
    stack[top++] = s;
    while (top > 0) {
      const v = stack[--top];
      for (let p = outOffsets[v], end = outOffsets[v + 1]; p < end; p++) {
        const u = outNeighbors[p];
        if (seen[u] === 0 && membership[u] === c) {
          seen[u] = 1;
          stack[top++] = u;
        }
      }
      if (directed) {
        for (let p = inOffsets[v], end = inOffsets[v + 1]; p < end; p++) {
          const u = inNeighbors[p];
          if (seen[u] === 0 && membership[u] === c) {
            seen[u] = 1;
            stack[top++] = u;
          }
        }
      }
    }
  }
  return pieces;
}

/** Number of communities whose induced subgraph (undirected view) is not connected. */
export function disconnectedCommunities(index: CsrIndex, membership: ArrayLike<number>): number {
  const pieces = communityComponents(index, membership);
  let count = 0;
  for (let c = 0; c < pieces.length; c++) if (pieces[c] > 1) count++;
  return count;
}
