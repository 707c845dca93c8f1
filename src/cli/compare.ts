/**
 * `atlas compare <input> <input> …`: structural profiles of niches side by
 * side, with z-scores against degree-preserving randomizations run on worker
 * threads (`compare-pool.ts`). An input is a network file, an atlas file, or
 * a niche of the store (`db:NAME`); `--by ATTR` splits each input into the
 * groups a node attribute defines (each group's induced subgraph a niche).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { overlapsOf } from "../analyze/compare/compare.ts";
import { groupByValue, inducedSubindex } from "../analyze/compare/niches.ts";
import { nullModelResult, observedValues } from "../analyze/compare/null-model.ts";
import { nicheIndex, ownCommunities, profileNiche, type NicheInput } from "../analyze/compare/profile.ts";
import { SWAPS_PER_EDGE } from "../analyze/compare/randomize.ts";
import type { NicheComparison, NicheProfile } from "../analyze/compare/types.ts";
import type { AtlasGraph } from "../graph/model.ts";
import { COMPARE_FORMATS, type CompareFormat, renderComparison } from "../report/compare/index.ts";
import { UsageError } from "../shared/errors.ts";
import { openStore } from "../store/open.ts";
import { nicheGraph } from "../store/to-graph.ts";
import { dbOption } from "./collect-common.ts";
import type { CliIo } from "./context.ts";
import { eraseProgressLine } from "./progress.ts";
import { loadGraph, stem, writeOutput } from "./io.ts";
import { parseInteger, parsePositiveInteger, parsePositiveNumber } from "./options.ts";
import { defaultThreads, runNullModels } from "./compare-pool.ts";

export interface CompareCliOptions {
  by?: string;
  nodes?: string;
  format?: CompareFormat;
  inputFormat?: string;
  undirected?: boolean;
  out: string[];
  null: number;
  seed: number;
  top: number;
  swaps: number;
  resolution: number;
  threads?: number;
  db: string;
}

function parseNonNegativeInteger(value: string): number {
  const n = parseInteger(value);
  if (n < 0) throw new InvalidArgumentError(`"${value}" is not a non-negative integer.`);
  return n;
}

function formatOf(file: string): CompareFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  const f = ext === "markdown" ? "md" : ext === "htm" ? "html" : ext;
  return (COMPARE_FORMATS as readonly string[]).includes(f ?? "") ? (f as CompareFormat) : undefined;
}

export function compareCommand(io: CliIo): Command {
  return new Command("compare")
    .description("compare niches by their community structure: profiles side by side, z-scores against randomizations")
    .argument("<inputs...>", "network files, atlas files, or store niches db:NAME")
    .option("--by <attr>", "compare the groups a node attribute defines inside each input (each group's induced subgraph)")
    .option("--nodes <file>", "nodes CSV (id,label,...) for a CSV edge list (default: <name>.nodes.csv beside it, if present)")
    .option("--input-format <format>", "format of the inputs, overriding their extension (csv, edgelist, gexf, graphml, gml, gdf, json)")
    .option("--undirected", "read directed inputs as undirected")
    .option("--null <R>", "degree-preserving randomizations per niche for the z-scores (0: none)", parseNonNegativeInteger, 10)
    .option("--seed <n>", "seed of Louvain and of the randomizations", parseInteger, 0)
    .option("--top <k>", "leaders per niche (top k by PageRank)", parsePositiveInteger, 10)
    .option("--swaps <q>", "attempted edge swaps per edge in each randomization", parsePositiveNumber, SWAPS_PER_EDGE)
    .option("--resolution <r>", "Louvain resolution", parsePositiveNumber, 1)
    .option("--threads <n>", `worker threads for the randomizations (default: ${defaultThreads()} here)`, parsePositiveInteger)
    .addOption(new Option("--format <format>", "output format (default: from --out's extension, else md)").choices([...COMPARE_FORMATS]))
    .option("-o, --out <file>", "file to write; repeat for several formats (default: stdout)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .addOption(dbOption())
    .addHelpText(
      "after",
      `
Examples:
  $ atlas compare data/polblogs/polblogs.gml data/congress_twitter/congress.edgelist --null 20
  $ atlas compare facebook.csv --nodes data/facebook_page_page/musae_facebook_target.csv --undirected --by page_type --out cmp.html
  $ atlas compare db:climate db:brexit --out out/cmp.md --out out/cmp.html --out out/cmp.json
  $ npm run demo:compare`,
    )
    .action(async (inputs: string[], o: CompareCliOptions) => {
      // Formats first, so that a bad --out fails before the work.
      const outs = o.out.length > 0 ? o.out : [null];
      const targets = outs.map((file) => {
        const format = o.format !== undefined && outs.length === 1 ? o.format : file === null ? (o.format ?? "md") : formatOf(file);
        if (format === undefined) {
          throw new UsageError(`compare: cannot tell the format of "${file}" from its extension; give --format md|html|json or name it .md, .html or .json`);
        }
        return { file, format };
      });
      const result = await runCompare(io, inputs, o);
      // "wrote FILE" goes to stdout, as for every command, unless stdout carries a comparison too.
      const note = targets.some((t) => t.file === null) ? io.err : io.out;
      for (const { file, format } of targets) {
        const text = renderComparison(result, format);
        if (file === null) io.out(text);
        else {
          await writeOutput(file, text);
          note(`wrote ${file}\n`);
        }
      }
    });
}

async function loadInput(input: string, o: CompareCliOptions): Promise<{ graph: AtlasGraph; name: string }> {
  if (input.startsWith("db:")) {
    const name = input.slice(3);
    if (name === "") throw new UsageError('compare: "db:" needs a niche name, e.g. db:climate');
    const db = openStore(o.db, { readonly: true });
    try {
      return { graph: nicheGraph(db, name), name };
    } finally {
      db.close();
    }
  }
  let nodes = o.nodes;
  if (nodes === undefined && /\.csv(\.gz)?$/i.test(input)) {
    const sibling = join(dirname(input), `${stem(input)}.nodes.csv`);
    if (existsSync(sibling)) nodes = sibling;
  }
  const loaded = await loadGraph(input, { format: o.inputFormat, nodes, undirected: o.undirected });
  return { graph: loaded.graph, name: stem(input) };
}

/** A node's display name: its `label`, else `name`, `page_name` or `title`, else its key. */
function labelOf(graph: AtlasGraph, key: string): string {
  const a = graph.getNodeAttributes(key);
  for (const field of ["label", "name", "page_name", "title", "handle"]) {
    const v = a[field];
    if (((typeof v === "string" && v !== "") || typeof v === "number") && String(v) !== key) return String(v);
  }
  return key;
}

