/**
 * Consensus clustering (Lancichinetti & Fortunato 2012, "Consensus
 * clustering in complex networks", Sci. Rep. 2, 336), in the sparse variant
 * the paper proposes for large graphs (co-assignment only over existing
 * edges):
 *
 * 1. R runs of the base algorithm (Leiden or Louvain, modularity at
 *    `resolution`) on the undirected view, with seeds seed, seed+1, …, seed+R−1;
 * 2. the co-assignment graph D: the graph's edges {i,j} (self-loops dropped),
 *    weighted by the fraction of the R partitions that put i and j together;
 *    weights below the threshold τ are dropped, except that a node which would
 *    lose every edge keeps its strongest one (ties: lowest neighbour index),
 *    as long as that weight is > 0, so that it is not left alone by noise;
 * 3. R runs of the base algorithm on D (round k uses seeds seed+k·R …
 *    seed+k·R+R−1); if all R partitions are equal, that partition is the
 *    consensus; otherwise D is rebuilt from them (step 2, again over the
 *    original edges) and step 3 repeats, at most `maxRounds` times (then the
 *    last round's partition of highest modularity on the original view is
 *    kept and `converged` is false).
 *
 * Stability (defined here; the paper has no per-node figure): let C be a
 * node's consensus community. In run r, the run community holding a strict
 * majority (> |C|/2) of C's nodes, if any, is C's match; the node agrees in
 * run r when it sits in that match. A node's stability is the share of the R
 * first-step runs in which it agrees (1 = always with most of its community;
 * a node of a singleton community always agrees); a community's stability is
 * the mean over its nodes.
 *
 * For workers: `consensusRun(index, seed, options)` computes one run;
 * `consensusSeeds(options, round)` gives a round's seeds; `consensusRound`
 * turns one round's partitions into either the consensus or the next D
 * graph; `combineConsensus` finishes from the first R runs; the result is
 * the same however the runs were scheduled.
 */
import graphologyLouvain from "graphology-communities-louvain";
import type { AtlasGraph } from "../../graph/model.ts";
import { UsageError } from "../../shared/errors.ts";
import { csrFromEdges, csrFromGraph, type CsrIndex } from "../csr.ts";
import { createRng } from "../rng.ts";
import { leidenCommunities } from "./leiden.ts";
import { renumberBySize, undirectedView } from "./louvain.ts";
import { LouvainGraphView } from "./louvain-view.ts";
import { checkResolution } from "./membership.ts";
import { modularity } from "./modularity.ts";
import type { CommunityPartition } from "./types.ts";

export type ConsensusAlgorithm = "leiden" | "louvain";

export interface ConsensusOptions {
  /** Base algorithm of every run. Default `"leiden"`. */
  algorithm?: ConsensusAlgorithm;
  /** Number R of runs per round (≥ 1). Default `10`. */
  runs?: number;
  /** First seed; run r of round k uses seed + k·R + r. Default `0`. */
  seed?: number;
  /** Threshold τ in [0, 1]: co-assignment fractions below it are dropped. Default `0.5`. */
  threshold?: number;
  /** Re-clustering rounds at most (≥ 1). Default `10`. */
  maxRounds?: number;
  /** Modularity resolution γ of the base runs. Default `1`. */
  resolution?: number;
  /** Edge attribute holding the weight, or `null` for 1 per edge (graphs only). Default `"weight"`. */
  getEdgeWeight?: string | null;
}

export const CONSENSUS_DEFAULTS: Readonly<Required<ConsensusOptions>> = Object.freeze({
  algorithm: "leiden",
  runs: 10,
  seed: 0,
  threshold: 0.5,
  maxRounds: 10,
  resolution: 1,
  getEdgeWeight: "weight",
});

/** The consensus partition and how stable it is. */
export interface ConsensusResult extends CommunityPartition {
  /** Modularity of the consensus partition on the undirected view (at `resolution`). */
  modularity: number;
  /** Per node (index order): share of the R first runs agreeing with its consensus community. */
  nodeStability: Float64Array;
  /** Per community id: mean stability of its nodes. */
  communityStability: Float64Array;
  /** Re-clustering rounds run. */
  rounds: number;
  /** Whether the last round's R partitions were all equal. */
  converged: boolean;
}

