/**
 * Web worker: reads a graph file (any format `readGraph` knows) and runs the
 * engine's analysis on it, posting progress, so the page never freezes.
 * Answers with the atlas serialization (`graph.export()`).
 */
import { isAtlasExport } from "../../src/analyze/atlas.ts";
import { analyzeGraph } from "../../src/analyze/pipeline.ts";
import { readGraph } from "../../src/graph/read.ts";
import { parseJsonBytes } from "../../src/graph/readers/json.ts";
import type { WorkerRequest, WorkerResponse } from "./loader.ts";

const post = (message: WorkerResponse): void => (self as unknown as Worker).postMessage(message);

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { name, bytes } = event.data;
  try {
    if (/\.json(\.gz)?$/i.test(name)) {
      post({ type: "progress", text: "parsing JSON", fraction: 0 });
      const parsed = await parseJsonBytes(name, bytes);
      if (parsed && isAtlasExport(parsed.value)) return post({ type: "done", data: parsed.value, analyzed: false });
    }
    post({ type: "progress", text: `reading ${name}`, fraction: 0 });
    const graph = await readGraph(name, bytes);
    post({ type: "progress", text: `read ${graph.order} nodes, ${graph.size} edges`, fraction: 0.05 });
    const result = analyzeGraph(graph, { source: name, createdAt: new Date().toISOString() }, (p) => {
      if (p.phase === "start") post({ type: "progress", text: `${p.stage}${p.detail ? ` (${p.detail})` : ""}`, fraction: 0.05 + (0.95 * (p.step - 1)) / p.steps });
    });
    post({ type: "done", data: result.graph.export(), analyzed: true });
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
