/**
 * `atlas analyze <input>` / `atlas analyze --niche NAME [--db FILE]`: every
 * metric, communities and leaders → the atlas file. A niche of the store is
 * read into the same graph model and analyzed by the same path as a file;
 * for an interactions niche the atlas also gets each community's top items.
 */
import { Command, Option } from "commander";
import {
  COMMUNITY_ALGORITHMS,
  LEADER_METRICS,
  type AtlasCommunityTopItems,
  type AtlasMeta,
  type CommunityAlgorithm,
  type LeaderMetric,
} from "../analyze/atlas.ts";
import { analyzeGraph, analyzeGraphAsync, ANALYZE_DEFAULTS, type AnalyzeOptions, type AnalyzeResult, type IndexAnalysisResult } from "../analyze/pipeline.ts";
import type { CsrIndex } from "../analyze/csr.ts";
import type { AtlasGraph } from "../graph/model.ts";
import { formatNumber, rankIntervalText } from "../report/format.ts";
import { AnalysisError, DataError, UsageError } from "../shared/errors.ts";
import { DEFAULT_DB_PATH } from "../store/open.ts";
import { nicheStreamGraph, type NicheStream } from "../store/niche-stream.ts";
import { topItemsByCommunity } from "../store/top-items.ts";
import type { StoreDb } from "../store/types.ts";
import { columnValue } from "../analyze/node-columns.ts";
import type { CliIo } from "./context.ts";
import { defaultAtlasPath, loadGraph, type LoadOptions, nicheAtlasPath, openNicheGraph, openNicheStream, writeOutput } from "./io.ts";
import { addNodesOptions, parseFraction, parseInteger, parseNonNegativeInteger, parsePositiveInteger, parsePositiveNumber } from "./options.ts";
import { defaultThreads, withReplicateWorkers } from "./pool.ts";
import { createProgress } from "./progress.ts";
import { applyLayout, wantsLayout } from "./layout.ts";
import { LAYOUT_AUTO_EDGES, LAYOUT_AUTO_NODES } from "../analyze/layout.ts";
import { checkOutputPath } from "./output-path.ts";
import {
  analyzeIndexWithWorkers,
  attributesKeptUpTo,
  columnarColumns,
  columnarOut,
  COLUMNAR_MIN_NODES,
  defaultColumnarPath,
  readEdgeStream,
  readRecordStream,
  streamColumnarEdges,
  streamGraph,
  streamIndex,
  streamsInput,
  recordStreamFormat,
} from "./analyze-stream.ts";
import { graphToColumnar, nodeAttributeColumns, writeColumnarAtlas, type ColumnValues } from "./columnar.ts";
import { NODE_METRICS } from "../analyze/atlas.ts";
import { OPTIONAL_ATTRIBUTES } from "../analyze/node-attributes.ts";
import type { EdgeAccumulator } from "../graph/readers/accumulator.ts";

/** Items kept per top-items list (hashtags, URLs, mentions) by default. */
export const TOP_ITEMS_DEFAULT = 10;

export interface AnalyzeCliOptions {
  out?: string;
  format?: string;
  nodes?: string;
  labelColumn?: string;
  /** Store map positions (`--layout` / `--no-layout`; default: by the graph's size). */
  layout?: boolean;
  undirected?: boolean;
  weight?: string;
  resolution?: number;
  seed?: number;
  betweenness?: AnalyzeOptions["betweenness"];
  samples?: number;
  betweennessEpsilon?: number;
  betweennessDelta?: number;
  top?: number;
  by?: LeaderMetric;
  directedModularity?: boolean;
  communities?: CommunityAlgorithm;
  consensus?: number;
  bootstrap?: number;
  /** Worker threads for consensus runs and bootstrap replicates (0 = this thread). */
  workers?: number;
  /** A niche of the store instead of an input file. */
  niche?: string;
  db?: string;
  kinds?: string;
  since?: string;
  topItems?: number;
}

