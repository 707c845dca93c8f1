/**
 * The breadth-first search behind the all-pairs hop-count metrics
 * (closeness, harmonic): from one node, over IN-neighbours, counting how many
 * nodes lie at each distance. Typed arrays only, reused across sources.
 */
import type { CsrIndex } from "../csr.ts";

/** Scratch space for `incomingLevels`, allocated once per metric run. */
export interface LevelScratch {
  /** `seen[v] === source` once v has been reached from `source` (starts at -1). */
  readonly seen: Int32Array;
  readonly queue: Int32Array;
  /** `levelSizes[d]`: number of nodes at distance d (1 ≤ d ≤ the returned depth). */
  readonly levelSizes: Int32Array;
}

export function createLevelScratch(order: number): LevelScratch {
  return {
    seen: new Int32Array(order).fill(-1),
    queue: new Int32Array(order),
    levelSizes: new Int32Array(order + 1),
  };
}

/**
 * Level-synchronous BFS from `source` over in-neighbours, i.e. by distance
 * d(v, source) of every v that reaches `source`. Fills `scratch.levelSizes[1..depth]`
 * and returns the depth (0 when no other node reaches `source`).
 */
export function incomingLevels(index: CsrIndex, source: number, scratch: LevelScratch): number {
  const { inOffsets, inNeighbors } = index;
  const { seen, queue, levelSizes } = scratch;
  let head = 0;
  let tail = 0;
  queue[tail++] = source;
  seen[source] = source;
  let depth = 0;
  while (head < tail) {
    const levelEnd = tail;
    while (head < levelEnd) {
      const v = queue[head++];
      for (let p = inOffsets[v], end = inOffsets[v + 1]; p < end; p++) {
        const w = inNeighbors[p];
        if (seen[w] !== source) {
          seen[w] = source;
          queue[tail++] = w;
        }
      }
    }
    if (tail === levelEnd) break;
    levelSizes[++depth] = tail - levelEnd;
  }
  return depth;
}
