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
 * Both are read as published (the CSV reader takes MUSAE's `id_1,id_2`
 * header; the JSON reader takes the WSDM `{labels, edges}` form). It runs the
 * two comparisons (R = 10 randomizations, seed 1), writes Markdown, HTML and
 * JSON reports under out/demo-compare/, prints the Markdown on stdout and
 * progress on stderr. Options are passed on to both runs
 * (e.g. `npm run demo:compare -- --null 20`).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join("out", "demo-compare");
const FB = join("data", "facebook_page_page");
const WSDM = join("data", "twitter_follower_graphs_wsdm21");
const WSDM_GRAPHS = ["bofa_careers.json.gz", "hersheycareers.json", "verizoncareers.json.gz"];
const extra = process.argv.slice(2);

function atlas(args) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "atlas.js"), "compare", ...args, ...extra], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

mkdirSync(join(ROOT, OUT), { recursive: true });
const reports = (name) => ["md", "html", "json"].flatMap((ext) => ["--out", join(OUT, `${name}.${ext}`)]);
const common = ["--null", "10", "--seed", "1"];

process.stderr.write(`demo:compare: 1/2 Facebook page types (${FB})\n`);
atlas([join(FB, "musae_facebook_edges.csv"), "--nodes", join(FB, "musae_facebook_target.csv"), "--undirected", "--by", "page_type", ...common, ...reports("facebook")]);
process.stdout.write(readFileSync(join(ROOT, OUT, "facebook.md"), "utf8") + "\n");

process.stderr.write(`demo:compare: 2/2 company follower graphs (${WSDM})\n`);
atlas([...WSDM_GRAPHS.map((g) => join(WSDM, g)), ...common, ...reports("twitter-careers")]);
process.stdout.write(readFileSync(join(ROOT, OUT, "twitter-careers.md"), "utf8") + "\n");
process.stderr.write(`demo:compare: reports in ${OUT}/{facebook,twitter-careers}.{md,html,json}\n`);
