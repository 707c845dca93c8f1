/**
 * Betweenness estimated with a stated guarantee: Riondato & Kornaropoulos,
 * "Fast approximation of betweenness centrality through sampling", Data
 * Mining and Knowledge Discovery 30 (2016).
 *
 * With probability at least 1 − δ, every node's estimate is within ε of its
 * normalized betweenness
 *
 *   b(v) = 1 / (n(n − 1)) · Σ_{s ≠ t} σ_st(v) / σ_st
 *
 * (ordered pairs, σ_st(v) = shortest s→t paths through v as an interior
 * node; hop counts, weights ignored). For undirected graphs every pair counts
 * from both ends in both sums, so this is the unordered-pair normalization
 * 2 / (n(n − 1)). It is NOT networkx's `normalized=True` scale, which
 * divides by (n − 1)(n − 2): networkx's value is b(v) · n / (n − 2), for
 * directed and undirected graphs alike, and the guarantee there is ε·n/(n − 2).
 *
 * Sample size r = ⌈(c / ε²)(⌊log2(VD − 2)⌋ + 1 + ln(1/δ))⌉ with c = 0.5 and
 * VD an upper bound on the vertex diameter (most nodes on a shortest path;
 * see `vertexDiameterBound`). Each sample draws a uniform ordered pair s ≠ t,
 * a uniformly random shortest s→t path (path counts σ by BFS, then walks
 * taking predecessor p of the current node w with probability σ_p / σ_w;
 * the BFS is bidirectional, see `samplePath`), and adds 1/r to each interior
 * node. Pairs with no path add nothing.
 *
 * Cost O(r · m) worst case, far less on small-world graphs (the two searches
 * meet after scanning a small part of the graph); the vertex-diameter bound is
 * O(n + m). Typed arrays only, buffers reused across samples.
 */
import { UsageError } from "../../shared/errors.ts";
import type { CsrIndex } from "../csr.ts";
import { createRng, randomInt, type Rng } from "../rng.ts";

export interface BetweennessRkOptions {
  /** Additive error ε of every estimate, in (0, 1). Default `0.01`. */
  epsilon?: number;
  /** Failure probability δ of the guarantee, in (0, 1). Default `0.1`. */
  delta?: number;
  /** Seed of the pair and path sampling (`createRng`). Default `0`. */
  seed?: number;
}

export const BETWEENNESS_RK_DEFAULTS: Readonly<Required<BetweennessRkOptions>> = Object.freeze({
  epsilon: 0.01,
  delta: 0.1,
  seed: 0,
});

/** The constant c of the VC-dimension sample bound (Löffler & Phillips 2009), as the paper uses. */
export const BETWEENNESS_RK_C = 0.5;

export interface BetweennessRkResult {
  /** Estimated normalized betweenness b(v) of each node, index order (see the module note). */
  values: Float64Array;
  /** Number of sampled pairs r (0 when no node can be interior to a shortest path). */
  samples: number;
  /** The upper bound VD on the vertex diameter that set r. */
  vertexDiameterBound: number;
  epsilon: number;
  delta: number;
}

function resolve(options: BetweennessRkOptions | undefined): Required<BetweennessRkOptions> {
  const opts = { ...BETWEENNESS_RK_DEFAULTS, ...options };
  if (typeof opts.epsilon !== "number" || !(opts.epsilon > 0 && opts.epsilon < 1)) {
    throw new UsageError(`analyze/betweenness-rk: epsilon must be in (0, 1), got ${String(opts.epsilon)}; 0.01 is usual.`);
  }
  if (typeof opts.delta !== "number" || !(opts.delta > 0 && opts.delta < 1)) {
    throw new UsageError(`analyze/betweenness-rk: delta must be in (0, 1), got ${String(opts.delta)}; 0.1 is usual.`);
  }
  if (typeof opts.seed !== "number" || !Number.isFinite(opts.seed)) {
    throw new UsageError(`analyze/betweenness-rk: seed must be a finite number, got ${String(opts.seed)}.`);
  }
  return opts;
}

/**
 * Riondato–Kornaropoulos sample size r = ⌈(c/ε²)(⌊log2(VD − 2)⌋ + 1 + ln(1/δ))⌉,
 * c = 0.5; 0 when VD < 3 (no shortest path has an interior node).
 */
export function betweennessRkSampleSize(vertexDiameterBound: number, epsilon: number, delta: number): number {
  if (vertexDiameterBound < 3) return 0;
  const vcBound = Math.floor(Math.log2(vertexDiameterBound - 2)) + 1;
  return Math.ceil((BETWEENNESS_RK_C / (epsilon * epsilon)) * (vcBound + Math.log(1 / delta)));
}

