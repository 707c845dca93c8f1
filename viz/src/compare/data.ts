/**
 * The compare page's data logic (pure, no DOM): a loaded graph → the compact
 * arrays sent to the profile worker, the worker's rebuild of the same graph
 * (same node and edge order, so `nicheIndex` gives what `atlas compare` gets
 * for the file), recognising the JSON of `atlas compare --format json`, and
 * the profile table (the report's own rows, `src/report/compare/rows.ts`).
 * An atlas file brings its own communities and leaders (`ownCommunities`,
 * as `atlas compare` reads them): the worker profiles those instead of
 * running Louvain again.
 */
import Graph from "graphology";
import type { NicheComparison } from "../../../src/analyze/compare/types.ts";
import { ownCommunities, type OwnCommunities } from "../../../src/analyze/compare/profile.ts";
import { profileSections, zSection, type Section } from "../../../src/report/compare/rows.ts";

/** One niche as posted to the worker (transferable arrays). */
export interface NicheTransfer {
  name: string;
  source: string;
  directed: boolean;
  keys: string[];
  labels: string[];
  /** Edge endpoints as node indices, in the graph's edge order. */
  sources: Int32Array;
  targets: Int32Array;
  /** The atlas file's own communities and leaders; `null` for a plain graph (the worker runs Louvain). */
  own: OwnCommunities | null;
}

export interface ProfileRequest {
  niches: NicheTransfer[];
  seed: number;
  top: number;
}

export type ProfileResponse =
  | { type: "progress"; text: string; fraction: number }
  | { type: "done"; comparison: NicheComparison }
  | { type: "error"; message: string };

/** A node's display name as `atlas compare` picks it: label, name, page_name, title or handle, else the key. */
export function nodeLabel(key: string, attrs: Record<string, unknown>): string {
  for (const field of ["label", "name", "page_name", "title", "handle"]) {
    const v = attrs[field];
    if (((typeof v === "string" && v !== "") || typeof v === "number") && String(v) !== key) return String(v);
  }
  return key;
}

/**
 * The arrays of `graph` for the worker; throws on a mixed graph (as `atlas
 * compare` does). With `fromAtlasFile`, the graph's own communities and
 * leaders go along (`ownCommunities`).
 */
export function nicheTransfer(graph: Graph, name: string, source = name, fromAtlasFile = false): NicheTransfer {
  if (graph.type === "mixed") throw new Error(`${name}: mixes directed and undirected edges; the comparison needs one kind`);
  const keys = graph.nodes();
  const pos = new Map<string, number>();
  keys.forEach((k, i) => pos.set(k, i));
  const labels = keys.map((k) => nodeLabel(k, graph.getNodeAttributes(k)));
  const sources = new Int32Array(graph.size);
  const targets = new Int32Array(graph.size);
  let i = 0;
  graph.forEachEdge((_e, _a, s, t) => {
    sources[i] = pos.get(s)!;
    targets[i] = pos.get(t)!;
    i++;
  });
  return { name, source, directed: graph.type === "directed", keys, labels, sources, targets, own: fromAtlasFile ? ownCommunities(graph, keys) : null };
}

/** The graph of a transfer: same nodes and edges in the same order (attributes: none). */
export function graphOfTransfer(t: NicheTransfer): Graph {
  const g = new Graph({ type: t.directed ? "directed" : "undirected", multi: false, allowSelfLoops: true });
  for (const k of t.keys) g.addNode(k);
  for (let i = 0; i < t.sources.length; i++) g.addEdge(t.keys[t.sources[i]], t.keys[t.targets[i]]);
  return g;
}

/** True for the JSON of `atlas compare --format json` (not an atlas file). */
export function isComparisonJson(data: unknown): data is NicheComparison {
  if (!data || typeof data !== "object") return false;
  const d = data as Record<string, unknown>;
  return (
    Array.isArray(d.niches) &&
    d.params !== null &&
    typeof d.params === "object" &&
    d.niches.every((n) => !!n && typeof n === "object" && typeof (n as Record<string, unknown>).name === "string" && typeof (n as Record<string, unknown>).size === "object")
  );
}

/** The table's sections: the profile, then the z-scores when the comparison has them. */
export function comparisonSections(c: NicheComparison): Section[] {
  const sections = profileSections(c.niches);
  const z = zSection(c.niches);
  return z ? [...sections, z] : sections;
}

/** Unique display names for the files: the file name without `.atlas.json` / `.json` / `.gz`. */
export function nicheNames(files: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return files.map((f) => {
    const base = f.replace(/^.*[\\/]/, "").replace(/\.gz$/i, "").replace(/(\.atlas)?\.json$/i, "").replace(/\.[A-Za-z0-9]+$/, "") || "niche";
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n > 1 ? `${base}#${n}` : base;
  });
}

/** `?files=a,b` → safe plain names (no slashes, no `..`); invalid entries are dropped and reported. */
export function parseFilesParam(value: string | null): { names: string[]; rejected: string[] } {
  const names: string[] = [];
  const rejected: string[] = [];
  if (!value) return { names, rejected };
  for (const raw of value.split(",")) {
    const name = raw.trim();
    if (!name) continue;
    if (name.length > 200 || !/^[A-Za-z0-9][A-Za-z0-9._ -]*$/.test(name) || name.includes("..")) rejected.push(name);
    else names.push(name);
  }
  return { names, rejected };
}
