#!/usr/bin/env node
/**
 * `npm run demo:compare`: `atlas compare` on the bundled real niches.
 *
 * 1. The Facebook page network's four page types (data/facebook_page_page,
 *    `--by page_type`: government, company, politician, tvshow).
 * 2. The follower graphs of three company accounts
 *    (data/twitter_follower_graphs_wsdm21: bofa_careers, hersheycareers,
 *    verizoncareers).
 *
 * The data stay in data/ exactly as published; this script writes the two
 * small conversions `atlas` needs into out/demo-compare/ (re-made when the
 * sources are newer): the SNAP edge CSV with the `source,target` header our
 * CSV reader expects (the columns are the same as `id_1,id_2`), and each WSDM
 * JSON (`{"labels": {id: "m"|"f"}, "edges": [[src, trg], ...]}`) as an edge
 * CSV `source,target` (edges as given, src → trg) with a nodes CSV `id,gender`
 * beside it. Then it runs the two comparisons (R = 10 randomizations, seed 1)
 * and writes Markdown, HTML and JSON reports next to them; the Markdown goes
 * to stdout, progress to stderr.
 *
 * Options are passed on to both runs (e.g. `npm run demo:compare -- --null 20`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "out", "demo-compare");
const FB = join(ROOT, "data", "facebook_page_page");
const WSDM = join(ROOT, "data", "twitter_follower_graphs_wsdm21");
const WSDM_GRAPHS = ["bofa_careers.json.gz", "hersheycareers.json", "verizoncareers.json.gz"];
const extra = process.argv.slice(2);

const fresh = (target, ...sources) => existsSync(target) && sources.every((s) => statSync(s).mtimeMs <= statSync(target).mtimeMs);

function facebookEdges() {
  const source = join(FB, "musae_facebook_edges.csv");
  const target = join(OUT, "facebook.csv");
  if (!fresh(target, source)) {
    const text = readFileSync(source, "utf8");
    if (!text.startsWith("id_1,id_2")) throw new Error(`${source}: expected the header id_1,id_2`);
    writeFileSync(target, "source,target" + text.slice(text.indexOf("\n")));
  }
  return target;
}

function wsdmGraph(file) {
  const source = join(WSDM, file);
  const name = file.replace(/\.json(\.gz)?$/, "");
  const edges = join(OUT, `${name}.csv`);
  const nodes = join(OUT, `${name}.nodes.csv`);
  if (!fresh(edges, source) || !fresh(nodes, source)) {
    let bytes = readFileSync(source);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const data = JSON.parse(bytes.toString("utf8"));
    if (typeof data.labels !== "object" || !Array.isArray(data.edges)) throw new Error(`${source}: expected {"labels", "edges"}`);
    const ids = Object.keys(data.labels).sort((a, b) => Number(a) - Number(b));
    writeFileSync(nodes, "id,gender\n" + ids.map((id) => `${id},${data.labels[id]}`).join("\n") + "\n");
    writeFileSync(edges, "source,target\n" + data.edges.map(([s, t]) => `${s},${t}`).join("\n") + "\n");
  }
  return edges;
}

const rel = (file) => relative(ROOT, file);

function atlas(args) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "atlas.js"), "compare", ...args, ...extra], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

mkdirSync(OUT, { recursive: true });
const reports = (name) => ["md", "html", "json"].flatMap((ext) => ["--out", rel(join(OUT, `${name}.${ext}`))]);
const common = ["--null", "10", "--seed", "1"];

process.stderr.write("demo:compare: 1/2 Facebook page types (data/facebook_page_page)\n");
atlas([rel(facebookEdges()), "--nodes", rel(join(FB, "musae_facebook_target.csv")), "--undirected", "--by", "page_type", ...common, ...reports("facebook")]);
process.stdout.write(readFileSync(join(OUT, "facebook.md"), "utf8") + "\n");

process.stderr.write("demo:compare: 2/2 company follower graphs (data/twitter_follower_graphs_wsdm21)\n");
atlas([...WSDM_GRAPHS.map((g) => rel(wsdmGraph(g))), ...common, ...reports("twitter-careers")]);
process.stdout.write(readFileSync(join(OUT, "twitter-careers.md"), "utf8") + "\n");
process.stderr.write(`demo:compare: reports in ${join("out", "demo-compare")}/{facebook,twitter-careers}.{md,html,json}\n`);