/** One round's outcome: the consensus, or the co-assignment graph to cluster next. */
export type ConsensusStep = { done: true; membership: Int32Array } | { done: false; graph: CsrIndex };

const WHERE = "analyze/consensus";

export function resolveConsensusOptions(options?: ConsensusOptions): Required<ConsensusOptions> {
  const o = { ...CONSENSUS_DEFAULTS } as Required<ConsensusOptions>;
  if (options) {
    for (const [key, value] of Object.entries(options)) {
      if (value !== undefined) (o as Record<string, unknown>)[key] = value;
    }
  }
  if (o.algorithm !== "leiden" && o.algorithm !== "louvain") {
    throw new UsageError(`${WHERE}: algorithm is ${JSON.stringify(o.algorithm)}; use "leiden" or "louvain".`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) {
    throw new UsageError(`${WHERE}: runs is ${String(o.runs)}; give a whole number ≥ 1 (10 to 100 is usual).`);
  }
  if (!Number.isInteger(o.maxRounds) || o.maxRounds < 1) {
    throw new UsageError(`${WHERE}: maxRounds is ${String(o.maxRounds)}; give a whole number ≥ 1.`);
  }
  if (typeof o.threshold !== "number" || !(o.threshold >= 0 && o.threshold <= 1)) {
    throw new UsageError(`${WHERE}: threshold is ${String(o.threshold)}; give a fraction in [0, 1].`);
  }
  if (!Number.isFinite(o.seed)) throw new UsageError(`${WHERE}: seed is ${String(o.seed)}; give a finite number.`);
  checkResolution(o.resolution, WHERE);
  return o;
}

/** Seeds of round `round` (0 = the runs on the graph itself). */
export function consensusSeeds(options: ConsensusOptions | undefined, round: number): number[] {
  const o = resolveConsensusOptions(options);
  const seeds: number[] = [];
  for (let r = 0; r < o.runs; r++) seeds.push(o.seed + round * o.runs + r);
  return seeds;
}

/** One run of the base algorithm on `index` (its undirected view); ids by decreasing size. */
export function consensusRun(index: CsrIndex, seed: number, options?: ConsensusOptions): Int32Array {
  const o = resolveConsensusOptions(options);
  const view = undirectedView(index);
  if (o.algorithm === "leiden") {
    return leidenCommunities(view, { seed, resolution: o.resolution }).membership;
  }
  const n = view.order;
  const raw = new Int32Array(n);
  if (view.size === 0 || view.size === selfLoopCount(view)) {
    for (let i = 0; i < n; i++) raw[i] = i;
  } else {
    const g = new LouvainGraphView(view);
    const result = graphologyLouvain.detailed(g as unknown as AtlasGraph, {
      getEdgeWeight: g.edgeWeight as unknown as (edge: string) => number,
      resolution: o.resolution,
      rng: createRng(seed),
      fastLocalMoves: true,
      randomWalk: true,
    });
    for (let i = 0; i < n; i++) raw[i] = result.communities[view.keys[i]];
  }
  return renumberBySize(raw, view.keys).membership;
}

function selfLoopCount(view: CsrIndex): number {
  let loops = 0;
  for (let i = 0; i < view.order; i++) {
    for (let p = view.outOffsets[i], end = view.outOffsets[i + 1]; p < end; p++) if (view.outNeighbors[p] === i) loops++;
  }
  return loops;
}

function checkPartitions(n: number, partitions: readonly ArrayLike<number>[]): void {
  if (partitions.length === 0) throw new UsageError(`${WHERE}: no partitions given; pass the R runs' memberships.`);
  for (let r = 0; r < partitions.length; r++) {
    if (partitions[r].length !== n) {
      throw new UsageError(`${WHERE}: partition ${r} has ${partitions[r].length} entries but the graph has ${n} nodes; give one community id per node.`);
    }
  }
}

/**
 * The co-assignment graph of `partitions` over the edges of `index`'s
 * undirected view (see the module docs for the threshold rule).
 */
export function coassignmentIndex(index: CsrIndex, partitions: readonly ArrayLike<number>[], threshold: number): CsrIndex {
  const view = undirectedView(index);
  const n = view.order;
  checkPartitions(n, partitions);
  const { outOffsets, outNeighbors } = view;
  const R = partitions.length;
  const fraction = new Float64Array(outNeighbors.length);
  for (let i = 0; i < n; i++) {
    for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
      const j = outNeighbors[p];
      if (j === i) continue;
      let together = 0;
      for (let r = 0; r < R; r++) if (partitions[r][i] === partitions[r][j]) together++;
      fraction[p] = together / R;
    }
  }
  // Keep edges ≥ τ; a node left with none keeps its strongest positive edge.
  const keep = new Uint8Array(outNeighbors.length);
  const rescue = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let kept = false;
    let best = -1;
    for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
      if (outNeighbors[p] === i) continue;
      if (fraction[p] >= threshold && fraction[p] > 0) {
        keep[p] = 1;
        kept = true;
      }
      if (fraction[p] > 0 && (best < 0 || fraction[p] > fraction[best])) best = p;
    }
    if (!kept && best >= 0) rescue[i] = best;
  }
  const sources: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
      const j = outNeighbors[p];
      if (j <= i) continue;
      // Kept from either side (the fraction is symmetric; a rescue is one-sided).
      if (keep[p] === 1 || rescue[i] === p || rescueOf(view, rescue, j, i)) {
        sources.push(i);
        targets.push(j);
        weights.push(fraction[p]);
      }
    }
  }
  return csrFromEdges({ order: n, keys: view.keys, sources, targets, weights, directed: false });
}

