/** `atlas export --niche NAME --out FILE`: a niche of the store as a graph file of any format the engine writes. */
import { Command, Option } from "commander";
import { WRITE_FORMATS, writeGraph, type WriteFormatName } from "../graph/writers/index.ts";
import { openStore } from "../store/open.ts";
import { nicheGraph } from "../store/to-graph.ts";
import { dbOption } from "./collect-common.ts";
import type { CliIo } from "./context.ts";
import { normalizeWritten } from "./convert.ts";
import { writeOutput } from "./io.ts";

interface ExportCliOptions {
  niche: string;
  kinds?: string;
  since?: string;
  db: string;
  out: string;
  format?: WriteFormatName;
}

export function exportCommand(io: CliIo): Command {
  return new Command("export")
    .description("write a niche of the store as a graph file (nodes tw:<id> with label, handle, followers, description)")
    .requiredOption("--niche <name>", "niche to export")
    .option("--kinds <k,...>", "edge kinds kept: follows, mentions, replies, retweets, quotes (default: all)")
    .option("--since <date>", "only interactions since DATE, and follows seen since DATE")
    .addOption(dbOption())
    .requiredOption("-o, --out <file>", "file to write: .gexf, .graphml, .json, .csv (edges + .nodes.csv)")
    .addOption(new Option("--format <format>", "output format, overriding the extension").choices([...WRITE_FORMATS]))
    .addHelpText(
      "after",
      `
Examples:
  $ atlas export --niche climate --out out/climate.gexf
  $ atlas export --niche brexit --kinds retweets,quotes --since 2021-01-01 --out out/brexit.csv`,
    )
    .action(async (o: ExportCliOptions) => {
      const db = openStore(o.db, { readonly: true });
      try {
        const kinds = o.kinds?.split(",").map((k) => k.trim()).filter(Boolean);
        const graph = nicheGraph(db, o.niche, { kinds, since: o.since });
        const files = normalizeWritten(o.out, writeGraph(o.out, graph, { format: o.format }));
        for (const [file, data] of files) await writeOutput(file, data);
        io.out(`wrote ${files.map(([f]) => f).join(", ")} (${graph.order} nodes, ${graph.size} edges)\n`);
      } finally {
        db.close();
      }
    });
}
