/**
 * `atlas analyze --niche` and `atlas report --niche`: a niche of the store
 * analyzed end to end (twarc archives imported, or a crawl of the fake API),
 * checked against values worked out here straight from the raw twarc JSON and
 * the fake API's world: node keys, labels, edge weights and kinds, and each
 * community's top hashtags, URLs and mentions in the atlas file and reports.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Graph from "graphology";
import { columnarToGraph, readColumnarAtlas } from "../../src/cli/columnar.ts";
import { nicheAtlasPath } from "../../src/cli/io.ts";
import { atlas as storeAtlas } from "../fakes/cli.ts";
import { FakeTwitterServer } from "../fakes/twitter-server.ts";
import { TOKEN, WORLD } from "../fakes/world.ts";
import { expectedFollows } from "../collect/helpers.ts";
import { atlasSchemaErrors } from "../helpers/atlas-schema.ts";
import { ROOT, runAtlas, spawnAtlas } from "./helpers.ts";

const ARCHIVES = ["brexit.jsonl", "kpop.jsonl"].map((f) => join(ROOT, "data/fixtures/twarc", f));
const NICHE = "brexit-kpop";

/* ---------- what the archives hold, read straight from the raw JSON ---------- */

interface RawTweet {
  id: string;
  author_id: string;
  created_at: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: { type: string; id: string }[];
  entities?: {
    hashtags?: { tag: string }[];
    urls?: { url?: string; expanded_url?: string; unwound_url?: string }[];
    mentions?: { username: string; id?: string }[];
  };
}
interface RawPage {
  data?: RawTweet[];
  includes?: { users?: { id: string; username: string; name?: string }[]; tweets?: { id: string; author_id: string }[] };
}

/** A tweet of the archives (first copy of each id) with the interactions it makes: [target id, kind]. */
interface RawPost {
  id: string;
  author: string;
  at: number;
  hashtags: string[];
  urls: string[];
  mentions: string[];
  interactions: [string, string][];
}

const KIND: Record<string, string> = { retweeted: "retweets", quoted: "quotes", replied_to: "replies" };

function readArchives(): { posts: RawPost[]; names: Map<string, string>; handles: Map<string, string> } {
  const posts: RawPost[] = [];
  const seen = new Set<string>();
  const names = new Map<string, string>();
  const handles = new Map<string, string>();
  for (const file of ARCHIVES) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const page = JSON.parse(line) as RawPage;
      const authorOf = new Map<string, string>();
      for (const t of [...(page.includes?.tweets ?? []), ...(page.data ?? [])]) authorOf.set(t.id, t.author_id);
      const idOf = new Map<string, string>();
      for (const u of page.includes?.users ?? []) {
        idOf.set(u.username.toLowerCase(), u.id);
        if (u.name) names.set(u.id, u.name);
        handles.set(u.id, u.username);
      }
      for (const t of page.data ?? []) {
        if (seen.has(t.id)) continue;
        seen.add(t.id);
        const refs = t.referenced_tweets ?? [];
        const interactions: [string, string][] = [];
        let repliedTo: string | null = null;
        for (const r of refs) {
          if (!KIND[r.type]) continue;
          const target = authorOf.get(r.id) ?? (r.type === "replied_to" ? t.in_reply_to_user_id : undefined);
          if (r.type === "replied_to") repliedTo = target ?? null;
          if (target !== undefined && target !== t.author_id) interactions.push([target, KIND[r.type]]);
        }
        if (!refs.some((r) => r.type === "replied_to") && t.in_reply_to_user_id) {
          repliedTo = t.in_reply_to_user_id;
          if (repliedTo !== t.author_id) interactions.push([repliedTo, "replies"]);
        }
        const mentions = t.entities?.mentions ?? [];
        for (const m of mentions) {
          const id = m.id ?? idOf.get(m.username.toLowerCase());
          if (id !== undefined && !handles.has(id)) handles.set(id, m.username);
        }
        if (!refs.some((r) => r.type === "retweeted")) {
          // A retweet's mentions are the original author's: no edge. Others: once per account.
          const ids = new Set(mentions.map((m) => m.id ?? idOf.get(m.username.toLowerCase())));
          for (const id of ids) if (id !== undefined && id !== repliedTo && id !== t.author_id) interactions.push([id, "mentions"]);
        }
        posts.push({
          id: t.id,
          author: t.author_id,
          at: Date.parse(t.created_at),
          hashtags: (t.entities?.hashtags ?? []).map((h) => h.tag.toLowerCase()),
          urls: (t.entities?.urls ?? []).map((u) => u.unwound_url ?? u.expanded_url ?? u.url ?? "").filter(Boolean),
          mentions: mentions.map((m) => `@${m.username}`),
          interactions,
        });
      }
    }
  }
  return { posts, names, handles };
}