/** Whether node j's rescued edge is the one to i. */
function rescueOf(view: CsrIndex, rescue: Int32Array, j: number, i: number): boolean {
  const p = rescue[j];
  return p >= 0 && view.outNeighbors[p] === i;
}

/** Whether all partitions are the same partition (labels may differ). */
export function partitionsAgree(partitions: readonly ArrayLike<number>[]): boolean {
  if (partitions.length <= 1) return true;
  const n = partitions[0].length;
  const first = canonical(partitions[0]);
  for (let r = 1; r < partitions.length; r++) {
    if (partitions[r].length !== n) return false;
    const other = canonical(partitions[r]);
    for (let i = 0; i < n; i++) if (other[i] !== first[i]) return false;
  }
  return true;
}

/** Labels renumbered by first appearance. */
function canonical(labels: ArrayLike<number>): Int32Array {
  const n = labels.length;
  let max = -1;
  for (let i = 0; i < n; i++) if (labels[i] > max) max = labels[i];
  const map = new Int32Array(max + 1).fill(-1);
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (map[c] < 0) map[c] = k++;
    out[i] = map[c];
  }
  return out;
}

/**
 * Turns round `round`'s partitions (round 0: the runs on the graph; round k:
 * the runs on the k-th co-assignment graph) into the consensus when they all
 * agree (round ≥ 1), or into the next co-assignment graph.
 */
export function consensusRound(
  index: CsrIndex,
  partitions: readonly ArrayLike<number>[],
  round: number,
  options?: ConsensusOptions,
): ConsensusStep {
  const o = resolveConsensusOptions(options);
  checkPartitions(index.order, partitions);
  if (round >= 1 && partitionsAgree(partitions)) return { done: true, membership: Int32Array.from(partitions[0]) };
  return { done: false, graph: coassignmentIndex(index, partitions, o.threshold) };
}

/**
 * Stability of each node (see the module docs) of `consensus` (ids 0..count-1)
 * against `partitions`, and of each community.
 */
