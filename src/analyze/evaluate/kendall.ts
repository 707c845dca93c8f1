/**
 * Kendall's rank correlation τ-b (Kendall 1945; with ties), as
 * `scipy.stats.kendalltau(x, y)` (its default variant "b"):
 *
 *   τ_b = (C − D) / √((n₀ − n₁)(n₀ − n₂))
 *
 * with C, D the concordant and discordant pairs, n₀ = n(n−1)/2, n₁ and n₂ the
 * pairs tied in x and in y. O(n log n) (Knight 1966: sort by x then y, count
 * the discordant pairs as the swaps of a merge sort by y). NaN when x or y is
 * constant (the denominator is 0), as scipy. NaN values are not allowed.
 */
import { UsageError } from "../../shared/errors.ts";

export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new UsageError(`analyze/kendallTau: x has ${n} values and y has ${y.length}; give equal lengths.`);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) throw new UsageError(`analyze/kendallTau: value ${i} is NaN; drop it first.`);
  }
  if (n < 2) return NaN;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  perm.sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  // Ties in x (n1) and joint ties in (x, y) (n3), on the (x, y)-sorted order.
  let n1 = 0;
  let n3 = 0;
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && x[perm[b]] === x[perm[a]]) b++;
    n1 += ((b - a) * (b - a - 1)) / 2;
    for (let c = a; c < b; ) {
      let d = c + 1;
      while (d < b && y[perm[d]] === y[perm[c]]) d++;
      n3 += ((d - c) * (d - c - 1)) / 2;
      c = d;
    }
    a = b;
  }
  // Merge sort by y, counting the swaps (discordant pairs).
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) ys[i] = y[perm[i]];
  const tmp = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (ys[j] < ys[i]) {
          tmp[k++] = ys[j++];
          swaps += mid - i;
        } else {
          tmp[k++] = ys[i++];
        }
      }
      while (i < mid) tmp[k++] = ys[i++];
      while (j < hi) tmp[k++] = ys[j++];
    }
    ys.set(tmp);
  }
  let n2 = 0;
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && ys[b] === ys[a]) b++;
    n2 += ((b - a) * (b - a - 1)) / 2;
    a = b;
  }
  const n0 = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((n0 - n1) * (n0 - n2));
  if (denominator === 0) return NaN;
  return (n0 - n1 - n2 + n3 - 2 * swaps) / denominator;
}

/**
 * Top-k overlap: the share of the k best items by `truth` that are also among
 * the k best by `score` (ties in either broken by item order, first wins).
 */
export function topKOverlap(score: ArrayLike<number>, truth: ArrayLike<number>, k: number): number {
  const n = score.length;
  if (truth.length !== n) throw new UsageError(`analyze/topKOverlap: score has ${n} values and truth has ${truth.length}; give equal lengths.`);
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`analyze/topKOverlap: k is ${String(k)}; give an integer ≥ 1.`);
  const kk = Math.min(k, n);
  if (kk === 0) return NaN;
  const a = topK(score, kk);
  const b = new Uint8Array(n);
  for (const i of topK(truth, kk)) b[i] = 1;
  let hit = 0;
  for (const i of a) hit += b[i];
  return hit / kk;
}

/** Indices of the k largest values (NaN last, ties by index). */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => {
    const va = values[a];
    const vb = values[b];
    const na = Number.isNaN(va);
    const nb = Number.isNaN(vb);
    if (na !== nb) return na ? 1 : -1;
    return (na ? 0 : vb - va) || a - b;
  });
  return idx.slice(0, k);
}
