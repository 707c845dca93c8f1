/**
 * Public API of `src/analyze/compare`: structural profiles of niches, their
 * overlap, and z-scores against degree-preserving randomizations.
 * Browser-safe (no Node imports).
 */
export type * from "./types.ts";
export { degreeDistribution, fitPowerLaw, hurwitzZeta, quantileSorted, POWER_LAW_MIN_TAIL } from "./degree-distribution.ts";
export { assortativityPairs, degreeAssortativity, shapeProfile, sizeProfile, type DegreeKind } from "./structure.ts";
export { communityProfile, louvainOnIndex } from "./communities.ts";
export {
  bridgeShare,
  comparePagerank,
  COMPARE_PAGERANK,
  gini,
  leadersOutsideInShare,
  leadershipProfile,
  LORENZ_POINTS,
  lorenzCurve,
  topByScore,
  topShare,
} from "./leadership.ts";
export { randomizeIndex, SWAPS_PER_EDGE, type Randomized } from "./randomize.ts";
export {
  nullModel,
  nullModelResult,
  nullSample,
  observedValues,
  replicateSeed,
  sampleOf,
  zScore,
  Z_METRICS,
  type NullOptions,
} from "./null-model.ts";
export { groupByValue, inducedSubindex, platformOf, type NodeGroup } from "./niches.ts";
export { nicheIndex, profileNiche, PROFILE_DEFAULTS, type NicheInput, type ProfileOptions } from "./profile.ts";
export { nicheOverlap, samePlatform } from "./overlap.ts";
export { compareNiches, COMPARE_DEFAULTS, type CompareOptions } from "./compare.ts";
