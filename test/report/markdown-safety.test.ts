/**
 * The Markdown report rendered by a real CommonMark renderer (markdown-it,
 * raw HTML allowed as GitHub and most viewers allow it): hostile labels give
 * no element and no link, and read back as their own text.
 */
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { analyzeGraph } from "../../src/analyze/pipeline.ts";
import { addEdgeRecord, createGraph } from "../../src/graph/model.ts";
import { renderReport } from "../../src/report/index.ts";

const HOSTILE = [
  "<img src=x onerror=alert(1)>",
  "[click](javascript:alert(1))",
  "![i](javascript:alert(2))",
  "<script>alert(3)</script>",
  "<javascript:alert(4)>",
  "a | b `code` &lt;x&gt; #h",
];

describe("Markdown report safety", () => {
  it("should render hostile labels as text: no tag, no link, no image, the label readable", () => {
    const g = createGraph({ directed: true });
    const keys = HOSTILE.map((_, i) => `n${i}`);
    keys.forEach((k, i) => g.addNode(k, { label: HOSTILE[i] }));
    for (const s of keys) for (const t of keys) if (s !== t) addEdgeRecord(g, s, t, 1);
    analyzeGraph(g, { consensus: 0, bootstrap: 0 });
    const md = renderReport(g, "md");
    const html = new MarkdownIt({ html: true, linkify: true }).render(md);
    expect(html).not.toMatch(/<(img|script|a)\b/i);
    expect(html).not.toMatch(/javascript:[^<]*"/i);
    // The text of the page holds each label as written (entities decoded once).
    const text = html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    for (const label of HOSTILE) expect(text).toContain(label);
  });
});
