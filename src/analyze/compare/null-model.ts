/**
 * The size-fair comparison: each statistic of a niche against R
 * degree-preserving randomizations of it, as a z-score
 * z = (observed − mean) / sd (sd with R − 1 degrees of freedom).
 *
 * Randomization r of a niche is seeded by `replicateSeed(seed, name, r)`, so
 * every replicate can run on any thread, in any order, and give the same
 * numbers; Louvain is re-run on each randomized graph (with that seed) for
 * the modularity.
 */
import type { CsrIndex } from "../csr.ts";
import { createRng } from "../rng.ts";
import { graphSummary } from "../summary.ts";
import { louvainOnIndex } from "./communities.ts";
import { comparePagerank, gini, topShare } from "./leadership.ts";
import { randomizeIndex, SWAPS_PER_EDGE } from "./randomize.ts";
import type { NicheProfile, NullModelResult, NullSample, ZMetric, ZScore } from "./types.ts";

export const Z_METRICS: readonly ZMetric[] = Object.freeze([
  "modularity",
  "averageClustering",
  "reciprocity",
  "assortativity",
  "gini",
  "top1Share",
]);

export interface NullOptions {
  /** Attempted swaps per edge. Default `SWAPS_PER_EDGE` (10). */
  swapsPerEdge?: number;
  /** Louvain resolution. Default `1`. */
  resolution?: number;
}

/** Seed of randomization `r` of the niche `name` under the run seed `seed` (32-bit). */
export function replicateSeed(seed: number, name: string, r: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.trunc(seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = (h + Math.imul(r + 1, 0x9e3779b9)) | 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The statistics of one randomization of `index`, seeded by `seed`. */
export function nullSample(index: CsrIndex, seed: number, options: NullOptions = {}): NullSample {
  const swapsPerEdge = options.swapsPerEdge ?? SWAPS_PER_EDGE;
  const { index: random, swaps, attempts } = randomizeIndex(index, createRng(seed), swapsPerEdge);
  return sampleOf(random, seed, options.resolution ?? 1, attempts === 0 ? 0 : swaps / attempts);
}

/** The null-model statistics of an index (also used for the observed graph's own). */
export function sampleOf(index: CsrIndex, louvainSeed: number, resolution: number, swapRate: number): NullSample {
  const summary = graphSummary(index);
  const pr = comparePagerank(index);
  return {
    modularity: louvainOnIndex(index, louvainSeed, resolution).modularity,
    averageClustering: summary.averageClustering,
    reciprocity: summary.reciprocity,
    assortativity: summary.assortativity,
    gini: gini(pr),
    top1Share: topShare(pr, Math.ceil(index.order / 100)),
    swapRate,
  };
}

/** The observed values of the z-score metrics in a profile. */
export function observedValues(profile: NicheProfile): Record<ZMetric, number | null> {
  return {
    modularity: profile.communities.modularity,
    averageClustering: profile.shape.averageClustering,
    reciprocity: profile.size.reciprocity,
    assortativity: profile.shape.assortativity.outIn,
    gini: profile.leadership.gini,
    top1Share: profile.leadership.top1Share,
  };
}

/** z-score of `observed` against `samples` (mean, sample sd). */
export function zScore(observed: number | null, samples: readonly (number | null)[]): ZScore {
  if (samples.length === 0 || samples.some((s) => s === null)) return { observed, mean: null, sd: null, z: null };
  const xs = samples as number[];
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : null;
  const z = observed === null || sd === null || !(sd > 0) ? null : (observed - mean) / sd;
  return { observed, mean, sd, z };
}

/** Collects the samples of a niche (in replicate order) into z-scores. */
export function nullModelResult(
  observed: Record<ZMetric, number | null>,
  samples: NullSample[],
  seed: number,
  swapsPerEdge = SWAPS_PER_EDGE,
): NullModelResult {
  const scores = {} as Record<ZMetric, ZScore>;
  for (const metric of Z_METRICS) scores[metric] = zScore(observed[metric], samples.map((s) => s[metric]));
  return { replicates: samples.length, seed, swapsPerEdge, scores, samples };
}

/**
 * Every randomization of one niche on this thread (the CLI spreads them over
 * worker threads instead, with the same seeds and so the same result).
 */
export function nullModel(
  index: CsrIndex,
  name: string,
  observed: Record<ZMetric, number | null>,
  replicates: number,
  seed: number,
  options: NullOptions = {},
  onReplicate?: (done: number) => void,
): NullModelResult {
  const samples: NullSample[] = [];
  for (let r = 0; r < replicates; r++) {
    samples.push(nullSample(index, replicateSeed(seed, name, r), options));
    onReplicate?.(r + 1);
  }
  return nullModelResult(observed, samples, seed, options.swapsPerEdge ?? SWAPS_PER_EDGE);
}
