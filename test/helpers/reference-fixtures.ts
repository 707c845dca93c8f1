/**
 * Readers and comparison helpers for the networkx/igraph fixtures under
 * test/fixtures/reference/ (written by scripts/reference/*.py):
 * `spectral/` (degree, PageRank, HITS, eigenvector), `paths/` (coreness,
 * betweenness, closeness, harmonic, summary), `communities/` and `small/` (the
 * small graphs unit tests build by hand, from scripts/reference/small_graphs.py).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { csrFromEdges, type CsrIndex } from "../../src/analyze/csr.ts";
import type { ReferenceName } from "./reference-graphs.ts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "reference");

function readJson<T>(kind: "spectral" | "paths" | "communities" | "small", name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, kind, `${name}.json`), "utf8")) as T;
}

type ValueMap = Record<string, number>;

// ---- spectral/ ----

export interface SpectralFixture {
  graph: ReferenceName;
  directed: boolean;
  nodes: number;
  edges: number;
  selfLoops: number;
  totalWeight: number;
  degrees: Record<"inDegree" | "outDegree" | "degree" | "inStrength" | "outStrength" | "strength", ValueMap>;
  pagerank: {
    params: { alpha: number; tol: number; maxIter: number };
    weighted: ValueMap;
    unweighted: ValueMap;
    teleport: string[];
    personalizedSet: ValueMap;
    personalizedWeights: ValueMap;
  };
  hits: { hubs: ValueMap; authorities: ValueMap };
  eigenvector: { converged: boolean; maxIter: number; tol: number; values?: ValueMap };
  eigenvectorDefaults: { converged: boolean; maxIter: number; tol: number };
}

export function readSpectralFixture(name: ReferenceName): SpectralFixture {
  return readJson("spectral", name);
}

/** Largest |ours[k] − expected[k]| over the expected keys (Infinity when a key is missing). */
export function maxAbsDiff(ours: Readonly<ValueMap>, expected: Readonly<ValueMap>): number {
  let worst = 0;
  for (const key of Object.keys(expected)) {
    const value = ours[key];
    if (typeof value !== "number" || Number.isNaN(value)) return Infinity;
    worst = Math.max(worst, Math.abs(value - expected[key]));
  }
  return worst;
}

// ---- paths/ ----

export interface PathFixture {
  name: string;
  directed: boolean;
  keys: string[];
  coreness: number[];
  betweenness: number[];
  betweennessWeighted: number[];
  closeness: number[];
  harmonic: number[];
  summary: Record<string, number | boolean | null>;
}

export interface SmallPathGraph extends PathFixture {
  edges: [string, string, number][];
  records?: [string, string, number][];
  dependencies?: number[][];
}

export interface SmallPathFixture {
  graphs: SmallPathGraph[];
  karateDependencies: { keys: string[]; rows: number[][] };
}

export function readPathFixture(name: ReferenceName): PathFixture {
  return readJson("paths", name);
}

export function readSmallPathFixture(): SmallPathFixture {
  return readJson("paths", "small");
}

/** A small fixture graph as a CsrIndex, keys in the fixture's node order. */
export function smallIndex(g: SmallPathGraph): CsrIndex {
  const pos = new Map<string, number>();
  g.keys.forEach((k, i) => pos.set(k, i));
  return csrFromEdges({
    order: g.keys.length,
    keys: g.keys,
    directed: g.directed,
    sources: g.edges.map((r) => pos.get(r[0])!),
    targets: g.edges.map((r) => pos.get(r[1])!),
    weights: g.edges.map((r) => r[2]),
  });
}

/** Max |a[i] − b[j]| over nodes matched by key (Infinity when the key sets differ). */
export function maxDiff(keysA: readonly string[], a: ArrayLike<number>, keysB: readonly string[], b: ArrayLike<number>): number {
  const pos = new Map<string, number>();
  keysA.forEach((k, i) => pos.set(k, i));
  let worst = 0;
  for (let j = 0; j < keysB.length; j++) {
    const i = pos.get(keysB[j]);
    if (i === undefined) return Infinity;
    const d = Math.abs(a[i] - b[j]);
    if (!(d <= worst)) worst = d;
  }
  return keysA.length === keysB.length ? worst : Infinity;
}

// ---- communities/ ----

export interface CommunityFixture {
  graph: string;
  directed: boolean;
  nodes: number;
  edges: number;
  keys: string[];
  groundTruth: PartitionFixture;
  whole?: MultilevelFixture;
  lcc?: MultilevelFixture;
}

export interface PartitionFixture {
  names: string[];
  membership: number[];
  modularity: { undirected: Record<string, number>; directed?: Record<string, number> };
  participation: number[];
  stats: {
    id: number;
    size: number;
    internalEdges: number;
    internalWeight: number;
    density: number;
    conductance: number;
    modularityShareUndirected: number;
    modularityShareDirected: number | null;
    reciprocity: number | null;
  }[];
}

export interface MultilevelRuns {
  weighted: boolean;
  seeds: number[];
  modularity: number[];
  nmi: number[];
  count: number[];
  bestModularity: number;
  bestNmi: number;
  meanNmi: number;
  bestMembership: number[];
}

export interface MultilevelFixture {
  keys: string[] | null;
  nodes: number;
  edges: number;
  selfLoops: number;
  truth: number[];
  truthModularity: number;
  multilevel: MultilevelRuns;
  multilevelUnweighted: MultilevelRuns;
}

/** A communities fixture: one of the reference graphs, or `nmi` (give its type). */
export function readCommunityFixture<T = CommunityFixture>(name: string): T {
  return readJson("communities", name);
}

// ---- small/ ----

/** What every fixture of small/ holds: its name, the test that reads it, the networkx / igraph call as text. */
export interface SmallFixture {
  name: string;
  test: string;
  call: string;
}

/** A small graph a unit test builds: `nodes` in insertion order, merged `edges` [source, target, weight]. */
export interface SmallGraphFixture extends SmallFixture {
  directed: boolean;
  nodes: string[];
  edges: [string, string, number][];
}

/** A fixture of small/, typed with its result fields (maps by node key), e.g. `SmallGraphFixture & { pagerank: … }`. */
export function readSmallFixture<T extends SmallFixture>(name: string): T {
  return readJson("small", name);
}

/** A graph as a comparable shape: sorted node keys, sorted distinct edges "source target weight" (undirected: endpoints in key order). */
export interface GraphShape {
  directed: boolean;
  nodes: string[];
  edges: string[];
}

function shapeOf(directed: boolean, nodes: readonly string[], edges: Iterable<[string, string, number]>): GraphShape {
  const set = new Set<string>();
  for (const [s, t, w] of edges) set.add((directed || s <= t ? [s, t] : [t, s]).concat(String(w)).join(" "));
  return { directed, nodes: [...nodes].sort(), edges: [...set].sort() };
}

/** The shape of a test's own graph, to check that a small/ fixture describes the same graph. */
export function indexShape(index: CsrIndex): GraphShape {
  function* edges(): Iterable<[string, string, number]> {
    for (let u = 0; u < index.order; u++) {
      for (let j = index.outOffsets[u]; j < index.outOffsets[u + 1]; j++) yield [index.keys[u], index.keys[index.outNeighbors[j]], index.outWeights[j]];
    }
  }
  return shapeOf(index.directed, index.keys, edges());
}

/** The shape of the graph a small/ fixture describes. */
export function fixtureShape(fixture: SmallGraphFixture): GraphShape {
  return shapeOf(fixture.directed, fixture.nodes, fixture.edges);
}
