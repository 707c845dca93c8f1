/**
 * Normalized mutual information between two partitions, with the
 * arithmetic-mean normalization (scikit-learn's default,
 * `normalized_mutual_info_score`, and igraph's
 * `compare_communities(method="nmi")`, Danon et al. 2005):
 *
 *   NMI(a, b) = 2·I(a; b) / (H(a) + H(b))
 *
 * Labels are compared by identity only (numbers or strings, any values).
 * Defined everywhere, never NaN: 1 when both partitions have a single
 * cluster (H(a) = H(b) = 0, a perfect match, as scikit-learn and igraph
 * return) and for empty inputs; 0 when exactly one of them has a single
 * cluster (I = 0).
 */
import { UsageError } from "../../shared/errors.ts";

/** NMI of two labelings of the same items (equal lengths). */
export function nmi(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number {
  if (a.length !== b.length) {
    throw new UsageError(`analyze/nmi: the partitions have ${a.length} and ${b.length} labels; give one label per item in both.`);
  }
  const n = a.length;
  if (n === 0) return 1;
  const la = relabel(a);
  const lb = relabel(b);
  const ka = la.count;
  const kb = lb.count;
  const rows = new Float64Array(ka);
  const cols = new Float64Array(kb);
  const joint = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = la.ids[i];
    const y = lb.ids[i];
    rows[x]++;
    cols[y]++;
    const key = x * kb + y;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  const ha = entropy(rows, n);
  const hb = entropy(cols, n);
  if (ha === 0 && hb === 0) return 1;
  let mi = 0;
  for (const [key, nij] of joint) {
    const x = Math.floor(key / kb);
    const y = key - x * kb;
    mi += (nij / n) * Math.log((n * nij) / (rows[x] * cols[y]));
  }
  if (mi <= 0) return 0;
  return Math.min(1, (2 * mi) / (ha + hb));
}

function relabel(labels: ArrayLike<number | string>): { ids: Int32Array; count: number } {
  const ids = new Int32Array(labels.length);
  const seen = new Map<number | string, number>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    let id = seen.get(v);
    if (id === undefined) {
      id = seen.size;
      seen.set(v, id);
    }
    ids[i] = id;
  }
  return { ids, count: seen.size };
}

function entropy(counts: Float64Array, n: number): number {
  let h = 0;
  for (let c = 0; c < counts.length; c++) {
    const p = counts[c] / n;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}
