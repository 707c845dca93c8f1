/**
 * CSV writers (RFC 4180 quoting, LF line ends):
 * - `writeNodesCsv`: `id,label`, then every node attribute, columns sorted;
 * - `writeEdgesCsv`: `source,target,weight,kind`, then every other edge
 *   attribute, columns sorted.
 * Both read back with `readGraph` (`--nodes` for the nodes file). Non-finite
 * numbers and missing values are empty cells; objects are JSON.
 */
import type { Attributes } from "graphology-types";
import type { WritableGraph } from "../edge-stream-view.ts";
import { csvCell } from "./csv-cell.ts";

export { csvCell };

function row(cells: unknown[]): string {
  return cells.map(csvCell).join(",") + "\n";
}

/** Characters per yielded chunk (about). */
const CHUNK_CHARS = 1 << 16;

function columnNames(records: Iterable<{ attributes: Attributes }>, reserved: Set<string>): string[] {
  const names = new Set<string>();
  for (const { attributes } of records) for (const name in attributes) if (!reserved.has(name.toLowerCase())) names.add(name);
  return [...names].sort();
}

/** One row per node: `id,label`, then every node attribute (sorted). */
export function writeNodesCsv(graph: WritableGraph): string {
  return [...nodesCsvChunks(graph)].join("");
}

/** The rows of {@link writeNodesCsv} in chunks of about 64 K characters. */
export function* nodesCsvChunks(graph: WritableGraph): Generator<string> {
  const columns = columnNames(graph.nodeEntries(), new Set(["id", "key", "label"]));
  let out = row(["id", "label", ...columns]);
  for (const { node, attributes: a } of graph.nodeEntries()) {
    out += row([node, a.label ?? node, ...columns.map((c) => a[c])]);
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = "";
    }
  }
  yield out;
}

/** One row per edge: `source,target,weight,kind`, then every other edge attribute (sorted). */
export function writeEdgesCsv(graph: WritableGraph): string {
  return [...edgesCsvChunks(graph)].join("");
}

/** The rows of {@link writeEdgesCsv} in chunks of about 64 K characters. */
export function* edgesCsvChunks(graph: WritableGraph): Generator<string> {
  const columns = columnNames(graph.edgeEntries(), new Set(["source", "target", "weight", "kind"]));
  let out = row(["source", "target", "weight", "kind", ...columns]);
  for (const { attributes: a, source, target } of graph.edgeEntries()) {
    out += row([source, target, a.weight ?? 1, a.kind, ...columns.map((c) => a[c])]);
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = "";
    }
  }
  yield out;
}
