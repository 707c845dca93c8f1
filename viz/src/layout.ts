/**
 * Layout: stored positions are used as they are; otherwise nodes start
 * grouped by community (seeded) and ForceAtlas2 runs in a web worker with
 * settings chosen from the graph's size (Barnes-Hut above 2 000 nodes), stops
 * by itself after a time budget (or by the user), then a noverlap pass (also
 * in a worker) removes overlaps. Every setup returns a cleanup (`kill`).
 */
import type Graph from "graphology";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import NoverlapLayout from "graphology-layout-noverlap/worker";
import { forceAtlas2Settings, seedPositions } from "../../src/analyze/layout.ts";

/** The starting positions and ForceAtlas2 settings are the engine's (`atlas layout` uses the same). */
export { forceAtlas2Settings, seedPositions };

/** How long ForceAtlas2 runs before stopping by itself (ms). */
export function layoutBudgetMs(order: number, size: number): number {
  return Math.min(20_000, 4000 + order * 0.5 + size * 0.05);
}

/** Longest noverlap run (ms). */
export const NOVERLAP_BUDGET_MS = 3000;

export type LayoutPhase = "idle" | "forceatlas2" | "noverlap";

export interface LayoutController {
  phase(): LayoutPhase;
  /** Starts ForceAtlas2 (stops by itself after `budgetMs`, then noverlap). */
  start(budgetMs?: number): void;
  /** Stops whatever runs; after ForceAtlas2, runs noverlap unless `skipNoverlap`. */
  stop(skipNoverlap?: boolean): void;
  kill(): void;
}

export interface LayoutOptions {
  /** Called whenever the phase changes. */
  onPhase?: (phase: LayoutPhase) => void;
  /** Node size in graph units, for noverlap (it moves nodes apart by their sizes). */
  nodeSize: (node: string) => number;
}

export function createLayout(graph: Graph, options: LayoutOptions): LayoutController {
  const fa2 = new FA2Layout(graph, { settings: forceAtlas2Settings(graph.order), getEdgeWeight: null });
  let noverlap: NoverlapLayout | null = null;
  let phase: LayoutPhase = "idle";
  let timer: ReturnType<typeof setTimeout> | null = null;
  const setPhase = (p: LayoutPhase): void => {
    phase = p;
    options.onPhase?.(p);
  };
  const runNoverlap = (): void => {
    if (graph.order > 20_000 || graph.order < 2) return setPhase("idle");
    noverlap?.kill();
    noverlap = new NoverlapLayout(graph, {
      settings: { ratio: 1.05, margin: 0.5 },
      inputReducer: (key, attrs) => ({ x: attrs.x, y: attrs.y, size: options.nodeSize(key) }),
      onConverged: () => {
        noverlap?.kill();
        noverlap = null;
        setPhase("idle");
      },
    });
    setPhase("noverlap");
    noverlap.start();
    // The worker runs until no overlap is left: give it a time budget.
    timer = setTimeout(() => controller.stop(), NOVERLAP_BUDGET_MS);
  };
  const controller: LayoutController = {
    phase: () => phase,
    start(budgetMs = layoutBudgetMs(graph.order, graph.size)) {
      if (noverlap) {
        noverlap.kill();
        noverlap = null;
      }
      if (!fa2.isRunning()) fa2.start();
      setPhase("forceatlas2");
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => controller.stop(), budgetMs);
    },
    stop(skipNoverlap = false) {
      if (timer) clearTimeout(timer);
      timer = null;
      if (phase === "forceatlas2") {
        fa2.stop();
        if (skipNoverlap) setPhase("idle");
        else runNoverlap();
      } else if (phase === "noverlap") {
        noverlap?.kill();
        noverlap = null;
        setPhase("idle");
      }
    },
    kill() {
      if (timer) clearTimeout(timer);
      fa2.kill();
      noverlap?.kill();
      noverlap = null;
      phase = "idle";
    },
  };
  return controller;
}
