/**
 * Indexed binary max-heap over node indices, shared by VoteRank and
 * Collective Influence: `heap[0..size)` holds nodes ordered by `key[node]`
 * (largest first), ties broken by the smaller node index (the graph's node
 * order, as networkx's `max(G.nodes, key=...)` picks the first maximum);
 * `pos[node]` is the node's slot, or -1 when it is not in the heap.
 */
export class IndexedMaxHeap {
  readonly key: Float64Array;
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private count = 0;

  constructor(order: number) {
    this.key = new Float64Array(order);
    this.heap = new Int32Array(order);
    this.pos = new Int32Array(order).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** The node with the largest key (ties: smallest index); -1 when empty. */
  top(): number {
    return this.count === 0 ? -1 : this.heap[0];
  }

  has(node: number): boolean {
    return this.pos[node] !== -1;
  }

  /** Builds the heap from every node 0..order-1 with the keys already in `key` (O(n)). */
  fill(): void {
    const n = this.key.length;
    for (let i = 0; i < n; i++) {
      this.heap[i] = i;
      this.pos[i] = i;
    }
    this.count = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.down(i, this.heap[i]);
  }

  /** Sets `node`'s key (it must be in the heap) and restores the order. */
  update(node: number, value: number): void {
    this.key[node] = value;
    this.up(this.pos[node], node);
    this.down(this.pos[node], node);
  }

  /** Removes `node` from the heap (no-op when absent). */
  remove(node: number): void {
    const i = this.pos[node];
    if (i === -1) return;
    this.pos[node] = -1;
    const last = this.heap[--this.count];
    if (i === this.count) return;
    this.heap[i] = last;
    this.pos[last] = i;
    this.up(i, last);
    this.down(this.pos[last], last);
  }

  /** a before b: larger key, or equal key and smaller index. */
  private before(ka: number, a: number, kb: number, b: number): boolean {
    return ka > kb || (ka === kb && a < b);
  }

  private up(i: number, node: number): void {
    const k = this.key[node];
    const { heap, pos, key } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pn = heap[parent];
      if (!this.before(k, node, key[pn], pn)) break;
      heap[i] = pn;
      pos[pn] = i;
      i = parent;
    }
    heap[i] = node;
    pos[node] = i;
  }

  private down(i: number, node: number): void {
    const k = this.key[node];
    const { heap, pos, key } = this;
    const size = this.count;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      let cn = heap[child];
      const right = child + 1;
      if (right < size) {
        const rn = heap[right];
        if (this.before(key[rn], rn, key[cn], cn)) {
          child = right;
          cn = rn;
        }
      }
      if (!this.before(key[cn], cn, k, node)) break;
      heap[i] = cn;
      pos[cn] = i;
      i = child;
    }
    heap[i] = node;
    pos[node] = i;
  }
}