export function loadOptions(o: AnalyzeCliOptions): LoadOptions {
  return {
    format: o.format,
    nodes: o.nodes,
    labelColumn: o.labelColumn,
    undirected: o.undirected,
    weight: o.weight === undefined || o.weight === "none" ? undefined : o.weight,
  };
}

/** The analysis options shared by `analyze` and `report` (on a non-atlas input). */
export function addAnalysisOptions(cmd: Command): Command {
  return addNodesOptions(cmd.option("--format <format>", "input format, overriding the extension (csv, edgelist, gexf, graphml, gml, gdf, json)"))
    .option("--undirected", "analyze a directed input as undirected (u→v and v→u merged, weights summed)")
    .option("--weight <attr>", 'edge attribute holding weights; "none" for unweighted', "weight")
    .option("--resolution <r>", "modularity resolution (higher: more, smaller communities)", parsePositiveNumber, ANALYZE_DEFAULTS.resolution)
    .option("--seed <n>", "seed of the communities, consensus, bootstrap and sampled betweenness", parseInteger, ANALYZE_DEFAULTS.seed)
    .addOption(
      new Option("--communities <algorithm>", "community detection: leiden (default) or louvain (default with --directed-modularity)").choices([
        ...COMMUNITY_ALGORITHMS,
      ]),
    )
    .option("--consensus <R>", "consensus of R community runs, giving each node's stability (0 = off; default 10 up to 20 000 nodes)", parseNonNegativeInteger)
    .option("--bootstrap <B>", "bootstrap resamplings of the edges for the leaders' rank intervals (0 = off; default 100 up to 20 000 nodes)", parseNonNegativeInteger)
    .option("--workers <n>", `worker threads for betweenness sources, consensus runs and bootstrap replicates (0 = main thread; default ${defaultThreads()} here)`, parseNonNegativeInteger)
    .addOption(
      new Option("--betweenness <mode>", "betweenness: exact, approx (sampled sources), off, or auto (exact below 5000 nodes)")
        .choices(["exact", "approx", "off", "auto"])
        .default("auto"),
    )
    .option("--samples <k>", "sampled sources for approximate betweenness", parsePositiveInteger, ANALYZE_DEFAULTS.samples)
    .option(
      "--betweenness-epsilon <e>",
      "betweenness from sampled node pairs, every node within e of its normalized value (Riondato–Kornaropoulos); the sample size follows from e, δ and the vertex diameter",
      parseFraction,
    )
    .option("--betweenness-delta <d>", "failure probability δ of --betweenness-epsilon", parseFraction, ANALYZE_DEFAULTS.betweennessDelta)
    .option("--directed-modularity", "Louvain optimises directed modularity (default: the undirected view; implies --communities louvain, no consensus)");
}

/** `--niche`, `--db`, `--kinds`, `--since`, `--top-items`: a niche of the store as the input. */
export function addNicheOptions(cmd: Command): Command {
  return cmd
    .option("--niche <name>", "analyze this niche of the store instead of an input file")
    .option("--db <file>", `the store of --niche (default ${DEFAULT_DB_PATH})`)
    .option("--kinds <k,...>", "--niche: edge kinds kept (follows, mentions, replies, retweets, quotes; default all)")
    .option("--since <date>", "--niche: only interactions since DATE (YYYY-MM-DD), and follows seen since DATE")
    .option(
      "--top-items <n>",
      `--niche: hashtags, URLs and mentions listed per community (default ${TOP_ITEMS_DEFAULT})`,
      parsePositiveInteger,
    );
}

/** The input of `analyze` / `report`: a file, or a niche of the store (exactly one). */
export type AnalysisInput = { file: string } | { niche: string; db: string; kinds?: string[]; since?: string };

