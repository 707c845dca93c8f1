/**
 * Map positions computed once, at analysis time, so that the viewer draws a
 * big map at once instead of laying it out on every load: nodes start grouped
 * by community (a seeded disc per community on a sunflower spiral, biggest
 * first), ForceAtlas2 (graphology-layout-forceatlas2, Barnes–Hut above 2 000
 * nodes) runs a fixed number of iterations chosen from the graph's size, then
 * noverlap moves apart the nodes that still overlap. Nodes with no edge take
 * no part: they are placed in a tidy grid to the right of the map. Seeded and
 * deterministic: the same graph and seed give the same positions.
 *
 * Browser-safe (no Node imports): the viewer seeds its own layouts with
 * `seedPositions` and `forceAtlas2Settings`.
 */
import Graph from "graphology";
import type { Attributes } from "graphology-types";
import forceAtlas2, { type ForceAtlas2Settings } from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";
import { compareKeys } from "../graph/keys.ts";
import { createRng } from "./rng.ts";

/** ForceAtlas2 settings for a graph of `order` nodes. */
export function forceAtlas2Settings(order: number): ForceAtlas2Settings {
  const inferred = forceAtlas2.inferSettings(order);
  return { ...inferred, barnesHutOptimize: order > 2000, barnesHutTheta: 0.6, adjustSizes: false, linLogMode: false, outboundAttractionDistribution: false };
}

/**
 * Writes starting positions (`x`, `y`): each community's nodes in a disc
 * (radius ∝ √size) placed on a sunflower spiral, biggest first; seeded, so
 * the same file always starts the same.
 */
export function seedPositions(graph: Graph, seed = 1): void {
  const rng = createRng(seed);
  const sizes = new Map<number, number>();
  graph.forEachNode((_k, a) => {
    const c = Number.isInteger(a.community) ? (a.community as number) : -1;
    sizes.set(c, (sizes.get(c) ?? 0) + 1);
  });
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const centres = new Map<number, { x: number; y: number; r: number }>();
  const golden = Math.PI * (3 - Math.sqrt(5));
  let spread = 0;
  order.forEach(([c, n], i) => {
    const r = Math.sqrt(n);
    spread += n;
    const d = i === 0 ? 0 : Math.sqrt(spread) * 1.6;
    centres.set(c, { x: d * Math.cos(i * golden), y: d * Math.sin(i * golden), r });
  });
  graph.updateEachNodeAttributes(
    (_k, a) => {
      const c = centres.get(Number.isInteger(a.community) ? (a.community as number) : -1)!;
      const t = rng() * 2 * Math.PI;
      const u = Math.sqrt(rng()) * c.r;
      return { ...a, x: c.x + u * Math.cos(t), y: c.y + u * Math.sin(t) };
    },
    { attributes: ["x", "y"] },
  );
}

export interface LayoutOptions {
  /** Seed of the starting positions (default 1). */
  seed?: number;
  /** ForceAtlas2 iterations (default: `layoutIterations(order)`). */
  iterations?: number;
  /** Run noverlap after ForceAtlas2 (default true). */
  noverlap?: boolean;
}

export const LAYOUT_DEFAULTS: Readonly<{ seed: number; noverlap: boolean }> = Object.freeze({ seed: 1, noverlap: true });

/** ForceAtlas2 iterations for a graph of `order` nodes: enough to settle small maps, a bounded cost for big ones. */
export function layoutIterations(order: number): number {
  if (order <= 1_000) return 500;
  if (order <= 20_000) return 300;
  if (order <= 200_000) return 150;
  return 60;
}

/** Above this many nodes (or `LAYOUT_AUTO_EDGES` edges), `atlas analyze` stores a layout unless told not to: the browser's would take more than a few seconds. */
export const LAYOUT_AUTO_NODES = 5_000;
export const LAYOUT_AUTO_EDGES = 50_000;

