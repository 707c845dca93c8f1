/**
 * The fuzz harness of `fuzz.test.ts` (and `npm run fuzz`): seeded mutations
 * of the bundled real files (and of real graphs written by the engine's own
 * writers, for the formats no bundled file has), pushed through every reader,
 * whole and streamed in random chunks. The contract: a graph is read (no
 * bigger than its input, and every writer can write it), or a `DataError`
 * whose message starts with the file name and a line (`FILE:LINE`), on one
 * line. Anything else is a violation, reported with the case to replay it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createRng, type Rng } from "../../src/analyze/rng.ts";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { readGraph, type FormatName } from "../../src/graph/read.ts";
import { CsvStreamReader } from "../../src/graph/readers/csv-stream.ts";
import { EdgelistStreamReader } from "../../src/graph/readers/edgelist-stream.ts";
import { GexfStreamReader } from "../../src/graph/readers/gexf-stream.ts";
import { GraphmlStreamReader } from "../../src/graph/readers/graphml-stream.ts";
import { writeGraph } from "../../src/graph/writers/write-graph.ts";
import { DataError } from "../../src/shared/errors.ts";

const ROOT = join(import.meta.dirname, "..", "..");

export interface Seed {
  format: FormatName;
  /** File name given to the reader (extension = format, `.gz` when gzipped). */
  name: string;
  /** Where it comes from (for the report). */
  origin: string;
  bytes: Uint8Array;
}

export interface Violation {
  case: number;
  seed: string;
  reader: string;
  mutations: string[];
  problem: string;
  /** The mutated input, base64 (replay with `readGraph(name, bytes)`). */
  input: string;
}

const utf8 = new TextEncoder();

/** The first `max` bytes of a file of the repo, cut after a line end. */
function head(path: string, max: number): Uint8Array {
  const bytes = new Uint8Array(readFileSync(join(ROOT, path)));
  if (bytes.length <= max) return bytes;
  const cut = bytes.lastIndexOf(0x0a, max);
  return bytes.slice(0, cut === -1 ? max : cut + 1);
}

/** The seeds: bundled real files per reader (heads of the big ones), and karate written as GEXF, GraphML and JSON. */
export async function loadSeeds(): Promise<Seed[]> {
  const file = (format: FormatName, path: string, max = 12_000): Seed => ({
    format,
    name: path.slice(path.lastIndexOf("/") + 1),
    origin: path,
    bytes: head(path, max),
  });
  const seeds: Seed[] = [
    file("gml", "data/karate/karate_club.gml"),
    file("gml", "data/polbooks/polbooks.gml", 30_000),
    file("gml", "test/fixtures/formats/bad-weight.gml"),
    file("edgelist", "data/congress_twitter/congress.edgelist"),
    file("edgelist", "data/wiki_vote/wiki-Vote.txt"),
    file("edgelist", "test/fixtures/formats/nan-weight.edgelist"),
    file("csv", "data/facebook_page_page/musae_facebook_edges.csv"),
    file("csv", "test/fixtures/formats/bad-weight.csv"),
    file("gdf", "test/fixtures/formats/ytdt-channelnet.gdf"),
    file("gdf", "test/fixtures/formats/guess-undirected.gdf"),
    file("gexf", "test/fixtures/formats/unknown-node.gexf"),
    file("graphml", "test/fixtures/formats/unknown-node.graphml"),
    file("json", "test/fixtures/formats/invalid.json"),
  ];
  // edge-pair JSON: the first 300 pairs and their labels of a WSDM'21 follower graph
  const wsdm = JSON.parse(readFileSync(join(ROOT, "data/twitter_follower_graphs_wsdm21/hersheycareers.json"), "utf8")) as {
    edges: [number, number][];
    labels: Record<string, string>;
  };
  const pairs = wsdm.edges.slice(0, 300);
  const labels: Record<string, string> = {};
  for (const [s, t] of pairs) for (const id of [s, t]) labels[id] = wsdm.labels[id];
  seeds.push({ format: "json", name: "hersheycareers.json", origin: "wsdm21 hersheycareers (first 300 edges)", bytes: utf8.encode(JSON.stringify({ edges: pairs, labels }, null, 1)) });
  // karate through the engine's writers, for GEXF, GraphML and graphology JSON
  const karate = await readGraph("karate_club.gml", new Uint8Array(readFileSync(join(ROOT, "data/karate/karate_club.gml"))));
  for (const format of ["gexf", "graphml", "json"] as const) {
    seeds.push({ format, name: `karate.${format}`, origin: `karate_club.gml written as ${format}`, bytes: utf8.encode(writeGraph(`karate.${format}`, karate).text) });
  }
  // one gzipped seed: corrupt compressed bytes
  seeds.push({ format: "gml", name: "karate_club.gml.gz", origin: "karate_club.gml gzipped", bytes: new Uint8Array(gzipSync(head("data/karate/karate_club.gml", 12_000))) });
  return seeds;
}