/**
 * An upper bound on the vertex diameter (most nodes on any shortest path), O(n + m).
 *
 * Undirected graphs: for each connected component C, from its node v of
 * highest degree, min(|C|, 2·ecc(v) + 1) (the paper's bound, per component),
 * and the largest over the components.
 *
 * Directed graphs: the undirected view's bound is not an upper bound (a hub
 * pointing at every node of a directed path is one hop from all of them, yet
 * the path's ends are a whole path apart), so this bounds the directed
 * distances instead. A shortest path enters each strongly connected component
 * at most once, and its piece inside component C is a shortest path of C
 * alone, so it has at most w(C) = min(|C|, ecc_in(v) + ecc_out(v) + 1) nodes
 * (v: C's node of highest in + out degree, eccentricities inside C, since
 * d(a, b) ≤ d(a, v) + d(v, b)). The bound is the heaviest chain of components
 * in the condensation (a DAG), weighted by w.
 */
export function vertexDiameterBound(index: CsrIndex): number {
  const n = index.order;
  if (n === 0) return 0;
  const { outOffsets, outNeighbors, inOffsets, inNeighbors } = index;
  const { comp, count, members, starts } = strongComponents(index);

  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const weight = new Int32Array(count);
  for (let c = 0; c < count; c++) {
    const size = starts[c + 1] - starts[c];
    if (size <= 2) {
      weight[c] = size;
      continue;
    }
    let centre = members[starts[c]];
    let best = -1;
    for (let k = starts[c]; k < starts[c + 1]; k++) {
      const v = members[k];
      const degree = outOffsets[v + 1] - outOffsets[v] + (index.directed ? inOffsets[v + 1] - inOffsets[v] : 0);
      if (degree > best) {
        best = degree;
        centre = v;
      }
    }
    const eccOut = eccentricityWithin(outOffsets, outNeighbors, comp, centre, dist, queue);
    const eccIn = index.directed ? eccentricityWithin(inOffsets, inNeighbors, comp, centre, dist, queue) : eccOut;
    weight[c] = Math.min(size, eccOut + eccIn + 1);
  }

  // Tarjan numbers components in reverse topological order (every edge
  // between components goes from a higher id to a lower one): the heaviest
  // chain starting at c is w(c) + the heaviest one starting at a successor.
  const chain = new Int32Array(count);
  let bound = 0;
  for (let c = 0; c < count; c++) {
    let tail = 0;
    if (index.directed) {
      for (let k = starts[c]; k < starts[c + 1]; k++) {
        const u = members[k];
        for (let p = outOffsets[u], end = outOffsets[u + 1]; p < end; p++) {
          const d = comp[outNeighbors[p]];
          if (d !== c && chain[d] > tail) tail = chain[d];
        }
      }
    }
    chain[c] = weight[c] + tail;
    if (chain[c] > bound) bound = chain[c];
  }
  return bound;
}

/** Largest BFS distance from `source` to the nodes of its own component (`comp`); `dist` is left all -1. */
function eccentricityWithin(
  offsets: Int32Array,
  neighbors: Int32Array,
  comp: Int32Array,
  source: number,
  dist: Int32Array,
  queue: Int32Array,
): number {
  const c = comp[source];
  let head = 0;
  let tail = 0;
  queue[tail++] = source;
  dist[source] = 0;
  let ecc = 0;
  while (head < tail) {
    const v = queue[head++];
    const dv = dist[v];
    if (dv > ecc) ecc = dv;
    for (let p = offsets[v], end = offsets[v + 1]; p < end; p++) {
      const w = neighbors[p];
      if (dist[w] === -1 && comp[w] === c) {
        dist[w] = dv + 1;
        queue[tail++] = w;
      }
    }
  }
  for (let i = 0; i < tail; i++) dist[queue[i]] = -1;
  return ecc;
}

/**
 * Strongly connected components (Tarjan, iterative), numbered in reverse
 * topological order; on an undirected index, the connected components.
 * `members[starts[c] .. starts[c + 1])` are the nodes of component c.
 */
