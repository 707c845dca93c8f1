/** CSV cells: RFC 4180 quoting and formula neutralisation (OWASP "CSV injection"), in every CSV writer. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../../src/graph/writers/csv-cell.ts";
import { parseCsv, runAtlas, stderrProblems } from "../cli/helpers.ts";

/** Labels a spreadsheet would run as formulas, each with its neutralised cell value. */
const FORMULAS: readonly [string, string][] = [
  ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
  ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
  ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
  ["@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"],
  ["\t=1+1", "'\t=1+1"],
  ["\r=1+1", "'\r=1+1"],
];

describe("csvCell", () => {
  it("should prefix a single quote to a cell a spreadsheet would run as a formula", () => {
    for (const [label, safe] of FORMULAS) expect(parseCsv(csvCell(label))[0][0]).toBe(safe);
  });

  it("should keep numbers numbers", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(-1.2e-3)).toBe("-0.0012");
    expect(csvCell(-1.2e-30)).toBe("-1.2e-30");
    expect(csvCell("-5")).toBe("-5");
    expect(csvCell("+3.5E+2")).toBe("+3.5E+2");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("should quote as RFC 4180 says and leave plain text alone", () => {
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a-b=c")).toBe("a-b=c");
    expect(csvCell(null)).toBe("");
    expect(csvCell(true)).toBe("true");
  });
});

describe("CSV outputs (formula injection)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "atlas-csv-cell-"));
    const ids = FORMULAS.map((_, i) => `n${i}`);
    writeFileSync(join(dir, "edges.csv"), "source,target\n" + ids.map((id, i) => `${id},${ids[(i + 1) % ids.length]}`).join("\n") + "\n");
    writeFileSync(
      join(dir, "nodes.csv"),
      "id,label,score\n" + FORMULAS.map(([label], i) => `n${i},"${label.replace(/"/g, '""')}",${-1.2e-3 * (i + 1)}`).join("\n") + "\n",
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function expectNeutralised(rows: string[][], labelColumn: string, scoreColumn: string): void {
    const header = rows[0];
    const labels = rows.slice(1).map((r) => r[header.indexOf(labelColumn)]);
    expect(labels.sort()).toEqual(FORMULAS.map(([, safe]) => safe).sort());
    for (const r of rows.slice(1)) expect(r[header.indexOf(scoreColumn)]).toMatch(/^-\d/);
  }

  it("should neutralise formulas in `atlas convert` to CSV, keeping negative numbers", async () => {
    const r = await runAtlas(["convert", join(dir, "edges.csv"), "--nodes", join(dir, "nodes.csv"), join(dir, "out.csv")]);
    expect(stderrProblems(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expectNeutralised(parseCsv(readFileSync(join(dir, "out.nodes.csv"), "utf8")), "label", "score");
  });

  it("should neutralise formulas in `atlas report --format csv`, keeping negative numbers", async () => {
    // The file as written (--out): printed to stdout, a lone CR would show as \u000d (terminalSafe).
    const out = join(dir, "report.csv");
    const r = await runAtlas(["report", join(dir, "edges.csv"), "--nodes", join(dir, "nodes.csv"), "--format", "csv", "--out", out]);
    expect(r.code).toBe(0);
    expectNeutralised(parseCsv(readFileSync(out, "utf8")), "label", "score");
    // Printed, the same rows with only the lone CR made inert.
    const printed = await runAtlas(["report", join(dir, "edges.csv"), "--nodes", join(dir, "nodes.csv"), "--format", "csv"]);
    expect(printed.stdout).toBe(readFileSync(out, "utf8").replace(/\r(?!\n)/g, "\\u000d"));
  });
});
