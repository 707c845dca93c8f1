/**
 * Every command through `run()` in this process (same code as the binary,
 * without a process start-up each): help, usage errors, info, convert, demo.
 * Every atlas file the commands write is checked against src/atlas.schema.json.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Graph from "graphology";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAtlasPath, stem, writeOutput } from "../../src/cli/io.ts";
import { createProgress, QUIET_MS } from "../../src/cli/progress.ts";
import { atlasesUnder, atlasFileSchemaErrors } from "../helpers/atlas-schema.ts";
import { ROOT, runAtlas, stderrProblems } from "./helpers.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "atlas-cmd-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("atlas --help", () => {
  for (const command of ["analyze", "report", "convert", "info", "demo"]) {
    it(`should show an example for ${command} and exit 0`, async () => {
      const r = await runAtlas([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: atlas ${command}`);
      expect(r.stdout).toMatch(new RegExp(`Examples?:\\n\\s+\\$ atlas ${command}`));
    });
  }

  it("should list the commands with an example for atlas --help", async () => {
    const r = await runAtlas(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/analyze .*\n[\s\S]*report [\s\S]*convert [\s\S]*info [\s\S]*demo /);
    expect(r.stdout).toContain("$ atlas demo");
  });
});

describe("atlas usage errors", () => {
  const cases: [string[], RegExp][] = [
    [["analyze"], /^atlas: analyze: give an input file, or --niche NAME \[--db FILE\]/],
    [["analyze", "x.gml", "--bogus"], /^atlas analyze: error: unknown option '--bogus'/],
    [["analyze", "x.gml", "--top", "zero"], /--top <n>' argument 'zero' is invalid/],
    [["analyze", "x.gml", "--betweenness", "maybe"], /Allowed choices are exact, approx, off, auto/],
    [["report", "x.json", "--by", "fame"], /--by <metric>' argument 'fame' is invalid/],
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["analyze", join("no", "such", "file.gml")], /^atlas: cannot read "no\/such\/file\.gml": no such file\n$/],
    [["info", "data"], /^atlas: cannot read "data": it is a directory\n$/],
    [["analyze", "data/karate/karate_club.gml", "--format", "xls"], /unknown --format "xls"/],
  ];
  for (const [args, message] of cases) {
    it(`should exit 2 with one line for: atlas ${args.join(" ")}`, async () => {
      const r = await runAtlas(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.endsWith("\n")).toBe(true);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it("should refuse a file that is not a graph with a DataError line (exit 2)", async () => {
    const file = join(dir, "garbage.gml");
    writeFileSync(file, Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]));
    const r = await runAtlas(["analyze", file, "--out", join(dir, "g.atlas.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/garbage\.gml/);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(existsSync(join(dir, "g.atlas.json"))).toBe(false);
  });
});

describe("atlas info", () => {
  it("should print polblogs' format, direction and the README's counts", async () => {
    const r = await runAtlas(["info", "data/polblogs/polblogs.gml"]);
    expect(r.code).toBe(0);
    // data/README: 1490 nodes, 19025 unique directed pairs, 3 self-loops.
    expect(r.stdout).toContain("format: gml\n");
    expect(r.stdout).toContain("directed: yes\n");
    expect(r.stdout).toContain("nodes: 1490\n");
    expect(r.stdout).toContain("edges: 19025\n");
    expect(r.stdout).toContain("self-loops: 3\n");
    expect(r.stdout).toMatch(/node attributes: .*value/);
  });

  it("should describe a GraphML converted from an atlas file (its atlas meta is a string attribute there)", async () => {
    const edges = join(dir, "info-pair.csv");
    writeFileSync(edges, "source,target\nx,y\ny,z\n");
    const atlas = join(dir, "info-pair.atlas.json");
    expect((await runAtlas(["analyze", edges, "--out", atlas])).code).toBe(0);
    expect(await atlasFileSchemaErrors(atlas)).toEqual([]);
    const graphml = join(dir, "info-pair.graphml");
    expect((await runAtlas(["convert", atlas, graphml])).code).toBe(0);
    const r = await runAtlas(["info", graphml]);
    expect(stderrProblems(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("format: graphml\n");
    expect(r.stdout).toContain("nodes: 3\n");
    expect(r.stdout).toContain("edges: 2\n");
    expect(r.stdout).toMatch(/graph attributes: .*atlas/);
    expect(r.stdout).not.toMatch(/^atlas: version/m);
    // The atlas file itself still gets its atlas line.
    const a = await runAtlas(["info", atlas]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^atlas: version 1, created .* \d+ communities, modularity /m);
  });
});

describe("atlas analyze, report, convert (in-process)", () => {
  it("should analyze a CSV with --weight none and --undirected, then report it from the graph file directly", async () => {
    const edges = join(dir, "tri.csv");
    // A triangle a-b-c plus a pendant d on c: c has the highest degree (3).
    writeFileSync(edges, "source,target,weight\na,b,5\nb,c,1\nc,a,1\nc,d,1\nb,a,2\n");
    const out = join(dir, "tri.atlas.json");
    const r = await runAtlas(["analyze", edges, "--weight", "none", "--undirected", "--out", out, "--by", "inDegree"]);
    expect(r.code).toBe(0);
    expect(await atlasFileSchemaErrors(out)).toEqual([]);
    const g = Graph.from(JSON.parse(readFileSync(out, "utf8")));
    expect(g.type).toBe("undirected");
    expect(g.size).toBe(4);
    expect(g.getNodeAttribute("c", "inDegree")).toBe(3);
    expect(g.getAttribute("atlas").params).toMatchObject({ weight: null, undirected: true, by: "inDegree" });

    const md = await runAtlas(["report", edges, "--undirected", "--format", "md", "--top", "1", "--by", "inDegree"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("| nodes | 4 |");
    // role, stability, rank interval, then the in-degree (3).
    expect(md.stdout).toMatch(/\| 1 \| c \| c \| R\d [a-z -]+ \| [\d.]+ \| \\\[\d–\d\\\][a-z ]* \| 3 \|/);
  });

  it("should convert an atlas file to GraphML and a CSV pair, keeping the metrics", async () => {
    const edges = join(dir, "pair.csv");
    writeFileSync(edges, "source,target\nx,y\ny,z\n");
    const atlas = join(dir, "pair.atlas.json");
    expect((await runAtlas(["analyze", edges, "--out", atlas])).code).toBe(0);
    expect(await atlasFileSchemaErrors(atlas)).toEqual([]);
    const r = await runAtlas(["convert", atlas, join(dir, "pair.graphml")]);
    expect(r.code).toBe(0);
    const xml = readFileSync(join(dir, "pair.graphml"), "utf8");
    expect(xml).toContain("pagerank");
    const c = await runAtlas(["convert", atlas, join(dir, "pair.edges.csv")]);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain("pair.nodes.csv");
    expect(readFileSync(join(dir, "pair.nodes.csv"), "utf8")).toMatch(/pagerank/);
  });

  it("should run the demo, with communities that follow party lines", async () => {
    const out = join(dir, "demo");
    const r = await runAtlas(["demo", "--out", out]);
    expect(r.code).toBe(0);
    // No error line (progress notes may appear on a loaded machine).
    expect(stderrProblems(r.stderr)).toEqual([]);
    expect(r.stdout).toMatch(/475 accounts, 13289 weighted edges/);
    expect(r.stdout).toContain("Check: the large communities mostly follow party lines");
    // Congress is polarised: at least the two largest communities are ≥ 90% one party.
    expect(Number(/(\d+) of the \d+ large communities are at least 90% one party/.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(2);
    // The House leaders of 2022 lead the two largest communities: Pelosi first, McCarthy
    // (@GOPLeader) first or second behind his whip, each able to rank first ([1–…]).
    expect(r.stdout).toMatch(/leaders: @SpeakerPelosi \[1–\d+\]/);
    expect(r.stdout).toMatch(/leaders: (@\w+ \[\d+–\d+\]!? R\d, )?@GOPLeader \[1–\d+\]/);
    const nmi = Number(/NMI (\d\.\d+) over all/.exec(r.stdout)?.[1]);
    expect(nmi).toBeGreaterThan(0.4);
    expect(readdirSync(out).sort()).toEqual(
      ["congress.atlas.json", "congress.csv", "congress.gexf", "congress.html", "congress.json", "congress.md"].sort(),
    );
    expect(await atlasFileSchemaErrors(join(out, "congress.atlas.json"))).toEqual([]);
    // The files hold the whole network (data/congress_twitter/README: 475 members, 13 289 edges).
    const atlas = Graph.from(JSON.parse(readFileSync(join(out, "congress.atlas.json"), "utf8")));
    expect(atlas.order).toBe(475);
    expect(atlas.size).toBe(13289);
    const communities = atlas.getAttribute("atlas").communities as { size: number; leaders: string[] }[];
    expect(communities.reduce((n, c) => n + c.size, 0)).toBe(475);
    expect(communities[0].leaders.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, "congress.md"), "utf8")).toMatch(/^# Influence atlas: /);
  });
});

describe("cli/io", () => {
  it("should name the default atlas file after the input without its extensions", () => {
    expect(stem("data/wiki_vote/wiki-Vote.txt")).toBe("wiki-Vote");
    expect(stem("x/higgs-mention_network.edgelist.gz")).toBe("higgs-mention_network");
    expect(stem("out/congress.atlas.json")).toBe("congress");
    expect(defaultAtlasPath("data/karate/karate_club.gml")).toBe(join("out", "karate_club.atlas.json"));
  });

  it("should write atomically, leaving no temp file", async () => {
    const file = join(dir, "nested", "a.txt");
    await writeOutput(file, "one");
    await writeOutput(file, "two");
    expect(readFileSync(file, "utf8")).toBe("two");
    expect(readdirSync(join(dir, "nested"))).toEqual(["a.txt"]);
  });
});

describe("cli/progress", () => {
  const event = { stage: "pagerank" as const, step: 3, steps: 14, phase: "end" as const };
  it("should stay silent for runs shorter than QUIET_MS", () => {
    let err = "";
    let now = 0;
    const p = createProgress({ out: () => {}, err: (t) => void (err += t), errIsTTY: false, now: () => now }, "atlas x");
    now = QUIET_MS - 1;
    p.stage(event);
    p.done();
    expect(err).toBe("");
  });

  it("should print plain lines with counts and elapsed time after QUIET_MS when not a TTY", () => {
    let err = "";
    let now = 0;
    const p = createProgress({ out: () => {}, err: (t) => void (err += t), errIsTTY: false, now: () => now }, "atlas x");
    now = 2500;
    p.stage(event);
    p.done();
    expect(err).toBe("atlas x: [3/14] pagerank 2.5 s, total 2.5 s\natlas x: done in 2.5 s\n");
  });

  it("should rewrite one line in place on a TTY and end it with the total", () => {
    let err = "";
    let now = 0;
    const p = createProgress({ out: () => {}, err: (t) => void (err += t), errIsTTY: true, now: () => now }, "atlas x");
    now = 3000;
    p.stage({ ...event, phase: "start" });
    p.stage(event);
    p.done();
    expect(err).toBe(
      "\r\x1b[Katlas x: [3/14] pagerank…\r\x1b[Katlas x: [3/14] pagerank 0.0 s, total 3.0 s\r\x1b[Katlas x: done in 3.0 s\n",
    );
  });
});

// The demo reads data/ relative to the repository, whatever the cwd.
describe("demo data", () => {
  it("should ship the congress files it reads", () => {
    expect(existsSync(join(ROOT, "data/congress_twitter/congress.edgelist"))).toBe(true);
    expect(existsSync(join(ROOT, "data/congress_twitter/congress_network_data_with_party.json"))).toBe(true);
  });
});

// Last in the file: whatever atlas a command above wrote (JSON by content, or a columnar directory).
describe("atlas files written by the commands above", () => {
  it("should all match the schema", async () => {
    const atlases = atlasesUnder(dir);
    expect(atlases).toEqual(["demo/congress.atlas.json", "info-pair.atlas.json", "pair.atlas.json", "tri.atlas.json"].map((f) => join(dir, f)));
    for (const file of atlases) expect(await atlasFileSchemaErrors(file)).toEqual([]);
  });
});
