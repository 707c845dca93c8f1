/**
 * `atlas demo`: the US Congress Twitter follow network (Fink et al. 2023),
 * analyzed end to end: leaders of each community by Twitter handle, their
 * agreement with the party labels, and every report under `out/`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import type { AtlasMeta } from "../analyze/atlas.ts";
import { nmi } from "../analyze/communities/nmi.ts";

import { type AtlasGraph, createGraph } from "../graph/model.ts";
import { writeGraph } from "../graph/writers/index.ts";
import { formatNumber } from "../report/format.ts";
import { renderReport, REPORT_FORMATS } from "../report/index.ts";
import { DataError } from "../shared/errors.ts";
import type { CliIo } from "./context.ts";
import { normalizeWritten } from "./convert.ts";
import { loadGraph, writeOutput } from "./io.ts";
import { analyzeWithWorkers, rankInterval } from "./analyze.ts";
import { parseInteger, parseNonNegativeInteger } from "./options.ts";
import { defaultThreads } from "./pool.ts";
import { createProgress } from "./progress.ts";
import { serveViewer, VIEW_DEFAULT_HOST, VIEW_DEFAULT_PORT } from "./view.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEMO_EDGES = join(ROOT, "data/congress_twitter/congress.edgelist");
export const DEMO_PARTIES = join(ROOT, "data/congress_twitter/congress_network_data_with_party.json");
/** A community counts as large from this share of the nodes. */
export const LARGE_COMMUNITY_SHARE = 0.05;

interface DemoCliOptions {
  out: string;
  seed: number;
  /** Serve the map viewer on the atlas file afterwards (until Ctrl+C). */
  view?: boolean;
  port?: number;
  /** Worker threads for consensus and bootstrap (0 = main thread). */
  workers?: number;
}

export function demoCommand(io: CliIo): Command {
  return new Command("demo")
    .description("analyze the US Congress Twitter network and write its reports")
    .option("-o, --out <dir>", "directory for the atlas file and the reports", "out")
    .option("--seed <n>", "seed of Leiden, the consensus and the bootstrap", parseInteger, 0)
    .option("--workers <n>", `worker threads for betweenness, consensus and bootstrap (0 = main thread; default ${defaultThreads()} here)`, parseNonNegativeInteger)
    .option("--view", "then serve the map viewer on the congress map and print its URL (until Ctrl+C)")
    .option("-p, --port <n>", "port of the viewer with --view (0 = any free port)", parseInteger, VIEW_DEFAULT_PORT)
    .addHelpText(
      "after",
      `
Data: the follow network of the 117th US Congress on Twitter (475 accounts,
13 289 weighted edges), C. G. Fink, K. Fullin et al., "A centrality measure for
quantifying spread on weighted, directed networks", Physica A (2023);
party labels from a third party (see data/README).

Examples:
  $ atlas demo
  $ atlas demo --out /tmp/atlas --seed 7
  $ atlas demo --view`,
    )
    .action(async (o: DemoCliOptions) => {
      await runDemo(io, o);
    });
}

interface PartyData {
  usernameList: string[];
  partyList: string[];
}

async function readParties(): Promise<PartyData> {
  const raw: unknown = JSON.parse(await readFile(DEMO_PARTIES, "utf8"));
  const data = (Array.isArray(raw) ? raw[0] : raw) as Partial<PartyData> | undefined;
  if (!data || !Array.isArray(data.usernameList) || !Array.isArray(data.partyList)) {
    throw new DataError({ file: DEMO_PARTIES }, "no usernameList / partyList arrays", "restore the file from data/");
  }
  return data as PartyData;
}

export async function runDemo(io: CliIo, o: DemoCliOptions): Promise<void> {
  const progress = createProgress(io, "atlas demo");
  const { graph: raw } = await loadGraph(DEMO_EDGES);
  const graph = reverseEdges(raw);
  const parties = await readParties();
  graph.forEachNode((key) => {
    const i = Number(key);
    const handle = parties.usernameList[i];
    if (handle === undefined) return;
    graph.mergeNodeAttributes(key, { label: handle, handle, platform: "twitter", party: parties.partyList[i], url: `https://twitter.com/${handle}` });
  });
  const { atlas } = await analyzeWithWorkers(
    io,
    "atlas demo",
    graph,
    {
      source: "US Congress on Twitter (data/congress_twitter/congress.edgelist turned around: an edge points from an account to the one it retweeted, quoted, replied to or mentioned)",
      createdAt: new Date().toISOString(),
      seed: o.seed,
    },
    o.workers ?? defaultThreads(),
    progress.stage,
  );
  progress.done();
  io.out(demoSummary(graph, atlas));

  const base = join(o.out, "congress");
  const outputs: [string, string | Uint8Array][] = [[`${base}.atlas.json`, JSON.stringify(graph.export())]];
  for (const format of REPORT_FORMATS) outputs.push([`${base}.${format}`, renderReport(graph, format)]);
  outputs.push(...normalizeWritten(`${base}.gexf`, writeGraph(`${base}.gexf`, graph)));
  for (const [file, data] of outputs) await writeOutput(file, data);
  io.out(`\nwrote ${outputs.map(([f]) => f).join(", ")}\n`);
  const atlasFile = `${base}.atlas.json`;
  if (o.view) {
    io.out("\nthe congress map:\n");
    await serveViewer(io, atlasFile, { port: o.port ?? VIEW_DEFAULT_PORT, host: VIEW_DEFAULT_HOST });
    return;
  }
  io.out(`\nopen the map: npm run viz -- ${atlasFile}   (or: node bin/atlas.js view ${atlasFile}; npm run demo -- --view)\n`);
}

