/**
 * `compareNiches`: profiles, overlaps and (optionally) null models of several
 * niches on one thread. The CLI does the same with the randomizations spread
 * over worker threads (`nullSample` with `replicateSeed`), with equal results.
 */
import { nullModel, observedValues } from "./null-model.ts";
import { nicheOverlap, samePlatform } from "./overlap.ts";
import { profileNiche, type NicheInput } from "./profile.ts";
import { SWAPS_PER_EDGE } from "./randomize.ts";
import type { CompareParams, NicheComparison, NicheOverlap, NicheProfile, NullModelResult } from "./types.ts";

export interface CompareOptions {
  /** Seed of Louvain and of the randomizations. Default `0`. */
  seed?: number;
  /** Randomizations per niche (0: no z-scores). Default `0`. */
  replicates?: number;
  /** Attempted swaps per edge. Default `10`. */
  swapsPerEdge?: number;
  /** Leaders per niche. Default `10`. */
  top?: number;
  /** Louvain resolution. Default `1`. */
  resolution?: number;
}

export const COMPARE_DEFAULTS: Readonly<Required<CompareOptions>> = Object.freeze({
  seed: 0,
  replicates: 0,
  swapsPerEdge: SWAPS_PER_EDGE,
  top: 10,
  resolution: 1,
});

/** Overlaps of every pair of niches on the same platform. */
export function overlapsOf(niches: readonly { profile: NicheProfile; keys: readonly string[] }[]): NicheOverlap[] {
  const out: NicheOverlap[] = [];
  for (let i = 0; i < niches.length; i++) {
    for (let j = i + 1; j < niches.length; j++) {
      const a = niches[i];
      const b = niches[j];
      if (!samePlatform(a.profile, b.profile)) continue;
      out.push(
        nicheOverlap(
          { name: a.profile.name, keys: a.keys, leaders: a.profile.leadership.leaders },
          { name: b.profile.name, keys: b.keys, leaders: b.profile.leadership.leaders },
        ),
      );
    }
  }
  return out;
}

/** Profiles every niche, their overlaps, and their z-scores when `replicates` > 0. */
export function compareNiches(niches: readonly NicheInput[], options: CompareOptions = {}): NicheComparison {
  const o: Required<CompareOptions> = { ...COMPARE_DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  const params: CompareParams = { seed: o.seed, replicates: o.replicates, swapsPerEdge: o.swapsPerEdge, top: o.top, resolution: o.resolution };
  const profiled = niches.map((niche) => ({ niche, profile: profileNiche(niche, o).profile }));
  const withNull = profiled.map(({ niche, profile }) => {
    const nullResult: NullModelResult | null =
      o.replicates > 0
        ? nullModel(niche.index, niche.name, observedValues(profile), o.replicates, o.seed, {
            swapsPerEdge: o.swapsPerEdge,
            resolution: o.resolution,
          })
        : null;
    return { ...profile, nullModel: nullResult };
  });
  const overlaps = overlapsOf(profiled.map(({ niche, profile }) => ({ profile, keys: niche.index.keys })));
  return { niches: withNull, overlaps, params };
}