export function analysisInput(command: string, input: string | undefined, o: AnalyzeCliOptions): AnalysisInput {
  const nicheOnly = (["db", "kinds", "since", "topItems"] as const).filter((k) => o[k] !== undefined);
  if (o.niche === undefined) {
    if (input === undefined) {
      throw new UsageError(`${command}: give an input file, or --niche NAME [--db FILE] to analyze a niche of the store`);
    }
    if (nicheOnly.length > 0) {
      const flag = nicheOnly[0] === "topItems" ? "--top-items" : `--${nicheOnly[0]}`;
      throw new UsageError(`${command}: ${flag} goes with --niche NAME (a niche of the store), not with an input file`);
    }
    return { file: input };
  }
  if (input !== undefined) {
    throw new UsageError(`${command}: give either an input file ("${input}") or --niche "${o.niche}", not both`);
  }
  if (o.since !== undefined && Number.isNaN(Date.parse(o.since))) {
    throw new UsageError(`${command}: --since "${o.since}" is not a date (use YYYY-MM-DD or an ISO time)`);
  }
  const kinds = o.kinds?.split(",").map((k) => k.trim()).filter(Boolean);
  return {
    niche: o.niche,
    db: o.db ?? DEFAULT_DB_PATH,
    ...(kinds && kinds.length > 0 ? { kinds } : {}),
    ...(o.since !== undefined ? { since: o.since } : {}),
  };
}

/** `atlas.source` of a niche: `niche NAME in DB` (plus the filters). */
export function nicheSource(input: { niche: string; db: string; kinds?: string[]; since?: string }): string {
  const filters = [input.kinds ? `kinds ${input.kinds.join(",")}` : "", input.since ? `since ${input.since}` : ""].filter(Boolean);
  return `niche ${input.niche} in ${input.db}` + (filters.length ? ` (${filters.join("; ")})` : "");
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
    betweennessEpsilon: o.betweennessEpsilon ?? null,
    betweennessDelta: o.betweennessDelta,
    top: o.top,
    by: o.by,
    bridges: o.top,
    directedModularity: Boolean(o.directedModularity),
    communities: o.communities,
    consensus: o.consensus,
    bootstrap: o.bootstrap,
  };
}

/**
 * `analyzeGraph` with the consensus runs and bootstrap replicates on `workers`
 * threads (0: this thread), progress on stderr, and Ctrl-C (SIGINT)
 * terminating the workers and ending the command with "cancelled".
 */
export async function analyzeWithWorkers(
  io: CliIo,
  command: string,
  graph: AtlasGraph,
  options: AnalyzeOptions,
  workers: number,
  onProgress?: Parameters<typeof analyzeGraph>[2],
): Promise<AnalyzeResult> {
  return withReplicateWorkers(io, command, workers, (run) => analyzeGraphAsync(graph, options, onProgress, run));
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
  const options = toAnalyzeOptions(input, o, new Date().toISOString());
  const result = await analyzeWithWorkers(io, command, loaded, options, o.workers ?? defaultThreads(), progress.stage);
  progress.done();
  return { graph: result.graph, atlas: result.atlas };
}

/**
 * Reads niche `input.niche` of the store and analyzes it like a file
 * (`readAndAnalyze`), then adds each community's top hashtags, URLs and
 * mentions to the atlas (`atlas.topItems`) when the niche has posts.
 */
export async function analyzeNiche(
  io: CliIo,
  command: string,
  input: { niche: string; db: string; kinds?: string[]; since?: string },
  o: AnalyzeCliOptions,
  opened?: { db: StoreDb; graph: AtlasGraph; edgeKinds: string[] },
): Promise<{ graph: AtlasGraph; atlas: AtlasMeta; topItems: AtlasCommunityTopItems[] }> {
  const store = opened ?? openNicheGraph(command.replace(/^atlas /, ""), input);
  try {
    if (store.graph.size === 0) warnNoEdges(io, command, input, store.edgeKinds);
    const { graph, atlas } = await readAndAnalyze(io, command, nicheSource(input), o, store.graph);
    const membership = new Map<string, number>();
    graph.forEachNode((key, attrs) => void membership.set(key, attrs.community as number));
    const topItems = topItemsByCommunity(store.db, input.niche, membership, { top: o.topItems ?? TOP_ITEMS_DEFAULT }).filter(
      (t) => t.posts > 0,
    );
    if (topItems.length === 0) return { graph, atlas, topItems };
    const meta: AtlasMeta = { ...atlas, topItems };
    graph.setAttribute("atlas", meta);
    return { graph, atlas: meta, topItems };
  } finally {
    store.db.close();
  }
}

