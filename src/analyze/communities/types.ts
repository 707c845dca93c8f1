/** Types shared by the community functions (`src/analyze/communities`). */

/** A partition found by `louvainCommunities`. */
export interface CommunityPartition {
  /** Community of each node, in graph node order (ids 0..count-1, by decreasing size). */
  membership: Int32Array;
  /** Number of communities. */
  count: number;
  /** Modularity of `membership`, recomputed by `modularity()` (networkx semantics). */
  modularity: number;
}

/** One community's statistics (`communityStats`). */
export interface CommunityStats {
  id: number;
  /** Number of member nodes. */
  size: number;
  /**
   * Edges with both ends inside (self-loops included), counted without
   * weights: directed edges one by one on a directed index, each undirected
   * edge once on an undirected one.
   */
  internalEdges: number;
  /** Total weight of those edges. */
  internalWeight: number;
  /**
   * `internalEdges` over the possible pairs, `n(n-1)` directed or `n(n-1)/2`
   * undirected (as networkx's `density` of the induced subgraph); 0 for size 1.
   */
  density: number;
  /**
   * Weighted cut over `min(vol(S), vol(V\S))` on the undirected view (as
   * networkx's `conductance(G, S, weight)`); 0 where that is 0/0 or x/0.
   */
  conductance: number;
  /** This community's term of the modularity sum (the shares sum to the modularity). */
  modularityShare: number;
  /**
   * Reciprocated internal directed edges over internal directed edges (as
   * networkx's `reciprocity` of the induced subgraph: a self-loop counts as an
   * edge, never as reciprocated). `null` on an undirected index and for a
   * community with no internal edge.
   */
  reciprocity: number | null;
}

/** Options of `modularity()` and of the modularity share in `communityStats`. */
export interface ModularityOptions {
  /** Resolution γ (default 1): Q = Σ_c [L_c/m − γ·(expected)]. */
  resolution?: number;
  /**
   * Directed (Leicht–Newman) modularity on a directed index (default: the
   * index's own `directed`). `false` on a directed index uses the undirected
   * view (u→v and v→u merged, weights summed). Ignored on an undirected index.
   */
  directed?: boolean;
}