const RAW = readArchives();

/** Merged atlas edges `tw:a>tw:b` → { weight (tweets), kind (sorted kinds) } of the posts kept. */
function expectedEdges(keep: (p: RawPost, kind: string) => boolean): Map<string, { weight: number; kind: string }> {
  const perKind = new Map<string, Map<string, number>>();
  for (const p of RAW.posts) {
    for (const [target, kind] of p.interactions) {
      if (!keep(p, kind)) continue;
      const pair = `tw:${p.author}>tw:${target}`;
      let kinds = perKind.get(pair);
      if (!kinds) perKind.set(pair, (kinds = new Map()));
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
  }
  const out = new Map<string, { weight: number; kind: string }>();
  for (const [pair, kinds] of perKind) {
    out.set(pair, { weight: [...kinds.values()].reduce((a, b) => a + b, 0), kind: [...kinds.keys()].sort().join(",") });
  }
  return out;
}

interface Item {
  item: string;
  count: number;
}
interface TopItems {
  community: number;
  posts: number;
  hashtags: Item[];
  urls: Item[];
  mentions: Item[];
}

/** NodeXL's top items per community, counted from the raw tweets of each community's members. */
function expectedTopItems(membership: Map<string, number>, top = 10): TopItems[] {
  const by = new Map<number, { posts: number; lists: Record<"hashtags" | "urls" | "mentions", Map<string, number>> }>();
  for (const p of RAW.posts) {
    const c = membership.get(`tw:${p.author}`);
    if (c === undefined) continue;
    let k = by.get(c);
    if (!k) by.set(c, (k = { posts: 0, lists: { hashtags: new Map(), urls: new Map(), mentions: new Map() } }));
    k.posts++;
    for (const list of ["hashtags", "urls", "mentions"] as const) {
      for (const item of p[list]) k.lists[list].set(item, (k.lists[list].get(item) ?? 0) + 1);
    }
  }
  const best = (m: Map<string, number>): Item[] =>
    [...m]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, top)
      .map(([item, count]) => ({ item, count }));
  return [...by]
    .sort((a, b) => a[0] - b[0])
    .map(([community, k]) => ({
      community,
      posts: k.posts,
      hashtags: best(k.lists.hashtags),
      urls: best(k.lists.urls),
      mentions: best(k.lists.mentions),
    }));
}

/* ---------- the atlas file, read back ---------- */

interface AtlasJson {
  nodes: { key: string; attributes: Record<string, unknown> & { label: string; community: number } }[];
  edges: { source: string; target: string; attributes: { weight: number; kind: string } }[];
  attributes: { atlas: { source: string; topItems?: TopItems[]; communities: { id: number }[] } };
}

const readAtlas = (file: string): AtlasJson => JSON.parse(readFileSync(file, "utf8")) as AtlasJson;
const edgesOf = (a: AtlasJson): Map<string, { weight: number; kind: string }> =>
  new Map(a.edges.map((e) => [`${e.source}>${e.target}`, { weight: e.attributes.weight, kind: e.attributes.kind }]));
const membershipOf = (a: AtlasJson): Map<string, number> => new Map(a.nodes.map((n) => [n.key, n.attributes.community]));

const line = (items: Item[], prefix: string): string =>
  items.length === 0 ? "none" : items.map((i) => `${prefix}${i.item} (${i.count})`).join(", ");