function warnNoEdges(io: CliIo, command: string, input: { niche: string; kinds?: string[]; since?: string }, edgeKinds: string[]): void {
  io.err(
    `${command}: warning: niche "${input.niche}" has no edges` +
      (input.kinds || input.since ? " with these --kinds/--since" : "") +
      (edgeKinds.length ? ` (its edge kinds: ${edgeKinds.join(", ")})` : "") +
      "\n",
  );
}

/**
 * `atlas analyze --niche` on the index path: the niche's edge stream indexed
 * and analyzed with no graph, its top items per community, and the columnar
 * atlas with the node columns (label, handle, followers, description).
 */
async function analyzeNicheColumnar(
  io: CliIo,
  input: { niche: string; db: string; kinds?: string[]; since?: string },
  o: AnalyzeCliOptions,
  store: { db: StoreDb; stream: NicheStream; edgeKinds: string[] },
  out: string,
): Promise<void> {
  const { accumulator: acc, nodes } = store.stream;
  if (acc.records === 0) warnNoEdges(io, "atlas analyze", input, store.edgeKinds);
  const progress = createProgress(io, "atlas analyze");
  const source = {
    labels: acc.dictionary.keys().map((key, i) => nodes.labels[i] ?? key),
    columns: {
      handle: nodes.handles,
      followers: Array.from(nodes.followers, (f) => (Number.isNaN(f) ? null : f)),
      description: nodes.descriptions,
    } as Record<string, ColumnValues>,
    keepNull: [],
  };
  await analyzeStreamColumnar(io, nicheSource(input), acc, o, out, progress, source, undefined, (result, index) => {
    // The niche's top hashtags, URLs and mentions per community of this partition.
    const community = result.columns.find((c) => c.name === "community");
    const membership = new Map<string, number>();
    if (community) for (let i = 0; i < index.order; i++) membership.set(index.keys[i], columnValue(community, i) as number);
    const topItems = topItemsByCommunity(store.db, input.niche, membership, { top: o.topItems ?? TOP_ITEMS_DEFAULT }).filter((t) => t.posts > 0);
    return topItems.length > 0 ? { ...result.atlas, topItems } : result.atlas;
  });
}

/**
 * The index path: an edge stream analyzed with no graph and the columnar
 * atlas written, with the source's node attributes (`nodes`) when it has
 * some; `extend` adds to the atlas meta what the source knows (a niche's top
 * items).
 */
async function analyzeStreamColumnar(
  io: CliIo,
  source: string,
  acc: EdgeAccumulator,
  o: AnalyzeCliOptions,
  out: string,
  progress: ReturnType<typeof createProgress>,
  nodes?: ReturnType<typeof nodeAttributeColumns>,
  graphAttributes?: Record<string, unknown>,
  extend?: (result: IndexAnalysisResult, index: CsrIndex) => AtlasMeta,
): Promise<void> {
  if (o.layout === true) {
    io.err(`atlas analyze: warning: --layout needs a graph, and this run has none (the index path); lay the map out afterwards with atlas layout ${out}\n`);
  }
  progress.note(`read ${acc.nodes} nodes, ${acc.records} edge records`);
  const index = streamIndex(acc, o.weight !== "none");
  const options = toAnalyzeOptions(source, o, new Date().toISOString());
  const result = await analyzeIndexWithWorkers(io, "atlas analyze", index, options, o.workers ?? defaultThreads(), progress.stage);
  const atlas = extend ? extend(result, index) : result.atlas;
  progress.note(`writing ${out}`);
  const metrics = columnarColumns(result.columns, index.order);
  // The source's attributes first, as on a graph; the metrics replace same-named ones, a previous run's optional ones go.
  const stale = new Set<string>(OPTIONAL_ATTRIBUTES);
  const own: Record<string, ColumnValues> = {};
  for (const [name, values] of Object.entries(nodes?.columns ?? {})) if (!stale.has(name) && !(name in metrics)) own[name] = values;
  const columns = { ...own, ...metrics };
  const keepNull = nodes ? [...nodes.keepNull.filter((name) => name in own), ...NODE_METRICS] : undefined;
  await writeColumnarAtlas(out, {
    keys: index.keys,
    labels: nodes?.labels,
    columns,
    edges: streamColumnarEdges(acc, index),
    atlas,
    directed: index.directed,
    ...(keepNull ? { keepNull } : {}),
    ...(graphAttributes ? { graphAttributes } : {}),
  });
  progress.done();
  io.out(summaryLines(atlas, columnView(atlas, index.keys, columns, nodes?.labels)));
  io.out(`wrote ${out}\n`);
}

