/**
 * The leader stages: the spreader scores the composite aggregates, the
 * leaders of each community, their bootstrap rank intervals, and the bridges.
 */
import type { LeaderMetric } from "../atlas.ts";
import type { CsrIndex } from "../csr.ts";
import { undirectedView } from "../communities/louvain.ts";
import { communityPagerank, rankLeaders, selectBridges } from "../leaders/index.ts";
import { compositeScores, LEADER_SCORE_METHODS, leaderScores } from "../leaders/composite.ts";
import { BOOTSTRAP_DEFAULTS, combineBootstrap } from "../leaders/bootstrap.ts";
import { COLLECTIVE_INFLUENCE_DEFAULTS, computeCollectiveInfluence } from "../spreaders/collective-influence.ts";
import { pagerankOptions } from "./centrality.ts";
import { computed, type Stage, type StageContext } from "./stage.ts";

export const spreadersStage: Stage<"spreaders"> = {
  name: "spreaders",
  needs: ["communities", "hits"],
  run: (ctx) =>
    computed(() => {
      const { index, opts, warnings } = ctx;
      let methods: string[] = [...LEADER_SCORE_METHODS];
      if (ctx.get("hits") === null) {
        methods = methods.filter((m) => m !== "authority");
        warnings.push("composite leader score without HITS authority (HITS did not converge)");
      }
      const methodScores = leaderScores(index, ctx.get("communities").membership, methods);
      const ciWork = squaredDegreeSum(index);
      let ci: Float64Array | null = null;
      if (ciWork <= opts.collectiveInfluenceMaxWork) {
        ci = computeCollectiveInfluence(index, { radius: COLLECTIVE_INFLUENCE_DEFAULTS.radius, maxRemovals: 0 }).initial;
      } else {
        warnings.push(`collective influence skipped: Σk² = ${ciWork} is above ${opts.collectiveInfluenceMaxWork}`);
      }
      return { methods, methodScores, ci };
    }),
  columns: (s) => ({
    leaderRankScore: { values: s.methodScores.leaderrank },
    voteRank: { values: s.methodScores.voterank },
    ...(s.ci !== null ? { collectiveInfluence: { values: s.ci } } : {}),
  }),
  params: (s) => ({
    spreaders: { voteRank: true, leaderRankScore: true, collectiveInfluence: s.ci !== null, radius: COLLECTIVE_INFLUENCE_DEFAULTS.radius },
  }),
};

/** Σ k² over the undirected simple view: the work of the radius-2 ball search of Collective Influence. */
function squaredDegreeSum(index: CsrIndex): number {
  const view = index.directed ? undirectedView(index) : index;
  let sum = 0;
  for (let u = 0; u < view.order; u++) {
    const k = view.outOffsets[u + 1] - view.outOffsets[u];
    sum += k * k;
  }
  return sum;
}

/** Every node score a leader ranking can use, by leader metric (`null`: not computed). */
function rankableScores(ctx: StageContext): Record<Exclude<LeaderMetric, "composite" | "communityPagerank">, Float64Array | null> {
  const degrees = ctx.get("degree");
  const hits = ctx.get("hits");
  const closeness = ctx.get("closeness");
  return {
    pagerank: ctx.get("pagerank"),
    authority: hits?.authorities ?? null,
    hub: hits?.hubs ?? null,
    inDegree: degrees.inDegree,
    outDegree: degrees.outDegree,
    inStrength: degrees.inStrength,
    outStrength: degrees.outStrength,
    eigenvector: ctx.get("eigenvector"),
    coreness: ctx.get("coreness"),
    betweenness: ctx.get("betweenness")?.values ?? null,
    closeness: closeness?.closeness ?? null,
    harmonic: closeness?.harmonic ?? null,
  };
}

export const leadersStage: Stage<"leaders"> = {
  name: "leaders",
  needs: ["communities", "spreaders", "degree", "pagerank", "hits", "eigenvector", "coreness", "betweenness", "closeness"],
  run: (ctx) =>
    computed(() => {
      const { index, opts } = ctx;
      const { membership, count } = ctx.get("communities");
      const spreaders = ctx.get("spreaders");
      const scores = rankableScores(ctx);
      const composite = compositeScores(index, membership, spreaders.methodScores, { methods: spreaders.methods, top: opts.top });
      let by: LeaderMetric = opts.by;
      if (by !== "composite" && by !== "communityPagerank" && scores[by] === null) {
        ctx.warnings.push(`leaders ranked by composite: ${by} was not computed`);
        by = "composite";
      }
      let ranks: number[][];
      let cpr: Float64Array;
      if (by === "composite") {
        ranks = composite.leaders;
        cpr = communityPagerank(index, membership, count, pagerankOptions(opts));
      } else {
        const available: Record<string, Float64Array> = {};
        for (const [name, arr] of Object.entries(scores)) if (arr !== null) available[name] = arr;
        const ranking = rankLeaders(index, membership, count, { by, top: opts.top, scores: available, pagerank: pagerankOptions(opts) });
        ranks = ranking.leaders;
        cpr = by === "communityPagerank" ? ranking.score : communityPagerank(index, membership, count, pagerankOptions(opts));
      }
      const leaderRank = new Int32Array(index.order);
      for (const list of ranks) for (let r = 0; r < list.length; r++) leaderRank[list[r]] = r + 1;
      return { by, communityPagerank: cpr, ranks, composite, leaderRank };
    }),
  columns(l) {
    const present = new Uint8Array(l.leaderRank.length);
    for (let i = 0; i < present.length; i++) present[i] = l.leaderRank[i] > 0 ? 1 : 0;
    return {
      communityPagerank: { values: l.communityPagerank },
      compositeScore: { values: l.composite.score },
      compositeRank: { values: l.composite.rank },
      leaderRank: { values: l.leaderRank, present },
    };
  },
  params: (l, ctx) => ({ top: ctx.opts.top, by: l.by, composite: { methods: ctx.get("spreaders").methods } }),
};

