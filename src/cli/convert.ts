/** `atlas convert <input> <output>`: from any readable format to any writable one. */
import { Command } from "commander";
import { addNodesOptions } from "./options.ts";
import { edgeStreamView, type WritableGraph } from "../graph/edge-stream-view.ts";
import { writeGraphChunks, type WrittenGraph } from "../graph/writers/index.ts";
import { readEdgeStream, readRecordStream, streamsInput, recordStreamFormat } from "./analyze-stream.ts";
import type { CliIo } from "./context.ts";
import { loadGraph } from "./io.ts";
import { checkOutputPath } from "./output-path.ts";
import { createProgress } from "./progress.ts";
import { writeChunks } from "./write-stream.ts";

interface ConvertCliOptions {
  format?: string;
  nodes?: string;
  labelColumn?: string;
  undirected?: boolean;
}

export function convertCommand(io: CliIo): Command {
  return addNodesOptions(new Command("convert")
    .description("convert a graph file to another format (by the output's extension)")
    .argument("<input>", "graph file, or an atlas file (its metrics are kept)")
    .argument("<output>", "file to write: .gexf, .graphml, .json, .csv")
    .option("--format <format>", "input format, overriding the extension"))
    .option("--undirected", "read a directed input as undirected")
    .addHelpText(
      "after",
      `
Examples:
  $ atlas convert data/karate/karate_club.gml out/karate.gexf
  $ atlas convert out/congress.atlas.json out/congress.graphml`,
    )
    .action(async (input: string, output: string, o: ConvertCliOptions) => {
      await checkOutputPath(output, "file");
      const graph = await readForConversion(io, input, o);
      // Streamed chunk by chunk (64 K characters) into temp files renamed at the end: no whole-document string.
      const written = writeGraphChunks(output, graph);
      const files: [string, Iterable<string>][] = [
        [output, written.chunks],
        ...written.companions.map((c): [string, Iterable<string>] => [c.name, c.chunks]),
      ];
      for (const [file, chunks] of files) await writeChunks(file, chunks);
      io.out(`wrote ${files.map(([f]) => f).join(", ")} (${graph.order} nodes, ${graph.size} edges)\n`);
    });
}

/**
 * The input as the writers read it: edge lists, CSV edge lists, GEXF,
 * GraphML, GML and GDF streamed into the edge stream and written from its typed arrays (no
 * graphology graph, so 10M edges convert in bounded memory); atlas files and
 * the other formats through `loadGraph`.
 */
async function readForConversion(io: CliIo, input: string, o: ConvertCliOptions): Promise<WritableGraph> {
  const records = recordStreamFormat(input, o);
  if (!streamsInput(input, o) && records === null) return (await loadGraph(input, o)).graph;
  const progress = createProgress(io, "atlas convert");
  try {
    if (records !== null) {
      const parsed = await readRecordStream(input, records, { undirected: o.undirected }, progress, io.now);
      const { accumulator, nodeAttributes } = parsed.edges({ attributes: true });
      return edgeStreamView(accumulator.merge(), nodeAttributes, parsed.graphAttributes);
    }
    const acc = await readEdgeStream(input, { format: o.format, undirected: o.undirected }, progress, io.now);
    return edgeStreamView(acc.merge());
  } finally {
    progress.done();
  }
}

/** The files `writeGraph` produced: the output itself, then its companions (the nodes file of a CSV). */
export function normalizeWritten(output: string, written: WrittenGraph): [string, string][] {
  return [[output, written.text], ...written.companions.map((c): [string, string] => [c.name, c.text])];
}
