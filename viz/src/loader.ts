/**
 * Getting a graph into the viewer: the served atlas file (`data/…`), or a
 * file from the picker / drag and drop. Atlas JSON is read directly; any
 * other format goes to the analysis worker (`analysis.worker.ts`).
 */
import Graph from "graphology";
import type { SerializedEdge, SerializedGraph } from "graphology-types";
import { isAtlasExport } from "../../src/analyze/atlas.ts";
import { assertValidAtlas, checkAtlasEdgesLater } from "../../src/analyze/atlas-validate.ts";
import { parseJsonBytes } from "../../src/graph/readers/json.ts";

export interface WorkerRequest {
  name: string;
  bytes: Uint8Array;
}

export type WorkerResponse =
  | { type: "progress"; text: string; fraction: number }
  | { type: "done"; data: SerializedGraph; analyzed: boolean }
  | { type: "error"; message: string };

export type ProgressFn = (text: string, fraction: number | null) => void;

/**
 * Above this many edges, an atlas file's graph is first built with its nodes
 * only: the map is drawn, then the edges are added (`AtlasApp.addEdges`).
 * Building 500 000 edges takes seconds; the nodes alone, a fraction of one.
 */
export const DEFER_EDGES_ABOVE = 100_000;

/** `DEFER_EDGES_ABOVE`, or the page's `__atlasDeferEdgesAbove` (set by the end-to-end tests, to defer a small map's edges). */
function deferEdgesAbove(): number {
  const set = (globalThis as { __atlasDeferEdgesAbove?: unknown }).__atlasDeferEdgesAbove;
  return typeof set === "number" ? set : DEFER_EDGES_ABOVE;
}

export interface LoadedData {
  graph: Graph;
  name: string;
  /** Edges still to add after the first frame (big files). */
  pendingEdges?: SerializedEdge[];
  /** Checks pending edges `[from, to)` before they are added (an atlas file's); throws a one-line error. */
  checkEdges?: (from: number, to: number) => void;
}

/**
 * `data`'s graph, with its edges held back when there are more than `deferAbove`.
 * An atlas file is checked as the CLI checks it: an edited file with a wrong
 * value is refused with the JSON path of the first problem. Held-back edges
 * are checked as they are added (`checkEdges`), so a big map's first frame
 * does not wait for them.
 */
export function graphDeferringEdges(data: SerializedGraph, name: string, deferAbove = deferEdgesAbove()): LoadedData {
  const edges = data.edges ?? [];
  if (edges.length <= deferAbove) {
    if (isAtlasExport(data)) assertValidAtlas(data, name);
    return { graph: graphFromSerialized(data), name };
  }
  const checkEdges = isAtlasExport(data) ? checkAtlasEdgesLater(data, name) : undefined;
  return { graph: graphFromSerialized({ ...data, edges: [] }), name, pendingEdges: edges, checkEdges };
}

/** The graph of a serialization (atlas file or plain graphology JSON). */
export function graphFromSerialized(data: SerializedGraph): Graph {
  return Graph.from(data);
}

/** Only plain file names are accepted from the page URL (`?file=NAME`): no slashes, no `..`. */
export function safeDataName(name: string | null): string | null {
  if (!name || name.length > 200 || !/^[A-Za-z0-9][A-Za-z0-9._ -]*$/.test(name) || name.includes("..")) return null;
  return name;
}

/**
 * Fetches `data/<name>` next to the page. Returns `null` on 404, or 204 (what
 * `atlas view` without a file answers), and the viewer then starts empty,
 * waiting for a file.
 */