/** Bootstrap replicates: as asked, or with `"auto"` `BOOTSTRAP_DEFAULTS.replicates` up to the automatic size limit. */
function bootstrapReplicates(ctx: StageContext): number {
  const { opts, index } = ctx;
  if (opts.bootstrap !== "auto") return opts.bootstrap;
  return index.order <= opts.replicatesMaxNodes && index.size <= opts.bootstrapMaxEdges ? BOOTSTRAP_DEFAULTS.replicates : 0;
}

export const bootstrapStage: Stage<"bootstrap"> = {
  name: "bootstrap",
  needs: ["communities", "spreaders", "leaders"],
  detail: (ctx) => `${bootstrapReplicates(ctx)} replicates`,
  *run(ctx) {
    const { opts, index, warnings } = ctx;
    const B = bootstrapReplicates(ctx);
    if (opts.bootstrap === "auto" && B === 0) {
      warnings.push(
        `bootstrap rank intervals skipped: ${index.order} nodes and ${index.size} edges is above the automatic limit ` +
          `(${opts.replicatesMaxNodes} nodes, ${opts.bootstrapMaxEdges} edges); set bootstrap (--bootstrap 100) to run it`,
      );
    }
    // The bootstrap re-scores the leaders by the same ranking: the composite's methods, or the one method ranked by.
    const { by } = ctx.get("leaders");
    const methods: string[] | null =
      by === "composite" ? ctx.get("spreaders").methods : (LEADER_SCORE_METHODS as readonly string[]).includes(by) ? [by] : null;
    if (B > 0 && methods === null) {
      warnings.push(`bootstrap rank intervals skipped: leaders ranked by ${by}, which the bootstrap cannot re-score (use composite, communityPagerank, inDegree, coreness or authority)`);
    }
    if (B === 0 || methods === null) return { B, methods: [], intervals: null };
    const membership = ctx.get("communities").membership;
    const options = { replicates: B, seed: opts.seed, top: opts.top, methods, maxWidth: opts.bootstrapMaxWidth };
    const replicates = (yield {
      kind: "bootstrap",
      index,
      membership,
      replicates: Array.from({ length: B }, (_, b) => b),
      options,
      label: "bootstrap replicates",
    }) as Int32Array[];
    return { B, methods, intervals: combineBootstrap(index, membership, replicates, options).leaders };
  },
  columns(b, ctx) {
    if (b.intervals === null) return {};
    const n = ctx.index.order;
    const present = new Uint8Array(n);
    const low = new Int32Array(n);
    const high = new Int32Array(n);
    const unstable = new Uint8Array(n);
    for (const list of b.intervals) {
      for (const iv of list) {
        present[iv.node] = 1;
        low[iv.node] = iv.lower;
        high[iv.node] = iv.upper;
        unstable[iv.node] = iv.unstable ? 1 : 0;
      }
    }
    return { rankLow: { values: low, present }, rankHigh: { values: high, present }, unstableLeader: { values: unstable, present } };
  },
  params: (b, ctx) => ({
    bootstrap: {
      B: b.intervals !== null ? b.B : 0,
      seed: ctx.opts.seed,
      maxWidth: ctx.opts.bootstrapMaxWidth,
      level: BOOTSTRAP_DEFAULTS.level,
      methods: b.intervals !== null ? b.methods : [],
    },
  }),
};

export const bridgesStage: Stage<"bridges"> = {
  name: "bridges",
  needs: ["communities", "roles", "betweenness"],
  run: (ctx) =>
    computed(() => {
      const betweenness = ctx.get("betweenness");
      const participation = ctx.get("roles").participation;
      // Without betweenness, bridges are ranked by participation instead.
      if (betweenness === null) ctx.warnings.push("bridges ranked by participation (betweenness is off)");
      const rankBy = betweenness?.values ?? participation;
      return selectBridges(ctx.index, ctx.get("communities").membership, rankBy, participation, { top: ctx.opts.bridges }).map((b) => b.node);
    }),
};
