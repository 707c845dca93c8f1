/** Renderers of the niche comparison (`atlas compare`): Markdown, JSON, HTML with plots. */
import type { NicheComparison } from "../../analyze/compare/types.ts";
import { compareHtml } from "./html.ts";
import { compareJson } from "./json.ts";
import { compareMarkdown } from "./markdown.ts";

export { compareHtml, comparePlots } from "./html.ts";
export { compareJson, COMPARE_JSON_VERSION } from "./json.ts";
export { compareMarkdown } from "./markdown.ts";

export const COMPARE_FORMATS = ["md", "html", "json"] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

export function renderComparison(result: NicheComparison, format: CompareFormat): string {
  return format === "html" ? compareHtml(result) : format === "json" ? compareJson(result) : compareMarkdown(result);
}
