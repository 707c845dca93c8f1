/**
 * Bridges: the nodes with the highest betweenness among those whose
 * neighbours span several communities (participation coefficient > 0,
 * Guimerà & Amaral 2005), best first, ties by node key. Nodes with
 * betweenness 0 (on no shortest path between others) or non-finite
 * betweenness are not bridges.
 */
import { compareKeys } from "../../graph/keys.ts";
import type { CsrIndex } from "../csr.ts";
import { UsageError } from "../../shared/errors.ts";
import { neighbourCommunityCounts } from "../communities/participation.ts";
import type { Bridge, SelectBridgesOptions } from "./types.ts";

export const BRIDGES_DEFAULTS: Readonly<Required<SelectBridgesOptions>> = Object.freeze({ top: 10, minCommunities: 2 });

/** The top bridges, with the number of distinct communities among each one's neighbours. */
export function selectBridges(
  index: CsrIndex,
  membership: ArrayLike<number>,
  betweenness: ArrayLike<number>,
  participation: ArrayLike<number>,
  options: SelectBridgesOptions = {},
): Bridge[] {
  const where = "analyze/selectBridges";
  const top = options.top ?? BRIDGES_DEFAULTS.top;
  const minCommunities = options.minCommunities ?? BRIDGES_DEFAULTS.minCommunities;
  if (!(top === Infinity || (Number.isInteger(top) && top >= 0))) {
    throw new UsageError(`${where}: top is ${String(top)}; give an integer ≥ 0.`);
  }
  if (!Number.isInteger(minCommunities) || minCommunities < 2) {
    throw new UsageError(`${where}: minCommunities is ${String(minCommunities)}; a bridge touches at least 2 communities.`);
  }
  const n = index.order;
  for (const [name, arr] of [["betweenness", betweenness], ["participation", participation]] as const) {
    if (arr.length !== n) {
      throw new UsageError(`${where}: ${name} has ${arr.length} values but the graph has ${n} nodes; give one per node.`);
    }
  }
  const spans = neighbourCommunityCounts(index, membership);
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = betweenness[i];
    if (participation[i] > 0 && spans[i] >= minCommunities && b > 0 && Number.isFinite(b)) candidates.push(i);
  }
  const keys = index.keys;
  candidates.sort((a, b) => betweenness[b] - betweenness[a] || compareKeys(keys[a], keys[b]));
  const kept = candidates.length > top ? candidates.slice(0, top) : candidates;
  return kept.map((i) => ({ node: i, communities: spans[i], betweenness: betweenness[i], participation: participation[i] }));
}
