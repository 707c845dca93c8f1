/**
 * The Leiden algorithm (Traag, Waltman & van Eck 2019, "From Louvain to
 * Leiden: guaranteeing well-connected communities", Sci. Rep. 9, 5233) over
 * flat typed arrays. `leiden.ts` wraps it for graphs and indices.
 *
 * It optimises the generic quality
 *
 *   H = Σ_ij (A_ij − γ · n_i · n_j) · δ(c_i, c_j)
 *
 * with node weights n_i: n_i = strength and γ = resolution / 2m give
 * modularity; n_i = 1 (or given weights) gives the Constant Potts Model. The
 * steps follow the paper and igraph 0.10's `igraph_community_leiden`:
 *
 * 1. fast local moving: nodes visited from a queue in random order, each moved
 *    to the neighbouring (or an empty) community with the largest gain (ties
 *    keep the current one); a moved node's neighbours outside its new
 *    community are queued again;
 * 2. refinement: inside every community, from singletons, each node still
 *    alone and well connected to its community joins, at random, one
 *    well-connected sub-community with a gain ≥ 0, with probability
 *    ∝ exp(gain / θ) (gains in weight units, as igraph's `beta`);
 * 3. aggregation on the refined partition, the non-refined one giving the
 *    aggregate nodes' initial communities; repeat until the local moving
 *    leaves every aggregate node alone.
 *
 * One "iteration" is steps 1–3 until then; iterations chain, each starting
 * from the previous partition (`iterations < 0`: until one changes nothing).
 * Refinement only ever merges a node into a sub-community it has an edge to,
 * so every community is connected.
 *
 * Two small departures from igraph 0.10: the sampling weights are
 * exp((gain − max gain)/θ), which cannot overflow (igraph falls back to the
 * greedy choice when its sum is infinite), and a node that stays alone during
 * refinement keeps its external weight (igraph adds it a second time).
 */
import { AnalysisError } from "../../shared/errors.ts";
import type { Rng } from "../rng.ts";

/** One level of the algorithm: an undirected weighted graph in CSR form. */
export interface LeidenLevel {
  readonly order: number;
  /** Row offsets (length order + 1); each edge in both rows; self-loops are skipped. */
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
  readonly weights: Float64Array;
  /** n_i of the quality function. */
  readonly nodeWeights: Float64Array;
}

export interface LeidenCoreOptions {
  /** γ as it enters the sums (already divided by 2m for modularity). */
  resolution: number;
  /** Randomness of the refinement (igraph's `beta`); 0 = always the best merge. */
  theta: number;
  /** Number of iterations; negative = until an iteration changes nothing. */
  iterations: number;
  rng: Rng;
  /** Safety bound for `iterations < 0`. */
  maxIterations?: number;
}

export interface LeidenCoreResult {
  /** Community of each node, 0..count-1 by first appearance. */
  membership: Int32Array;
  count: number;
  /** Iterations run. */
  iterations: number;
}

/** Scratch arrays sized for the finest level, shared by all levels. */
class Workspace {
  readonly clusterWeight: Float64Array;
  readonly clusterSize: Int32Array;
  readonly empty: Int32Array;
  readonly edgeWeight: Float64Array;
  readonly candidates: Int32Array;
  readonly flag: Uint8Array;
  readonly queue: Int32Array;
  readonly stable: Uint8Array;
  readonly order: Int32Array;
  readonly refined: Int32Array;
  readonly external: Float64Array;
  readonly nonSingleton: Uint8Array;
  readonly gains: Float64Array;
  readonly cumulative: Float64Array;
  readonly relabel: Int32Array;

  constructor(n: number) {
    this.clusterWeight = new Float64Array(n);
    this.clusterSize = new Int32Array(n);
    this.empty = new Int32Array(n);
    this.edgeWeight = new Float64Array(n);
    this.candidates = new Int32Array(n + 1);
    this.flag = new Uint8Array(n);
    this.queue = new Int32Array(n);
    this.stable = new Uint8Array(n);
    this.order = new Int32Array(n);
    this.refined = new Int32Array(n);
    this.external = new Float64Array(n);
    this.nonSingleton = new Uint8Array(n);
    this.gains = new Float64Array(n + 1);
    this.cumulative = new Float64Array(n + 1);
    this.relabel = new Int32Array(n);
  }
}

