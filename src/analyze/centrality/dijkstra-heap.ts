/**
 * The indexed binary min-heap of the weighted Brandes pass (Dijkstra):
 * `heap[0..size)` holds node indices ordered by `key[node]` (the tentative
 * distance), ties broken by the smaller node index; `pos[node]` is the
 * node's slot, or -1 when it is not in the heap. Callers own the arrays
 * (allocated once per run) and the `size` counter.
 */

/** Places `node` at heap slot `i` or above (its key just decreased or it is new). */
export function siftUp(heap: Int32Array, pos: Int32Array, key: Float64Array, i: number, node: number): void {
  const k = key[node];
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pn = heap[parent];
    const pk = key[pn];
    if (pk < k || (pk === k && pn < node)) break;
    heap[i] = pn;
    pos[pn] = i;
    i = parent;
  }
  heap[i] = node;
  pos[node] = i;
}

/** Places `node` at heap slot `i` or below, in a heap of `size` slots. */
export function siftDown(heap: Int32Array, pos: Int32Array, key: Float64Array, size: number, i: number, node: number): void {
  const k = key[node];
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    let cn = heap[child];
    let ck = key[cn];
    const right = child + 1;
    if (right < size) {
      const rn = heap[right];
      const rk = key[rn];
      if (rk < ck || (rk === ck && rn < cn)) {
        child = right;
        cn = rn;
        ck = rk;
      }
    }
    if (k < ck || (k === ck && node < cn)) break;
    heap[i] = cn;
    pos[cn] = i;
    i = child;
  }
  heap[i] = node;
  pos[node] = i;
}

/** Removes and returns the minimum of a heap of `size` ≥ 1 slots; the caller then decrements `size`. */
export function popMin(heap: Int32Array, pos: Int32Array, key: Float64Array, size: number): number {
  const v = heap[0];
  pos[v] = -1;
  const last = size - 1;
  if (last > 0) siftDown(heap, pos, key, last, 0, heap[last]);
  return v;
}
