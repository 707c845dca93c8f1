/** `atlas info <input>`: what a graph file holds, without analyzing it. */
import { Command } from "commander";
import { addNodesOptions } from "./options.ts";
import type { AtlasMeta } from "../analyze/atlas.ts";
import type { AtlasGraph } from "../graph/model.ts";
import { formatFromName } from "../graph/read.ts";
import type { CliIo } from "./context.ts";
import { loadGraph } from "./io.ts";

interface InfoCliOptions {
  format?: string;
  nodes?: string;
  labelColumn?: string;
}

export function infoCommand(io: CliIo): Command {
  return addNodesOptions(new Command("info")
    .description("print the format, direction, counts and attributes of a graph file")
    .argument("<input>", "graph file or atlas file")
    .option("--format <format>", "input format, overriding the extension"))
    .addHelpText(
      "after",
      `
Examples:
  $ atlas info data/polblogs/polblogs.gml
  $ atlas info out/congress.atlas.json`,
    )
    .action(async (input: string, o: InfoCliOptions) => {
      const { graph, atlas } = await loadGraph(input, o);
      const format = atlas ? (/\.json(\.gz)?$/i.test(input) ? "atlas (graphology JSON)" : "atlas (columnar: Arrow IPC)") : (o.format ?? formatFromName(input) ?? "unknown");
      io.out(graphInfo(input, format, graph));
    });
}

export function graphInfo(file: string, format: string, graph: AtlasGraph): string {
  let selfLoops = 0;
  const edgeAttrs = new Set<string>();
  graph.forEachEdge((_e, attrs, s, t) => {
    if (s === t) selfLoops++;
    for (const k of Object.keys(attrs)) edgeAttrs.add(k);
  });
  const nodeAttrs = new Set<string>();
  graph.forEachNode((_n, attrs) => {
    for (const k of Object.keys(attrs)) nodeAttrs.add(k);
  });
  const graphAttrs = Object.keys(graph.getAttributes());
  const list = (s: Iterable<string>): string => [...s].sort().join(", ") || "–";
  const lines = [
    `file: ${file}`,
    `format: ${format}`,
    `directed: ${graph.type === "undirected" ? "no" : "yes"}`,
    `nodes: ${graph.order}`,
    `edges: ${graph.size}`,
    `self-loops: ${selfLoops}`,
    `node attributes: ${list(nodeAttrs)}`,
    `edge attributes: ${list(edgeAttrs)}`,
    `graph attributes: ${list(graphAttrs)}`,
  ];
  // Only an atlas file's own meta (an object): a graph converted from one
  // (GraphML, GEXF) carries `atlas` as a plain string attribute.
  const meta = atlasMetaOf(graph.getAttribute("atlas"));
  if (meta) {
    lines.push(
      `atlas: version ${meta.version}, created ${meta.createdAt} from ${meta.source}, ` +
        `${meta.communities.length} communities, modularity ${meta.modularity}`,
    );
  }
  return lines.join("\n") + "\n";
}

/** `value` when it is an atlas meta object (with its communities), else `undefined`. */
function atlasMetaOf(value: unknown): AtlasMeta | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return Array.isArray((value as { communities?: unknown }).communities) ? (value as AtlasMeta) : undefined;
}
