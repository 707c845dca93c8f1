/** The CSV report: one row per node with every metric (RFC 4180). */
import type { AtlasGraph } from "../graph/model.ts";
import { nodeTable } from "./model.ts";

export function csvReport(graph: AtlasGraph): string {
  const { columns, rows } = nodeTable(graph);
  const lines = [columns.map(csvField).join(",")];
  for (const r of rows) lines.push(r.map((v) => csvField(v === null ? "" : String(v))).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** Quotes a field when it holds a comma, quote, CR or LF (RFC 4180), doubling quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