/** Tokens that mean something to some reader, inserted whole. */
const TOKENS = [
  "[", "]", "{", "}", '"', "'", ",", ":", ";", "\n", "\r\n", "\r", "\t", " ", "#", "%", "<", ">", "/>", "</", "&", "&amp;", "&#0;", "&#x110000;", "&bogus;",
  "<node id=\"x\">", "</node>", "<edge source=\"a\" target=\"b\"/>", "<attvalue for=\"0\" value=\"1e400\"/>", "<![CDATA[", "]]>", "<!--", "-->", "<?xml version=\"1.0\"?>",
  "<!DOCTYPE x [<!ENTITY e \"ee\">]>", "node [", "edge [", "id ", "source ", "target ", "weight ", "label \"", "directed 1", "graph [",
  "nodedef>", "edgedef>", "name VARCHAR", "weight DOUBLE", "directed BOOLEAN", "source,target,weight\n", "id_1,id_2\n",
  '{"key": ', '"source": ', '"target": ', '"attributes": {', '"edges": [', '"nodes": [', "null", "true", "-", "+", ".", "e", "1e400", "-1e400", "NaN", "NAN", "INF", "-INF",
  "Infinity", "0x10", "9007199254740993", "1.7976931348623157e308", "-5", "0", "__proto__", "constructor", "toString", "hasOwnProperty",
  "\u0000", "\uFEFF", "\u2028", "\uD800", "é", "🙂", "\\", "\\u", "\\ud800",
];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

