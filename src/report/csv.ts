/** The CSV report: one row per node with every metric (RFC 4180). */
import type { AtlasGraph } from "../graph/model.ts";
import { csvCell } from "../graph/writers/csv-cell.ts";
import { nodeTable } from "./model.ts";

export function csvReport(graph: AtlasGraph): string {
  const { columns, rows } = nodeTable(graph);
  const lines = [columns.map(csvCell).join(",")];
  for (const r of rows) lines.push(r.map(csvCell).join(","));
  return lines.join("\r\n") + "\r\n";
}
