/**
 * A hostile-label corpus (script and HTML injection, `javascript:` URLs,
 * spreadsheet formulas, control and bidi characters, a 100 kB label, Markdown
 * and terminal escapes) pushed through every report (md, csv, json, html),
 * every export (GEXF, GraphML, CSV, JSON), the published site and what the
 * CLI prints; each output parsed back by a real parser (saxes, csv-parse,
 * JSON.parse, linkedom, markdown-it) and checked for the neutralised form,
 * stated here from the rules, not from the writers' code:
 *
 * - JSON (report, export, site data): every label read back exactly.
 * - CSV: every cell read back as written, but a text cell beginning with
 *   `=`, `+`, `-`, `@`, tab or CR has a `'` in front (OWASP).
 * - XML (GEXF, GraphML): well-formed; every label read back without the
 *   characters XML 1.0 cannot hold (C0 but tab, LF, CR; U+FFFE, U+FFFF).
 * - HTML report: no element or attribute but the report's own (one script,
 *   no `on*` attribute, no img/svg/iframe, links only http(s)); each label
 *   its cell's text. In every other part too: the title and the source row,
 *   the warnings, each community's hubs and connectors lines (labels and role
 *   names) and its top hashtags, URLs and mentioned accounts: each hostile
 *   text shows as text, and the only links are the top URLs that are http(s),
 *   each to itself.
 * - Markdown report, rendered with raw HTML allowed: no element a label
 *   made, no link but a bare http(s) URL autolinked to itself, each label
 *   its cell's text (line breaks as spaces).
 * - Printed (stdout, stderr): no character a terminal interprets.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { parseHTML } from "linkedom";
import MarkdownIt from "markdown-it";
import { SaxesParser } from "saxes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeGraph } from "../../src/analyze/pipeline.ts";
import { addEdgeRecord, createGraph, type AtlasGraph } from "../../src/graph/model.ts";
import { writeGraph } from "../../src/graph/writers/index.ts";
import { renderReport } from "../../src/report/index.ts";
import { runAtlas, stderrProblems } from "../cli/helpers.ts";

const BIG = "A<b>&\u202e=".repeat(10_000); // 100 000 characters, every one of them hostile somewhere

export const HOSTILE_LABELS: readonly string[] = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(2)>",
  '"><svg onload=alert(3)>',
  "'><iframe src=javascript:alert(4)>",
  "javascript:alert(5)",
  "[click](javascript:alert(6))",
  "![i](javascript:alert(7))",
  "<javascript:alert(8)>",
  "<https://evil.example/>",
  '=HYPERLINK("http://evil.example","x")',
  "+1+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(A1:A9)",
  "\t=tab first",
  "\r=cr first",
  "nul\u0000one\u0001vt\u000bff\u000cus\u001f",
  "\u001b[2J\u001b[31mred\u001b[0m",
  "\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007",
  "\u009b31mC1 csi\u0085nel",
  "\u202eevil\u202c \u2066iso\u2069 \u202a\u202b\u202d",
  "**bold** _it_ `code` # h | pipe | \\ back",
  "line one\nline two\r\nthree",
  "&amp; &lt;x&gt; &#60;script&#62;",
  "]]> <![CDATA[ x ]]>",
  "\ufffe\uffff nonchars",
  "plain Zoë 東京 مرحبا 🚀",
  BIG,
];

/** Characters XML 1.0 cannot hold. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/** Characters a terminal interprets. */
const TERMINAL_UNSAFE = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const csvExpected = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

let dir: string;
let graph: AtlasGraph;
/** Node key → hostile label (every node has one; some keys are hostile too). */
const labelOf = new Map<string, string>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "atlas-hostile-"));
  // Two groups (dense inside, one edge between): every node a leader (top 50), two bridges.
  const g = createGraph({ directed: true });
  const n = HOSTILE_LABELS.length;
  for (let i = 0; i < n; i++) {
    const key = i % 5 === 0 ? `k${i}${HOSTILE_LABELS[i].slice(0, 40)}` : `n${i}`;
    labelOf.set(key, HOSTILE_LABELS[i]);
    g.addNode(key, { label: HOSTILE_LABELS[i], bio: HOSTILE_LABELS[(i + 7) % n] });
  }
  const keys = [...labelOf.keys()];
  const half = Math.ceil(n / 2);
  for (const group of [keys.slice(0, half), keys.slice(half)]) {
    for (const s of group) for (const t of group) if (s !== t && (s < t || group.indexOf(s) % 3 === 0)) addEdgeRecord(g, s, t, 1);
  }
  addEdgeRecord(g, keys[0], keys[half], 1);
  analyzeGraph(g, { consensus: 0, bootstrap: 5, seed: 1, top: 50 });
  graph = g;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Parses XML with saxes (throws on anything not well-formed); returns each element's attributes and text. */
