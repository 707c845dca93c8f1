/**
 * Degree-preserving randomization by edge swaps (the configuration-model null
 * of Maslov & Sneppen 2002), seeded.
 *
 * - Directed: pick two edges a→b and c→d at random and rewire them to a→d
 *   and c→b; every node keeps its in- and out-degree.
 * - Undirected: pick {a,b} and {c,d}, orient the second at random, rewire to
 *   {a,d} and {c,b} (networkx's `double_edge_swap`); every node keeps its degree.
 *
 * A swap is refused when it would create a self-loop or an edge that already
 * exists, so the graph stays simple. Self-loops of the input are kept where
 * they are. Weights are dropped (every edge weighs 1).
 */
import { csrFromEdges, type CsrIndex } from "../csr.ts";
import { randomInt, type Rng } from "../rng.ts";
import { PairSet } from "./edge-set.ts";

/** Attempted swaps per (non-loop) edge. Default of `randomizeIndex`. */
export const SWAPS_PER_EDGE = 10;

export interface Randomized {
  index: CsrIndex;
  /** Swaps done. */
  swaps: number;
  /** Swaps attempted. */
  attempts: number;
}

/** A degree-preserving randomization of `index` (unweighted). */
export function randomizeIndex(index: CsrIndex, rng: Rng, swapsPerEdge = SWAPS_PER_EDGE): Randomized {
  const n = index.order;
  const { outOffsets, outNeighbors, directed } = index;
  let loops = 0;
  let m = 0;
  for (let u = 0; u < n; u++) {
    for (let p = outOffsets[u]; p < outOffsets[u + 1]; p++) {
      const v = outNeighbors[p];
      if (v === u) loops++;
      else if (directed || v > u) m++;
    }
  }
  const src = new Int32Array(m + loops);
  const dst = new Int32Array(m + loops);
  let e = 0;
  let l = m;
  const present = new PairSet(m);
  for (let u = 0; u < n; u++) {
    for (let p = outOffsets[u]; p < outOffsets[u + 1]; p++) {
      const v = outNeighbors[p];
      if (v === u) {
        src[l] = u;
        dst[l++] = u;
      } else if (directed || v > u) {
        src[e] = u;
        dst[e++] = v;
        present.add(u, v);
      }
    }
  }
  const attempts = m < 2 ? 0 : Math.round(swapsPerEdge * m);
  let swaps = 0;
  for (let t = 0; t < attempts; t++) {
    const e1 = randomInt(rng, m);
    let e2 = randomInt(rng, m - 1);
    if (e2 >= e1) e2++;
    const a = src[e1];
    const b = dst[e1];
    let c = src[e2];
    let d = dst[e2];
    if (!directed && rng() < 0.5) {
      const x = c;
      c = d;
      d = x;
    }
    if (a === d || c === b || a === c || b === d) continue;
    if (directed) {
      if (present.has(a, d) || present.has(c, b)) continue;
      present.delete(a, b);
      present.delete(c, d);
      present.add(a, d);
      present.add(c, b);
      dst[e1] = d;
      dst[e2] = b;
    } else {
      // Undirected pairs are stored (smaller, larger).
      if (present.has(a < d ? a : d, a < d ? d : a) || present.has(c < b ? c : b, c < b ? b : c)) continue;
      present.delete(a < b ? a : b, a < b ? b : a);
      present.delete(c < d ? c : d, c < d ? d : c);
      present.add(a < d ? a : d, a < d ? d : a);
      present.add(c < b ? c : b, c < b ? b : c);
      src[e1] = a;
      dst[e1] = d;
      src[e2] = c;
      dst[e2] = b;
    }
    swaps++;
  }
  return { index: csrFromEdges({ order: n, keys: index.keys, sources: src, targets: dst, directed }), swaps, attempts };
}
