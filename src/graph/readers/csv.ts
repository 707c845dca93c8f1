/**
 * CSV edge lists with a header (`source,target[,weight][,kind]`, other
 * columns become edge attributes) and nodes CSV files (`id,label,...`).
 * Parsed with csv-parse's browser build (the Node build needs `Buffer`).
 * Column names match case-insensitively; a header without commas but with
 * `;` or tabs uses that delimiter. Numeric-looking columns become numbers,
 * `true`/`false` columns booleans; empty cells are omitted.
 */
import { parse } from "csv-parse/browser/esm/sync";
import type { Attributes } from "graphology-types";
import { DataError } from "../../shared/errors.ts";
import { createGraph, upsertNode, type AtlasGraph } from "../model.ts";
import { EdgeAccumulator } from "./accumulator.ts";
import { isNumeric, typeColumn } from "./text.ts";
import { setOwn } from "../safe-keys.ts";

export interface CsvReadOptions {
  undirected?: boolean;
  /** Column holding the weight (default `"weight"`). */
  weight?: string;
  /** Optional nodes file, already decoded, and the column of its labels (default `label`). */
  nodes?: { name: string; text: string; labelColumn?: string };
}

interface Table {
  header: string[];
  rows: string[][];
}

/** Delimiter of the header line: comma, else `;` or tab when the line has no comma. */
export function detectDelimiter(text: string): string {
  const end = text.indexOf("\n");
  const first = end === -1 ? text : text.slice(0, end);
  if (first.includes(",")) return ",";
  if (first.includes("\t")) return "\t";
  if (first.includes(";")) return ";";
  return ",";
}

function parseTable(file: string, text: string, delimiter: string): Table {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, delimiter });
  } catch (error) {
    throw invalidCsv(file, error);
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  return { header, rows: records.slice(1) };
}

/**
 * The `DataError` of a csv-parse error: its line, its message without the
 * trailing "on line N". `lineOffset` is added to every line number (a parser
 * that started reading part-way through the file).
 */
export function invalidCsv(file: string, error: unknown, lineOffset = 0): DataError {
  const lines = (error as { lines?: number }).lines;
  let message = error instanceof Error ? error.message.replace(/ on line \d+$/, "") : String(error);
  if (lineOffset !== 0) message = message.replace(/\bat line (\d+)/, (_, n: string) => `at line ${Number(n) + lineOffset}`);
  return new DataError(
    { file, line: typeof lines === "number" ? lines + lineOffset : undefined },
    `invalid CSV (${message})`,
    "give every row as many cells as the header and close every quote",
    { cause: error },
  );
}

/** Line where data row `rowIndex` (0-based, header excluded) ends; used only to report errors. */
function rowLine(text: string, delimiter: string, rowIndex: number): number | undefined {
  const records = parse(text, { bom: true, skip_empty_lines: true, trim: true, delimiter, info: true }) as unknown as {
    info: { lines: number };
  }[];
  return records[rowIndex + 1]?.info.lines;
}

/** Index of the first of `names` in `header` (case-insensitive), or -1. */
export function findColumn(header: readonly string[], ...names: string[]): number {
  for (const name of names) {
    const lower = name.toLowerCase();
    const i = header.findIndex((h) => h.toLowerCase() === lower);
    if (i !== -1) return i;
  }
  return -1;
}

function typedColumns(rows: string[][], columns: number[]): (string | number | boolean | undefined)[][] {
  return columns.map((c) => typeColumn(rows.map((r) => r[c])));
}

/**
 * Reads a nodes CSV (`id,label,...`) into `graph` with `upsertNode`. The
 * label comes from the column `labelColumn` when given (case-insensitive; a
 * `label` column beside it is then dropped), else from a `label` column.
 */