function parseXml(xml: string): { name: string; attributes: Record<string, string>; text: string }[] {
  const parser = new SaxesParser({ xmlns: false });
  const elements: { name: string; attributes: Record<string, string>; text: string }[] = [];
  const open: { name: string; attributes: Record<string, string>; text: string }[] = [];
  parser.on("error", (e) => {
    throw e;
  });
  parser.on("opentag", (tag) => {
    const el = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, text: "" };
    elements.push(el);
    open.push(el);
  });
  parser.on("text", (t) => {
    if (open.length) open[open.length - 1].text += t;
  });
  parser.on("cdata", (t) => {
    if (open.length) open[open.length - 1].text += t;
  });
  parser.on("closetag", () => void open.pop());
  parser.write(xml).close();
  return elements;
}

/** The labels a node-by-node check expects to find, and the keys. */
const labels = (): string[] => [...labelOf.values()];

describe("hostile labels: JSON", () => {
  it("should read every label back exactly from the JSON export", () => {
    const data = JSON.parse(writeGraph("x.json", graph).text);
    const back = new Map<string, string>(data.nodes.map((n: { key: string; attributes: { label: string } }) => [n.key, n.attributes.label]));
    expect(back).toEqual(labelOf);
  });

  it("should read every leader's label back exactly from the JSON report", () => {
    const report = JSON.parse(renderReport(graph, "json"));
    const found = new Map<string, string>();
    for (const c of report.communities) for (const l of c.leaders) found.set(l.key, l.label);
    expect(found).toEqual(labelOf);
  });
});

describe("hostile labels: CSV", () => {
  it("should neutralise formula cells and keep every other cell as written in the CSV report", () => {
    const rows: string[][] = parseCsv(renderReport(graph, "csv"), { relax_column_count: false, bom: true });
    const [header, ...body] = rows;
    const key = header.indexOf("key");
    const label = header.indexOf("label");
    const bio = header.indexOf("bio");
    expect(body).toHaveLength(labelOf.size);
    for (const row of body) {
      const original = [...labelOf.keys()].find((k) => csvExpected(k) === row[key]);
      expect(original, row[key].slice(0, 40)).toBeDefined();
      expect(row[label]).toBe(csvExpected(labelOf.get(original!)!));
      expect(row[bio]).toBe(csvExpected(graph.getNodeAttribute(original!, "bio") as string));
    }
  });

  it("should neutralise formula cells in the CSV export (nodes and edges files)", () => {
    const written = writeGraph("x.csv", graph);
    const nodesFile = written.companions.find((c) => c.name.endsWith(".nodes.csv"))!;
    const rows: string[][] = parseCsv(nodesFile.text, { bom: true });
    const [header, ...body] = rows;
    const id = header.findIndex((h) => h === "id" || h === "key");
    const label = header.indexOf("label");
    expect(body).toHaveLength(labelOf.size);
    const expected = new Map([...labelOf].map(([k, l]) => [csvExpected(k), csvExpected(l)]));
    expect(new Map(body.map((r) => [r[id], r[label]]))).toEqual(expected);
    const edges: string[][] = parseCsv(written.text, { bom: true });
    const ends = new Set(edges.slice(1).flatMap((r) => [r[0], r[1]]));
    for (const e of ends) expect(expected.has(e), e.slice(0, 40)).toBe(true);
  });
});

describe("hostile labels: XML", () => {
  for (const format of ["gexf", "graphml"] as const) {
    it(`should write well-formed ${format} holding every label without the characters XML forbids`, () => {
      const text = writeGraph(`x.${format}`, graph).text;
      const elements = parseXml(text); // throws on invalid XML
      const found = new Map<string, string>();
      if (format === "gexf") {
        for (const el of elements) if (el.name === "node") found.set(el.attributes.id, el.attributes.label);
      } else {
        const labelKey = elements.find((e) => e.name === "key" && e.attributes["attr.name"] === "label" && e.attributes.for === "node")!.attributes.id;
        let node: string | null = null;
        for (const el of elements) {
          if (el.name === "node") node = el.attributes.id;
          else if (el.name === "data" && el.attributes.key === labelKey && node !== null) found.set(node, el.text);
        }
      }
      const expected = new Map([...labelOf].map(([k, l]) => [k.replace(XML_FORBIDDEN, ""), l.replace(XML_FORBIDDEN, "")]));
      expect(found).toEqual(expected);
    });
  }
});

