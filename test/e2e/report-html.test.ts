/**
 * The HTML report in real headless Chromium: every table sorts by the column
 * clicked (numbers by value, text by collation), each table on its own (the
 * column index was counted across the document: only the first table sorted).
 * It is self-contained: opened, it requests nothing but itself.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage, type PageProblems } from "./helpers.ts";

let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  ({ page, problems } = await newPage(browser));
  await page.goto(pathToFileURL(join(inject("demoDir"), "congress.html")).href);
});
afterAll(async () => closeBrowser?.());

/** The cells of column `header` of table `t`: text and data-v, in row order. */
async function column(t: number, header: string): Promise<{ text: string; v: string | null }[]> {
  return page.evaluate(
    ([t, header]) => {
      const table = document.querySelectorAll("table.sortable")[t] as HTMLTableElement;
      const i = Array.from(table.tHead!.rows[0].cells).findIndex((c) => c.textContent === header);
      if (i < 0) throw new Error(`no column ${header}`);
      return Array.from(table.tBodies[0].rows).map((r) => ({ text: r.cells[i].textContent ?? "", v: r.cells[i].getAttribute("data-v") }));
    },
    [t, header] as const,
  );
}

async function click(t: number, header: string): Promise<void> {
  await page.locator("table.sortable").nth(t).locator("thead th", { hasText: new RegExp(`^${header}$`) }).click();
}

describe("HTML report tables", () => {
  it("should have a sortable table per community and one of bridges", async () => {
    const tables = await page.locator("table.sortable").count();
    // One per community of the demo's atlas file, and the bridges.
    const atlas = JSON.parse(readFileSync(inject("demoAtlas"), "utf8"));
    expect(tables).toBe(atlas.attributes.atlas.communities.length + 1);
    expect(tables).toBeGreaterThanOrEqual(3);
  });

  it("should sort every table by rank, descending on the second click", async () => {
    const tables = await page.locator("table.sortable").count();
    for (let t = 0; t < tables; t++) {
      const before = (await column(t, "rank")).map((c) => Number(c.text));
      const n = before.length;
      // Ranks 1..n as written.
      expect(before).toEqual(Array.from({ length: n }, (_v, i) => i + 1));
      await click(t, "rank");
      await click(t, "rank");
      expect({ t, ranks: (await column(t, "rank")).map((c) => Number(c.text)) }).toEqual({ t, ranks: Array.from({ length: n }, (_v, i) => n - i) });
    }
    expect(problems.pageErrors).toEqual([]);
  });

  it("should sort every table by PageRank value (not its text), ascending on the first click", async () => {
    const tables = await page.locator("table.sortable").count();
    for (let t = 0; t < tables; t++) {
      const values = (await column(t, "PageRank")).map((c) => Number(c.v));
      await click(t, "PageRank");
      const sorted = (await column(t, "PageRank")).map((c) => Number(c.v));
      expect({ t, sorted }).toEqual({ t, sorted: [...values].sort((a, b) => a - b) });
    }
    expect(problems.pageErrors).toEqual([]);
  });

  it("should sort every table by label as text, and leave the other tables as they were", async () => {
    const tables = await page.locator("table.sortable").count();
    for (let t = 0; t < tables; t++) {
      const others = [];
      for (let o = 0; o < tables; o++) if (o !== t) others.push(await column(o, "label"));
      const labels = (await column(t, "label")).map((c) => c.text);
      await click(t, "label");
      expect({ t, labels: (await column(t, "label")).map((c) => c.text) }).toEqual({ t, labels: [...labels].sort((a, b) => a.localeCompare(b)) });
      const after = [];
      for (let o = 0; o < tables; o++) if (o !== t) after.push(await column(o, "label"));
      expect(after).toEqual(others);
    }
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });
});

describe("HTML report: self-contained", () => {
  it("should request nothing but its own file when opened (no network access), with no error", async () => {
    const { context, page: fresh, problems: freshProblems } = await newPage(browser);
    try {
      const requested: string[] = [];
      fresh.on("request", (r) => requested.push(r.url()));
      const url = pathToFileURL(join(inject("demoDir"), "congress.html")).href;
      await fresh.goto(url, { waitUntil: "load" });
      await fresh.waitForLoadState("networkidle");
      // Sorting (the inline script) still works in the fresh page.
      await fresh.locator("table.sortable").first().locator("thead th", { hasText: /^rank$/ }).click();
      expect(requested).toEqual([url]);
      expect(freshProblems.pageErrors).toEqual([]);
      expect(freshProblems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
