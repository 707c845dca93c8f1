/**
 * The centrality stages: degree, PageRank, HITS, eigenvector, coreness,
 * betweenness, closeness/harmonic, and the graph summary.
 */
import { AnalysisError } from "../../shared/errors.ts";
import { finiteOrNull, type AtlasSummary } from "../atlas.ts";
import type { CsrIndex } from "../csr.ts";
import { computeDegrees } from "../centrality/degree.ts";
import { computePagerank } from "../centrality/pagerank.ts";
import { computeHits } from "../centrality/hits.ts";
import { computeEigenvector } from "../centrality/eigenvector.ts";
import { computeCoreness } from "../centrality/coreness.ts";
import { finishBetweenness, planBetweenness } from "../centrality/betweenness.ts";
import { computeBetweennessRk } from "../centrality/betweenness-rk.ts";
import { computeCloseness, PATH_METRICS_MAX_WORK, pathMetricsFeasible } from "../centrality/closeness.ts";
import { computeHarmonic } from "../centrality/harmonic.ts";
import { graphSummary } from "../summary.ts";
import { computed, type BetweennessOutcome, type ResolvedAnalyzeOptions, type Stage, type StageContext } from "./stage.ts";

/** Options of the power iterations (PageRank, HITS, eigenvector) as the pipeline runs them. */
export function powerIterationOptions(opts: ResolvedAnalyzeOptions): { tolerance: number; maxIterations: number } {
  return { tolerance: opts.tolerance, maxIterations: opts.maxIterations };
}

/** Options of PageRank (global and inside each community) as the pipeline runs it. */
export function pagerankOptions(opts: ResolvedAnalyzeOptions): { alpha: number; tolerance: number; maxIterations: number } {
  return { alpha: opts.alpha, ...powerIterationOptions(opts) };
}

export const degreeStage: Stage<"degree"> = {
  name: "degree",
  needs: [],
  run: (ctx) => computed(() => computeDegrees(ctx.index)),
  columns: (d) => ({
    inDegree: { values: d.inDegree },
    outDegree: { values: d.outDegree },
    inStrength: { values: d.inStrength },
    outStrength: { values: d.outStrength },
  }),
};

export const pagerankStage: Stage<"pagerank"> = {
  name: "pagerank",
  needs: [],
  run: (ctx) => computed(() => computePagerank(ctx.index, pagerankOptions(ctx.opts))),
  columns: (pagerank) => ({ pagerank: { values: pagerank } }),
  params: (_out, ctx) => ({ pagerank: { alpha: ctx.opts.alpha } }),
};

export const hitsStage: Stage<"hits"> = {
  name: "hits",
  needs: [],
  run: (ctx) => computed(() => tryMetric("HITS", ctx.warnings, () => computeHits(ctx.index, powerIterationOptions(ctx.opts)))),
  columns: (hits) => ({ authority: { values: hits?.authorities ?? null }, hub: { values: hits?.hubs ?? null } }),
};

export const eigenvectorStage: Stage<"eigenvector"> = {
  name: "eigenvector",
  needs: [],
  run: (ctx) =>
    computed(() =>
      tryMetric("eigenvector centrality", ctx.warnings, () => computeEigenvector(ctx.index, powerIterationOptions(ctx.opts))),
    ),
  columns: (eigenvector) => ({ eigenvector: { values: eigenvector } }),
  params: (eigenvector) => ({ eigenvector: { converged: eigenvector !== null } }),
};

export const corenessStage: Stage<"coreness"> = {
  name: "coreness",
  needs: [],
  run: (ctx) => computed(() => computeCoreness(ctx.index)),
  columns: (coreness) => ({ coreness: { values: coreness } }),
};

type BetweennessMode = "exact" | "approx" | "pairs" | "off";

/** What betweenness runs: `off`, sampled pairs when ε is set, else exact below the size limit or sampled sources. */
function betweennessMode(ctx: StageContext): BetweennessMode {
  const { opts, index } = ctx;
  if (opts.betweenness === "off") return "off";
  if (opts.betweennessEpsilon !== null) return "pairs";
  if (opts.betweenness === "auto") return index.order < opts.exactBetweennessMaxNodes ? "exact" : "approx";
  return opts.betweenness;
}