/** Fisher–Yates shuffle of 0..n-1 into `order`. */
function shuffledOrder(order: Int32Array, n: number, rng: Rng): void {
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/** Renumbers `labels[0..n)` (values in [0, n)) to 0..k-1 by first appearance; returns k. */
function reindex(labels: Int32Array, n: number, relabel: Int32Array): number {
  relabel.fill(-1, 0, n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    let r = relabel[c];
    if (r < 0) {
      r = k++;
      relabel[c] = r;
    }
    labels[i] = r;
  }
  return k;
}

/** Phase 1: fast local moving of `membership` (ids in [0, n)), in place. Returns the community count. */
function moveNodes(g: LeidenLevel, membership: Int32Array, resolution: number, rng: Rng, ws: Workspace): number {
  const n = g.order;
  const { offsets, neighbors, weights, nodeWeights } = g;
  const { clusterWeight, clusterSize, empty, edgeWeight, candidates, flag, queue, stable, order } = ws;
  shuffledOrder(order, n, rng);
  for (let i = 0; i < n; i++) queue[i] = order[i];
  let head = 0;
  let length = n;
  stable.fill(0, 0, n);
  clusterWeight.fill(0, 0, n);
  clusterSize.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    const c = membership[i];
    clusterWeight[c] += nodeWeights[i];
    clusterSize[c]++;
  }
  let top = 0;
  for (let c = 0; c < n; c++) if (clusterSize[c] === 0) empty[top++] = c;

  while (length > 0) {
    const v = queue[head];
    head = head + 1 === n ? 0 : head + 1;
    length--;
    const current = membership[v];
    const nv = nodeWeights[v];
    clusterWeight[current] -= nv;
    if (--clusterSize[current] === 0) empty[top++] = current;

    // An empty community is always a candidate (v's own when it was alone).
    let count = 0;
    const spare = empty[top - 1];
    candidates[count++] = spare;
    flag[spare] = 1;
    const start = offsets[v];
    const end = offsets[v + 1];
    for (let p = start; p < end; p++) {
      const u = neighbors[p];
      if (u === v) continue;
      const c = membership[u];
      if (flag[c] === 0) {
        flag[c] = 1;
        candidates[count++] = c;
      }
      edgeWeight[c] += weights[p];
    }

    let best = current;
    let bestGain = edgeWeight[current] - nv * clusterWeight[current] * resolution;
    for (let k = 0; k < count; k++) {
      const c = candidates[k];
      const gain = edgeWeight[c] - nv * clusterWeight[c] * resolution;
      if (gain > bestGain) {
        best = c;
        bestGain = gain;
      }
      edgeWeight[c] = 0;
      flag[c] = 0;
    }

    clusterWeight[best] += nv;
    clusterSize[best]++;
    if (top > 0 && empty[top - 1] === best) top--;
    stable[v] = 1;
    if (best !== current) {
      membership[v] = best;
      for (let p = start; p < end; p++) {
        const u = neighbors[p];
        if (stable[u] === 1 && membership[u] !== best) {
          let tail = head + length;
          if (tail >= n) tail -= n;
          queue[tail] = u;
          length++;
          stable[u] = 0;
        }
      }
    }
  }
  return reindex(membership, n, ws.relabel);
}

/**
 * Phase 2: refines each community of `membership` (ids 0..k-1) from
 * singletons. Writes the refined communities (0..R-1) to `ws.refined` and
 * returns R.
 */
