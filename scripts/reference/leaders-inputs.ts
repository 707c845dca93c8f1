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
 * - the bootstrap's replicate weight vectors, as each edge's Poisson(1) count
 *   in replicate b (its weight there = weight × count; 0 = not drawn), read
 *   off `resampleEdges`.
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
import type { AtlasGraph } from "../../src/graph/model.ts";
import { readGraph } from "../../src/graph/read.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const OUT = join(ROOT, "test", "fixtures", "reference", "leaders");

/**
 * The graphs exported, with the settings of their runs: the karate club
 * (undirected, unweighted) and the Congress network's subgraph induced by its
 * first `nodes` nodes in index order (directed, weighted).
 */
export const LEADER_INPUTS = Object.freeze({
  karate: {
    file: "data/karate/karate_club.gml",
    source: "karate",
    nodes: null,
    consensus: { runs: 10, seed: 0 },
    finer: [2, 3],
    bootstrap: { replicates: 100, seed: 0 },
  },
  congress30: {
    file: "data/congress_twitter/congress.edgelist",
    source: "congress",
    nodes: 30,
    consensus: { runs: 10, seed: 0 },
    finer: [2, 3],
    bootstrap: { replicates: 100, seed: 0 },
  },
});
export type LeaderInputsName = keyof typeof LEADER_INPUTS;

export interface LeaderInputs {
  graph: string;
  file: string;
  /** The reference graph read (scripts/reference/load.py's name) and, if a subgraph, how many of its first nodes. */
  source: string;
  nodes: number | null;
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
    /**
     * counts[b]: one digit an edge, the Poisson count K of edge e in replicate
     * b; the edge's weight there is its weight × K (not drawn when K = 0).
     */
    counts: string[];
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

/** Poisson count of every edge of `edges` in the resampled index (its weight there / its weight; 0 when not drawn), one digit each. */
export function replicateCounts(edges: readonly (readonly [number, number, number])[], resampled: CsrIndex): string {
  return edges
    .map(([u, v, w]) => {
      let k = 0;
      for (let p = resampled.outOffsets[u], end = resampled.outOffsets[u + 1]; p < end; p++) {
        if (resampled.outNeighbors[p] === v) k = Math.round(resampled.outWeights[p] / w);
      }
      if (!(k >= 0 && k <= 9)) throw new Error(`edge ${u}→${v} drawn ${k} times: more than one digit`);
      return String(k);
    })
    .join("");
}

/** The graph of `name` as the engine models it (a subgraph: its first `nodes` nodes in index order and their edges). */
export async function leaderGraph(name: LeaderInputsName): Promise<AtlasGraph> {
  const { file, nodes } = LEADER_INPUTS[name];
  const graph = await readGraph(file, new Uint8Array(readFileSync(join(ROOT, file))));
  if (nodes !== null) graph.nodes().slice(nodes).forEach((key) => graph.dropNode(key));
  return graph;
}

export async function leaderIndex(name: LeaderInputsName): Promise<CsrIndex> {
  return csrFromGraph(await leaderGraph(name));
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
  const counts: string[] = [];
  for (let b = 0; b < B; b++) counts.push(replicateCounts(edges, resampleEdges(index, settings.bootstrap.seed, b)));
  return {
    graph: name,
    file: settings.file,
    source: settings.source,
    nodes: settings.nodes,
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
      counts,
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
