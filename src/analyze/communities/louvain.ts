/**
 * Louvain communities through `graphology-communities-louvain`, seeded, on
 * the undirected weighted view by default (directed modularity as an option).
 *
 * The partition is renumbered 0..k-1 by decreasing size (ties: the community
 * whose smallest member key, by string comparison, comes first), and the
 * modularity reported is recomputed by our `modularity()` on that partition,
 * so that it equals networkx's `modularity()` of the same partition.
 */
import graphologyLouvain from "graphology-communities-louvain";
import type { Attributes } from "graphology-types";
import { compareKeys } from "../../graph/keys.ts";
import type { AtlasGraph } from "../../graph/model.ts";
import { csrFromEdges, csrFromGraph, type CsrIndex } from "../csr.ts";
import { createRng } from "../rng.ts";
import { AnalysisError, UsageError } from "../../shared/errors.ts";
import { checkResolution } from "./membership.ts";
import { modularity } from "./modularity.ts";
import { LouvainGraphView } from "./louvain-view.ts";
import type { CommunityPartition } from "./types.ts";

export interface LouvainOptions {
  /** Resolution γ; higher values give more, smaller communities. Default `1`. */
  resolution?: number;
  /** Seed of the rng that orders Louvain's random walk (`createRng(seed)`). Default `0`. */
  seed?: number;
  /** Edge attribute holding the weight, or `null` for weight 1 per edge. Default `"weight"`. */
  getEdgeWeight?: string | null;
  /**
   * `true`: directed modularity (Dugué & Perez / Leicht–Newman) on a directed
   * graph. Default `false`: the undirected view, where u→v and v→u merge into
   * one edge whose weight is their sum. An undirected graph is always
   * treated as undirected.
   */
  directed?: boolean;
  /** Node attribute written by `louvain.assign`. Default `"community"`. */
  nodeAttribute?: string;
  /**
   * An index of `graph` built with the same `getEdgeWeight` (`csrFromGraph(graph, { getEdgeWeight })`,
   * directed or already the undirected view), reused instead of indexing the
   * graph again; the undirected view is derived from a directed index. Optional.
   */
  index?: CsrIndex;
}

export const LOUVAIN_DEFAULTS: Readonly<Required<Omit<LouvainOptions, "index">>> = Object.freeze({
  resolution: 1,
  seed: 0,
  getEdgeWeight: "weight",
  directed: false,
  nodeAttribute: "community",
});

/** `louvain.detailed`'s output. */
export interface LouvainDetailed extends CommunityPartition {
  /** Community of each node key. */
  communities: Record<string, number>;
  /** The modularity graphology-communities-louvain reports for the same partition (`null` without edges). */
  libraryModularity: number | null;
  /** Whether the directed modularity was optimised. */
  directed: boolean;
  resolution: number;
  seed: number;
}

/** Options of graphology-communities-louvain. */
type LibraryOptions = NonNullable<Parameters<typeof graphologyLouvain.detailed>[1]>;

type ResolvedOptions = Required<Omit<LouvainOptions, "index">> & { index?: CsrIndex };

function resolve(options: LouvainOptions | undefined): ResolvedOptions {
  const o = { ...LOUVAIN_DEFAULTS, ...options } as ResolvedOptions;
  for (const key of Object.keys(LOUVAIN_DEFAULTS) as (keyof typeof LOUVAIN_DEFAULTS)[]) {
    if (o[key] === undefined) (o as Record<string, unknown>)[key] = LOUVAIN_DEFAULTS[key];
  }
  checkResolution(o.resolution, "analyze/louvain");
  if (typeof o.seed !== "number" || !Number.isFinite(o.seed)) {
    throw new UsageError(`analyze/louvain: seed is ${String(o.seed)}; give an integer.`);
  }
  return o;
}

function run(graph: AtlasGraph, o: ResolvedOptions): LouvainDetailed {
  if (graph.type === "mixed") {
    throw new AnalysisError(
      "analyze/louvain: mixed graphs are not supported (modularity needs one edge type); read the file as directed or pass --undirected.",
    );
  }
  const directed = o.directed && graph.type === "directed";
  let index = o.index ?? csrFromGraph(graph, { getEdgeWeight: o.getEdgeWeight, undirected: !directed });
  if (index.directed && !directed) index = undirectedView(index);
  if (index.order !== graph.order || index.directed !== directed) {
    throw new UsageError(
      `analyze/louvain: the index given (${index.order} nodes, ${index.directed ? "directed" : "undirected"}) does not match the graph (${graph.order} nodes, ${directed ? "directed" : "undirected"} modularity); build it with csrFromGraph(graph, { weight, undirected: ${!directed} }) or leave it out.`,
    );
  }
  if (o.index !== undefined) {
    let i = 0;
    graph.forEachNode((node) => {
      if (index.keys[i] !== node) {
        throw new UsageError(
          `analyze/louvain: the index given lists node "${index.keys[i]}" at position ${i} where the graph has "${node}"; build the index from this graph (csrFromGraph keeps its node order).`,
        );
      }
      i++;
    });
  }
  // graphology's Louvain runs on the graph itself when it already has the
  // wanted type; otherwise on a read-only undirected view of the index (no copy).
  return detect(index, graph.type === "undirected" || directed ? graph : null, o, directed);
}

/**
 * Louvain on an index alone, with no graph (the pipeline over an edge
 * stream): the undirected view of the index, as `louvainCommunities` uses for
 * a directed graph, so a directed index gives the same partition both ways.
 */