function refine(
  g: LeidenLevel,
  membership: Int32Array,
  k: number,
  resolution: number,
  theta: number,
  rng: Rng,
  ws: Workspace,
): number {
  const n = g.order;
  const { offsets, neighbors, weights, nodeWeights } = g;
  const { refined, external, nonSingleton, edgeWeight, candidates, flag, gains, cumulative, order } = ws;
  // ws.clusterWeight holds the refined communities' weights; `total` each community's total node weight.
  const refinedWeight = ws.clusterWeight;
  const total = new Float64Array(k);
  for (let v = 0; v < n; v++) total[membership[v]] += nodeWeights[v];
  for (let v = 0; v < n; v++) {
    refined[v] = v;
    refinedWeight[v] = nodeWeights[v];
    nonSingleton[v] = 0;
    const c = membership[v];
    let ext = 0;
    for (let p = offsets[v], end = offsets[v + 1]; p < end; p++) {
      const u = neighbors[p];
      if (u !== v && membership[u] === c) ext += weights[p];
    }
    external[v] = ext;
  }
  shuffledOrder(order, n, rng);

  for (let i = 0; i < n; i++) {
    const v = order[i];
    const current = refined[v];
    if (nonSingleton[current] === 1) continue;
    const c = membership[v];
    const tot = total[c];
    const nv = nodeWeights[v];
    // Only a node well connected to the rest of its community may move.
    if (external[current] < refinedWeight[current] * (tot - refinedWeight[current]) * resolution) continue;
    refinedWeight[current] = 0;

    let count = 0;
    candidates[count++] = current;
    flag[current] = 1;
    const start = offsets[v];
    const end = offsets[v + 1];
    for (let p = start; p < end; p++) {
      const u = neighbors[p];
      if (u === v || membership[u] !== c) continue;
      const r = refined[u];
      if (flag[r] === 0) {
        flag[r] = 1;
        candidates[count++] = r;
      }
      edgeWeight[r] += weights[p];
    }

    // Gains of the well-connected candidates (−1 marks "not eligible": gains used are ≥ 0).
    let best = current;
    let bestGain = 0;
    for (let q = 0; q < count; q++) {
      const r = candidates[q];
      const w = refinedWeight[r];
      let gain = -1;
      if (external[r] >= w * (tot - w) * resolution) {
        const d = edgeWeight[r] - nv * w * resolution;
        if (d >= 0) gain = d;
        if (d > bestGain) {
          best = r;
          bestGain = d;
        }
      }
      gains[q] = gain;
      edgeWeight[r] = 0;
      flag[r] = 0;
    }

    let chosen = best;
    if (theta > 0 && count > 1) {
      let sum = 0;
      for (let q = 0; q < count; q++) {
        if (gains[q] >= 0) sum += Math.exp((gains[q] - bestGain) / theta);
        cumulative[q] = sum;
      }
      const x = rng() * sum;
      for (let q = 0; q < count; q++) {
        if (gains[q] >= 0 && cumulative[q] > x) {
          chosen = candidates[q];
          break;
        }
      }
    }

    refinedWeight[chosen] += nv;
    if (chosen !== current) {
      let ext = external[chosen];
      for (let p = start; p < end; p++) {
        const u = neighbors[p];
        if (u === v || membership[u] !== c) continue;
        if (refined[u] === chosen) ext -= weights[p];
        else ext += weights[p];
      }
      external[chosen] = ext;
      refined[v] = chosen;
      nonSingleton[chosen] = 1;
    }
  }
  return reindex(refined, n, ws.relabel);
}

