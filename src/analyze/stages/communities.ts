/**
 * The community stages: the partition (one Leiden or Louvain run, or the
 * consensus of several), the statistics of each community, and the
 * Guimerà–Amaral roles.
 */
import { AnalysisError } from "../../shared/errors.ts";
import type { CsrIndex } from "../csr.ts";
import { louvainCommunities, louvainIndexCommunities } from "../communities/louvain.ts";
import { leidenCommunities } from "../communities/leiden.ts";
import { CONSENSUS_DEFAULTS } from "../communities/consensus.ts";
import { disconnectedCommunities } from "../communities/connectivity.ts";
import { modularity as modularityOf } from "../communities/modularity.ts";
import { communityStats } from "../communities/stats.ts";
import { nodeRoles } from "../leaders/roles.ts";
import { consensusPartition } from "../consensus-steps.ts";
import { computed, type CommunitiesOutcome, type Stage, type StageContext } from "./stage.ts";

/**
 * Leiden iterations of a single run: 2 (igraph's default) up to
 * `LEIDEN_ONE_ITERATION_EDGES` edges, 1 above, where the second iteration
 * doubles the time for about 4% more modularity (100k nodes / 1M edges:
 * 0.2405 in 1.7–2.6 s against 0.2498 in 2.7–3.9 s; graphology's Louvain 0.2348
 * in 2.5–3.1 s).
 */
export const LEIDEN_ONE_ITERATION_EDGES = 200_000;

function leidenIterations(index: CsrIndex): number {
  return index.size > LEIDEN_ONE_ITERATION_EDGES ? 1 : 2;
}

/** Consensus runs: as asked, or with `"auto"` `CONSENSUS_DEFAULTS.runs` up to `replicatesMaxNodes` (none with directed modularity). */
function consensusRuns(ctx: StageContext): number {
  const { opts, index } = ctx;
  if (opts.consensus !== "auto") return opts.consensus;
  return index.order <= opts.replicatesMaxNodes && !opts.directedModularity ? CONSENSUS_DEFAULTS.runs : 0;
}

export const communitiesStage: Stage<"communities"> = {
  name: "communities",
  needs: [],
  detail(ctx) {
    const runs = consensusRuns(ctx);
    return runs > 0 ? `${ctx.opts.communities}, consensus of ${runs} runs` : ctx.opts.communities;
  },
  *run(ctx) {
    const { opts, index, graph, warnings } = ctx;
    const algorithm = opts.communities;
    const runs = consensusRuns(ctx);
    if (opts.consensus === "auto" && runs === 0 && index.order > opts.replicatesMaxNodes) {
      warnings.push(`consensus clustering skipped: ${index.order} nodes is above ${opts.replicatesMaxNodes} (set consensus to run it)`);
    }
    let partition: Omit<CommunitiesOutcome, "disconnected">;
    if (runs > 0) {
      const consensus = yield* consensusPartition(index, { algorithm, runs, seed: opts.seed, resolution: opts.resolution });
      if (!consensus.converged) {
        warnings.push(`consensus clustering did not converge in ${consensus.rounds} rounds; the best partition of the last round is used`);
      }
      const { membership, count } = consensus;
      const modularity = modularityOf(index, membership, { resolution: opts.resolution, directed: false });
      partition = { algorithm, membership, count, modularity, runs, consensus };
    } else if (algorithm === "leiden") {
      const iterations = leidenIterations(index);
      const { membership, count, modularity } = leidenCommunities(index, { seed: opts.seed, resolution: opts.resolution, iterations });
      partition = { algorithm, membership, count, modularity, runs, consensus: null, leidenIterations: iterations };
    } else if (graph === null) {
      if (opts.directedModularity) {
        throw new AnalysisError("analyze/pipeline: directed modularity needs the graph; call analyzeGraph with it (the CLI does), or drop directedModularity.");
      }
      const { membership, count, modularity } = louvainIndexCommunities(index, { resolution: opts.resolution, seed: opts.seed });
      partition = { algorithm, membership, count, modularity, runs, consensus: null };
    } else {
      const { membership, count, modularity } = louvainCommunities(graph, {
        resolution: opts.resolution,
        seed: opts.seed,
        directed: opts.directedModularity,
        getEdgeWeight: ctx.weight,
        // Louvain derives the undirected view from this index when it needs it.
        index,
      });
      partition = { algorithm, membership, count, modularity, runs, consensus: null };
    }
    const disconnected = disconnectedCommunities(index, partition.membership);
    if (disconnected > 0) warnings.push(`${disconnected} ${algorithm} communities are not connected`);
    return { ...partition, disconnected };
  },
  columns: (c) => ({
    community: { values: c.membership },
    ...(c.consensus !== null ? { stability: { values: c.consensus.nodeStability } } : {}),
  }),
  params: (c, ctx) => ({
    resolution: ctx.opts.resolution,
    directedModularity: ctx.opts.directedModularity,
    communities: c.algorithm,
    ...(c.leidenIterations !== undefined ? { leidenIterations: c.leidenIterations } : {}),
    consensus: {
      runs: c.runs,
      threshold: c.consensus !== null ? CONSENSUS_DEFAULTS.threshold : 0,
      rounds: c.consensus?.rounds ?? 0,
      converged: c.consensus?.converged ?? false,
    },
  }),
};

export const communityStatsStage: Stage<"community stats"> = {
  name: "community stats",
  needs: ["communities"],
  run: (ctx) =>
    computed(() => {
      const { membership, count } = ctx.get("communities");
      return communityStats(ctx.index, membership, count, { resolution: ctx.opts.resolution, directed: ctx.opts.directedModularity });
    }),
};

export const rolesStage: Stage<"roles"> = {
  name: "roles",
  needs: ["communities"],
  run: (ctx) => computed(() => nodeRoles(ctx.index, ctx.get("communities").membership)),
  columns: (roles) => ({
    participation: { values: roles.participation },
    withinModuleZ: { values: roles.z },
    role: { values: roles.role },
    roleName: { values: Array.from(roles.role, (r) => roles.roleName(r)) },
  }),
};