export function louvainIndexCommunities(index: CsrIndex, options?: Pick<LouvainOptions, "resolution" | "seed">): CommunityPartition {
  const o = resolve(options);
  const { membership, count, modularity: q } = detect(undirectedView(index), null, o, false);
  return { membership, count, modularity: q };
}

/** Runs the library on `graph`, or on the view of the undirected `index` when `graph` is null. */
function detect(index: CsrIndex, graph: AtlasGraph | null, o: ResolvedOptions, directed: boolean): LouvainDetailed {
  const w = index.outWeights;
  for (let p = 0; p < w.length; p++) {
    if (w[p] < 0) {
      throw new UsageError(
        `analyze/louvain: edge weight ${w[p]} is negative; modularity needs weights ≥ 0. Fix the data or pass getEdgeWeight: null.`,
      );
    }
  }

  const n = index.order;
  const keys = index.keys;
  const raw = new Int32Array(n);
  let libraryModularity: number | null = null;

  if (index.size > 0) {
    const view = graph === null ? new LouvainGraphView(index) : null;
    const getEdgeWeight = view
      ? view.edgeWeight
      : o.getEdgeWeight === null
        ? null
        : (_edge: string, attributes: Attributes): number => {
            const v = attributes[o.getEdgeWeight as string];
            return typeof v === "number" && Number.isFinite(v) ? v : 1;
          };
    const result = graphologyLouvain.detailed((view ?? graph) as unknown as AtlasGraph, {
      getEdgeWeight: getEdgeWeight as LibraryOptions["getEdgeWeight"],
      resolution: o.resolution,
      rng: createRng(o.seed),
      fastLocalMoves: true,
      randomWalk: true,
    });
    const found = result.communities;
    for (let i = 0; i < n; i++) raw[i] = found[keys[i]];
    libraryModularity = Number.isFinite(result.modularity) ? result.modularity : null;
  } else {
    for (let i = 0; i < n; i++) raw[i] = i;
  }

  const { membership, count } = renumberBySize(raw, keys);
  const q = modularity(index, membership, { resolution: o.resolution });
  const communities: Record<string, number> = {};
  for (let i = 0; i < n; i++) communities[keys[i]] = membership[i];
  return {
    membership,
    count,
    modularity: q,
    communities,
    libraryModularity,
    directed,
    resolution: o.resolution,
    seed: o.seed,
  };
}

/**
 * The undirected view of a directed index: u→v and v→u become one edge {u,v}
 * whose weight is their sum (as `csrFromGraph(graph, { undirected: true })`).
 */
export function undirectedView(index: CsrIndex): CsrIndex {
  if (!index.directed) return index;
  const { order, outOffsets } = index;
  const sources = new Int32Array(index.outNeighbors.length);
  for (let i = 0; i < order; i++) sources.fill(i, outOffsets[i], outOffsets[i + 1]);
  return csrFromEdges({
    order,
    keys: index.keys,
    sources,
    targets: index.outNeighbors,
    weights: index.outWeights,
    directed: false,
  });
}

/**
 * Renumbers arbitrary community labels (integers ≥ 0) to 0..k-1 by decreasing
 * size, ties broken by each community's smallest member key (string order).
 */
export function renumberBySize(labels: ArrayLike<number>, keys: readonly string[]): { membership: Int32Array; count: number } {
  const n = labels.length;
  let max = -1;
  for (let i = 0; i < n; i++) if (labels[i] > max) max = labels[i];
  const sizes = new Int32Array(max + 1);
  const firstKey: (string | undefined)[] = new Array(max + 1);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    sizes[c]++;
    const k = firstKey[c];
    if (k === undefined || keys[i] < k) firstKey[c] = keys[i];
  }
  const used: number[] = [];
  for (let c = 0; c <= max; c++) if (sizes[c] > 0) used.push(c);
  used.sort((a, b) => sizes[b] - sizes[a] || compareKeys(firstKey[a] as string, firstKey[b] as string));
  const map = new Int32Array(max + 1);
  for (let r = 0; r < used.length; r++) map[used[r]] = r;
  const membership = new Int32Array(n);
  for (let i = 0; i < n; i++) membership[i] = map[labels[i]];
  return { membership, count: used.length };
}

/**
 * Louvain communities of `graph`: membership in graph node order, ids 0..k-1
 * by decreasing size, and the modularity of that partition.
 */
export function louvainCommunities(graph: AtlasGraph, options?: LouvainOptions): CommunityPartition {
  const { membership, count, modularity: q } = run(graph, resolve(options));
  return { membership, count, modularity: q };
}

/** Community id of each node key. */
export function louvain(graph: AtlasGraph, options?: LouvainOptions): Record<string, number> {
  return run(graph, resolve(options)).communities;
}

/** Writes each node's community id to `nodeAttribute` (default `community`). */
louvain.assign = (graph: AtlasGraph, options?: LouvainOptions): void => {
  const o = resolve(options);
  const { membership } = run(graph, o);
  let i = 0;
  graph.forEachNode((node) => {
    graph.setNodeAttribute(node, o.nodeAttribute, membership[i++]);
  });
};

/** The partition plus modularity (ours and graphology's) and the parameters used. */
louvain.detailed = (graph: AtlasGraph, options?: LouvainOptions): LouvainDetailed => run(graph, resolve(options));
