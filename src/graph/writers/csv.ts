/**
 * CSV writers (RFC 4180 quoting, LF line ends):
 * - `writeNodesCsv`: `id,label`, then every node attribute, columns sorted;
 * - `writeEdgesCsv`: `source,target,weight,kind`, then every other edge
 *   attribute, columns sorted.
 * Both read back with `readGraph` (`--nodes` for the nodes file). Non-finite
 * numbers and missing values are empty cells; objects are JSON.
 */
import type { Attributes } from "graphology-types";
import type { AtlasGraph } from "../model.ts";

/** Quotes a cell when it holds a comma, a quote, a line break or edge spaces. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  let s: string;
  if (typeof value === "number") s = Number.isFinite(value) ? String(value) : "";
  else if (typeof value === "string") s = value;
  else if (typeof value === "boolean") s = value ? "true" : "false";
  else s = JSON.stringify(value);
  if (/[",\r\n]/.test(s) || s !== s.trim()) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

function row(cells: unknown[]): string {
  return cells.map(csvCell).join(",") + "\n";
}

function columnNames(records: Attributes[], reserved: Set<string>): string[] {
  const names = new Set<string>();
  for (const attrs of records) for (const name in attrs) if (!reserved.has(name.toLowerCase())) names.add(name);
  return [...names].sort();
}

/** One row per node: `id,label`, then every node attribute (sorted). */
export function writeNodesCsv(graph: AtlasGraph): string {
  const attrs: Attributes[] = [];
  graph.forEachNode((_k, a) => void attrs.push(a));
  const columns = columnNames(attrs, new Set(["id", "key", "label"]));
  const parts = [row(["id", "label", ...columns])];
  let i = 0;
  graph.forEachNode((key, a) => {
    parts.push(row([key, a.label ?? key, ...columns.map((c) => attrs[i][c])]));
    i++;
  });
  return parts.join("");
}

/** One row per edge: `source,target,weight,kind`, then every other edge attribute (sorted). */
export function writeEdgesCsv(graph: AtlasGraph): string {
  const attrs: Attributes[] = [];
  graph.forEachEdge((_e, a) => void attrs.push(a));
  const columns = columnNames(attrs, new Set(["source", "target", "weight", "kind"]));
  const parts = [row(["source", "target", "weight", "kind", ...columns])];
  graph.forEachEdge((_e, a, source, target) => {
    parts.push(row([source, target, a.weight ?? 1, a.kind, ...columns.map((c) => a[c])]));
  });
  return parts.join("");
}
