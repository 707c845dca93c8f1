/**
 * SIR spreading simulations, to measure how far each node's influence
 * actually spreads (Kitsak et al. 2010, "Identification of influential
 * spreaders in complex networks", Nature Physics 6, 888).
 *
 * Discrete time: at each step every infected node infects each susceptible
 * neighbour independently with probability β, then recovers (recovery rate 1,
 * as Kitsak et al.). A node's spreading power is the mean final outbreak size
 * (recovered nodes, the seed included) over `runs` runs with it as the only
 * initial spreader.
 *
 * Direction: the graphs' edges are read as "u→v: u attends to v" (follows,
 * mentions, links, votes for: the convention under which in-degree, PageRank
 * and HITS authority name leaders), so influence travels AGAINST the edges:
 * an infected v reaches the u with u→v (`direction: "reverse"`, default).
 * `"forward"` spreads along the edges; `"undirected"` both ways. Undirected
 * graphs always spread both ways. Weights, repeats and self-loops are ignored.
 *
 * β is `betaFactor` × the epidemic threshold of the spreading graph (bond
 * percolation threshold for uncorrelated networks): undirected,
 * β_c = ⟨k⟩ / (⟨k²⟩ − ⟨k⟩) (Kitsak et al.; Castellano & Pastor-Satorras 2010);
 * directed, β_c = ⟨k⟩ / ⟨k_in·k_out⟩ (Newman 2002, "Spread of epidemic disease
 * on networks"; Schwartz et al. 2002), capped at 1.
 *
 * Each seed node has its own random stream (a hash of (seed, node)), so the
 * powers do not depend on which nodes are simulated together or on which
 * worker: a split run equals a single-threaded one.
 */
import type { CsrIndex } from "../csr.ts";
import { undirectedSimpleView } from "../centrality/coreness.ts";
import { createRng } from "../rng.ts";
import { replicateSeed } from "../leaders/bootstrap.ts";
import { UsageError } from "../../shared/errors.ts";

export type SpreadDirection = "reverse" | "forward" | "undirected";

/** Rows along which infection travels: node i infects `neighbors[offsets[i]..offsets[i+1])`. */
export interface SpreadGraph {
  readonly order: number;
  readonly directed: boolean;
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
}

/** The spreading graph of an index (simple: no self-loops, each neighbour once). */
export function spreadGraph(index: CsrIndex, direction: SpreadDirection = "reverse"): SpreadGraph {
  if (!index.directed || direction === "undirected") {
    const view = undirectedSimpleView(index);
    return { order: view.order, directed: false, offsets: view.offsets, neighbors: view.neighbors };
  }
  if (direction !== "reverse" && direction !== "forward") {
    throw new UsageError(`analyze/sir: direction is ${String(direction)}; give "reverse", "forward" or "undirected".`);
  }
  const n = index.order;
  const srcOffsets = direction === "reverse" ? index.inOffsets : index.outOffsets;
  const srcNeighbors = direction === "reverse" ? index.inNeighbors : index.outNeighbors;
  const offsets = new Int32Array(n + 1);
  const neighbors = new Int32Array(srcNeighbors.length);
  let w = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = w;
    for (let p = srcOffsets[i]; p < srcOffsets[i + 1]; p++) if (srcNeighbors[p] !== i) neighbors[w++] = srcNeighbors[p];
  }
  offsets[n] = w;
  return { order: n, directed: true, offsets, neighbors: neighbors.slice(0, w) };
}

/** Epidemic threshold β_c of a spreading graph (Infinity when no outbreak can grow). */
export function epidemicThreshold(g: SpreadGraph): number {
  const n = g.order;
  if (n === 0) return Infinity;
  let k = 0;
  let second = 0;
  if (!g.directed) {
    for (let i = 0; i < n; i++) {
      const d = g.offsets[i + 1] - g.offsets[i];
      k += d;
      second += d * d;
    }
    return second - k > 0 ? k / (second - k) : Infinity;
  }
  const inDeg = new Float64Array(n);
  for (let p = 0; p < g.neighbors.length; p++) inDeg[g.neighbors[p]]++;
  for (let i = 0; i < n; i++) {
    const out = g.offsets[i + 1] - g.offsets[i];
    k += out;
    second += out * inDeg[i];
  }
  return second > 0 ? k / second : Infinity;
}

export interface SirOptions {
  /** Infection probability per contact and step, in (0, 1]. */
  beta: number;
  /** Runs per seed node. */
  runs: number;
  /** Seed of the random streams. */
  seed: number;
}

/** Mean final outbreak size (nodes ever infected) with each of `nodes` as the single initial spreader. */
export function spreadingPower(g: SpreadGraph, nodes: ArrayLike<number>, options: SirOptions): Float64Array {
  const { beta, runs, seed } = options;
  if (!(beta > 0 && beta <= 1)) throw new UsageError(`analyze/sir: beta is ${String(beta)}; give a probability in (0, 1].`);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`analyze/sir: runs is ${String(runs)}; give an integer ≥ 1.`);
  const n = g.order;
  const { offsets, neighbors } = g;
  const touched = new Int32Array(n); // run stamp: the node has been infected in this run
  let current = new Int32Array(n);
  let next = new Int32Array(n);
  const out = new Float64Array(nodes.length);
  let stamp = 0;
  for (let s = 0; s < nodes.length; s++) {
    const source = nodes[s];
    if (!Number.isInteger(source) || source < 0 || source >= n) {
      throw new UsageError(`analyze/sir: node ${String(source)} is not an index in [0, ${n}).`);
    }
    const rng = createRng(replicateSeed(seed, source));
    let total = 0;
    for (let r = 0; r < runs; r++) {
      stamp++;
      touched[source] = stamp;
      current[0] = source;
      let size = 1;
      let infected = 1;
      while (size > 0) {
        let m = 0;
        for (let t = 0; t < size; t++) {
          const u = current[t];
          for (let p = offsets[u], end = offsets[u + 1]; p < end; p++) {
            const v = neighbors[p];
            if (touched[v] === stamp) continue;
            if (rng() < beta) {
              touched[v] = stamp;
              next[m++] = v;
            }
          }
        }
        infected += m;
        const tmp = current;
        current = next;
        next = tmp;
        size = m;
      }
      total += infected;
    }
    out[s] = total / runs;
  }
  return out;
}
