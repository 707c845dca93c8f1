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
 *   its cell's text.
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