function algorithmTitle(atlas: AtlasMeta): string {
  const name = atlas.params.communities === "louvain" || atlas.params.communities === undefined ? "Louvain" : "Leiden";
  const runs = atlas.params.consensus?.runs ?? 0;
  return runs > 0 ? `${name}, consensus of ${runs} runs` : name;
}

/**
 * In the dataset an edge i→j weighs the probability that j engages with
 * (retweets, quotes, replies to, mentions) i: it points along the influence.
 * PageRank, authority and in-degree read influence from in-edges (an edge
 * points to whom attention goes, as in a follow or mention graph), so the demo
 * turns every edge around, keeping its weight.
 */
export function reverseEdges(graph: AtlasGraph): AtlasGraph {
  const out = createGraph({ directed: true });
  graph.forEachNode((key, attrs) => {
    out.addNode(key, { ...attrs });
  });
  graph.forEachEdge((_e, attrs, source, target) => {
    out.addEdge(target, source, { ...attrs });
  });
  return out;
}

/** Per community: size, party mix and top 5 leaders; then the agreement with the parties. */
export function demoSummary(graph: AtlasGraph, atlas: AtlasMeta): string {
  const n = graph.order;
  const s = atlas.summary;
  const lines = [
    `US Congress on Twitter (117th Congress, 2022): ${s.nodes} accounts, ${s.edges} weighted edges ` +
      `(an edge points from an account to the one it engaged with), ` +
      `reciprocity ${formatNumber(s.reciprocity)}`,
    `${algorithmTitle(atlas)} (seed ${atlas.params.seed}): ${atlas.communities.length} communities, ` +
      `modularity ${formatNumber(atlas.modularity)}, ${atlas.disconnectedCommunities ?? 0} disconnected`,
    `Leaders by composite score (Borda count of 6 methods), role (R1–R7, Guimerà & Amaral) and ` +
      (atlas.params.bootstrap && atlas.params.bootstrap.B > 0
        ? `90% rank interval over ${atlas.params.bootstrap.B} edge resamplings [low–high]; ! = unstable`
        : "no rank intervals (bootstrap off)"),
    "",
  ];
  const keys = graph.nodes();
  const community = keys.map((k) => graph.getNodeAttribute(k, "community") as number);
  const party = keys.map((k) => String(graph.getNodeAttribute(k, "party") ?? "?"));
  const large = atlas.communities.filter((c) => c.size >= LARGE_COMMUNITY_SHARE * n).map((c) => c.id);
  let majorityTotal = 0;
  let largeTotal = 0;
  const pureLarge: string[] = [];
  for (const c of atlas.communities) {
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) if (community[i] === c.id) counts.set(party[i], (counts.get(party[i]) ?? 0) + 1);
    const mix = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const [major, majorCount] = mix[0] ?? ["?", 0];
    const purity = c.size ? majorCount / c.size : 0;
    if (large.includes(c.id)) {
      majorityTotal += majorCount;
      largeTotal += c.size;
      if (purity >= 0.9) pureLarge.push(`${c.id} (${major})`);
    }
    const leaders = c.leaders.slice(0, 5).map((k) => {
      const a = graph.getNodeAttributes(k);
      return `@${a.label}${rankInterval(graph, k)}${typeof a.role === "number" ? ` R${a.role}` : ""}`;
    });
    lines.push(
      `community ${c.id}: ${c.size} accounts (${mix.map(([p, k]) => `${p} ${k}`).join(", ")}; ` +
        `majority ${major}, purity ${formatNumber(Number(purity.toFixed(3)))}` +
        (c.stability !== undefined ? `, stability ${formatNumber(Number(c.stability.toFixed(3)))}` : "") +
        ")",
      `  leaders: ${leaders.join(", ")}`,
    );
  }
  const inLarge = community.map((c) => large.includes(c));
  const nmiAll = nmi(community, party);
  const nmiLarge = nmi(
    community.filter((_c, i) => inLarge[i]),
    party.filter((_p, i) => inLarge[i]),
  );
  const purity = largeTotal ? majorityTotal / largeTotal : 0;
  const follows = purity >= 0.8;
  lines.push(
    "",
    `Agreement with party labels: NMI ${nmiAll.toFixed(3)} over all ${n} accounts; ` +
      `${nmiLarge.toFixed(3)} over the ${large.length} large communities (≥ ${LARGE_COMMUNITY_SHARE * 100}% of accounts, ` +
      `${largeTotal} accounts), where ${(purity * 100).toFixed(1)}% sit with their community's majority party.`,
    `${pureLarge.length} of the ${large.length} large communities are at least 90% one party` +
      (pureLarge.length ? `: ${pureLarge.join(", ")}.` : "."),
    follows
      ? "Check: the large communities mostly follow party lines, as expected for Congress."
      : "Check: the large communities do NOT follow party lines; this is unexpected for Congress, inspect the data.",
  );
  return lines.join("\n") + "\n";
}
