/** Overlap of niches of the same platform: shared accounts and shared leaders. */
import type { NicheOverlap, NicheProfile } from "./types.ts";

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): { shared: string[]; index: number } {
  const shared: string[] = [];
  for (const x of a) if (b.has(x)) shared.push(x);
  const union = a.size + b.size - shared.length;
  return { shared: shared.sort(), index: union === 0 ? 0 : shared.length / union };
}

/** Overlap of two niches given their node keys. */
export function nicheOverlap(
  a: { name: string; keys: readonly string[]; leaders: readonly string[] },
  b: { name: string; keys: readonly string[]; leaders: readonly string[] },
): NicheOverlap {
  const nodes = jaccard(new Set(a.keys), new Set(b.keys));
  const leaders = jaccard(new Set(a.leaders), new Set(b.leaders));
  return {
    a: a.name,
    b: b.name,
    sharedNodes: nodes.shared.length,
    nodeJaccard: nodes.index,
    leaderJaccard: leaders.index,
    sharedLeaders: leaders.shared,
  };
}

/** Whether two niches can share accounts: both keyed by the same platform prefix (`tw:`, `yt:`). */
export function samePlatform(a: NicheProfile, b: NicheProfile): boolean {
  return a.platform !== null && a.platform === b.platform;
}
