/**
 * The four reference graphs (karate, football, polblogs, congress), read from
 * data/ by the project's own `readGraph`, so every reference test also runs
 * the GML and edge-list readers end to end.
 *
 * The model matches scripts/reference/load.py, which wrote the fixtures: node
 * key = the file's id as a string, nodes in file order (edge lists: by first
 * appearance), repeated records merged into one edge with their weights
 * summed, self-loops kept. The fixtures' key order and counts are checked by
 * the tests that use them.
 *
 * All four are read once per test file (top-level await, ~150 ms).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { csrFromGraph, type CsrIndex } from "../../src/analyze/csr.ts";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { readGraph } from "../../src/graph/read.ts";

export const ROOT = join(import.meta.dirname, "..", "..");

export type ReferenceName = "karate" | "football" | "polblogs" | "congress";
export const REFERENCE_GRAPHS: readonly ReferenceName[] = ["karate", "football", "polblogs", "congress"];

/** The files scripts/reference/load.py reads, relative to the repo root. */
export const REFERENCE_FILES: Readonly<Record<ReferenceName, string>> = Object.freeze({
  karate: "data/karate/karate_club.gml",
  football: "data/football/football.gml",
  polblogs: "data/polblogs/polblogs.gml",
  congress: "data/congress_twitter/congress.edgelist",
});

async function readReference(name: ReferenceName): Promise<readonly [ReferenceName, AtlasGraph]> {
  const path = REFERENCE_FILES[name];
  return [name, await readGraph(path, new Uint8Array(readFileSync(join(ROOT, path))))];
}

const GRAPHS = new Map(await Promise.all(REFERENCE_GRAPHS.map(readReference)));

/** A fresh copy of reference graph `name`: callers may change it freely. */
export function referenceGraph(name: ReferenceName): AtlasGraph {
  return GRAPHS.get(name)!.copy();
}

/** The CsrIndex of reference graph `name` (weights from the file, direction kept). */
export function referenceIndex(name: ReferenceName): CsrIndex {
  return csrFromGraph(GRAPHS.get(name)!);
}
