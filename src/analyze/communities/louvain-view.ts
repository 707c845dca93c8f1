/**
 * A read-only, undirected stand-in for a graphology `Graph`, backed by an
 * undirected `CsrIndex`, for `graphology-communities-louvain`.
 *
 * Louvain on the undirected view of a directed graph would otherwise need an
 * undirected graphology copy of the whole graph (seconds and hundreds of MB at
 * a million edges) only to be read once by the library's index. This view
 * exposes exactly what the library (2.0.x, with graphology-indices 0.17's
 * `UndirectedLouvainIndex`) reads: `order`, `size`, `selfLoopCount`, `type`,
 * `multi`, `forEachNode`, `forEachEdge`, `undirectedDegreeWithoutSelfLoops`,
 * plus the members `graphology-utils/is-graph` checks. Edge ids are positions
 * in the CSR rows and the weight getter reads them, so attributes are never
 * materialised. `test/analyze/communities/louvain-view.test.ts` checks the
 * library gives the same partition on this view as on a real copy.
 */
import type { CsrIndex } from "../csr.ts";

type EdgeCallback = (
  edge: number,
  attributes: null,
  source: string,
  target: string,
  sourceAttributes: null,
  targetAttributes: null,
  undirected: boolean,
) => void;

export class LouvainGraphView {
  readonly type = "undirected" as const;
  readonly multi = false;
  readonly order: number;
  readonly size: number;
  readonly selfLoopCount: number;
  private readonly index: CsrIndex;
  private readonly degree: Int32Array;
  private readonly positions: Map<string, number>;

  constructor(index: CsrIndex) {
    if (index.directed) throw new Error("analyze/louvain-view: needs an undirected index (undirectedView(index)).");
    this.index = index;
    this.order = index.order;
    this.size = index.size;
    const { order, outOffsets, outNeighbors } = index;
    const degree = new Int32Array(order);
    let loops = 0;
    for (let i = 0; i < order; i++) {
      let d = 0;
      for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
        if (outNeighbors[p] === i) loops++;
        else d++;
      }
      degree[i] = d;
    }
    this.degree = degree;
    this.selfLoopCount = loops;
    this.positions = new Map();
    for (let i = 0; i < order; i++) this.positions.set(index.keys[i], i);
  }

  /** Weight getter to pass as the library's `getEdgeWeight`. */
  readonly edgeWeight = (edge: number): number => this.index.outWeights[edge];

  forEachNode(callback: (node: string, attributes: null) => void): void {
    const keys = this.index.keys;
    for (let i = 0; i < this.order; i++) callback(keys[i], null);
  }

  /** Each undirected edge once, from its lower endpoint's row (self-loops once). */
  forEachEdge(callback: EdgeCallback): void {
    const { keys, outOffsets, outNeighbors, order } = this.index;
    for (let i = 0; i < order; i++) {
      for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
        const j = outNeighbors[p];
        if (j >= i) callback(p, null, keys[i], keys[j], null, null, true);
      }
    }
  }

  undirectedDegreeWithoutSelfLoops(node: string): number {
    const i = this.positions.get(node);
    if (i === undefined) throw new Error(`analyze/louvain-view: unknown node "${node}".`);
    return this.degree[i];
  }

  // Members graphology-utils' isGraph() looks for; the view is read-only.
  addUndirectedEdgeWithKey(): never {
    throw new Error("analyze/louvain-view: read-only view.");
  }
  dropNode(): never {
    throw new Error("analyze/louvain-view: read-only view.");
  }
  setNodeAttribute(): never {
    throw new Error("analyze/louvain-view: read-only view; use the returned communities.");
  }
}
