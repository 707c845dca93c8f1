/** Public API of `src/analyze/evaluate`: SIR spreading simulations and rank agreement. */
export { epidemicThreshold, spreadGraph, spreadingPower, type SirOptions, type SpreadDirection, type SpreadGraph } from "./sir.ts";
export { kendallTau, topK, topKOverlap } from "./kendall.ts";
export { compareToSpreading, sampleNodes, type MethodEvaluation } from "./compare.ts";