function int(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** One random mutation of `bytes`, and its description. */
function mutate(rng: Rng, bytes: Uint8Array): [Uint8Array, string] {
  const n = bytes.length;
  const at = int(rng, n + 1);
  const op = int(rng, 10);
  const splice = (start: number, remove: number, insert: Uint8Array): Uint8Array => {
    const out = new Uint8Array(n - remove + insert.length);
    out.set(bytes.subarray(0, start));
    out.set(insert, start);
    out.set(bytes.subarray(start + remove), start + insert.length);
    return out;
  };
  switch (op) {
    case 0: {
      if (n === 0) return [bytes, "noop"];
      const out = bytes.slice();
      const i = Math.min(at, n - 1);
      out[i] ^= 1 << int(rng, 8);
      return [out, `flip bit at ${i}`];
    }
    case 1: {
      const len = 1 + int(rng, 1 + Math.min(64, n - at));
      return [splice(at, Math.min(len, n - at), new Uint8Array(0)), `delete ${len} at ${at}`];
    }
    case 2: {
      const len = 1 + int(rng, 8);
      const ins = new Uint8Array(len);
      for (let i = 0; i < len; i++) ins[i] = int(rng, 256);
      return [splice(at, 0, ins), `insert ${len} random bytes at ${at}`];
    }
    case 3:
    case 4: {
      const token = pick(rng, TOKENS);
      return [splice(at, 0, utf8.encode(token)), `insert ${JSON.stringify(token)} at ${at}`];
    }
    case 5: {
      const token = pick(rng, TOKENS);
      const len = int(rng, 1 + Math.min(8, n - at));
      return [splice(at, len, utf8.encode(token)), `replace ${len} at ${at} by ${JSON.stringify(token)}`];
    }
    case 6:
      return [bytes.slice(0, at), `truncate at ${at}`];
    case 7: {
      const len = 1 + int(rng, 1 + Math.min(400, n - at));
      const part = bytes.slice(at, Math.min(n, at + len));
      const to = int(rng, n + 1);
      return [splice(to, 0, part), `duplicate ${part.length} from ${at} to ${to}`];
    }
    case 8: {
      // deep nesting or a long run: one token repeated thousands of times
      const token = pick(rng, ["[", "{", '{"a":', "a [ ", "<a>", "<node>", "[[", "&amp;", "x", ",", "\n", "#"]);
      const times = 500 + int(rng, 6000);
      return [splice(at, 0, utf8.encode(token.repeat(times))), `insert ${JSON.stringify(token)} x${times} at ${at}`];
    }
    default: {
      // a whole line duplicated or dropped: keeps the file mostly valid
      const start = bytes.lastIndexOf(0x0a, at - 1) + 1;
      let end = bytes.indexOf(0x0a, at);
      end = end === -1 ? n : end + 1;
      return rng() < 0.5 ? [splice(start, end - start, new Uint8Array(0)), `drop line at ${start}`] : [splice(end, 0, bytes.slice(start, end)), `duplicate line at ${start}`];
    }
  }
}

/** Pushes `bytes` in random chunks (1 byte to the whole) into `push`. */
function pushChunks(rng: Rng, bytes: Uint8Array, push: (chunk: Uint8Array) => void): void {
  let at = 0;
  while (at < bytes.length) {
    const len = 1 + int(rng, rng() < 0.3 ? 8 : bytes.length);
    push(bytes.subarray(at, Math.min(bytes.length, at + len)));
    at += len;
  }
}

/** What is wrong with a reader's outcome, or null when it keeps the contract. */
function judge(name: string, inputBytes: number, outcome: { graph?: AtlasGraph; order?: number; size?: number; error?: unknown }): string | null {
  const { error } = outcome;
  if (error !== undefined) {
    if (!(error instanceof DataError)) {
      const e = error as Error;
      return `${e?.name ?? typeof error}: ${e?.message ?? String(error)} ${(e?.stack ?? "").split("\n").slice(1, 4).join(" | ")}`;
    }
    if (!error.message.startsWith(`${name}:`)) return `DataError without the file name: ${error.message}`;
    if (error.line === undefined || !Number.isInteger(error.line) || error.line < 1) return `DataError without a line: ${error.message}`;
    if (!error.message.startsWith(`${name}:${error.line}`)) return `DataError whose message does not start with FILE:LINE: ${error.message}`;
    if (/[\r\n\u2028\u2029]/.test(error.message)) return `DataError message on several lines: ${JSON.stringify(error.message)}`;
    if (error.message.length > 2000) return `DataError message of ${error.message.length} characters`;
    return null;
  }
  const order = outcome.graph ? outcome.graph.order : (outcome.order ?? 0);
  const size = outcome.graph ? outcome.graph.size : (outcome.size ?? 0);
  if (order > inputBytes + 1 || size > inputBytes) return `graph of ${order} nodes and ${size} edges from ${inputBytes} bytes`;
  if (outcome.graph) {
    for (const out of ["x.json", "x.gexf", "x.graphml", "x.csv"]) {
      try {
        writeGraph(out, outcome.graph);
      } catch (e) {
        return `writing ${out} threw ${(e as Error).name}: ${(e as Error).message}`;
      }
    }
  }
  return null;
}

/** How the streamed read differs from the whole-file read (the README promises the same graph and errors), or null. */
function disagreement(whole: { value?: AtlasGraph; error?: unknown }, streamed: { order: number; size: number } | undefined, error: unknown): string | null {
  // both may fail at different first problems (the whole-file reader checks the encoding first)
  if (!whole.value && !streamed) return null;
  const a = whole.value ? `${whole.value.order} nodes, ${whole.value.size} edges` : `error ${(whole.error as Error)?.message}`;
  const b = streamed ? `${streamed.order} nodes, ${streamed.size} edges` : `error ${(error as Error)?.message}`;
  return a === b ? null : `whole: ${a.slice(0, 300)} | streamed: ${b.slice(0, 300)}`;
}

async function settle<T>(run: () => Promise<T> | T): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

/** Runs `cases` seeded cases (case i uses seed `base + i`); returns the violations. */
export async function fuzz(cases: number, base = 1): Promise<{ violations: Violation[]; reads: number }> {
  const seeds = await loadSeeds();
  const violations: Violation[] = [];
  let reads = 0;
  for (let c = 0; c < cases; c++) {
    const rng = createRng(base + c);
    const seed = seeds[c % seeds.length];
    let bytes = seed.bytes;
    const mutations: string[] = [];
    const count = 1 + int(rng, 4);
    for (let k = 0; k < count; k++) {
      const [next, what] = mutate(rng, bytes);
      bytes = next;
      mutations.push(what);
    }
    const report = (reader: string, problem: string | null) => {
      if (problem === null) return;
      violations.push({ case: base + c, seed: seed.origin, reader, mutations, problem, input: Buffer.from(bytes).toString("base64") });
    };
    const whole = await settle(() => readGraph(seed.name, bytes, { format: seed.format }));
    reads++;
    report("readGraph", judge(seed.name, bytes.length, { graph: whole.value, error: whole.error }));
    if (seed.name.endsWith(".gz")) continue;
    const chunkRng = createRng((base + c) * 7919);
    if (seed.format === "edgelist" || seed.format === "csv") {
      const streamed = await settle(() => {
        const reader = seed.format === "csv" ? new CsvStreamReader(seed.name) : new EdgelistStreamReader(seed.name);
        pushChunks(chunkRng, bytes, (chunk) => reader.push(chunk));
        return reader.end().merge();
      });
      reads++;
      report(`${seed.format} stream`, judge(seed.name, bytes.length, { order: streamed.value?.order, size: streamed.value?.sources.length, error: streamed.error }));
      report(`${seed.format} stream = whole`, disagreement(whole, streamed.value ? { order: streamed.value.order, size: streamed.value.sources.length } : undefined, streamed.error));
    } else if (seed.format === "gexf" || seed.format === "graphml") {
      const streamed = await settle(() => {
        const reader = seed.format === "gexf" ? new GexfStreamReader(seed.name) : new GraphmlStreamReader(seed.name);
        pushChunks(chunkRng, bytes, (chunk) => reader.push(chunk));
        return reader.end();
      });
      reads++;
      report(`${seed.format} stream`, judge(seed.name, bytes.length, { graph: streamed.value, error: streamed.error }));
      report(`${seed.format} stream = whole`, disagreement(whole, streamed.value ? { order: streamed.value.order, size: streamed.value.size } : undefined, streamed.error));
    }
  }
  return { violations, reads };
}
