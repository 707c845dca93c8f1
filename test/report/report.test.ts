import { describe, expect, it } from "vitest";
import { consensusCommunities } from "../../src/analyze/communities/consensus.ts";
import { bootstrapLeaders } from "../../src/analyze/leaders/bootstrap.ts";
import { nodeRoles, ROLE_NAMES, type RoleId } from "../../src/analyze/leaders/roles.ts";
import { analyzeGraph } from "../../src/analyze/pipeline.ts";
import { referenceGraph } from "../helpers/reference-graphs.ts";
import { addEdgeRecord, createGraph, type AtlasGraph } from "../../src/graph/model.ts";
import { csvReport } from "../../src/report/csv.ts";
import { csvCell } from "../../src/graph/writers/csv-cell.ts";
import { escapeHtml, formatNumber } from "../../src/report/format.ts";
import { buildReportModel, htmlReport, jsonReport, markdownReport, rankByAttribute } from "../../src/report/index.ts";
import { UsageError } from "../../src/shared/errors.ts";
import { parseCsv } from "../cli/helpers.ts";

/**
 * Two stars joined by their centres' edge: "hub<1>" leads leaves l1..l4,
 * "hub,2" leads m1..m4 (labels chosen to need escaping/quoting). By hand:
 * each centre has degree 5, each leaf 1; the two stars are the communities.
 */
function twoStars(): AtlasGraph {
  const g = createGraph({ directed: false });
  g.addNode("h1", { label: 'hub<1> & "co"' });
  g.addNode("h2", { label: "hub,2" });
  for (let i = 1; i <= 4; i++) {
    addEdgeRecord(g, "h1", `l${i}`);
    addEdgeRecord(g, "h2", `m${i}`);
  }
  addEdgeRecord(g, "h1", "h2");
  analyzeGraph(g, { source: "two-stars", top: 3 });
  return g;
}

describe("report model", () => {
  it("should make each star's centre its community's first leader and the only bridges", () => {
    const model = buildReportModel(twoStars());
    expect(model.communities.map((c) => c.size)).toEqual([5, 5]);
    const firsts = model.communities.map((c) => c.leaders[0].key).sort();
    expect(firsts).toEqual(["h1", "h2"]);
    expect(model.communities[0].leaders).toHaveLength(3);
    // Leaves lie on no shortest path (betweenness 0): only the centres can be bridges.
    expect(model.bridges.map((b) => b.key).sort()).toEqual(["h1", "h2"]);
  });

  it("should re-rank by another metric and top N, ties broken by key", () => {
    const g = twoStars();
    const model = buildReportModel(g, { by: "inDegree", top: 5 });
    const c = model.communities.find((x) => x.leaders[0].key === "h1")!;
    // Degree 5 first, then the four leaves (degree 1) by key.
    expect(c.leaders.map((l) => l.key)).toEqual(["h1", "l1", "l2", "l3", "l4"]);
    expect(c.leaders[0].scores.inDegree).toBe(5);
    expect(model.scoreColumns[0]).toBe("inDegree");
    expect(rankByAttribute(g, ["m2", "m1", "h2"], "inDegree")).toEqual(["h2", "m1", "m2"]);
  });

  it("should refuse a bad --top or --by and an unanalyzed graph", () => {
    const g = twoStars();
    expect(() => buildReportModel(g, { top: 0 })).toThrow(UsageError);
    expect(() => buildReportModel(g, { by: "fame" as never })).toThrow(/unknown --by metric "fame"/);
    expect(() => buildReportModel(createGraph())).toThrow(/has not been analyzed/);
  });
});

describe("markdown report", () => {
  it("should hold the summary, one leaders table per community and the bridges, escaped", () => {
    const md = markdownReport(twoStars());
    expect(md).toContain("| nodes | 10 |");
    expect(md).toContain("| edges | 9 |");
    expect(md).toContain("### Community 0");
    expect(md).toContain("### Community 1");
    expect(md).toMatch(/Size 5, density 0\.4, conductance /); // 4 edges of 10 possible pairs
    // The default ranking is the composite score; role, stability and rank interval come first.
    expect(md).toContain("| rank | label | key | role | stability | rank interval | composite score | community PageRank |");
    expect(md).toContain('| hub\\<1\\> \\& "co" | h1 |');
    expect(md).toContain("## Bridges");
    expect(md).not.toContain("no edges");
  });
});

