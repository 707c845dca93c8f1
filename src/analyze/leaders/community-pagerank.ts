/**
 * PageRank inside each community: for every community, the induced subgraph
 * (its internal edges, same direction and weights) is indexed with
 * `csrFromEdges` and ranked with `computePagerank`. Each community's scores
 * sum to 1; a singleton community scores 1.
 */
import { computePagerank, type PagerankOptions } from "../centrality/pagerank.ts";
import { csrFromEdges, type CsrIndex } from "../csr.ts";
import { checkCount } from "../communities/membership.ts";

/** Score of each node (index order) = its PageRank inside its own community's subgraph. */
export function communityPagerank(
  index: CsrIndex,
  membership: ArrayLike<number>,
  count: number,
  options: PagerankOptions = {},
): Float64Array {
  checkCount(index, membership, count, "analyze/communityPagerank");
  const n = index.order;
  const { directed, outOffsets, outNeighbors, outWeights } = index;
  const result = new Float64Array(n);

  // Group members by community; local[i] = position of i inside its community.
  const sizes = new Int32Array(count);
  const local = new Int32Array(n);
  for (let i = 0; i < n; i++) local[i] = sizes[membership[i]]++;
  const start = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) start[c + 1] = start[c] + sizes[c];
  const members = new Int32Array(n);
  const fill = start.slice(0, count);
  for (let i = 0; i < n; i++) members[fill[membership[i]]++] = i;

  // Internal edges per community (an undirected edge once), to size the buffers once.
  const internal = new Int32Array(count);
  for (let i = 0; i < n; i++) {
    const c = membership[i];
    for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
      const j = outNeighbors[p];
      if (membership[j] === c && (directed || j >= i)) internal[c]++;
    }
  }
  let most = 0;
  for (let c = 0; c < count; c++) if (internal[c] > most) most = internal[c];
  const sources = new Int32Array(most);
  const targets = new Int32Array(most);
  const weights = new Float64Array(most);

  for (let c = 0; c < count; c++) {
    const size = sizes[c];
    if (size === 0) continue;
    if (size === 1) {
      result[members[start[c]]] = 1;
      continue;
    }
    let e = 0;
    for (let r = start[c]; r < start[c + 1]; r++) {
      const i = members[r];
      for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
        const j = outNeighbors[p];
        if (membership[j] !== c || (!directed && j < i)) continue;
        sources[e] = local[i];
        targets[e] = local[j];
        weights[e] = outWeights[p];
        e++;
      }
    }
    const sub = csrFromEdges({
      order: size,
      sources: sources.subarray(0, e),
      targets: targets.subarray(0, e),
      weights: weights.subarray(0, e),
      directed,
    });
    const pr = computePagerank(sub, options);
    for (let r = start[c]; r < start[c + 1]; r++) result[members[r]] = pr[local[members[r]]];
  }
  return result;
}
