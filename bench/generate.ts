/**
 * Seeded directed scale-free graphs for the benchmark: Price's model
 * (preferential attachment by in-degree + 1, via the copy trick), where each
 * new node cites `m` earlier nodes and each citation is returned with
 * probability `reciprocity`, so the graph has cycles and a giant SCC.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { createRng, randomInt } from "../src/analyze/rng.ts";

export interface GeneratedGraph {
  order: number;
  sources: Int32Array;
  targets: Int32Array;
}

export function scaleFreeDigraph(order: number, edges: number, seed: number, reciprocity = 0.25): GeneratedGraph {
  const rng = createRng(seed);
  const perNode = Math.max(1, Math.round(edges / order / (1 + reciprocity)));
  const sources = new Int32Array(edges);
  const targets = new Int32Array(edges);
  let m = 0;
  const seedNodes = Math.min(order, perNode + 1);
  // Start from a small directed cycle.
  for (let i = 0; i < seedNodes && m < edges; i++) {
    sources[m] = i;
    targets[m] = (i + 1) % seedNodes;
    m++;
  }
  for (let v = seedNodes; v < order && m < edges; v++) {
    for (let k = 0; k < perNode && m < edges; k++) {
      // With prob 1/2 uniform among earlier nodes, else the target of a random earlier edge.
      const t = m > 0 && rng() < 0.5 ? targets[randomInt(rng, m)] : randomInt(rng, v);
      sources[m] = v;
      targets[m] = t;
      m++;
      if (m < edges && rng() < reciprocity) {
        sources[m] = t;
        targets[m] = v;
        m++;
      }
    }
  }
  // Fill any remainder with preferential edges between random nodes.
  while (m < edges) {
    const s = randomInt(rng, order);
    const t = targets[randomInt(rng, m)];
    sources[m] = s;
    targets[m] = t;
    m++;
  }
  return { order, sources, targets };
}

/** SNAP-style text (`src dst` lines). */
export function toEdgelist(g: GeneratedGraph): string {
  const parts: string[] = ["# influence-atlas benchmark graph: Price's model, seeded\n"];
  const chunk: string[] = [];
  for (let e = 0; e < g.sources.length; e++) {
    chunk.push(`${g.sources[e]} ${g.targets[e]}\n`);
    if (chunk.length === 65536) { parts.push(chunk.join("")); chunk.length = 0; }
  }
  parts.push(chunk.join(""));
  return parts.join("");
}

/**
 * Writes `src dst` lines to `file` in chunks, with no comment line (igraph's
 * `Read_Edgelist` reads it as is) and no whole-file string (100M edges are
 * past V8's longest string).
 */
export function writeEdgelistFile(g: GeneratedGraph, file: string): void {
  const fd = openSync(file, "w");
  try {
    const chunk: string[] = [];
    for (let e = 0; e < g.sources.length; e++) {
      chunk.push(`${g.sources[e]} ${g.targets[e]}\n`);
      if (chunk.length === 1 << 18) { writeSync(fd, chunk.join("")); chunk.length = 0; }
    }
    writeSync(fd, chunk.join(""));
  } finally {
    closeSync(fd);
  }
}