describe("csv report", () => {
  it("should write one RFC 4180 row per node, quoting commas and quotes", () => {
    const text = csvReport(twoStars());
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(11);
    const header = rows[0];
    expect(header.slice(0, 5)).toEqual(["key", "label", "community", "leaderRank", "pagerank"]);
    const h1 = rows.find((r) => r[0] === "h1")!;
    const h2 = rows.find((r) => r[0] === "h2")!;
    expect(h1[1]).toBe('hub<1> & "co"');
    expect(h2[1]).toBe("hub,2");
    expect(Number(h1[header.indexOf("inDegree")])).toBe(5);
    expect(h1[header.indexOf("leaderRank")]).toBe("1");
    expect(rows.find((r) => r[0] === "l4")![header.indexOf("leaderRank")]).toBe("");
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell("plain")).toBe("plain");
  });
});

describe("json report", () => {
  it("should hold the summary, the leaders with their scores and the bridges", () => {
    const report = JSON.parse(jsonReport(twoStars(), { top: 2 }));
    expect(report.summary).toMatchObject({ nodes: 10, edges: 9, directed: false });
    expect(report.communities).toHaveLength(2);
    expect(report.communities[0].leaders).toHaveLength(2);
    expect(report.communities[0].leaders[0]).toMatchObject({ rank: 1 });
    expect(Object.keys(report.communities[0].leaders[0].scores)).toContain("pagerank");
    expect(report.bridges).toHaveLength(2);
    expect(report.notes).toEqual([]);
  });
});

