/**
 * Stored map positions: `atlas layout FILE` lays out an atlas file (JSON or
 * columnar) and writes it back with `x`, `y` on every node and
 * `atlas.params.layout`; `atlas analyze --layout` does the same before
 * writing (on by default for big graphs, `layoutByDefault`). The viewer draws
 * stored positions as they are, with no layout in the page.
 */
import { Command } from "commander";
import type { AtlasMeta } from "../analyze/atlas.ts";
import { layoutByDefault, layoutGraph, type LayoutOptions, type LayoutParams } from "../analyze/layout.ts";
import type { AtlasGraph } from "../graph/model.ts";
import { UsageError } from "../shared/errors.ts";
import { graphToColumnar, isColumnarAtlas, writeColumnarAtlas } from "./columnar.ts";
import type { CliIo } from "./context.ts";
import { loadGraph, writeOutput } from "./io.ts";
import { parseInteger, parsePositiveInteger } from "./options.ts";
import { createProgress, type Progress } from "./progress.ts";

/** Whether a run lays out: `--layout` / `--no-layout` as given, else by the graph's size. */
export function wantsLayout(flag: boolean | undefined, graph: AtlasGraph): boolean {
  return flag ?? layoutByDefault(graph.order, graph.size);
}

/**
 * Lays out `graph` in place with progress notes (iterations, rate, ETA) and
 * records what was done in its `atlas.params.layout`.
 */
export function applyLayout(graph: AtlasGraph, options: LayoutOptions, progress: Progress, now: () => number): LayoutParams {
  const start = now();
  progress.note(`layout: ${graph.order} nodes, ${graph.size} edges`);
  const params = layoutGraph(graph, options, (done, total) => {
    const seconds = (now() - start) / 1000;
    const rate = done / Math.max(seconds, 1e-3);
    progress.note(`layout: ForceAtlas2 ${done} of ${total} iterations, ${rate.toFixed(1)} it/s, ETA ${((total - done) / Math.max(rate, 1e-9)).toFixed(0)} s`);
  });
  const meta = graph.getAttribute("atlas") as AtlasMeta | undefined;
  if (meta) graph.setAttribute("atlas", { ...meta, params: { ...meta.params, layout: params } });
  return params;
}

interface LayoutCliOptions {
  out?: string;
  iterations?: number;
  seed?: number;
  noverlap?: boolean;
}

export function layoutCommand(io: CliIo): Command {
  return new Command("layout")
    .description("store map positions (x, y) in an atlas file: ForceAtlas2 then noverlap, nodes with no edge in a grid")
    .argument("<atlas>", "atlas file (.atlas.json) or columnar atlas directory")
    .option("-o, --out <path>", "where to write the laid-out atlas (default: in place)")
    .option("--iterations <n>", "ForceAtlas2 iterations (default: by size, 500 up to 1 000 nodes down to 60 above 200 000)", parsePositiveInteger)
    .option("--seed <n>", "seed of the starting positions", parseInteger, 1)
    .option("--no-noverlap", "skip the noverlap pass")
    .addHelpText(
      "after",
      `
The viewer draws stored positions as they are (no layout in the page).
atlas analyze stores a layout by itself above 5 000 nodes or 50 000 edges
(--layout / --no-layout decide instead).

Examples:
  $ atlas layout out/facebook.atlas.json
  $ atlas layout out/congress.atlas.json --out out/congress-laid.atlas.json --seed 3`,
    )
    .action(async (input: string, o: LayoutCliOptions) => {
      const loaded = await loadGraph(input);
      if (!loaded.atlas) {
        throw new UsageError(`layout: ${input} is not an atlas file; run atlas analyze first (atlas analyze --layout lays it out as it writes)`);
      }
      const graph = loaded.graph;
      const progress = createProgress(io, "atlas layout");
      const params = applyLayout(graph, { iterations: o.iterations, seed: o.seed, noverlap: o.noverlap }, progress, io.now);
      progress.done();
      const out = o.out ?? input;
      const columnar = o.out !== undefined ? !/\.json(\.gz)?$/i.test(o.out) : await isColumnarAtlas(input);
      if (columnar) await writeColumnarAtlas(out, graphToColumnar(graph));
      else await writeOutput(out, JSON.stringify(graph.export()));
      io.out(`laid out ${graph.order} nodes (${params.iterations} ForceAtlas2 iterations${params.noverlap ? " + noverlap" : ""}; ${params.isolated} with no edge in a grid)\n`);
      io.out(`wrote ${out}\n`);
    });
}