/** Whether `atlas analyze` lays out a graph of this size when `--layout` is not given. */
export function layoutByDefault(order: number, size: number): boolean {
  return order > LAYOUT_AUTO_NODES || size > LAYOUT_AUTO_EDGES;
}

/** What `layoutGraph` did, for `atlas.params.layout`. */
export interface LayoutParams {
  algorithm: "forceatlas2";
  iterations: number;
  seed: number;
  noverlap: boolean;
  /** Nodes with no edge, placed in the grid. */
  isolated: number;
}

/** Progress of a layout: iterations done of the total. */
export type LayoutProgress = (done: number, total: number) => void;

/** Iterations run between two progress calls. */
const PROGRESS_EVERY = 10;

/**
 * Lays out `graph` in place (node attributes `x`, `y`), as the module says.
 * Edge weights are not used (as in the viewer), so a few heavy edges do not
 * pull everything into one knot.
 */
export function layoutGraph(graph: Graph, options: LayoutOptions = {}, onProgress?: LayoutProgress): LayoutParams {
  const seed = options.seed ?? LAYOUT_DEFAULTS.seed;
  const useNoverlap = options.noverlap ?? LAYOUT_DEFAULTS.noverlap;
  const connected = new Graph({ type: graph.type === "mixed" ? "mixed" : graph.type, multi: false, allowSelfLoops: false });
  const isolated: string[] = [];
  graph.forEachNode((key, attrs) => {
    if (graph.degreeWithoutSelfLoops(key) === 0) isolated.push(key);
    else connected.addNode(key, { community: attrs.community });
  });
  graph.forEachEdge((_e, _a, s, t) => {
    if (s !== t && !connected.hasEdge(s, t)) connected.addEdge(s, t);
  });
  const iterations = options.iterations ?? layoutIterations(connected.order);
  if (connected.order > 0) {
    seedPositions(connected, seed);
    const settings = forceAtlas2Settings(connected.order);
    for (let done = 0; done < iterations; ) {
      const step = Math.min(PROGRESS_EVERY, iterations - done);
      forceAtlas2.assign(connected, { iterations: step, settings, getEdgeWeight: null });
      done += step;
      onProgress?.(done, iterations);
    }
    if (useNoverlap) noverlap.assign(connected, { maxIterations: 50, settings: { margin: 1, ratio: 1 } });
  }
  const positions = new Map<string, Attributes>();
  connected.forEachNode((key, a) => void positions.set(key, { x: a.x, y: a.y }));
  placeIsolated(isolated, connected, positions);
  graph.updateEachNodeAttributes(
    (key, a) => {
      const p = positions.get(key) as Attributes;
      return { ...a, x: p.x, y: p.y };
    },
    { attributes: ["x", "y"] },
  );
  return { algorithm: "forceatlas2", iterations: connected.order > 0 ? iterations : 0, seed, noverlap: useNoverlap, isolated: isolated.length };
}

/**
 * Places the nodes with no edge in a square grid to the right of the laid-out
 * nodes, a gap of a tenth of the map's width apart, spaced as the map's nodes
 * are on average (its area over its node count); in key order within the grid.
 */
function placeIsolated(isolated: string[], connected: Graph, positions: Map<string, Attributes>): void {
  if (isolated.length === 0) return;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  connected.forEachNode((_k, a) => {
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y);
    maxY = Math.max(maxY, a.y);
  });
  if (connected.order === 0) {
    minX = maxX = minY = maxY = 0;
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const spacing = connected.order > 1 && width * height > 0 ? Math.sqrt((width * height) / connected.order) : 1;
  const columns = Math.ceil(Math.sqrt(isolated.length));
  const left = connected.order > 0 ? maxX + Math.max(width / 10, 2 * spacing) : 0;
  const top = connected.order > 0 ? maxY : 0;
  const sorted = [...isolated].sort(compareKeys);
  sorted.forEach((key, i) => {
    positions.set(key, { x: left + (i % columns) * spacing, y: top - Math.floor(i / columns) * spacing });
  });
}