describe("html report", () => {
  it("should be self-contained, escaped and sortable", () => {
    const html = htmlReport(twoStars());
    expect(html).toContain("<td>hub&lt;1&gt; &amp; &quot;co&quot;</td>");
    expect(html).not.toContain("hub<1>");
    expect(html).not.toMatch(/(src|href)=/);
    expect((html.match(/<table class="sortable">/g) ?? []).length).toBe(3); // 2 communities + bridges
    expect(html).toMatch(/<script>[\s\S]*sort\(/);
    expect(html).toMatch(/<td class="num" data-v="5">5<\/td>/);
    expect(escapeHtml(`<a href='x'>&`)).toBe("&lt;a href=&#39;x&#39;&gt;&amp;");
  });
});

describe("formatNumber", () => {
  it("should print integers as is, others to 6 significant digits, missing as a dash", () => {
    expect(formatNumber(34)).toBe("34");
    expect(formatNumber(0.0969972853891974)).toBe("0.0969973");
    expect(formatNumber(null)).toBe("–");
    expect(formatNumber(Number.NaN)).toBe("–");
    expect(formatNumber(1.5e-7)).toBe("1.5000e-7");
  });
});

describe("congress report: roles, stability and rank intervals", () => {
  // The congress network analyzed with the defaults (Leiden, consensus of 10 runs), 30 bootstrap replicates.
  const graph = referenceGraph("congress");
  const { index } = analyzeGraph(graph, { source: "congress", seed: 7, bootstrap: 30, top: 5, betweenness: "off" });
  // The same figures from the pure functions the pipeline calls: this checks the report's wiring, not the
  // figures themselves (test/analyze/leaders/reference.test.ts checks those against the Python reference).
  const consensus = consensusCommunities(index, { runs: 10, seed: 7 });
  const membership = consensus.membership;
  const roles = nodeRoles(index, membership);
  const boot = bootstrapLeaders(index, membership, { replicates: 30, seed: 7, top: 5 });
  const position = new Map(index.keys.map((k, i) => [k, i]));

  it("should list in JSON each leader's role, stability and rank interval as the pure functions give them", () => {
    const report = JSON.parse(jsonReport(graph));
    expect(report.communityAlgorithm).toBe("leiden");
    expect(report.consensusRuns).toBe(10);
    expect(report.bootstrap).toBe(30);
    expect(report.disconnectedCommunities).toBe(0);
    expect(report.communities.map((c: { stability: number }) => c.stability)).toEqual(Array.from(consensus.communityStability));
    const intervals = new Map(boot.leaders.flat().map((iv) => [index.keys[iv.node], iv]));
    let leaders = 0;
    for (const c of report.communities) {
      for (const l of c.leaders) {
        const i = position.get(l.key)!;
        const iv = intervals.get(l.key)!;
        expect(l.role).toBe(roles.role[i]);
        expect(l.roleName).toBe(ROLE_NAMES[roles.role[i] as RoleId]);
        expect(l.stability).toBe(consensus.nodeStability[i]);
        expect(l.stability).toBeGreaterThanOrEqual(0);
        expect(l.stability).toBeLessThanOrEqual(1);
        expect([l.rank, l.rankLow, l.rankHigh, l.unstable]).toEqual([iv.rank, iv.lower, iv.upper, iv.unstable]);
        expect(l.rankLow).toBeGreaterThanOrEqual(1);
        expect(l.rankLow).toBeLessThanOrEqual(l.rankHigh);
        leaders++;
      }
      for (const h of c.hubs) expect(h.role).toBeGreaterThanOrEqual(5);
      for (const x of c.connectors) expect([3, 4, 6, 7]).toContain(x.role);
    }
    expect(leaders).toBe(boot.leaders.flat().length);
    // A leader's own rank lies in its interval for most leaders (the interval is of resampled ranks, not a guarantee).
    const inside = boot.leaders.flat().filter((iv) => iv.lower <= iv.rank && iv.rank <= iv.upper).length;
    expect(inside / leaders).toBeGreaterThanOrEqual(0.8);
  });

  it("should show roles, stability, rank intervals, hubs and connectors in Markdown and HTML", () => {
    const md = markdownReport(graph);
    expect(md).toContain("| community algorithm | Leiden (seed 7, resolution 1, consensus of 10 runs) |");
    expect(md).toContain("| disconnected communities | 0 |");
    expect(md).toContain("| rank | label | key | role | stability | rank interval | composite score |");
    const first = boot.leaders[0][0];
    const key = index.keys[first.node];
    const i = first.node;
    const cells = [
      "1",
      String(graph.getNodeAttribute(key, "label")),
      key,
      `R${roles.role[i]} ${ROLE_NAMES[roles.role[i] as RoleId]}`,
      formatNumber(consensus.nodeStability[i]),
      `\\[${first.lower}–${first.upper}\\]${first.unstable ? " unstable" : ""}`,
    ];
    expect(md).toContain(`| ${cells.join(" | ")} |`);
    expect(md).toMatch(/^- Hubs \(its leaders by role, z ≥ 2\.5\): /m);
    expect(md).toMatch(/^- Connectors \(bridges to other niches, R3\/R4\/R6\/R7\): /m);
    const html = htmlReport(graph);
    expect(html).toContain("<th>rank interval</th>");
    expect(html).toContain(`[${first.lower}–${first.upper}]`);
    if (boot.leaders.flat().some((iv) => iv.unstable)) expect(html).toContain('<tr class="unstable">');
  });

  it("should put every new metric in the CSV, one row per node", () => {
    const rows = parseCsv(csvReport(graph));
    const header = rows[0];
    for (const c of ["role", "roleName", "withinModuleZ", "stability", "compositeScore", "compositeRank", "rankLow", "rankHigh", "unstableLeader", "leaderRankScore", "voteRank", "collectiveInfluence"]) {
      expect(header).toContain(c);
    }
    expect(rows.length - 1).toBe(475);
    const row = rows.find((r) => r[0] === index.keys[boot.leaders[0][0].node])!;
    expect(Number(row[header.indexOf("rankLow")])).toBe(boot.leaders[0][0].lower);
    expect(Number(row[header.indexOf("stability")])).toBe(consensus.nodeStability[boot.leaders[0][0].node]);
  });
});