export function consensusStability(
  consensus: ArrayLike<number>,
  count: number,
  partitions: readonly ArrayLike<number>[],
): { nodeStability: Float64Array; communityStability: Float64Array } {
  const n = consensus.length;
  checkPartitions(n, partitions);
  const size = new Int32Array(count);
  for (let i = 0; i < n; i++) size[consensus[i]]++;
  const agree = new Int32Array(n);
  // Members grouped by consensus community (counting sort).
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[consensus[i] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const members = new Int32Array(n);
  const cursor = start.slice(0, count);
  for (let i = 0; i < n; i++) members[cursor[consensus[i]]++] = i;
  for (const run of partitions) {
    for (let c = 0; c < count; c++) {
      // Majority vote (Boyer–Moore) then a count: the run community holding > |C|/2 of C.
      let candidate = -1;
      let votes = 0;
      for (let s = start[c]; s < start[c + 1]; s++) {
        const label = run[members[s]];
        if (votes === 0) {
          candidate = label;
          votes = 1;
        } else if (label === candidate) votes++;
        else votes--;
      }
      let inside = 0;
      for (let s = start[c]; s < start[c + 1]; s++) if (run[members[s]] === candidate) inside++;
      if (2 * inside <= size[c]) continue;
      for (let s = start[c]; s < start[c + 1]; s++) if (run[members[s]] === candidate) agree[members[s]]++;
    }
  }
  const R = partitions.length;
  const nodeStability = new Float64Array(n);
  const communityStability = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    nodeStability[i] = agree[i] / R;
    communityStability[consensus[i]] += nodeStability[i];
  }
  for (let c = 0; c < count; c++) if (size[c] > 0) communityStability[c] /= size[c];
  return { nodeStability, communityStability };
}

/**
 * R consensus runs of one round, for an executor (this thread or workers) to
 * run with `consensusRun(index, seed, options)`; `consensusPartition` yields them.
 */
export interface ConsensusBatch {
  kind: "consensus";
  index: CsrIndex;
  seeds: number[];
  options: ConsensusOptions;
  /** For progress displays: `consensus runs`, `consensus round 1`, … */
  label: string;
}

/** Yields each round's runs (results: partitions in seed order), returns the consensus. */
export function* consensusPartition(index: CsrIndex, options: ConsensusOptions): Generator<ConsensusBatch, ConsensusResult, readonly ArrayLike<number>[]> {
  const o = resolveConsensusOptions(options);
  const view = undirectedView(index);
  const first = (yield { kind: "consensus", index: view, seeds: consensusSeeds(o, 0), options: o, label: "consensus runs" }) as Int32Array[];
  let step = consensusRound(view, first, 0, o);
  let rounds = 0;
  let last: Int32Array[] = [];
  while (!step.done && rounds < o.maxRounds) {
    rounds++;
    last = (yield { kind: "consensus", index: step.graph, seeds: consensusSeeds(o, rounds), options: o, label: `consensus round ${rounds}` }) as Int32Array[];
    step = consensusRound(view, last, rounds, o);
  }
  let final: Int32Array | null = step.done ? step.membership : null;
  if (!step.done) {
    // No agreement within maxRounds: the last round's best partition on the graph itself (as combineConsensus).
    let bestQ = -Infinity;
    for (const m of last) {
      const q = modularity(view, m, { resolution: o.resolution });
      if (q > bestQ) {
        bestQ = q;
        final = m;
      }
    }
  }
  const { membership, count } = renumberBySize(final!, view.keys);
  const { nodeStability, communityStability } = consensusStability(membership, count, first);
  return {
    membership,
    count,
    modularity: modularity(view, membership, { resolution: o.resolution }),
    nodeStability,
    communityStability,
    rounds,
    converged: step.done,
  };
}

/**
 * The consensus of `partitions` (the first round's runs, computed elsewhere,
 * e.g. on workers), running any further rounds on this thread.
 */
export function combineConsensus(index: CsrIndex, partitions: readonly ArrayLike<number>[], options?: ConsensusOptions): ConsensusResult {
  const o = resolveConsensusOptions(options);
  checkPartitions(index.order, partitions);
  const steps = consensusPartition(index, o);
  steps.next();
  let step = steps.next(partitions.map((p) => Int32Array.from(p)));
  while (!step.done) {
    const batch = step.value;
    step = steps.next(batch.seeds.map((s) => consensusRun(batch.index, s, batch.options)));
  }
  return step.value;
}

/** Consensus communities of a graph or an index (a directed one is read as its undirected view). */
export function consensusCommunities(input: AtlasGraph | CsrIndex, options?: ConsensusOptions): ConsensusResult {
  const o = resolveConsensusOptions(options);
  const view =
    (input as CsrIndex).outOffsets instanceof Int32Array
      ? undirectedView(input as CsrIndex)
      : csrFromGraph(input as AtlasGraph, { getEdgeWeight: o.getEdgeWeight, undirected: true });
  const runs = consensusSeeds(o, 0).map((s) => consensusRun(view, s, o));
  return combineConsensus(view, runs, o);
}