/** Structural checks of HTML: nothing a label could have made. */
function expectNoInjectedMarkup(document: Document, ownScripts: number): void {
  expect(document.querySelectorAll("script").length).toBe(ownScripts);
  expect(document.querySelectorAll("img, svg, iframe, object, embed, base, meta[http-equiv], form, input, button, link").length).toBe(0);
  expect(document.querySelectorAll("body style").length).toBe(0);
  for (const el of document.querySelectorAll("*")) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name, `${el.tagName} ${attr.name}`).not.toMatch(/^on/i);
      if (/^(href|src|action|formaction|xlink:href)$/i.test(attr.name)) expect(attr.value).toMatch(/^https?:\/\//i);
    }
  }
}

/** Text as an HTML parser leaves it: NUL becomes U+FFFD (or is dropped), CR LF and lone CR become LF. */
const htmlText = (s: string): string => s.replace(/\r\n?/g, "\n").replace(/\u0000/g, "");

describe("hostile labels: HTML report", () => {
  it("should give no element, attribute or link a label made, and show each label as its cell's text", () => {
    const html = renderReport(graph, "html");
    const { document } = parseHTML(html);
    expectNoInjectedMarkup(document as unknown as Document, 1);
    expect(document.querySelector("script")!.textContent).toContain("table.sortable");
    const cells = new Set(Array.from(document.querySelectorAll("td")).map((td) => htmlText((td.textContent ?? "").replace(/\ufffd/g, ""))));
    for (const label of labels()) expect(cells.has(htmlText(label)), JSON.stringify(label.slice(0, 40))).toBe(true);
  });
});

/** A hostile source, warnings, role names and top URLs: the atlas file's other free-text fields. */
const HOSTILE_SOURCE = '</title><script>alert("source")</script><!-- "\' &amp; \u202eevil';
const HOSTILE_WARNINGS: readonly string[] = ["<img src=x onerror=alert('warning')>", "</li></ul><iframe src=javascript:alert(1)>", "&lt;b&gt; \u001b[31mred"];
const HOSTILE_ROLE_NAMES: readonly string[] = ["<b onmouseover=alert(1)>hub</b>", '"><script>alert(2)</script>', "connector & <kinless>"];
const HOSTILE_URLS: readonly string[] = [
  'https://evil.example/a"onmouseover="alert(10)',
  "http://evil.example/<script>alert(11)</script>",
  "HTTPS://EVIL.EXAMPLE/'><img src=x onerror=alert(12)>",
  "https://ok.example/path?a=1&b=2#frag",
  " https://leading-space.example/",
  "javascript:alert(13)",
  "JaVaScRiPt:alert(14)",
  "data:text/html,<script>alert(15)</script>",
  "vbscript:msgbox(16)",
  "//evil.example/protocol-relative",
];
/** The rule: a report links a top URL only when it starts with http:// or https:// (any case). */
const isHttpUrl = (u: string): boolean => /^https?:\/\//i.test(u);
/** Text as compared here: as the HTML parser leaves it, U+FFFD left out. */
const shown = (s: string): string => htmlText(s.replace(/\ufffd/g, ""));

