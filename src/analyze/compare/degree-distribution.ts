/**
 * Degree distributions and their tails: quantiles, the complementary CDF,
 * and a discrete power-law fit of the tail.
 *
 * Power law (Clauset, Shalizi & Newman, "Power-law distributions in empirical
 * data", SIAM Review 51, 2009): for each candidate xmin (every distinct degree
 * with at least `POWER_LAW_MIN_TAIL` nodes at or above it), α is the
 * approximate discrete MLE of their eq. (3.7),
 *   α = 1 + n / Σ ln(x_i / (xmin − ½)),
 * and the Kolmogorov–Smirnov distance D = sup_{k ≥ xmin} |S(k) − P(k)| is
 * taken between the tail's empirical CDF S and the fitted discrete CDF
 * P(k) = 1 − ζ(α, k+1)/ζ(α, xmin) (ζ the Hurwitz zeta function), over every
 * integer k from xmin to the largest degree. The xmin with the smallest D
 * wins (ties: the smaller xmin).
 */
import type { DegreeDistribution, PowerLawFit } from "./types.ts";

/** Fewest tail nodes (degree ≥ xmin) a candidate xmin needs. */
export const POWER_LAW_MIN_TAIL = 10;

// Bernoulli numbers B_2j / (2j)! for the Euler–Maclaurin tail of the Hurwitz zeta.
const EM_COEFFS = [
  1 / 6 / 2,
  -1 / 30 / 24,
  1 / 42 / 720,
  -1 / 30 / 40320,
  5 / 66 / 3628800,
  -691 / 2730 / 479001600,
  7 / 6 / 87178291200,
];
const EM_TERMS = 10;

/** Hurwitz zeta ζ(s, q) = Σ_{k≥0} (q + k)^−s for s > 1, q > 0 (Euler–Maclaurin, ~1e-15 relative). */
export function hurwitzZeta(s: number, q: number): number {
  if (!(s > 1) || !(q > 0)) return NaN;
  let sum = 0;
  for (let k = 0; k < EM_TERMS; k++) sum += Math.pow(q + k, -s);
  const a = q + EM_TERMS;
  sum += Math.pow(a, 1 - s) / (s - 1) + Math.pow(a, -s) / 2;
  // Σ_j B_2j/(2j)! · s(s+1)…(s+2j−2) · a^(−s−2j+1)
  let rising = s; // s(s+1)…(s+2j−2)
  let power = Math.pow(a, -s - 1);
  const inv2 = 1 / (a * a);
  for (let j = 0; j < EM_COEFFS.length; j++) {
    sum += EM_COEFFS[j] * rising * power;
    rising *= (s + 2 * j + 1) * (s + 2 * j + 2);
    power *= inv2;
  }
  return sum;
}

/** Quantile of sorted values, as numpy's default (linear interpolation between closest ranks). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Fit of the tail of integer values (those ≥ 1 are used), or `null` when too few. */
export function fitPowerLaw(values: ArrayLike<number>, minTail = POWER_LAW_MIN_TAIL): PowerLawFit | null {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] >= 1) xs.push(values[i]);
  const n = xs.length;
  if (n < minTail) return null;
  const x = Float64Array.from(xs).sort();
  // suffixLog[i] = Σ_{j ≥ i} ln x_j
  const suffixLog = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) suffixLog[i] = suffixLog[i + 1] + Math.log(x[i]);
  const max = x[n - 1];
  let best: PowerLawFit | null = null;
  for (let start = 0; start < n; start++) {
    if (start > 0 && x[start] === x[start - 1]) continue;
    const tail = n - start;
    if (tail < minTail) break;
    const xmin = x[start];
    const alpha = 1 + tail / (suffixLog[start] - tail * Math.log(xmin - 0.5));
    const z0 = hurwitzZeta(alpha, xmin);
    // Walk k = xmin..max: remaining = ζ(α, k+1), count = #{x_i ≤ k} in the tail.
    let remaining = z0;
    let p = start;
    let d = 0;
    for (let k = xmin; k <= max; k++) {
      remaining -= Math.pow(k, -alpha);
      while (p < n && x[p] <= k) p++;
      const empirical = (p - start) / tail;
      const model = 1 - remaining / z0;
      const diff = Math.abs(empirical - model);
      if (diff > d) d = diff;
    }
    if (best === null || d < best.ks) best = { alpha, xmin, tail, ks: d };
  }
  return best;
}

/** Distribution summary of one degree sequence (`degrees` of every node). */
export function degreeDistribution(degrees: ArrayLike<number>): DegreeDistribution {
  const n = degrees.length;
  const sorted = Float64Array.from(degrees as ArrayLike<number>).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const k: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < n; ) {
    const v = sorted[i];
    let j = i;
    while (j < n && sorted[j] === v) j++;
    if (v >= 1) {
      k.push(v);
      p.push((n - i) / n);
    }
    i = j;
  }
  return {
    mean: n === 0 ? 0 : sum / n,
    max: n === 0 ? 0 : sorted[n - 1],
    quantiles: { p50: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9), p99: quantileSorted(sorted, 0.99) },
    ccdf: { k, p },
    powerLaw: fitPowerLaw(sorted),
  };
}
