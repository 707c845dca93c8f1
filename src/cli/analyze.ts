/** `atlas analyze <input>`: every metric, communities and leaders → the atlas file. */
import { Command, Option } from "commander";
import { LEADER_METRICS, type AtlasMeta, type LeaderMetric } from "../analyze/atlas.ts";
import { analyzeGraph, ANALYZE_DEFAULTS, type AnalyzeOptions } from "../analyze/pipeline.ts";
import type { AtlasGraph } from "../graph/model.ts";
import { formatNumber } from "../report/format.ts";
import type { CliIo } from "./context.ts";
import { defaultAtlasPath, loadGraph, type LoadOptions, writeOutput } from "./io.ts";
import { parseInteger, parsePositiveInteger, parsePositiveNumber } from "./options.ts";
import { createProgress } from "./progress.ts";

export interface AnalyzeCliOptions {
  out?: string;
  format?: string;
  nodes?: string;
  undirected?: boolean;
  weight?: string;
  resolution?: number;
  seed?: number;
  betweenness?: AnalyzeOptions["betweenness"];
  samples?: number;
  top?: number;
  by?: LeaderMetric;
  directedModularity?: boolean;
}

export function loadOptions(o: AnalyzeCliOptions): LoadOptions {
  return {
    format: o.format,
    nodes: o.nodes,
    undirected: o.undirected,
    weight: o.weight === undefined || o.weight === "none" ? undefined : o.weight,
  };
}

/** The analysis options shared by `analyze` and `report` (on a non-atlas input). */
export function addAnalysisOptions(cmd: Command): Command {
  return cmd
    .option("--format <format>", "input format, overriding the extension (csv, edgelist, gexf, graphml, gml, gdf, json)")
    .option("--nodes <file>", "nodes CSV (id,label,...) for a CSV edge list")
    .option("--undirected", "analyze a directed input as undirected (u→v and v→u merged, weights summed)")
    .option("--weight <attr>", 'edge attribute holding weights; "none" for unweighted', "weight")
    .option("--resolution <r>", "Louvain resolution (higher: more, smaller communities)", parsePositiveNumber, ANALYZE_DEFAULTS.resolution)
    .option("--seed <n>", "seed of Louvain and of sampled betweenness", parseInteger, ANALYZE_DEFAULTS.seed)
    .addOption(
      new Option("--betweenness <mode>", "betweenness: exact, approx (sampled sources), off, or auto (exact below 5000 nodes)")
        .choices(["exact", "approx", "off", "auto"])
        .default("auto"),
    )
    .option("--samples <k>", "sampled sources for approximate betweenness", parsePositiveInteger, ANALYZE_DEFAULTS.samples)
    .option("--directed-modularity", "Louvain optimises directed modularity (default: the undirected view)");
}

export function toAnalyzeOptions(input: string, o: AnalyzeCliOptions, createdAt: string): AnalyzeOptions {
  return {
    source: input,
    createdAt,
    // The readers store the chosen column as `weight`.
    weight: o.weight === "none" ? null : "weight",
    undirected: Boolean(o.undirected),
    resolution: o.resolution,
    seed: o.seed,
    betweenness: o.betweenness,
    samples: o.samples,
    top: o.top,
    by: o.by,
    bridges: o.top,
    directedModularity: Boolean(o.directedModularity),
  };
}

/**
 * Reads `input` (unless `graph` is given) and analyzes it, with progress on
 * stderr. Atlas files are re-analyzed from their graph.
 */
export async function readAndAnalyze(
  io: CliIo,
  command: string,
  input: string,
  o: AnalyzeCliOptions,
  graph?: AtlasGraph,
): Promise<{ graph: AtlasGraph; atlas: AtlasMeta }> {
  const progress = createProgress(io, command);
  const loaded = graph ?? (await loadGraph(input, loadOptions(o))).graph;
  progress.note(`read ${loaded.order} nodes, ${loaded.size} edges`);
  const result = analyzeGraph(loaded, toAnalyzeOptions(input, o, new Date().toISOString()), progress.stage);
  progress.done();
  return { graph: result.graph, atlas: result.atlas };
}

export function analyzeCommand(io: CliIo): Command {
  const cmd = new Command("analyze")
    .description("compute every metric, the communities and their leaders; write the atlas file")
    .argument("<input>", "graph file (CSV, SNAP edge list, GEXF, GraphML, GML, GDF, graphology JSON; .gz accepted)")
    .option("-o, --out <file>", "atlas file to write (default: out/<input name>.atlas.json)")
    .option("--top <n>", "leaders kept per community (and bridges)", parsePositiveInteger, ANALYZE_DEFAULTS.top)
    .addOption(
      new Option("--by <metric>", "score ranking the leaders")
        .choices([...LEADER_METRICS])
        .default(ANALYZE_DEFAULTS.by),
    );
  addAnalysisOptions(cmd)
    .addHelpText(
      "after",
      `
Examples:
  $ atlas analyze data/karate/karate_club.gml
  $ atlas analyze data/congress_twitter/congress.edgelist --seed 1 --top 5 --out out/congress.atlas.json
  $ atlas analyze edges.csv --nodes nodes.csv --betweenness approx --samples 128`,
    )
    .action(async (input: string, o: AnalyzeCliOptions) => {
      const { graph, atlas } = await readAndAnalyze(io, "atlas analyze", input, o);
      const out = o.out ?? defaultAtlasPath(input);
      await writeOutput(out, JSON.stringify(graph.export()));
      io.out(analysisSummary(graph, atlas));
      io.out(`wrote ${out}\n`);
    });
  return cmd;
}

/** A few lines for the terminal: counts, communities, the first leaders. */
export function analysisSummary(graph: AtlasGraph, atlas: AtlasMeta, shownCommunities = 10): string {
  const s = atlas.summary;
  const b = atlas.params.betweenness;
  const lines = [
    `${atlas.source}: ${s.nodes} nodes, ${s.edges} edges, ${atlas.directed ? "directed" : "undirected"}` +
      (s.edges === 0 ? " (no edges)" : ""),
    `${atlas.communities.length} communities, modularity ${formatNumber(atlas.modularity)}; ` +
      `betweenness ${b.mode}${b.mode === "approx" ? ` (${b.samples} sampled sources)` : ""}` +
      (atlas.params.closeness.computed ? "" : "; closeness skipped"),
  ];
  const label = (k: string): string => String(graph.getNodeAttribute(k, "label") ?? k);
  for (const c of atlas.communities.slice(0, shownCommunities)) {
    lines.push(`  community ${c.id} (${c.size} nodes): ${c.leaders.slice(0, 5).map(label).join(", ")}`);
  }
  if (atlas.communities.length > shownCommunities) {
    lines.push(`  … and ${atlas.communities.length - shownCommunities} smaller communities`);
  }
  for (const w of atlas.warnings) lines.push(`warning: ${w}`);
  return lines.join("\n") + "\n";
}