export async function fetchData(name: string, onProgress: ProgressFn): Promise<LoadedData | null> {
  onProgress(`loading ${name}`, null);
  if (/\.atlas$/i.test(name)) return fetchColumnar(name, onProgress);
  const response = await fetch(`data/${encodeURIComponent(name)}`);
  if (response.status === 404 || response.status === 204) return null;
  if (!response.ok) throw new Error(`viz: data/${name}: HTTP ${response.status} ${response.statusText}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return (await atlasData(name, bytes)) ?? { graph: await analyzeInWorker(name, bytes, onProgress), name };
}

/**
 * Fetches the columnar atlas `data/<name>/` (what `atlas view DIR` serves):
 * its `atlas.json`, then its node and edge Arrow files, decoded and checked
 * as the CLI does (src/graph/columnar/read.ts, loaded on demand) into the
 * atlas graph. `null` when the server has no such atlas.
 */
async function fetchColumnar(name: string, onProgress: ProgressFn): Promise<LoadedData | null> {
  const url = (part: string): string => `data/${encodeURIComponent(name)}/${encodeURIComponent(part)}`;
  const meta = await fetch(url("atlas.json"));
  if (meta.status === 404) return null;
  if (!meta.ok) throw new Error(`viz: data/${name}/atlas.json: HTTP ${meta.status} ${meta.statusText}`);
  const { arrowSourceFromBytes, assertValidColumnarAtlas, columnarToGraph, decodeColumnarAtlas } = await import("../../src/graph/columnar/read.ts");
  const metaText = await meta.text();
  const data = await decodeColumnarAtlas(metaText, `${name}/atlas.json`, (part) => `${name}/${part}`, async (path) => {
    const part = path.slice(name.length + 1);
    onProgress(`loading ${path}`, null);
    const response = await fetch(url(part));
    if (!response.ok) throw new Error(`viz: data/${path}: HTTP ${response.status} ${response.statusText}`);
    return arrowSourceFromBytes(new Uint8Array(await response.arrayBuffer()), path);
  });
  assertValidColumnarAtlas(data, { meta: `${name}/atlas.json`, nodes: `${name}/nodes.arrow` });
  onProgress(`building the map of ${data.keys.length} nodes`, null);
  return { graph: columnarToGraph(data), name };
}

/**
 * The map of an atlas file's bytes (`.json`, `.json.gz`; checked by
 * `graphDeferringEdges`), or `null` for anything else: other formats, and
 * JSON that is not an atlas or not valid, go to the worker, whose readers
 * say what is wrong and where.
 */
async function atlasData(name: string, bytes: Uint8Array): Promise<LoadedData | null> {
  if (!/\.json(\.gz)?$/i.test(name)) return null;
  const parsed = await parseJsonBytes(name, bytes);
  return parsed && isAtlasExport(parsed.value) ? graphDeferringEdges(parsed.value, name) : null;
}

/** Reads a picked or dropped file. */
export async function readFile(file: File, onProgress: ProgressFn): Promise<LoadedData> {
  onProgress(`reading ${file.name}`, null);
  const bytes = new Uint8Array(await file.arrayBuffer());
  return (await atlasData(file.name, bytes)) ?? { graph: await analyzeInWorker(file.name, bytes, onProgress), name: file.name };
}

/** Runs `readGraph` + `analyzeGraph` in a worker; rejects with the engine's one-line message. */
export function analyzeInWorker(name: string, bytes: Uint8Array, onProgress: ProgressFn): Promise<Graph> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./analysis.worker.ts", import.meta.url), { type: "module" });
    const cleanup = (): void => worker.terminate();
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const m = event.data;
      if (m.type === "progress") onProgress(m.text, m.fraction);
      else if (m.type === "error") {
        cleanup();
        reject(new Error(m.message));
      } else {
        cleanup();
        try {
          resolve(graphFromSerialized(m.data));
        } catch (error) {
          reject(error);
        }
      }
    };
    worker.onerror = (event) => {
      cleanup();
      reject(new Error(`viz: the analysis worker failed: ${event.message || "unknown error"}`));
    };
    const request: WorkerRequest = { name, bytes };
    worker.postMessage(request, [bytes.buffer]);
  });
}
