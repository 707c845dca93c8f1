/**
 * The CLI end to end, as real processes (`node bin/atlas.js`), on real files.
 * Expected values come from the networkx fixtures and from data/README counts;
 * every atlas file the processes write is checked against src/atlas.schema.json.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atlasesUnder, atlasFileSchemaErrors } from "../helpers/atlas-schema.ts";
import { parseCsv, ROOT, spawnAtlas, stderrProblems, type RunResult } from "./helpers.ts";

const SPECTRAL_KARATE = JSON.parse(readFileSync(ROOT + "test/fixtures/reference/spectral/karate.json", "utf8"));
const SPECTRAL_CONGRESS = JSON.parse(readFileSync(ROOT + "test/fixtures/reference/spectral/congress.json", "utf8"));

let dir: string;
let karate: RunResult;
let congress: RunResult;
let karateCsv: RunResult;
let karateMd: RunResult;
let congressJson: RunResult;
let congressHtml: RunResult;
let badCsv: RunResult;
let help: RunResult;

// Processes cost ~1 s each: run the analyses, then every other process, concurrently.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "atlas-cli-"));
  writeFileSync(join(dir, "bad.csv"), "source,target,weight\na,b,1\nb,c,heavy\n");
  [karate, congress] = await Promise.all([
    spawnAtlas(["analyze", "data/karate/karate_club.gml", "--out", join(dir, "karate.atlas.json")]),
    spawnAtlas(["analyze", "data/congress_twitter/congress.edgelist", "--out", join(dir, "congress.atlas.json"), "--top", "5"]),
  ]);
  [karateCsv, karateMd, congressJson, congressHtml, badCsv, help] = await Promise.all([
    spawnAtlas(["report", join(dir, "karate.atlas.json"), "--format", "csv"]),
    spawnAtlas(["report", join(dir, "karate.atlas.json"), "--by", "pagerank", "--top", "3", "--out", join(dir, "karate.md")]),
    spawnAtlas(["report", join(dir, "congress.atlas.json"), "--format", "json"]),
    spawnAtlas(["report", join(dir, "congress.atlas.json"), "--out", join(dir, "congress.html")]),
    spawnAtlas(["analyze", join(dir, "bad.csv"), "--out", join(dir, "bad.atlas.json")]),
    spawnAtlas(["analyze", "--help"]),
  ]);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("atlas analyze (process)", () => {
  it("should write the karate atlas file and print its counts", () => {
    expect(stderrProblems(karate.stderr)).toEqual([]);
    expect(karate.code).toBe(0);
    // Zachary's karate club: 34 members, 78 ties (data/README).
    expect(karate.stdout).toMatch(/: 34 nodes, 78 edges, undirected/);
    expect(karate.stdout).toContain(`wrote ${join(dir, "karate.atlas.json")}`);
    const data = JSON.parse(readFileSync(join(dir, "karate.atlas.json"), "utf8"));
    expect(data.attributes.atlas.version).toBe(1);
    expect(data.nodes).toHaveLength(34);
    expect(data.edges).toHaveLength(78);
  });

  it("should write the congress atlas file: 475 accounts, 13289 edges (data/README)", () => {
    expect(congress.code).toBe(0);
    expect(congress.stdout).toMatch(/: 475 nodes, 13289 edges, directed/);
    expect(existsSync(join(dir, "congress.atlas.json"))).toBe(true);
  });
});

describe("atlas files written (process)", () => {
  it("should write only atlas files that match the schema (karate, congress)", async () => {
    const atlases = atlasesUnder(dir);
    expect(atlases).toEqual([join(dir, "congress.atlas.json"), join(dir, "karate.atlas.json")]);
    for (const file of atlases) expect(await atlasFileSchemaErrors(file)).toEqual([]);
  });
});

describe("atlas report (process)", () => {
  it("should print one CSV row per karate node whose pagerank is networkx's to 1e-9", () => {
    const r = karateCsv;
    expect(r.code).toBe(0);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(rows).toHaveLength(34);
    const key = header.indexOf("key");
    const pr = header.indexOf("pagerank");
    const indeg = header.indexOf("inDegree");
    for (const row of rows) {
      expect(Math.abs(Number(row[pr]) - SPECTRAL_KARATE.pagerank.weighted[row[key]])).toBeLessThanOrEqual(1e-9);
      expect(Number(row[indeg])).toBe(SPECTRAL_KARATE.degrees.inDegree[row[key]]);
    }
  });

  it("should put 0 and 33, networkx's two top PageRanks, first in their communities (markdown)", () => {
    const pr = SPECTRAL_KARATE.pagerank.weighted as Record<string, number>;
    const top2 = Object.keys(pr).sort((a, b) => pr[b] - pr[a]).slice(0, 2);
    expect(top2).toEqual(["33", "0"]);
    const out = join(dir, "karate.md");
    const r = karateMd;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}\n`);
    const md = readFileSync(out, "utf8");
    expect(md).toContain("| nodes | 34 |");
    expect(md).toContain("| edges | 78 |");
    // Re-ranked by PageRank: role and stability columns, no rank interval (it belongs to the composite ranking).
    expect(md).toMatch(/\| 1 \| 0 \| 0 \| R\d [a-z -]+ \| [\d.]+ \| 0\.0969973 \|/);
    expect(md).toMatch(/\| 1 \| 33 \| 33 \| R\d [a-z -]+ \| [\d.]+ \| 0\.100919 \|/);
    expect(md).not.toContain("| rank interval |");
    expect(md).toContain("## Bridges");
  });

  it("should report congress as JSON with the README's counts and reciprocity 2·3067/13289", () => {
    const r = congressJson;
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ nodes: 475, edges: 13289, selfLoops: 0, weakComponents: 1, directed: true });
    expect(report.summary.reciprocity).toBeCloseTo((2 * 3067) / 13289, 12);
    expect(report.communities.length).toBeGreaterThan(1);
    expect(report.communities.reduce((s: number, c: { size: number }) => s + c.size, 0)).toBe(475);
    for (const c of report.communities) {
      expect(c.leaders.length).toBe(Math.min(5, c.size));
      for (const l of c.leaders) {
        expect(Math.abs(l.scores.pagerank - SPECTRAL_CONGRESS.pagerank.weighted[l.key])).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it("should write congress as one self-contained, sortable HTML file", () => {
    const out = join(dir, "congress.html");
    const r = congressHtml;
    expect(r.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toMatch(/<link|@import/);
    expect(html).toContain('<table class="sortable">');
    expect(html).toMatch(/<script>[^<]*addEventListener\("click"/);
    expect(html).toContain("<th>nodes</th><td>475</td>");
  });
});

describe("atlas errors and help (process)", () => {
  it("should exit 2 with one line naming file and line for a non-numeric weight, and write nothing", () => {
    const out = join(dir, "bad.atlas.json");
    const r = badCsv;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.csv:3: weight "heavy" is not a finite number; /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("should show --help with an example and exit 0", () => {
    const r = help;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: atlas analyze \[options\] \[input\]/);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ atlas analyze /);
  });
});
