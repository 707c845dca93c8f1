/** `atlas report <input>`: leaders per community, bridges, summary, in md/csv/json/html. */
import { Command, Option } from "commander";
import { LEADER_METRICS, type LeaderMetric } from "../analyze/atlas.ts";
import { extname } from "node:path";
import type { AtlasGraph } from "../graph/model.ts";
import { isReportFormat, renderReport, REPORT_FORMATS, type ReportFormat } from "../report/index.ts";
import { UsageError } from "../shared/errors.ts";
import {
  addAnalysisOptions,
  addNicheOptions,
  analysisInput,
  type AnalyzeCliOptions,
  analyzeNiche,
  loadOptions,
  readAndAnalyze,
} from "./analyze.ts";
import type { CommunityTopItems } from "../report/index.ts";
import type { CliIo } from "./context.ts";
import { loadGraph, writeOutput } from "./io.ts";
import { parsePositiveInteger } from "./options.ts";

interface ReportCliOptions extends Omit<AnalyzeCliOptions, "format"> {
  format?: ReportFormat;
  inputFormat?: string;
}

export function reportCommand(io: CliIo): Command {
  const cmd = new Command("report")
    .description("report the leaders of each community, the bridges and the graph summary")
    .argument("[input]", "an atlas file (from `atlas analyze`), or any graph file (analyzed first); or give --niche")
    .option("--top <n>", "leaders shown per community (default: as analyzed, 10)", parsePositiveInteger)
    .addOption(
      new Option("--by <metric>", "score ranking the leaders (default: as analyzed, composite)")
        .choices([...LEADER_METRICS]),
    )
    .addOption(
      new Option("--format <format>", "report format (default: from --out's extension, else md)").choices([
        ...REPORT_FORMATS,
      ]),
    )
    .option("-o, --out <file>", "file to write (default: stdout)")
    .option("--input-format <format>", "format of a non-atlas input, overriding its extension");
  // The analysis options, minus --format (taken above as the report's), for non-atlas inputs.
  for (const option of addAnalysisOptions(new Command()).options) {
    if (option.long !== "--format") cmd.addOption(option);
  }
  addNicheOptions(cmd)
    .addHelpText(
      "after",
      `
Examples:
  $ atlas report out/karate_club.atlas.json --top 5
  $ atlas report out/congress.atlas.json --by pagerank --format html --out out/congress.html
  $ atlas report data/karate/karate_club.gml --format csv > karate.csv
  $ atlas report --niche brexit --db data/atlas.db --format html --out out/brexit.html`,
    )
    .action(async (input: string | undefined, o: ReportCliOptions) => {
      const format = o.format ?? formatFromPath(o.out) ?? "md";
      const { graph, topItems } = await reportInput(io, input, o);
      const text = renderReport(graph, format, { top: o.top, by: o.by as LeaderMetric | undefined, topItems });
      if (o.out === undefined) io.out(text);
      else {
        await writeOutput(o.out, text);
        io.out(`wrote ${o.out}\n`);
      }
    });
  return cmd;
}

/**
 * The analyzed graph to report on: an atlas file as is, any other file
 * analyzed first, or a niche of the store analyzed with its top items
 * (`undefined`: the report takes those of the atlas file, if any).
 */
async function reportInput(
  io: CliIo,
  file: string | undefined,
  o: ReportCliOptions,
): Promise<{ graph: AtlasGraph; topItems?: CommunityTopItems[] }> {
  const input = analysisInput("report", file, { ...o, format: o.inputFormat });
  if (!("file" in input)) {
    const { graph, topItems } = await analyzeNiche(io, "atlas report", input, { ...o, format: undefined });
    return { graph, topItems };
  }
  const loaded = await loadGraph(input.file, loadOptions({ ...o, format: o.inputFormat }));
  if (loaded.atlas) return { graph: loaded.graph };
  const analyzed = await readAndAnalyze(io, "atlas report", input.file, { ...o, format: o.inputFormat }, loaded.graph);
  return { graph: analyzed.graph };
}

function formatFromPath(file: string | undefined): ReportFormat | undefined {
  if (file === undefined) return undefined;
  const ext = extname(file).slice(1).toLowerCase();
  const format = ext === "markdown" ? "md" : ext === "htm" ? "html" : ext;
  if (isReportFormat(format)) return format;
  throw new UsageError(`report: cannot tell the format of "${file}" from its extension; give --format md|csv|json|html`);
}