/** CommonMark backslash escapes for the characters that open links, HTML, entities, code and cells, and the colon of `://`. */
const escMd = (s: string): string => s.replace(/[\\`[\]<>&|]/g, (c) => `\\${c}`).replace(/:\/\//g, "\\://");
/** A top URL in Markdown: an http(s) URL with no space or angle bracket as a CommonMark autolink, else escaped text. */
const mdUrl = (u: string): string => (/^https?:\/\//i.test(u) && !/[\s<>]/.test(u) ? `<${u}>` : escMd(u));
const escHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** The part of a Markdown/HTML report about community `id` (up to the next community or the bridges). */
function section(report: string, id: number, html: boolean): string {
  const start = report.indexOf(html ? `<h3>Community ${id}</h3>` : `### Community ${id}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = report.slice(start + 5);
  const end = rest.search(html ? /<h3>Community |<h2>Bridges/ : /\n### Community |\n## Bridges/);
  return rest.slice(0, end);
}

/* ---------- tests ---------- */

let dir: string;
let db: string;
let atlasFile: string;
let analyzed: AtlasJson;
let stdout: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "atlas-niche-"));
  db = join(dir, "store", "atlas.db");
  const imported = await runAtlas(["import", "twarc", ...ARCHIVES, "--niche", NICHE, "--db", db]);
  expect(imported.code).toBe(0);
  // A real process, in a directory of its own: the default output is out/<niche>.atlas.json.
  const r = await spawnAtlas(["analyze", "--niche", NICHE, "--db", db], dir);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
  stdout = r.stdout;
  atlasFile = join(dir, "out", `${NICHE}.atlas.json`);
  analyzed = readAtlas(atlasFile);
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("atlas analyze --niche (twarc archives in the store)", () => {
  it("should write out/<niche>.atlas.json, valid against the schema, naming the niche as its source", () => {
    expect(existsSync(atlasFile)).toBe(true);
    expect(stdout).toContain(`wrote ${join("out", `${NICHE}.atlas.json`)}`);
    expect(atlasSchemaErrors(analyzed)).toEqual([]);
    expect(analyzed.attributes.atlas.source).toBe(`niche ${NICHE} in ${db}`);
  });

  it("should have a node tw:<id> for every tweet author and interaction target, labelled with the account's name", () => {
    const expected = new Set<string>();
    for (const p of RAW.posts) {
      expected.add(`tw:${p.author}`);
      for (const [target] of p.interactions) expected.add(`tw:${target}`);
    }
    const keys = analyzed.nodes.map((n) => n.key);
    expect(new Set(keys)).toEqual(expected);
    expect(keys.every((k) => /^tw:\d+$/.test(k))).toBe(true);
    let named = 0;
    for (const n of analyzed.nodes) {
      const id = n.key.slice(3);
      const name = RAW.names.get(id);
      const handle = RAW.handles.get(id);
      expect(n.attributes.label).toBe(name || (handle ? `@${handle}` : n.key));
      if (handle) expect(n.attributes.handle).toBe(handle);
      if (name) named++;
    }
    expect(named).toBeGreaterThan(100);
  });

  it("should weight each edge by its number of tweets, kinds merged, as counted from the raw JSON", () => {
    const expected = expectedEdges(() => true);
    expect(expected.size).toBeGreaterThan(150);
    expect(edgesOf(analyzed)).toEqual(expected);
  });

  it("should store each community's top hashtags, URLs and mentions, as counted from the raw JSON", () => {
    const expected = expectedTopItems(membershipOf(analyzed));
    expect(expected.length).toBeGreaterThan(5);
    expect(analyzed.attributes.atlas.topItems).toEqual(expected);
    // The two archives' themes end up apart: #brexit and #kpop lead different communities.
    const leading = expected.filter((t) => t.hashtags.length > 0).map((t) => t.hashtags[0].item);
    expect(leading).toContain("brexit");
    expect(leading.some((h) => h === "kpop" || h === "blackpink")).toBe(true);
    expect(stdout).toMatch(/top hashtags: #/);
  });

  it("should list the top items per community in the md, json and html reports of the atlas file", async () => {
    const expected = expectedTopItems(membershipOf(analyzed));
    const md = await runAtlas(["report", atlasFile]);
    const json = await runAtlas(["report", atlasFile, "--format", "json"]);
    const html = await runAtlas(["report", atlasFile, "--format", "html"]);
    const csv = await runAtlas(["report", atlasFile, "--format", "csv"]);
    for (const r of [md, json, html, csv]) expect(r.code).toBe(0);

    const withPosts = new Set(expected.map((t) => t.community));
    for (const t of expected) {
      const s = section(md.stdout, t.community, false);
      expect(s).toContain(`Top items (${t.posts} post${t.posts === 1 ? "" : "s"} by its members):`);
      expect(s).toContain(`- hashtags: ${escMd(line(t.hashtags, "#"))}\n`);
      expect(s).toContain(`- URLs: ${t.urls.length === 0 ? "none" : t.urls.map((u) => `${mdUrl(u.item)} (${u.count})`).join(", ")}\n`);
      expect(s).toContain(`- mentioned accounts: ${escMd(line(t.mentions, ""))}\n`);
      const h = section(html.stdout, t.community, true);
      expect(h).toContain(`<li>hashtags: ${escHtml(line(t.hashtags, "#"))}</li>`);
      expect(h).toContain(`<li>mentioned accounts: ${escHtml(line(t.mentions, ""))}</li>`);
      for (const u of t.urls) expect(h).toContain(`<a href="${escHtml(u.item)}" rel="nofollow noopener">${escHtml(u.item)}</a> (${u.count})`);
    }
    for (const c of analyzed.attributes.atlas.communities) {
      if (!withPosts.has(c.id)) expect(section(md.stdout, c.id, false)).toContain("Top items: no posts by its members.");
    }

    const report = JSON.parse(json.stdout) as { communities: ({ id: number; topItems?: Omit<TopItems, "community"> })[] };
    for (const c of report.communities) {
      const t = expected.find((x) => x.community === c.id);
      expect(c.topItems).toEqual(t && { posts: t.posts, hashtags: t.hashtags, urls: t.urls, mentions: t.mentions });
    }
    // CSV is one row per node: no top items.
    expect(csv.stdout.trimEnd().split("\r\n")).toHaveLength(analyzed.nodes.length + 1);
  });

  it("should report the niche straight from the store with the same communities and top items", async () => {
    const r = await runAtlas(["report", "--niche", NICHE, "--db", db, "--format", "json", "--top-items", "3"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { source: string; communities: { id: number; topItems?: Omit<TopItems, "community"> }[] };
    expect(report.source).toBe(`niche ${NICHE} in ${db}`);
    // Same seed, same graph: the communities of the atlas file, their items cut to 3.
    const expected = expectedTopItems(membershipOf(analyzed), 3);
    const got = report.communities.filter((c) => c.topItems).map((c) => ({ community: c.id, ...c.topItems }));
    expect(got).toEqual(expected);
  });

  it("should take the index path for --out DIR (edge stream, no graph) and write the graph path's atlas as columns", async () => {
    for (const extra of [[], ["--kinds", "retweets,mentions", "--since", "2000-01-01"]]) {
      const out = join(dir, `index-${extra.length}.atlas`);
      const r = await runAtlas(["analyze", "--niche", NICHE, "--db", db, ...extra, "--out", out]);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).toBe(0);
      const viaGraph =
        extra.length === 0
          ? Graph.from(analyzed as never)
          : Graph.from(JSON.parse((await runAtlas(["analyze", "--niche", NICHE, "--db", db, ...extra, "--out", out + ".json"]), readFileSync(out + ".json", "utf8"))));
      const viaIndex = columnarToGraph(await readColumnarAtlas(out));
      const meta = (g: Graph) => ({ ...g.getAttribute("atlas"), createdAt: null });
      expect(meta(viaIndex)).toEqual(meta(viaGraph));
      expect(meta(viaIndex).topItems.length).toBeGreaterThan(0);
      expect(viaIndex.order).toBe(viaGraph.order);
      viaGraph.forEachNode((key, attrs) => expect(viaIndex.getNodeAttributes(key)).toEqual(attrs));
      expect(viaIndex.size).toBe(viaGraph.size);
      viaGraph.forEachEdge((_e, attrs, s, t) => {
        const e = viaIndex.edge(s, t) as string;
        expect([viaIndex.getEdgeAttribute(e, "weight"), viaIndex.getEdgeAttribute(e, "kind")]).toEqual([attrs.weight, attrs.kind]);
      });
      expect(r.stdout.split("\n").slice(0, 3).join("\n")).toMatch(/community \d+ \(\d+ nodes\): /);
    }
  }, 60_000);

  it("should keep only the edges of --kinds, and only the interactions since --since", async () => {
    const kindsFile = join(dir, "kinds.atlas.json");
    const k = await runAtlas(["analyze", "--niche", NICHE, "--db", db, "--kinds", "retweets,quotes", "--out", kindsFile]);
    expect(k.code).toBe(0);
    const kinds = readAtlas(kindsFile);
    expect(edgesOf(kinds)).toEqual(expectedEdges((_p, kind) => kind === "retweets" || kind === "quotes"));
    expect(kinds.attributes.atlas.source).toBe(`niche ${NICHE} in ${db} (kinds retweets,quotes)`);

    // The median time of the tweets that make edges: about half of them are kept.
    const times = RAW.posts.filter((p) => p.interactions.length > 0).map((p) => p.at).sort((a, b) => a - b);
    const since = new Date(times[Math.floor(times.length / 2)]).toISOString();
    const sinceFile = join(dir, "since.atlas.json");
    const s = await runAtlas(["analyze", "--niche", NICHE, "--db", db, "--since", since, "--out", sinceFile]);
    expect(s.code).toBe(0);
    const expected = expectedEdges((p) => p.at >= Date.parse(since));
    expect(expected.size).toBeGreaterThan(20);
    expect(expected.size).toBeLessThan(expectedEdges(() => true).size);
    expect(edgesOf(readAtlas(sinceFile))).toEqual(expected);
  });

  it("should fail with one line for a missing store, an unknown niche, a file and a niche, a bad --since", async () => {
    const cases: [string[], RegExp][] = [
      [["analyze", "--niche", NICHE, "--db", join(dir, "nope.db")], /^atlas: analyze: no store at ".*nope\.db" \(collect or import a niche first, or give --db FILE\)\n$/],
      [["analyze", "--niche", "climate", "--db", db], /^atlas: analyze: no niche "climate" in .*atlas\.db \(it has: brexit-kpop\)\n$/],
      [["report", "--niche", "climate", "--db", db], /^atlas: report: no niche "climate" in .*\(it has: brexit-kpop\)\n$/],
      [["analyze", "data/karate/karate_club.gml", "--niche", NICHE], /^atlas: analyze: give either an input file \("data\/karate\/karate_club\.gml"\) or --niche "brexit-kpop", not both\n$/],
      [["analyze", "data/karate/karate_club.gml", "--since", "2021-01-01"], /^atlas: analyze: --since goes with --niche NAME/],
      [["analyze", "--niche", NICHE, "--db", db, "--since", "last week"], /^atlas: analyze: --since "last week" is not a date/],
      [["report", atlasFile, "--top-items", "3"], /^atlas: report: --top-items goes with --niche NAME/],
    ];
    for (const [args, message] of cases) {
      const r = await runAtlas(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });
});

describe("nicheAtlasPath", () => {
  it("should name the default atlas file after the niche, made safe as a file name", () => {
    expect(nicheAtlasPath("brexit.jsonl")).toBe(join("out", "brexit.jsonl.atlas.json"));
    expect(nicheAtlasPath("climate/fr talk")).toBe(join("out", "climate_fr_talk.atlas.json"));
    expect(nicheAtlasPath("../etc")).toBe(join("out", "__etc.atlas.json"));
  });
});

describe("atlas analyze --niche (a follows crawl of the fake API)", () => {
  it("should analyze exactly the crawled follows graph, with names and no top items", async () => {
    const fake = new FakeTwitterServer(WORLD, { token: TOKEN, pageSize: 2 });
    const url = await fake.start();
    try {
      const followsDb = join(dir, "follows.db");
      const env = { TWITTER_BEARER_TOKEN: TOKEN, TWITTER_API_BASE_URL: url };
      const c = await storeAtlas(["collect", "twitter", "--niche", "f", "--seeds", "@alice,@bob", "--depth", "2", "--db", followsDb], env);
      expect(c.code).toBe(0);
      const out = join(dir, "f.atlas.json");
      const r = await runAtlas(["analyze", "--niche", "f", "--db", followsDb, "--out", out]);
      expect(r.code).toBe(0);
      const a = readAtlas(out);
      expect(atlasSchemaErrors(a)).toEqual([]);
      const expected = expectedFollows(WORLD, ["alice", "bob"], 2, "following").map((e) => {
        const [, s, t] = /^(\d+)>(\d+):/.exec(e)!;
        return `tw:${s}>tw:${t}:follows*1`;
      });
      const got = a.edges.map((e) => `${e.source}>${e.target}:${e.attributes.kind}*${e.attributes.weight}`).sort();
      expect(got).toEqual(expected.sort());
      const byId = new Map(WORLD.users.map((u) => [`tw:${u.id}`, u]));
      for (const n of a.nodes) {
        const u = byId.get(n.key)!;
        expect(n.attributes.label).toBe(u.name);
        expect(n.attributes.handle).toBe(u.username);
      }
      expect(a.nodes.find((n) => n.key === "tw:101")!.attributes.followers).toBe(5000);
      expect(a.nodes.find((n) => n.key === "tw:101")!.attributes.description).toBe("climate scientist");
      expect(a.attributes.atlas.topItems).toBeUndefined();
      const md = await runAtlas(["report", out]);
      expect(md.stdout).toContain("### Community 0");
      expect(md.stdout).not.toContain("Top items");
    } finally {
      await fake.close();
    }
  }, 30_000);
});