export function analyzeCommand(io: CliIo): Command {
  const cmd = new Command("analyze")
    .description("compute every metric, the communities and their leaders; write the atlas file")
    .argument("[input]", "graph file (CSV, SNAP edge list, GEXF, GraphML, GML, GDF, graphology JSON; .gz accepted)")
    .option(
      "-o, --out <path>",
      `atlas to write: a .json file, or any other path for the columnar atlas directory (Arrow files + atlas.json); default out/<input name>.atlas.json, or out/<input name>.atlas/ above ${COLUMNAR_MIN_NODES} nodes`,
    )
    .option("--top <n>", "leaders kept per community (and bridges)", parsePositiveInteger, ANALYZE_DEFAULTS.top)
    .option("--layout", `store map positions (ForceAtlas2 then noverlap, as atlas layout does); default: above ${LAYOUT_AUTO_NODES} nodes or ${LAYOUT_AUTO_EDGES} edges`)
    .option("--no-layout", "do not store map positions (the viewer lays the map out)")
    .addOption(
      new Option("--by <metric>", "score ranking the leaders")
        .choices([...LEADER_METRICS])
        .default(ANALYZE_DEFAULTS.by),
    );
  addNicheOptions(addAnalysisOptions(cmd))
    .addHelpText(
      "after",
      `
Examples:
  $ atlas analyze data/karate/karate_club.gml
  $ atlas analyze data/congress_twitter/congress.edgelist --seed 1 --top 5 --out out/congress.atlas.json
  $ atlas analyze edges.csv --nodes nodes.csv --betweenness approx --samples 128
  $ atlas analyze --niche brexit --db data/atlas.db --kinds retweets,mentions --since 2021-09-01`,
    )
    .action(async (file: string | undefined, o: AnalyzeCliOptions) =>
      dataErrorsOf(file ?? `niche ${o.niche ?? ""}`, () => analyzeAction(file, o)),
    );
  async function analyzeAction(file: string | undefined, o: AnalyzeCliOptions): Promise<void> {
      const input = analysisInput("analyze", file, o);
      const columnar = columnarOut(o.out);
      // A bad --out fails before the analysis, not after it.
      if (o.out !== undefined) await checkOutputPath(o.out, columnar === true ? "directory" : "file");
      let streamed: AtlasGraph | undefined;
      if ("file" in input && streamsInput(input.file, o)) {
        const progress = createProgress(io, "atlas analyze");
        const graphPath = Boolean(o.directedModularity);
        const acc = await readEdgeStream(
          input.file,
          { ...loadOptions(o), keepAttributesUpTo: attributesKeptUpTo(columnar, graphPath) },
          progress,
          io.now,
        );
        // Directed modularity runs graphology's Louvain on the graph itself: it takes the graph path.
        if (!graphPath && (columnar ?? acc.nodes > COLUMNAR_MIN_NODES)) {
          await analyzeStreamColumnar(io, input.file, acc, o, o.out ?? defaultColumnarPath(input.file), progress);
          return;
        }
        streamed = streamGraph(acc);
      }
      const recordFormat = "file" in input ? recordStreamFormat(input.file, o) : null;
      if ("file" in input && recordFormat !== null) {
        // GEXF, GraphML, GML and GDF stream to their end, then become the index alone (columnar) or the graph.
        const progress = createProgress(io, "atlas analyze");
        const parsed = await readRecordStream(input.file, recordFormat, loadOptions(o), progress, io.now);
        if (!o.directedModularity && (columnar ?? parsed.nodes > COLUMNAR_MIN_NODES)) {
          const { accumulator, nodeAttributes } = parsed.edges();
          const nodes = nodeAttributeColumns(accumulator.dictionary.keys(), nodeAttributes);
          await analyzeStreamColumnar(io, input.file, accumulator, o, o.out ?? defaultColumnarPath(input.file), progress, nodes, parsed.graphAttributes);
          return;
        }
        streamed = parsed.graph();
      }
      let opened: { db: StoreDb; graph: AtlasGraph; edgeKinds: string[] } | undefined;
      if ("niche" in input && !o.directedModularity && columnar !== false) {
        // A niche straight into the edge stream: big ones (or --out DIR) never become a graph.
        const store = openNicheStream("analyze", input);
        if (columnar ?? store.stream.accumulator.nodes > COLUMNAR_MIN_NODES) {
          try {
            await analyzeNicheColumnar(io, input, o, store, o.out ?? nicheAtlasPath(input.niche).replace(/\.json$/, ""));
          } finally {
            store.db.close();
          }
          return;
        }
        opened = { db: store.db, graph: nicheStreamGraph(store.stream), edgeKinds: store.edgeKinds };
      }
      const { graph, atlas } =
        "file" in input
          ? await readAndAnalyze(io, "atlas analyze", input.file, o, streamed)
          : await analyzeNiche(io, "atlas analyze", input, o, opened);
      if (wantsLayout(o.layout, graph)) {
        const progress = createProgress(io, "atlas analyze");
        applyLayout(graph, { seed: o.seed }, progress, io.now);
        progress.done();
      }
      if (columnar ?? graph.order > COLUMNAR_MIN_NODES) {
        const out = o.out ?? ("file" in input ? defaultColumnarPath(input.file) : nicheAtlasPath(input.niche).replace(/\.json$/, ""));
        await writeColumnarAtlas(out, graphToColumnar(graph));
        io.out(analysisSummary(graph, atlas));
        io.out(`wrote ${out}\n`);
        return;
      }
      const out = o.out ?? ("file" in input ? defaultAtlasPath(input.file) : nicheAtlasPath(input.niche));
      await writeOutput(out, atlasJson(graph, out));
      io.out(analysisSummary(graph, atlas));
      io.out(`wrote ${out}\n`);
  }
  return cmd;
}