export function readNodesCsv(graph: AtlasGraph, file: string, text: string, labelColumn?: string): void {
  const delimiter = detectDelimiter(text);
  const { header, rows } = parseTable(file, text, delimiter);
  const idCol = findColumn(header, "id", "key", "name");
  if (idCol === -1) {
    throw new DataError(
      { file, line: 1 },
      `nodes file has no "id" column in its header (found: ${header.join(",")})`,
      "start the nodes file with the header id,label[,other attributes]",
    );
  }
  const labelCol = findColumn(header, labelColumn ?? "label");
  if (labelCol === -1 && labelColumn !== undefined) {
    throw new DataError(
      { file, line: 1 },
      `nodes file has no "${labelColumn}" column for the labels (found: ${header.join(",")})`,
      "give --label-column one of the columns of its header",
    );
  }
  const plainLabel = findColumn(header, "label");
  const attrCols = header.map((_, i) => i).filter((i) => i !== idCol && i !== plainLabel && (i !== labelCol || labelColumn !== undefined));
  const typed = typedColumns(rows, attrCols);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const key = row[idCol];
    if (key === undefined || key === "") {
      throw new DataError(
        { file, line: rowLine(text, delimiter, r) },
        "empty node id",
        "give every row an id",
      );
    }
    const attrs: Attributes = {};
    if (labelCol !== -1 && row[labelCol] !== undefined && row[labelCol] !== "") attrs.label = row[labelCol];
    for (let a = 0; a < attrCols.length; a++) {
      const v = typed[a][r];
      if (v !== undefined) setOwn(attrs, header[attrCols[a]], v);
    }
    upsertNode(graph, key, attrs);
  }
}

/**
 * Header names accepted for the edge endpoints, case-insensitive, in order of
 * preference: ours and Gephi's (`Source,Target`), then the names common
 * exports use (`src,dst`, `from,to`, SNAP/MUSAE's `id_1,id_2`, GDF's `node1,node2`).
 */
export const SOURCE_COLUMNS: readonly string[] = ["source", "src", "from", "id_1", "node1"];
export const TARGET_COLUMNS: readonly string[] = ["target", "dst", "to", "id_2", "node2"];

/** The error of a header without a source (`sourceCol === -1`) or target column. */
export function missingEndpointColumn(file: string, header: readonly string[], sourceCol: number): DataError {
  const missing = sourceCol === -1 ? "source" : "target";
  const aliases = (sourceCol === -1 ? SOURCE_COLUMNS : TARGET_COLUMNS).slice(1).join(", ");
  return new DataError(
    { file, line: 1 },
    `header has no "${missing}" column (found: ${header.join(",")}; also accepted: ${aliases})`,
    "start the file with the header source,target[,weight][,kind]",
  );
}

/** The error of a weight cell that is not a finite number. */
export function badCsvWeight(file: string, line: number | undefined, raw: string, column: string): DataError {
  return new DataError(
    { file, line },
    `weight "${raw}" is not a finite number`,
    `fix the value in column "${column}" or choose another column with --weight`,
  );
}

/** The error of a row without a source or target id. */
export function emptyEndpoint(file: string, line: number | undefined, which: "source" | "target"): DataError {
  return new DataError({ file, line }, `empty ${which}`, "give every row a source and a target node id");
}

/** Reads a CSV edge list (and its optional nodes file) into the model. */
export function readCsv(file: string, text: string, options: CsvReadOptions = {}): AtlasGraph {
  const graph = createGraph({ directed: !options.undirected });
  const delimiter = detectDelimiter(text);
  const { header, rows } = parseTable(file, text, delimiter);
  const sourceCol = findColumn(header, ...SOURCE_COLUMNS);
  const targetCol = findColumn(header, ...TARGET_COLUMNS);
  if (sourceCol === -1 || targetCol === -1) throw missingEndpointColumn(file, header, sourceCol);
  const weightName = options.weight ?? "weight";
  const weightCol = findColumn(header, weightName);
  const kindCol = findColumn(header, "kind");
  const attrCols = header
    .map((_, i) => i)
    .filter((i) => i !== sourceCol && i !== targetCol && i !== weightCol && i !== kindCol);
  const typed = typedColumns(rows, attrCols);

  if (options.nodes) readNodesCsv(graph, options.nodes.name, options.nodes.text, options.nodes.labelColumn);

  const acc = new EdgeAccumulator(graph);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const source = row[sourceCol];
    const target = row[targetCol];
    if (!source || !target) throw emptyEndpoint(file, rowLine(text, delimiter, r), !source ? "source" : "target");
    let weight = 1;
    if (weightCol !== -1) {
      const raw = row[weightCol];
      if (raw !== "") {
        weight = isNumeric(raw) ? Number(raw) : Number.NaN;
        if (!Number.isFinite(weight)) throw badCsvWeight(file, rowLine(text, delimiter, r), raw, header[weightCol]);
      }
    }
    const kind = kindCol === -1 ? undefined : row[kindCol] || undefined;
    let attrs: Attributes | undefined;
    for (let a = 0; a < attrCols.length; a++) {
      const v = typed[a][r];
      if (v !== undefined) setOwn((attrs ??= {}), header[attrCols[a]], v);
    }
    acc.add(source, target, weight, kind, attrs);
  }
  acc.flush();
  return graph;
}