export const betweennessStage: Stage<"betweenness"> = {
  name: "betweenness",
  needs: [],
  detail(ctx) {
    const mode = betweennessMode(ctx);
    const { opts } = ctx;
    if (mode === "approx") return `approx, ${Math.min(opts.samples, ctx.index.order)} samples`;
    if (mode === "pairs") return `sampled pairs, ε ${opts.betweennessEpsilon}, δ ${opts.betweennessDelta}`;
    return mode;
  },
  *run(ctx) {
    const mode = betweennessMode(ctx);
    const { opts, index } = ctx;
    if (mode === "off") return null;
    if (mode === "pairs") return pairBetweenness(index, opts.betweennessEpsilon as number, opts.betweennessDelta, opts.seed, ctx.warnings);
    // The sources' jobs go to the executor (worker threads in the CLI); the sum does not depend on who ran them.
    const plan = planBetweenness(index, {
      mode: opts.betweenness === "auto" ? "auto" : mode,
      exactThreshold: opts.exactBetweennessMaxNodes,
      samples: opts.samples,
      seed: opts.seed,
    });
    const parts = (yield { kind: "betweenness", index, jobs: plan.jobs, weighted: plan.weighted, label: "betweenness sources" }) as Float64Array[];
    return finishBetweenness(plan, parts);
  },
  columns: (b) => ({ betweenness: { values: b?.values ?? null } }),
  params: (b, ctx) => ({
    betweenness: {
      requested: ctx.opts.betweenness,
      mode: b?.mode ?? "off",
      samples: b?.samples ?? 0,
      weighted: b?.weighted ?? false,
      ...(b !== null && b.mode === "pairs" ? { epsilon: b.epsilon, delta: b.delta, vertexDiameterBound: b.vertexDiameterBound } : {}),
      exactMaxNodes: ctx.opts.exactBetweennessMaxNodes,
    },
  }),
};

/**
 * Betweenness from sampled node pairs with the Riondato–Kornaropoulos
 * guarantee (every node within ε of its normalized betweenness with
 * probability 1 − δ), on networkx's `normalized=True` scale: the estimate of
 * Σ over ordered pairs / n(n−1) times n/(n−2), so the bound there is ε·n/(n−2).
 * Hop counts only: a weighted index gets a warning.
 */
function pairBetweenness(index: CsrIndex, epsilon: number, delta: number, seed: number, warnings: string[]): BetweennessOutcome {
  const rk = computeBetweennessRk(index, { epsilon, delta, seed });
  const n = index.order;
  const scale = n > 2 ? n / (n - 2) : 1;
  const values = rk.values;
  for (let i = 0; i < n; i++) values[i] *= scale;
  let weighted = false;
  for (let p = 0; p < index.outWeights.length && !weighted; p++) if (index.outWeights[p] !== 1) weighted = true;
  if (weighted) warnings.push("betweenness from sampled pairs counts hops: the edge weights were not used");
  return { values, mode: "pairs", samples: rk.samples, weighted: false, epsilon: rk.epsilon, delta: rk.delta, vertexDiameterBound: rk.vertexDiameterBound };
}

export const closenessStage: Stage<"closeness"> = {
  name: "closeness",
  needs: [],
  run: (ctx) =>
    computed(() => {
      const { index, opts } = ctx;
      if (index.order <= opts.closenessMaxNodes && pathMetricsFeasible(index)) {
        return { closeness: computeCloseness(index), harmonic: computeHarmonic(index) };
      }
      ctx.warnings.push(
        `closeness and harmonic centrality skipped: ${index.order} nodes and ${index.size} edges is above the size limit ` +
          `(${opts.closenessMaxNodes} nodes, ${PATH_METRICS_MAX_WORK} edge visits)`,
      );
      return null;
    }),
  columns: (c) => ({ closeness: { values: c?.closeness ?? null }, harmonic: { values: c?.harmonic ?? null } }),
  params: (c, ctx) => ({ closeness: { computed: c !== null, maxNodes: ctx.opts.closenessMaxNodes } }),
};

export const summaryStage: Stage<"summary"> = {
  name: "summary",
  needs: [],
  run: (ctx) => computed(() => sanitizeSummary(graphSummary(ctx.index))),
};

/** Runs a metric that may not converge: an `AnalysisError` becomes a warning and `null`. */
function tryMetric<T>(name: string, warnings: string[], fn: () => T): T | null {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AnalysisError) {
      warnings.push(`${name} not computed: ${error.message}`);
      return null;
    }
    throw error;
  }
}

function sanitizeSummary(s: Record<string, unknown> | AtlasSummary): AtlasSummary {
  const r = s as Record<string, unknown>;
  const num = (k: string): number => finiteOrNull(r[k]) ?? 0;
  return {
    nodes: num("nodes"),
    edges: num("edges"),
    selfLoops: num("selfLoops"),
    directed: Boolean(r.directed),
    density: num("density"),
    reciprocity: finiteOrNull(r.reciprocity),
    weakComponents: num("weakComponents"),
    strongComponents: num("strongComponents"),
    largestWeakShare: num("largestWeakShare"),
    averageClustering: num("averageClustering"),
    assortativity: finiteOrNull(r.assortativity),
  };
}
