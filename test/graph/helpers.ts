import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { readGraph, type ReadOptions } from "../../src/graph/read.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
export const FIXTURES = join(ROOT, "test", "fixtures", "formats");

/** Reads a file of the repo (path relative to the repo root) with `readGraph`. */
export function readRepoGraph(path: string, options?: ReadOptions): Promise<AtlasGraph> {
  return readGraph(path, new Uint8Array(readFileSync(join(ROOT, path))), options);
}

/** Reads a bad-input fixture by name, reporting the bare file name in errors. */
export function readFixture(name: string, options?: ReadOptions): Promise<AtlasGraph> {
  return readGraph(name, new Uint8Array(readFileSync(join(FIXTURES, name))), options);
}

export function text(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export interface EdgeStats {
  selfLoops: number;
  totalWeight: number;
  maxWeight: number;
  minWeight: number;
}

export function edgeStats(graph: AtlasGraph): EdgeStats {
  let selfLoops = 0;
  let totalWeight = 0;
  let maxWeight = -Infinity;
  let minWeight = Infinity;
  graph.forEachEdge((_e, a, s, t) => {
    if (s === t) selfLoops++;
    totalWeight += a.weight;
    maxWeight = Math.max(maxWeight, a.weight);
    minWeight = Math.min(minWeight, a.weight);
  });
  return { selfLoops, totalWeight, maxWeight, minWeight };
}