/** Reads the inputs into niches (split by `--by` when given). */
export async function loadNiches(inputs: string[], o: CompareCliOptions): Promise<NicheInput[]> {
  if (o.nodes !== undefined && inputs.length > 1) {
    throw new UsageError("compare: --nodes applies to a single input; give each CSV edge list a <name>.nodes.csv beside it instead");
  }
  const niches: NicheInput[] = [];
  for (const input of inputs) {
    const { graph, name } = await loadInput(input, o);
    if (graph.type === "mixed") throw new UsageError(`compare: "${input}" mixes directed and undirected edges; pass --undirected`);
    const index = nicheIndex(graph);
    const labels = index.keys.map((k) => labelOf(graph, k));
    if (o.by === undefined) {
      // An atlas file is compared with its own communities, modularity and leaders; a graph file gets Louvain's.
      niches.push({ name, source: input, index, labels, own: ownCommunities(graph, index.keys) });
      continue;
    }
    const attr = o.by;
    const values = index.keys.map((k) => graph.getNodeAttribute(k, attr) as unknown);
    const groups = groupByValue(values);
    if (groups.length === 0) {
      const seen = new Set<string>();
      graph.forEachNode((_k, a) => Object.keys(a).forEach((x) => seen.add(x)));
      throw new UsageError(
        `compare: no node of "${input}" has the attribute "${attr}"; node attributes found: ${[...seen].sort().join(", ") || "none"}` +
          (/\.csv(\.gz)?$/i.test(input) ? " (give the nodes file with --nodes)" : ""),
      );
    }
    for (const group of groups) {
      niches.push({
        name: inputs.length > 1 ? `${name}:${group.value}` : group.value,
        source: `${input} --by ${attr}=${group.value}`,
        index: inducedSubindex(index, group.nodes),
        labels: group.nodes.map((i) => labels[i]),
        // Groups of one graph are disjoint: no overlap to report between them.
        platform: inputs.length > 1 ? undefined : null,
      });
    }
  }
  const seen = new Map<string, number>();
  for (const niche of niches) {
    const count = (seen.get(niche.name) ?? 0) + 1;
    seen.set(niche.name, count);
    if (count > 1) niche.name = `${niche.name}#${count}`;
  }
  if (niches.length === 0) throw new UsageError("compare: no niche to compare");
  return niches;
}

/** Loads, profiles and randomizes; progress on stderr. */
export async function runCompare(io: CliIo, inputs: string[], o: CompareCliOptions): Promise<NicheComparison> {
  const start = io.now();
  const elapsed = (): string => `${((io.now() - start) / 1000).toFixed(1)} s`;
  const log = (text: string): void => io.err(`compare: ${text}\n`);
  const niches = await loadNiches(inputs, o);
  log(`${niches.length} niches: ${niches.map((n) => `${n.name} (${n.index.order} nodes, ${n.index.size} edges)`).join(", ")} (${elapsed()})`);
  const profiles: NicheProfile[] = [];
  for (const niche of niches) {
    profiles.push(profileNiche(niche, { seed: o.seed, top: o.top, resolution: o.resolution }).profile);
    log(`profiled ${niche.name} (${elapsed()})`);
  }
  let samples: Awaited<ReturnType<typeof runNullModels>> | null = null;
  if (o.null > 0) {
    const threads = o.threads ?? defaultThreads();
    log(`${o.null} randomizations per niche on ${Math.min(threads, o.null * niches.length)} worker threads…`);
    let done = 0;
    let lastLine = io.now();
    const total = o.null * niches.length;
    samples = await runNullModels(
      niches.map((n) => ({ name: n.name, index: n.index })),
      {
        replicates: o.null,
        seed: o.seed,
        swapsPerEdge: o.swaps,
        resolution: o.resolution,
        threads,
        onProgress: (niche, count, of) => {
          done++;
          const line = `randomizations ${done}/${total} (${niches[niche].name} ${count}/${of}, ${elapsed()})`;
          if (io.errIsTTY) {
            eraseProgressLine(io);
            io.err(`compare: ${line}${done === total ? "\n" : ""}`);
          }
          else if (count === of || done === total || io.now() - lastLine > 5000) {
            lastLine = io.now();
            log(line);
          }
        },
      },
    );
  }
  const result: NicheComparison = {
    niches: profiles.map((profile, i) => ({
      ...profile,
      nullModel: samples === null ? null : nullModelResult(observedValues(profile), samples[i], o.seed, o.swaps),
    })),
    overlaps: overlapsOf(profiles.map((profile, i) => ({ profile, keys: niches[i].index.keys }))),
    params: { seed: o.seed, replicates: o.null, swapsPerEdge: o.swaps, top: o.top, resolution: o.resolution },
  };
  log(`done in ${elapsed()}`);
  return result;
}
