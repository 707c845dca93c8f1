/** The niche comparison as Markdown: one table per section, niches side by side. */
import type { NicheComparison } from "../../analyze/compare/types.ts";
import { escapeMarkdown } from "../format.ts";
import { fmt, leaderName, profileSections, type Section, zSection } from "./rows.ts";

function table(section: Section, names: readonly string[]): string {
  const head = `| ${section.title.startsWith("Size-fair") ? "statistic" : ""} | ${names.map(escapeMarkdown).join(" | ")} |`;
  const rule = `| --- | ${names.map(() => "---").join(" | ")} |`;
  const body = section.rows.map((r) => `| ${escapeMarkdown(r.label)} | ${r.cells.map(escapeMarkdown).join(" | ")} |`);
  return [`## ${section.title}`, "", head, rule, ...body, ""].join("\n");
}

export function compareMarkdown(result: NicheComparison): string {
  const names = result.niches.map((n) => n.name);
  const p = result.params;
  const out: string[] = [
    "# Niche comparison",
    "",
    ...result.niches.map((n) => `- **${escapeMarkdown(n.name)}**: ${escapeMarkdown(n.source)}`),
    "",
    `Seed ${p.seed}; Louvain resolution ${p.resolution}; leaders = top ${p.top} by PageRank; ` +
      (p.replicates > 0 ? `${p.replicates} randomizations per niche (${p.swapsPerEdge} swap attempts per edge).` : "no randomizations (--null 0)."),
    "",
  ];
  for (const section of profileSections(result.niches)) out.push(table(section, names));
  const z = zSection(result.niches);
  if (z) {
    out.push(table(z, names));
    out.push("z = (observed − mean of the randomizations) / their standard deviation; |z| > 2 is unlikely by chance.\n");
  }
  out.push("## Leaders (top by PageRank)", "");
  const depth = Math.max(0, ...result.niches.map((n) => n.leadership.leaders.length));
  out.push(`| rank | ${names.map(escapeMarkdown).join(" | ")} |`, `| --- | ${names.map(() => "---").join(" | ")} |`);
  for (let i = 0; i < depth; i++) {
    out.push(
      `| ${i + 1} | ${result.niches
        .map((n) => (i < n.leadership.leaders.length ? `${escapeMarkdown(leaderName(n, i))} (${fmt(n.leadership.leaderScores[i], 3)})` : ""))
        .join(" | ")} |`,
    );
  }
  out.push("");
  if (result.overlaps.length > 0) {
    out.push("## Overlap (niches of the same platform)", "", "| niches | shared accounts | account Jaccard | leader Jaccard | shared leaders |", "| --- | --- | --- | --- | --- |");
    for (const o of result.overlaps) {
      out.push(
        `| ${escapeMarkdown(o.a)} · ${escapeMarkdown(o.b)} | ${o.sharedNodes} | ${fmt(o.nodeJaccard)} | ${fmt(o.leaderJaccard)} | ${escapeMarkdown(o.sharedLeaders.join(", ")) || "–"} |`,
      );
    }
    out.push("");
  }
  return out.join("\n");
}