describe("hostile labels: every part of the HTML report", () => {
  let hostile: AtlasGraph;
  let html: string;
  let document: Document;
  const roleNameOf = new Map<string, string>();
  const communityOf = new Map<string, number>();
  const items = (list: readonly string[]) => list.map((item, i) => ({ item, count: list.length - i }));

  beforeAll(() => {
    hostile = graph.copy();
    const meta = hostile.getAttribute("atlas");
    // Every node a connector hub (R7): it is listed in both its community's hubs and its connectors (top 50 > every community).
    let i = 0;
    hostile.forEachNode((key, a) => {
      const roleName = HOSTILE_ROLE_NAMES[i++ % HOSTILE_ROLE_NAMES.length];
      roleNameOf.set(key, roleName);
      communityOf.set(key, a.community as number);
      hostile.mergeNodeAttributes(key, { role: 7, roleName });
    });
    const topItems = (meta.communities as { id: number }[]).map((c) => ({
      community: c.id,
      posts: 7,
      hashtags: items(HOSTILE_LABELS),
      urls: items([...HOSTILE_URLS, ...HOSTILE_LABELS]),
      mentions: items(HOSTILE_LABELS.map((l) => `@${l}`)),
    }));
    hostile.setAttribute("atlas", { ...meta, source: HOSTILE_SOURCE, warnings: [...HOSTILE_WARNINGS], topItems });
    html = renderReport(hostile, "html");
    document = parseHTML(html).document as unknown as Document;
  });

  it("should make no element or attribute from any of them, and link only the http(s) top URLs, each to itself", () => {
    expectNoInjectedMarkup(document, 1);
    const webUrls = [...HOSTILE_URLS, ...HOSTILE_LABELS].filter(isHttpUrl);
    expect(webUrls.length).toBeGreaterThanOrEqual(4);
    const links = Array.from(document.querySelectorAll("a"));
    // Each community lists the same URLs.
    expect(links.length).toBe(webUrls.length * (hostile.getAttribute("atlas").communities as unknown[]).length);
    for (const a of links) {
      const href = a.getAttribute("href") ?? "";
      expect(webUrls.map(htmlText)).toContain(href);
      expect(a.textContent).toBe(href);
      expect(a.getAttribute("rel")).toBe("nofollow noopener");
    }
  });

  it("should show the source as text in the title, the heading and the summary", () => {
    const title = `Influence atlas: ${htmlText(HOSTILE_SOURCE)}`;
    expect(document.querySelector("title")!.textContent).toBe(title);
    expect(document.querySelector("h1")!.textContent).toBe(title);
    const rows = Array.from(document.querySelectorAll("tr")).filter((tr) => tr.querySelector("th")?.textContent === "source");
    expect(rows.map((tr) => tr.querySelector("td")!.textContent)).toEqual([htmlText(HOSTILE_SOURCE)]);
  });

  it("should show each warning as its own list item's text", () => {
    const heading = Array.from(document.querySelectorAll("p")).find((p) => p.textContent === "Warnings:")!;
    expect(heading).toBeDefined();
    const list = heading.nextElementSibling!;
    expect(list.tagName.toLowerCase()).toBe("ul");
    expect(Array.from(list.querySelectorAll("li")).map((li) => li.textContent)).toEqual(HOSTILE_WARNINGS.map(htmlText));
  });

  it("should list every member's label and role name as text in its community's hubs and connectors lines", () => {
    const lists = Array.from(document.querySelectorAll("ul.roles"));
    const communities = hostile.getAttribute("atlas").communities as { id: number }[];
    expect(lists).toHaveLength(communities.length);
    lists.forEach((ul, c) => {
      const [hubs, connectors] = Array.from(ul.querySelectorAll("li")).map((li) => shown(li.textContent ?? ""));
      expect(hubs.startsWith("Hubs (")).toBe(true);
      expect(connectors.startsWith("Connectors (")).toBe(true);
      const members = [...communityOf].filter(([, id]) => id === communities[c].id).map(([key]) => key);
      expect(members.length).toBeGreaterThan(0);
      for (const key of members) {
        // `label (R7 role name, …)`
        const entry = `${shown(labelOf.get(key)!)} (R7 ${shown(roleNameOf.get(key)!)}, `;
        expect(hubs.includes(`${entry}z `), JSON.stringify(labelOf.get(key)!.slice(0, 40))).toBe(true);
        expect(connectors.includes(`${entry}participation `), JSON.stringify(labelOf.get(key)!.slice(0, 40))).toBe(true);
      }
    });
  });

  it("should show every top hashtag, URL and mentioned account as text, with its count", () => {
    const lists = Array.from(document.querySelectorAll("ul.top-items"));
    expect(lists).toHaveLength((hostile.getAttribute("atlas").communities as unknown[]).length);
    for (const ul of lists) {
      const [hashtags, urls, mentions] = Array.from(ul.querySelectorAll("li")).map((li) => shown(li.textContent ?? ""));
      expect(hashtags.startsWith("hashtags: ")).toBe(true);
      expect(urls.startsWith("URLs: ")).toBe(true);
      expect(mentions.startsWith("mentioned accounts: ")).toBe(true);
      for (const { item, count } of items(HOSTILE_LABELS)) expect(hashtags.includes(`#${shown(item)} (${count})`), JSON.stringify(item.slice(0, 40))).toBe(true);
      for (const { item, count } of items([...HOSTILE_URLS, ...HOSTILE_LABELS])) expect(urls.includes(`${shown(item)} (${count})`), JSON.stringify(item.slice(0, 40))).toBe(true);
      for (const { item, count } of items(HOSTILE_LABELS.map((l) => `@${l}`))) expect(mentions.includes(`${shown(item)} (${count})`), JSON.stringify(item.slice(0, 40))).toBe(true);
    }
  });

  it("should render the same report from the atlas file through atlas report (the file passes validation)", async () => {
    const file = join(dir, "hostile-all.atlas.json");
    const out = join(dir, "hostile-all.html");
    writeFileSync(file, JSON.stringify(hostile.export()));
    const r = await runAtlas(["report", file, "--format", "html", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(html);
  });
});

describe("hostile labels: Markdown report", () => {
  it("should render (raw HTML allowed) with no element or link a label made, each label its cell's text", () => {
    const md = renderReport(graph, "md");
    const html = new MarkdownIt({ html: true, linkify: true }).render(md);
    const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
    expectNoInjectedMarkup(document as unknown as Document, 0);
    // No links at all: a label's URL stays text, even for a renderer that autolinks bare URLs (linkify).
    const links = Array.from(document.querySelectorAll("a")).map((a) => a.getAttribute("href"));
    expect(links).toEqual([]);
    // A table cell holds one line: line breaks become spaces; markdown-it trims the cell and makes NUL U+FFFD.
    const cells = new Set(Array.from(document.querySelectorAll("td")).map((td) => (td.textContent ?? "").replace(/\ufffd/g, "")));
    // Emphasis is left to style the text (it can do nothing else): `**bold** _it_` reads "bold it".
    const styled = new Map([["**bold** _it_ `code` # h | pipe | \\ back", "bold it `code` # h | pipe | \\ back"]]);
    for (const label of labels()) {
      const expected = styled.get(label) ?? label.replace(/[\r\n]+/g, " ").replace(/\u0000/g, "").trim();
      expect(cells.has(expected), JSON.stringify(label.slice(0, 40))).toBe(true);
    }
  });
});

describe("hostile labels: the CLI and the published site", () => {
  let atlasFile: string;
  beforeAll(() => {
    atlasFile = join(dir, "hostile.atlas.json");
    writeFileSync(atlasFile, JSON.stringify(graph.export()));
  });

  for (const format of ["md", "csv", "json", "html"]) {
    it(`should print report --format ${format} with no character a terminal interprets`, async () => {
      const r = await runAtlas(["report", atlasFile, "--format", format]);
      expect(stderrProblems(r.stderr)).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(TERMINAL_UNSAFE);
      expect(r.stderr).not.toMatch(TERMINAL_UNSAFE);
      if (format === "json") {
        // Printed JSON stays valid and equal: the escapes are JSON's own.
        const found = new Map<string, string>();
        for (const c of JSON.parse(r.stdout).communities) for (const l of c.leaders) found.set(l.key, l.label);
        expect(found).toEqual(labelOf);
      }
    });
  }

  it("should write the same report files with --out as rendered (files keep the text as it is)", async () => {
    const out = join(dir, "r.html");
    expect((await runAtlas(["report", atlasFile, "--format", "html", "--out", out])).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(renderReport(graph, "html"));
  });

  it("should convert to every export format, each file parsed back", async () => {
    for (const ext of ["gexf", "graphml", "csv", "json"]) {
      const out = join(dir, `c.${ext}`);
      const r = await runAtlas(["convert", atlasFile, out]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(TERMINAL_UNSAFE);
      const text = readFileSync(out, "utf8");
      if (ext === "json") expect(JSON.parse(text).nodes).toHaveLength(labelOf.size);
      else if (ext === "csv") expect(parseCsv(readFileSync(join(dir, "c.nodes.csv"), "utf8"), { bom: true })).toHaveLength(labelOf.size + 1);
      else expect(parseXml(text).filter((e) => e.name === "node")).toHaveLength(labelOf.size);
    }
  });

  it("should publish a site whose data reads back exactly and whose pages hold no label", async () => {
    const site = join(dir, "site");
    const r = await runAtlas(["publish", atlasFile, "--out", site]);
    expect(r.code).toBe(0);
    const data = JSON.parse(readFileSync(join(site, "data", "atlas.json"), "utf8"));
    expect(new Map(data.nodes.map((n: { key: string; attributes: { label: string } }) => [n.key, n.attributes.label]))).toEqual(labelOf);
    const pages = (readdirSync(site, { recursive: true }) as string[]).filter((f) => f.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) {
      const text = readFileSync(join(site, p), "utf8");
      for (const label of ["<script>alert(1)</script>", "onerror=alert(2)", "javascript:alert(5)"]) expect(text).not.toContain(label);
    }
  });
});
