/**
 * Per-community statistics of a partition: size, internal edges and weight,
 * density, conductance, share of modularity, reciprocity. One pass over the
 * index, O(n + m).
 */
import type { CsrIndex } from "../csr.ts";
import { checkCount } from "./membership.ts";
import { modularityTerms } from "./modularity.ts";
import type { CommunityStats, ModularityOptions } from "./types.ts";

/**
 * Statistics of each community 0..count-1 (see `CommunityStats` for the
 * definitions). `options` choose the modularity the shares split (default:
 * resolution 1, directed as the index); pass the options Louvain used so that
 * the shares sum to the modularity it reported.
 */
export function communityStats(
  index: CsrIndex,
  membership: ArrayLike<number>,
  count: number,
  options: ModularityOptions = {},
): CommunityStats[] {
  const where = "analyze/communityStats";
  checkCount(index, membership, count, where);
  const n = index.order;
  const { directed, outOffsets, outNeighbors, outWeights, inOffsets, inNeighbors, inWeights } = index;
  const size = new Float64Array(count);
  const edges = new Float64Array(count);
  const weight = new Float64Array(count);
  const reciprocated = new Float64Array(count);
  const volume = new Float64Array(count);
  const cut = new Float64Array(count);
  let totalVolume = 0;

  for (let i = 0; i < n; i++) {
    const c = membership[i];
    size[c]++;
    let vol = 0;
    if (directed) {
      let q = inOffsets[i];
      const qEnd = inOffsets[i + 1];
      for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
        const j = outNeighbors[p];
        const w = outWeights[p];
        vol += w;
        const d = membership[j];
        if (d === c) {
          edges[c]++;
          weight[c] += w;
          if (j !== i) {
            // Rows are sorted: walk i's in-row alongside to find j→i.
            while (q < qEnd && inNeighbors[q] < j) q++;
            if (q < qEnd && inNeighbors[q] === j) reciprocated[c]++;
          }
        } else {
          cut[c] += w;
          cut[d] += w;
        }
      }
      for (let p = inOffsets[i], end = inOffsets[i + 1]; p < end; p++) vol += inWeights[p];
    } else {
      for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
        const j = outNeighbors[p];
        const w = outWeights[p];
        if (j === i) {
          vol += 2 * w;
          edges[c]++;
          weight[c] += w;
          continue;
        }
        vol += w;
        if (membership[j] === c) {
          if (j > i) {
            edges[c]++;
            weight[c] += w;
          }
        } else {
          cut[c] += w;
        }
      }
    }
    volume[c] += vol;
    totalVolume += vol;
  }

  const shares = modularityTerms(index, membership, options, count);
  const stats: CommunityStats[] = new Array(count);
  for (let c = 0; c < count; c++) {
    const s = size[c];
    const pairs = directed ? s * (s - 1) : (s * (s - 1)) / 2;
    const denominator = Math.min(volume[c], totalVolume - volume[c]);
    stats[c] = {
      id: c,
      size: s,
      internalEdges: edges[c],
      internalWeight: weight[c],
      density: pairs > 0 ? edges[c] / pairs : 0,
      conductance: denominator > 0 ? cut[c] / denominator : 0,
      modularityShare: shares[c],
      reciprocity: directed && edges[c] > 0 ? reciprocated[c] / edges[c] : null,
    };
  }
  return stats;
}
