/**
 * Leiden communities (Traag, Waltman & van Eck 2019) on the undirected
 * weighted view (u→v and v→u merged, weights summed), with modularity or the
 * Constant Potts Model (CPM) as quality function. The algorithm itself is in
 * `leiden-core.ts`.
 *
 * Like `louvainCommunities`, the partition is renumbered 0..k-1 by decreasing
 * size (ties: smallest member key first). Every community is connected.
 *
 * Qualities reported (both as igraph 0.10's `community_leiden` objective):
 * - modularity: Q = Σ_c [L_c/m − γ(d_c/2m)²], equal to `modularity()` and to
 *   networkx's `modularity(G, communities, weight, resolution=γ)`;
 * - CPM: Q = (1/2m) Σ_c (2·L_c − γ·N_c²), with L_c the weight inside c
 *   (a self-loop once), N_c the sum of the node weights of c (1 each by
 *   default) and m the total weight; the same optimum as Traag et al.'s
 *   Σ_c [L_c − γ·C(N_c, 2)] (they differ by a factor and a constant).
 */
import type { AtlasGraph } from "../../graph/model.ts";
import { AnalysisError, UsageError } from "../../shared/errors.ts";
import { csrFromGraph, type CsrIndex } from "../csr.ts";
import { createRng } from "../rng.ts";
import { disconnectedCommunities } from "./connectivity.ts";
import { leidenPartition, type LeidenLevel } from "./leiden-core.ts";
import { renumberBySize, undirectedView } from "./louvain.ts";
import { checkResolution } from "./membership.ts";
import { modularity } from "./modularity.ts";
import type { CommunityPartition } from "./types.ts";

export type LeidenObjective = "modularity" | "cpm";

export interface LeidenOptions {
  /** Quality function: `"modularity"` or `"cpm"` (Constant Potts Model). Default `"modularity"`. */
  objective?: LeidenObjective;
  /**
   * Resolution γ ≥ 0: modularity's γ (1 = standard), or CPM's density
   * threshold (communities denser than γ are favoured). Higher values give
   * more, smaller communities. Default `1`.
   */
  resolution?: number;
  /** Seed of the rng (`createRng(seed)`) that orders the nodes and drives the refinement. Default `0`. */
  seed?: number;
  /**
   * Randomness θ of the refinement (igraph's `beta`): a node joins a
   * sub-community with probability ∝ exp(gain/θ), gains in edge-weight units;
   * 0 = always the best gain. Default `0.01` (the paper's and igraph's).
   */
  theta?: number;
  /**
   * Leiden iterations, each starting from the previous partition; `-1` =
   * until an iteration changes nothing (igraph's `n_iterations=-1`, which the
   * reference tests use). Default `2`, igraph's default: on the test graphs it
   * is within 0.1% of `-1`, while `-1` can creep on for hundreds of iterations
   * on a large weakly clustered graph (≈ 400, 170 s, on a 100k-node/1M-edge
   * scale-free graph, for +2% modularity).
   */
  iterations?: number;
  /** Edge attribute holding the weight, or `null` for weight 1 per edge (graphs only). Default `"weight"`. */
  getEdgeWeight?: string | null;
  /**
   * CPM node weights N_i: a node attribute name (graphs), or one number per
   * node in index order; `null` = 1 each. Not allowed with modularity, whose
   * node weights are the strengths. Default `null`.
   */
  nodeWeights?: string | ArrayLike<number> | null;
  /** Node attribute written by `leiden.assign`. Default `"community"`. */
  nodeAttribute?: string;
}

export const LEIDEN_DEFAULTS: Readonly<{
  objective: LeidenObjective;
  resolution: number;
  seed: number;
  theta: number;
  iterations: number;
  getEdgeWeight: string | null;
  nodeWeights: null;
  nodeAttribute: string;
}> = Object.freeze({
  objective: "modularity",
  resolution: 1,
  seed: 0,
  theta: 0.01,
  iterations: 2,
  getEdgeWeight: "weight",
  nodeWeights: null,
  nodeAttribute: "community",
});

/** The partition Leiden found, with its quality. */
export interface LeidenPartition extends CommunityPartition {
  /** Value of the optimised quality function (see the module docs). */
  quality: number;
  /**
   * Modularity of the partition (undirected view): at `resolution` for the
   * modularity objective (then equal to `quality`), at γ = 1 for CPM.
   */
  modularity: number;
}