/**
 * Runs `fn`, turning an `AnalysisError` (the metrics refusing the data: a
 * negative or non-finite weight, a mixed graph) into a one-line `DataError`
 * about `source`, with what to do on the command line.
 */
export async function dataErrorsOf<T>(source: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof AnalysisError)) throw error;
    const problem = error.message.replace(/^analyze\/[\w-]+: /, "").replace(/\.\s.*$/s, "");
    const hint = /weight/.test(problem)
      ? "give finite weights ≥ 0 (repeated records of a pair must not sum past 1.8e308), or analyze with --weight none"
      : "fix the input or see atlas analyze --help";
    throw new DataError({ file: source }, problem, hint, { cause: error });
  }
}

/** The atlas file's JSON; past V8's longest string, a one-line error pointing to the columnar form. */
function atlasJson(graph: AtlasGraph, out: string): string {
  try {
    return JSON.stringify(graph.export());
  } catch (error) {
    if (error instanceof RangeError) {
      throw new UsageError(
        `analyze: the atlas of ${graph.order} nodes and ${graph.size} edges is too big for one JSON file (${out}); give --out DIR (no .json) for the columnar atlas`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Node lookup for the terminal summary of a columnar run: the listed leaders' labels (their keys) and intervals. */
function columnView(atlas: AtlasMeta, keys: readonly string[], columns: Record<string, ColumnValues>, labels?: readonly string[]): (key: string) => NodeView {
  const wanted = new Set(atlas.communities.flatMap((c) => c.leaders));
  const position = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) if (wanted.has(keys[i])) position.set(keys[i], i);
  const at = (name: string, i: number | undefined): unknown => (i === undefined ? undefined : (columns[name] as ArrayLike<unknown> | undefined)?.[i]);
  return (key) => {
    const i = position.get(key);
    const label = labels && i !== undefined ? labels[i] : key;
    return { label, rankLow: at("rankLow", i), rankHigh: at("rankHigh", i), unstableLeader: at("unstableLeader", i) };
  };
}

/** What the terminal summary shows of a node: its label and bootstrap interval. */
export interface NodeView {
  label: string;
  rankLow?: unknown;
  rankHigh?: unknown;
  unstableLeader?: unknown;
}

/** ` [1–3]` (` [2–9]!` when unstable) from a leader's bootstrap attributes, or "". */
export function rankInterval(graph: AtlasGraph, key: string): string {
  return intervalText(graph.getNodeAttributes(key));
}

function intervalText(a: Omit<NodeView, "label">): string {
  if (typeof a.rankLow !== "number" || typeof a.rankHigh !== "number") return "";
  return ` ${rankIntervalText(a.rankLow, a.rankHigh)}${a.unstableLeader ? "!" : ""}`;
}

/** A few lines for the terminal: counts, communities, the first leaders. */
export function analysisSummary(graph: AtlasGraph, atlas: AtlasMeta, shownCommunities = 10): string {
  return summaryLines(atlas, (k) => ({ ...graph.getNodeAttributes(k), label: String(graph.getNodeAttribute(k, "label") ?? k) }), shownCommunities);
}

/** `analysisSummary` with nodes looked up by `view` (a columnar run has no graph). */
export function summaryLines(atlas: AtlasMeta, view: (key: string) => NodeView, shownCommunities = 10): string {
  const s = atlas.summary;
  const b = atlas.params.betweenness;
  const lines = [
    `${atlas.source}: ${s.nodes} nodes, ${s.edges} edges, ${atlas.directed ? "directed" : "undirected"}` +
      (s.edges === 0 ? " (no edges)" : ""),
    `${atlas.communities.length} ${atlas.params.communities ?? "louvain"} communities` +
      (atlas.params.consensus && atlas.params.consensus.runs > 0 ? ` (consensus of ${atlas.params.consensus.runs} runs)` : "") +
      `, modularity ${formatNumber(atlas.modularity)}` +
      (atlas.disconnectedCommunities ? `, ${atlas.disconnectedCommunities} disconnected` : "") +
      "; " +
      `betweenness ${b.mode}${b.mode === "approx" ? ` (${b.samples} sampled sources)` : b.mode === "pairs" ? ` (${b.samples} sampled pairs, ε ${b.epsilon}, δ ${b.delta})` : ""}` +
      (atlas.params.closeness.computed ? "" : "; closeness skipped"),
  ];
  const label = (k: string): string => {
    const v = view(k);
    return v.label + intervalText(v);
  };
  const items = new Map((atlas.topItems ?? []).map((t) => [t.community, t]));
  for (const c of atlas.communities.slice(0, shownCommunities)) {
    lines.push(`  community ${c.id} (${c.size} nodes): ${c.leaders.slice(0, 5).map(label).join(", ")}`);
    const t = items.get(c.id);
    if (t && t.hashtags.length > 0) lines.push(`    top hashtags: ${t.hashtags.slice(0, 5).map((h) => `#${h.item}`).join(", ")}`);
  }
  if (atlas.communities.length > shownCommunities) {
    lines.push(`  … and ${atlas.communities.length - shownCommunities} smaller communities`);
  }
  for (const w of atlas.warnings) lines.push(`warning: ${w}`);
  return lines.join("\n") + "\n";
}