function strongComponents(index: CsrIndex): { comp: Int32Array; count: number; members: Int32Array; starts: Int32Array } {
  const n = index.order;
  const { outOffsets, outNeighbors } = index;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const members = new Int32Array(n);
  const starts = new Int32Array(n + 1);
  let sp = 0;
  let placed = 0;
  let count = 0;
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    let cp = 0;
    order[root] = low[root] = next++;
    stack[sp++] = root;
    callNode[cp] = root;
    callEdge[cp++] = outOffsets[root];
    while (cp > 0) {
      const v = callNode[cp - 1];
      const e = callEdge[cp - 1];
      if (e < outOffsets[v + 1]) {
        callEdge[cp - 1] = e + 1;
        const w = outNeighbors[e];
        if (order[w] === -1) {
          order[w] = low[w] = next++;
          stack[sp++] = w;
          callNode[cp] = w;
          callEdge[cp++] = outOffsets[w];
        } else if (comp[w] === -1 && order[w] < low[v]) {
          // Visited, not yet in a component: w is on the stack.
          low[v] = order[w];
        }
        continue;
      }
      cp--;
      if (low[v] === order[v]) {
        starts[count] = placed;
        let w: number;
        do {
          w = stack[--sp];
          comp[w] = count;
          members[placed++] = w;
        } while (w !== v);
        count++;
      }
      if (cp > 0) {
        const u = callNode[cp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  starts[count] = placed;
  return { comp, count, members, starts };
}

/** Sentinel distance of nodes a search has not reached. */
const UNREACHED = 0x7fffffff;

/** Buffers of `samplePath`, allocated once per run; distances left all UNREACHED between samples. */
interface PairScratch {
  /** Hops from s (forward search) and to t (backward search). */
  readonly distS: Int32Array;
  readonly distT: Int32Array;
  /** Shortest paths from s to v, and from v to t. */
  readonly sigmaS: Float64Array;
  readonly sigmaT: Float64Array;
  /** Nodes in discovery order of each search. */
  readonly queueS: Int32Array;
  readonly queueT: Int32Array;
}

function createPairScratch(n: number): PairScratch {
  return {
    distS: new Int32Array(n).fill(UNREACHED),
    distT: new Int32Array(n).fill(UNREACHED),
    sigmaS: new Float64Array(n),
    sigmaT: new Float64Array(n),
    queueS: new Int32Array(n),
    queueT: new Int32Array(n),
  };
}

/**
 * Draws a uniformly random shortest s→t path and adds 1 to `hits` of each of
 * its interior nodes (nothing when t is unreachable).
 *
 * Balanced bidirectional BFS, one whole level at a time, from s over
 * out-edges and from t over in-edges, always growing the side whose frontier
 * has fewer edges to scan (as KADABRA does, Borassi & Natale 2016). Before a
 * level is grown no node is labelled by both sides, so d(s, t) > Ls + Lt; the
 * first level that reaches labelled nodes of the other side gives
 * d(s, t) = Ls + Lt + 1, and every shortest path crosses that level at
 * exactly one node x of the meeting set M (both labels), so
 * σ_st = Σ_{x ∈ M} σ_s(x) σ_t(x). The path is x drawn with probability
 * σ_s(x) σ_t(x) / σ_st, then a walk back to s (predecessor z of w with
 * probability σ_s(z) / σ_s(w)) and one on to t (successor z with
 * probability σ_t(z) / σ_t(w)): each shortest path with probability 1/σ_st.
 */
function samplePath(index: CsrIndex, s: number, t: number, rng: Rng, scratch: PairScratch, hits: Float64Array): void {
  const { outOffsets, outNeighbors, inOffsets, inNeighbors } = index;
  const { distS, distT, sigmaS, sigmaT, queueS, queueT } = scratch;
  distS[s] = 0;
  sigmaS[s] = 1;
  queueS[0] = s;
  distT[t] = 0;
  sigmaT[t] = 1;
  queueT[0] = t;
  // Frontiers queue*[start .. tail); cost = edges to scan when growing them.
  let startS = 0;
  let tailS = 1;
  let startT = 0;
  let tailT = 1;
  let costS = outOffsets[s + 1] - outOffsets[s];
  let costT = inOffsets[t + 1] - inOffsets[t];
  let levelS = 0;
  let levelT = 0;
  let met = false;
  let forward = true; // which side grew last
  while (!met && startS < tailS && startT < tailT) {
    forward = costS <= costT;
    if (forward) {
      const end = tailS;
      const next = levelS + 1;
      let cost = 0;
      for (let i = startS; i < end; i++) {
        const v = queueS[i];
        const sv = sigmaS[v];
        for (let p = outOffsets[v], pEnd = outOffsets[v + 1]; p < pEnd; p++) {
          const w = outNeighbors[p];
          const dw = distS[w];
          if (dw === UNREACHED) {
            distS[w] = next;
            sigmaS[w] = sv;
            queueS[tailS++] = w;
            cost += outOffsets[w + 1] - outOffsets[w];
            if (distT[w] !== UNREACHED) met = true;
          } else if (dw === next) {
            sigmaS[w] += sv;
          }
        }
      }
      startS = end;
      levelS = next;
      costS = cost;
    } else {
      const end = tailT;
      const next = levelT + 1;
      let cost = 0;
      for (let i = startT; i < end; i++) {
        const v = queueT[i];
        const sv = sigmaT[v];
        for (let p = inOffsets[v], pEnd = inOffsets[v + 1]; p < pEnd; p++) {
          const w = inNeighbors[p];
          const dw = distT[w];
          if (dw === UNREACHED) {
            distT[w] = next;
            sigmaT[w] = sv;
            queueT[tailT++] = w;
            cost += inOffsets[w + 1] - inOffsets[w];
            if (distS[w] !== UNREACHED) met = true;
          } else if (dw === next) {
            sigmaT[w] += sv;
          }
        }
      }
      startT = end;
      levelT = next;
      costT = cost;
    }
  }

  if (met) {
    // The meeting set: the level just grown, restricted to nodes the other side labelled.
    const queue = forward ? queueS : queueT;
    const from = forward ? startS : startT;
    const to = forward ? tailS : tailT;
    const other = forward ? distT : distS;
    let total = 0;
    for (let i = from; i < to; i++) {
      const x = queue[i];
      if (other[x] !== UNREACHED) total += sigmaS[x] * sigmaT[x];
    }
    let u = rng() * total;
    let x = -1;
    for (let i = from; i < to; i++) {
      const y = queue[i];
      if (other[y] === UNREACHED) continue;
      x = y; // the last candidate, should rounding leave u ≥ 0
      u -= sigmaS[y] * sigmaT[y];
      if (u < 0) break;
    }
    if (x !== s && x !== t) hits[x] += 1;
    // Back to s over in-edges, then on to t over out-edges (interior nodes only).
    for (let w = x, dw = distS[x]; dw > 1; dw--) {
      let v = rng() * sigmaS[w];
      let chosen = -1;
      for (let p = inOffsets[w], end = inOffsets[w + 1]; p < end; p++) {
        const z = inNeighbors[p];
        if (distS[z] === dw - 1) {
          chosen = z;
          v -= sigmaS[z];
          if (v < 0) break;
        }
      }
      hits[chosen] += 1;
      w = chosen;
    }
    for (let w = x, dw = distT[x]; dw > 1; dw--) {
      let v = rng() * sigmaT[w];
      let chosen = -1;
      for (let p = outOffsets[w], end = outOffsets[w + 1]; p < end; p++) {
        const z = outNeighbors[p];
        if (distT[z] === dw - 1) {
          chosen = z;
          v -= sigmaT[z];
          if (v < 0) break;
        }
      }
      hits[chosen] += 1;
      w = chosen;
    }
  }
  for (let i = 0; i < tailS; i++) distS[queueS[i]] = UNREACHED;
  for (let i = 0; i < tailT; i++) distT[queueT[i]] = UNREACHED;
}

/**
 * Riondato–Kornaropoulos betweenness of every node of `index` (see the module
 * note): `values` within `epsilon` of the normalized betweenness b(v) for
 * every node at once, with probability ≥ 1 − `delta`.
 */
export function computeBetweennessRk(index: CsrIndex, options?: BetweennessRkOptions): BetweennessRkResult {
  const { epsilon, delta, seed } = resolve(options);
  const n = index.order;
  const values = new Float64Array(n);
  const vd = vertexDiameterBound(index);
  const r = n < 3 ? 0 : betweennessRkSampleSize(vd, epsilon, delta);
  if (r === 0) return { values, samples: 0, vertexDiameterBound: vd, epsilon, delta };

  const rng = createRng(seed);
  const scratch = createPairScratch(n);
  const hits = values; // counts first, divided by r at the end (exact integer sums)
  for (let sample = 0; sample < r; sample++) {
    const s = randomInt(rng, n);
    let t = randomInt(rng, n - 1);
    if (t >= s) t++;
    samplePath(index, s, t, rng, scratch, hits);
  }
  for (let i = 0; i < n; i++) values[i] = hits[i] / r;
  return { values, samples: r, vertexDiameterBound: vd, epsilon, delta };
}