/** `leiden.detailed`'s output. */
export interface LeidenDetailed extends LeidenPartition {
  /** Community of each node key. */
  communities: Record<string, number>;
  objective: LeidenObjective;
  resolution: number;
  seed: number;
  theta: number;
  /** Iterations actually run. */
  iterations: number;
  /** Communities that are not connected (always 0 for Leiden; counted, not assumed). */
  disconnected: number;
}

type Resolved = Omit<typeof LEIDEN_DEFAULTS, "nodeWeights"> & { nodeWeights: string | ArrayLike<number> | null };

const WHERE = "analyze/leiden";

function resolve(options: LeidenOptions | undefined): Resolved {
  const o = { ...LEIDEN_DEFAULTS } as Resolved;
  if (options) {
    for (const [key, value] of Object.entries(options)) {
      if (value !== undefined) (o as Record<string, unknown>)[key] = value;
    }
  }
  if (o.objective !== "modularity" && o.objective !== "cpm") {
    throw new UsageError(`${WHERE}: objective is ${JSON.stringify(o.objective)}; use "modularity" or "cpm".`);
  }
  checkResolution(o.resolution, WHERE);
  if (typeof o.theta !== "number" || !Number.isFinite(o.theta) || o.theta < 0) {
    throw new UsageError(`${WHERE}: theta is ${String(o.theta)}; give a finite number ≥ 0 (0.01 is standard).`);
  }
  if (!Number.isInteger(o.iterations) || o.iterations === 0) {
    throw new UsageError(`${WHERE}: iterations is ${String(o.iterations)}; give a whole number ≥ 1, or -1 for "until stable".`);
  }
  if (!Number.isFinite(o.seed)) {
    throw new UsageError(`${WHERE}: seed is ${String(o.seed)}; give a finite number.`);
  }
  if (o.nodeWeights !== null && o.objective !== "cpm") {
    throw new UsageError(`${WHERE}: nodeWeights apply to the CPM objective only; modularity weighs nodes by strength. Pass objective: "cpm" or drop nodeWeights.`);
  }
  return o;
}

function isIndex(input: AtlasGraph | CsrIndex): input is CsrIndex {
  return (input as CsrIndex).outOffsets instanceof Int32Array;
}

/** Index-order node weights for CPM (1 each by default). */
function cpmNodeWeights(view: CsrIndex, given: string | ArrayLike<number> | null, graph: AtlasGraph | null): Float64Array {
  const n = view.order;
  const out = new Float64Array(n);
  if (given === null) {
    out.fill(1);
    return out;
  }
  if (typeof given === "string") {
    if (graph === null) {
      throw new UsageError(`${WHERE}: nodeWeights "${given}" names a node attribute, but an index has none; pass one number per node.`);
    }
    for (let i = 0; i < n; i++) {
      const v: unknown = graph.getNodeAttribute(view.keys[i], given);
      out[i] = v === undefined ? 1 : (v as number);
    }
  } else {
    if (given.length !== n) {
      throw new UsageError(`${WHERE}: nodeWeights has ${given.length} entries but the graph has ${n} nodes; give one per node, in node order.`);
    }
    for (let i = 0; i < n; i++) out[i] = given[i];
  }
  for (let i = 0; i < n; i++) {
    if (typeof out[i] !== "number" || !Number.isFinite(out[i]) || out[i] < 0) {
      throw new UsageError(`${WHERE}: node "${view.keys[i]}" has node weight ${String(out[i])}; CPM node weights must be finite numbers ≥ 0.`);
    }
  }
  return out;
}

interface Core {
  view: CsrIndex;
  raw: Int32Array;
  iterations: number;
  nodeWeights: Float64Array | null;
}

function runCore(view: CsrIndex, o: Resolved, cpmWeights: Float64Array | null): Core {
  const n = view.order;
  const { outOffsets, outNeighbors, outWeights } = view;
  for (let p = 0; p < outWeights.length; p++) {
    if (outWeights[p] < 0) {
      throw new UsageError(`${WHERE}: edge weight ${outWeights[p]} is negative; Leiden here needs weights ≥ 0. Fix the data or pass getEdgeWeight: null.`);
    }
  }
  // Strengths (a self-loop counts twice) and 2m.
  const strength = new Float64Array(n);
  let twoM = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
      s += outNeighbors[p] === i ? 2 * outWeights[p] : outWeights[p];
    }
    strength[i] = s;
    twoM += s;
  }
  if (twoM === 0 || n === 0) {
    // No edge weight: every node alone is optimal for both objectives (CPM: γ ≥ 0).
    const raw = new Int32Array(n);
    for (let i = 0; i < n; i++) raw[i] = i;
    return { view, raw, iterations: 0, nodeWeights: cpmWeights };
  }
  const level: LeidenLevel = {
    order: n,
    offsets: outOffsets,
    neighbors: outNeighbors,
    weights: outWeights,
    nodeWeights: o.objective === "cpm" ? cpmWeights! : strength,
  };
  const result = leidenPartition(level, {
    resolution: o.objective === "cpm" ? o.resolution : o.resolution / twoM,
    theta: o.theta,
    iterations: o.iterations,
    rng: createRng(o.seed),
  });
  return { view, raw: result.membership, iterations: result.iterations, nodeWeights: cpmWeights };
}