/** Phase 3: the graph of the `parts` (0..R-1) of `g`; the aggregate nodes start in `membership`'s communities. */
function aggregate(
  g: LeidenLevel,
  membership: Int32Array,
  parts: Int32Array,
  partCount: number,
  ws: Workspace,
): { level: LeidenLevel; membership: Int32Array } {
  const n = g.order;
  const { offsets, neighbors, weights, nodeWeights } = g;
  const { edgeWeight, candidates, flag } = ws;
  // Members of each part (counting sort, ascending node order).
  const start = new Int32Array(partCount + 1);
  for (let v = 0; v < n; v++) start[parts[v] + 1]++;
  for (let r = 0; r < partCount; r++) start[r + 1] += start[r];
  const members = new Int32Array(n);
  const cursor = start.slice(0, partCount);
  for (let v = 0; v < n; v++) members[cursor[parts[v]]++] = v;

  const aggOffsets = new Int32Array(partCount + 1);
  const aggNeighbors = new Int32Array(neighbors.length);
  const aggWeights = new Float64Array(neighbors.length);
  const aggNodeWeights = new Float64Array(partCount);
  const aggMembership = new Int32Array(partCount);
  let write = 0;
  for (let r = 0; r < partCount; r++) {
    aggOffsets[r] = write;
    let count = 0;
    let nw = 0;
    for (let s = start[r], e = start[r + 1]; s < e; s++) {
      const v = members[s];
      nw += nodeWeights[v];
      for (let p = offsets[v], end = offsets[v + 1]; p < end; p++) {
        const r2 = parts[neighbors[p]];
        if (r2 === r) continue;
        if (flag[r2] === 0) {
          flag[r2] = 1;
          candidates[count++] = r2;
        }
        edgeWeight[r2] += weights[p];
      }
    }
    for (let q = 0; q < count; q++) {
      const r2 = candidates[q];
      aggNeighbors[write] = r2;
      aggWeights[write] = edgeWeight[r2];
      write++;
      edgeWeight[r2] = 0;
      flag[r2] = 0;
    }
    aggNodeWeights[r] = nw;
    aggMembership[r] = membership[members[start[r]]];
  }
  aggOffsets[partCount] = write;
  return {
    level: {
      order: partCount,
      offsets: aggOffsets,
      neighbors: aggNeighbors.slice(0, write),
      weights: aggWeights.slice(0, write),
      nodeWeights: aggNodeWeights,
    },
    membership: aggMembership,
  };
}

/** One Leiden iteration from `initial` (ids in [0, n)): phases 1–3 until the moving leaves every node alone. */
function iterate(base: LeidenLevel, initial: Int32Array, o: LeidenCoreOptions, ws: Workspace): Int32Array {
  const n = base.order;
  const aggregateNode = new Int32Array(n);
  for (let i = 0; i < n; i++) aggregateNode[i] = i;
  let g = base;
  let membership: Int32Array = initial.slice();
  for (;;) {
    const k = moveNodes(g, membership, o.resolution, o.rng, ws);
    if (k >= g.order) break;
    let partCount = refine(g, membership, k, o.resolution, o.theta, o.rng, ws);
    let parts: Int32Array = ws.refined;
    if (partCount >= g.order) {
      // Refinement merged nothing: aggregate on the communities themselves.
      parts = membership;
      partCount = k;
    }
    for (let i = 0; i < n; i++) aggregateNode[i] = parts[aggregateNode[i]];
    const next = aggregate(g, membership, parts, partCount, ws);
    g = next.level;
    membership = next.membership;
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = membership[aggregateNode[i]];
  reindex(out, n, ws.relabel);
  return out;
}

/** Runs Leiden on `base` from singletons (or `initial`). */
export function leidenPartition(base: LeidenLevel, options: LeidenCoreOptions, initial?: Int32Array): LeidenCoreResult {
  const n = base.order;
  const ws = new Workspace(n);
  let membership: Int32Array = new Int32Array(n);
  if (initial) {
    membership.set(initial);
    reindex(membership, n, ws.relabel);
  } else {
    for (let i = 0; i < n; i++) membership[i] = i;
  }
  if (n === 0) return { membership, count: 0, iterations: 0 };
  const limit = options.maxIterations ?? 1000;
  let runs = 0;
  for (;;) {
    const next = iterate(base, membership, options, ws);
    runs++;
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (next[i] !== membership[i]) {
        changed = true;
        break;
      }
    }
    membership = next;
    if (options.iterations > 0 ? runs >= options.iterations : !changed) break;
    if (runs >= limit) {
      throw new AnalysisError(
        `analyze/leiden: the partition still changed after ${limit} iterations; pass a fixed number of iterations (e.g. 2) instead of -1.`,
      );
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) if (membership[i] >= count) count = membership[i] + 1;
  return { membership, count, iterations: runs };
}
