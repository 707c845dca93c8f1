/**
 * The random inputs of the leader layer, exported for the Python reference
 * (scripts/reference/leaders.py):
 *
 *   node --import tsx scripts/reference/leaders-inputs.ts [karate]
 *
 * Writes test/fixtures/reference/leaders/<graph>.inputs.json with
 *
 * - the graph as the engine indexes it: node keys in index order and the
 *   edges (node indices, an undirected edge once, in the order the bootstrap
 *   draws them) with their weights;
 * - the consensus clustering's first-round runs (`consensusRun`, seeds
 *   seed … seed+R−1) and the consensus partition they lead to
 *   (`combineConsensus`): the partition every leader figure is computed on;
 *   and runs with the same seeds at finer resolutions, for the stability;
 * - the bootstrap's replicate weight vectors: for replicate b, each edge's
 *   weight × its Poisson(1) count (0 = not drawn), read off `resampleEdges`.
 *
 * Only draws are exported, no figure the reference checks: the Python side
 * recomputes the scores, ranks, Borda composite, intervals, stability and
 * roles from these inputs on its own.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { csrFromGraph, type CsrIndex } from "../../src/analyze/csr.ts";
import { combineConsensus, consensusRun, consensusSeeds, resolveConsensusOptions } from "../../src/analyze/communities/consensus.ts";
import { undirectedView } from "../../src/analyze/communities/louvain.ts";
import { BOOTSTRAP_DEFAULTS, resampleEdges } from "../../src/analyze/leaders/bootstrap.ts";
import { readGraph } from "../../src/graph/read.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const OUT = join(ROOT, "test", "fixtures", "reference", "leaders");

/** The graphs exported, with the settings of their runs. */
export const LEADER_INPUTS = Object.freeze({
  karate: {
    file: "data/karate/karate_club.gml",
    consensus: { runs: 10, seed: 0 },
    finer: [2, 3],
    bootstrap: { replicates: 100, seed: 0 },
  },
});
export type LeaderInputsName = keyof typeof LEADER_INPUTS;

export interface LeaderInputs {
  graph: string;
  file: string;
  directed: boolean;
  keys: string[];
  /** [source, target, weight] by node index; an undirected edge once (source ≤ target). */
  edges: [number, number, number][];
  consensus: {
    algorithm: string;
    runs: number;
    seed: number;
    threshold: number;
    resolution: number;
    seeds: number[];
    /** The R first-round runs (community ids by node index). */
    partitions: number[][];
    /** The consensus partition (ids 0..count−1, by decreasing size). */
    membership: number[];
    count: number;
    /**
     * Runs of the same algorithm and seeds at finer resolutions: their
     * communities split the consensus ones, so that the stability of the
     * consensus partition against them spans 0 to 1 (some communities hold no
     * majority in a run).
     */
    finer: { resolution: number; partitions: number[][] }[];
  };
  bootstrap: {
    replicates: number;
    seed: number;
    top: number;
    level: number;
    maxWidth: number;
    methods: string[];
    /** weights[b][e]: weight of edge e in replicate b (its weight × its Poisson count; 0 when not drawn). */
    weights: number[][];
  };
}

/** Edges of `index` in the bootstrap's drawing order: by source, then target; an undirected edge once. */
export function indexEdges(index: CsrIndex): [number, number, number][] {
  const edges: [number, number, number][] = [];
  for (let u = 0; u < index.order; u++) {
    for (let p = index.outOffsets[u], end = index.outOffsets[u + 1]; p < end; p++) {
      const v = index.outNeighbors[p];
      if (!index.directed && v < u) continue;
      edges.push([u, v, index.outWeights[p]]);
    }
  }
  return edges;
}

/** Weight of every edge of `edges` in the resampled index (0 when the edge was not drawn). */
export function replicateWeights(edges: readonly (readonly [number, number, number])[], resampled: CsrIndex): number[] {
  return edges.map(([u, v]) => {
    for (let p = resampled.outOffsets[u], end = resampled.outOffsets[u + 1]; p < end; p++) {
      if (resampled.outNeighbors[p] === v) return resampled.outWeights[p];
    }
    return 0;
  });
}

export async function leaderIndex(name: LeaderInputsName): Promise<CsrIndex> {
  const file = LEADER_INPUTS[name].file;
  return csrFromGraph(await readGraph(file, new Uint8Array(readFileSync(join(ROOT, file)))));
}

export async function leaderInputs(name: LeaderInputsName): Promise<LeaderInputs> {
  const settings = LEADER_INPUTS[name];
  const index = await leaderIndex(name);
  const options = resolveConsensusOptions(settings.consensus);
  const view = undirectedView(index);
  const seeds = consensusSeeds(options, 0);
  const partitions = seeds.map((s) => consensusRun(view, s, options));
  const consensus = combineConsensus(view, partitions, options);
  const membership = consensus.membership;
  const edges = indexEdges(index);
  const B = settings.bootstrap.replicates;
  const weights: number[][] = [];
  for (let b = 0; b < B; b++) weights.push(replicateWeights(edges, resampleEdges(index, settings.bootstrap.seed, b)));
  return {
    graph: name,
    file: settings.file,
    directed: index.directed,
    keys: [...index.keys],
    edges,
    consensus: {
      algorithm: options.algorithm,
      runs: options.runs,
      seed: options.seed,
      threshold: options.threshold,
      resolution: options.resolution,
      seeds,
      partitions: partitions.map((p) => Array.from(p)),
      membership: Array.from(membership),
      count: consensus.count,
      finer: settings.finer.map((resolution) => ({
        resolution,
        partitions: seeds.map((s) => Array.from(consensusRun(view, s, { ...options, resolution }))),
      })),
    },
    bootstrap: {
      replicates: B,
      seed: settings.bootstrap.seed,
      top: BOOTSTRAP_DEFAULTS.top,
      level: BOOTSTRAP_DEFAULTS.level,
      maxWidth: BOOTSTRAP_DEFAULTS.maxWidth,
      methods: [...BOOTSTRAP_DEFAULTS.methods],
      weights,
    },
  };
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  mkdirSync(OUT, { recursive: true });
  for (const name of names.length > 0 ? names : Object.keys(LEADER_INPUTS)) {
    if (!Object.prototype.hasOwnProperty.call(LEADER_INPUTS, name)) throw new Error(`unknown graph ${name}; choose among ${Object.keys(LEADER_INPUTS).join(", ")}`);
    const inputs = await leaderInputs(name as LeaderInputsName);
    const path = join(OUT, `${name}.inputs.json`);
    writeFileSync(path, JSON.stringify(inputs) + "\n");
    console.log(`${path}: ${inputs.keys.length} nodes, ${inputs.edges.length} edges, ${inputs.consensus.count} communities, ${inputs.bootstrap.replicates} replicates`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