/**
 * CPM quality as igraph reports it: (1/2m) Σ_c (2·L_c − γ·N_c²); 0 without edge weight.
 * `membership` ids must be 0..k-1.
 */
export function cpmQuality(index: CsrIndex, membership: ArrayLike<number>, resolution: number, nodeWeights?: ArrayLike<number>): number {
  const view = undirectedView(index);
  const n = view.order;
  const { outOffsets, outNeighbors, outWeights } = view;
  let k = 0;
  for (let i = 0; i < n; i++) if (membership[i] >= k) k = membership[i] + 1;
  const size = new Float64Array(k);
  let inside = 0;
  let twoM = 0;
  for (let i = 0; i < n; i++) {
    const c = membership[i];
    size[c] += nodeWeights ? nodeWeights[i] : 1;
    for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
      const j = outNeighbors[p];
      const w = j === i ? 2 * outWeights[p] : outWeights[p];
      twoM += w;
      if (membership[j] === c) inside += w;
    }
  }
  if (twoM === 0) return 0;
  let penalty = 0;
  for (let c = 0; c < k; c++) penalty += size[c] * size[c];
  return (inside - resolution * penalty) / twoM;
}

function run(input: AtlasGraph | CsrIndex, o: Resolved): LeidenDetailed {
  let view: CsrIndex;
  let graph: AtlasGraph | null = null;
  if (isIndex(input)) {
    view = undirectedView(input);
  } else {
    graph = input;
    view = csrFromGraph(input, { getEdgeWeight: o.getEdgeWeight, undirected: true });
  }
  const cpmWeights = o.objective === "cpm" ? cpmNodeWeights(view, o.nodeWeights, graph) : null;
  const core = runCore(view, o, cpmWeights);
  const keys = view.keys;
  const { membership, count } = renumberBySize(core.raw, keys);
  const q =
    o.objective === "modularity"
      ? modularity(view, membership, { resolution: o.resolution })
      : cpmQuality(view, membership, o.resolution, cpmWeights ?? undefined);
  const mod = o.objective === "modularity" ? q : modularity(view, membership);
  const disconnected = disconnectedCommunities(view, membership);
  if (disconnected > 0) {
    throw new AnalysisError(`${WHERE}: ${disconnected} communities came out disconnected, which Leiden rules out; please report this graph.`);
  }
  const communities: Record<string, number> = {};
  for (let i = 0; i < keys.length; i++) communities[keys[i]] = membership[i];
  return {
    membership,
    count,
    quality: q,
    modularity: mod,
    communities,
    objective: o.objective,
    resolution: o.resolution,
    seed: o.seed,
    theta: o.theta,
    iterations: core.iterations,
    disconnected,
  };
}

/**
 * Leiden communities of a graph or of an index (a directed one is read as
 * its undirected view): membership in node order, ids 0..k-1 by decreasing
 * size, the quality optimised and the modularity.
 */
export function leidenCommunities(input: AtlasGraph | CsrIndex, options?: LeidenOptions): LeidenPartition {
  const { membership, count, quality, modularity: q } = run(input, resolve(options));
  return { membership, count, quality, modularity: q };
}

/** Community id of each node key. */
export function leiden(graph: AtlasGraph, options?: LeidenOptions): Record<string, number> {
  return run(graph, resolve(options)).communities;
}

/** Writes each node's community id to `nodeAttribute` (default `community`). */
leiden.assign = (graph: AtlasGraph, options?: LeidenOptions): void => {
  const o = resolve(options);
  const { membership } = run(graph, o);
  let i = 0;
  graph.forEachNode((node) => {
    graph.setNodeAttribute(node, o.nodeAttribute, membership[i++]);
  });
};

/** The partition, quality, modularity and the parameters used. */
leiden.detailed = (input: AtlasGraph | CsrIndex, options?: LeidenOptions): LeidenDetailed => run(input, resolve(options));
