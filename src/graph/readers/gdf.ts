/**
 * GDF, the format of GUESS and YouTube Data Tools: a `nodedef>` line with
 * typed columns (`name VARCHAR,label VARCHAR,subscriberCount INT,...`), node
 * rows, then an `edgedef>` line (`node1 VARCHAR,node2 VARCHAR,directed
 * BOOLEAN,weight DOUBLE,...`) and edge rows. Values may be quoted with `'` or
 * `"` (a doubled quote inside is one quote) and may then hold commas.
 *
 * The first node column is the key, `label` the label. The first two edge
 * columns are the endpoints; `directed` decides the edge type (the graph is
 * undirected only when that column is present and false on every edge);
 * in a directed graph an edge whose `directed` is false is added both ways;
 * the `weight` column (option `weight`) is the weight; other columns become
 * attributes typed by their declaration (VARCHAR, INT, DOUBLE, BOOLEAN, ...).
 */
import type { Attributes } from "graphology-types";
import { DataError } from "../../shared/errors.ts";
import { createGraph, upsertNode, type AtlasGraph } from "../model.ts";
import { EdgeAccumulator } from "./accumulator.ts";
import { isNumeric } from "./text.ts";
import { setOwn } from "../safe-keys.ts";

export interface GdfReadOptions {
  undirected?: boolean;
  weight?: string;
}

type GdfType = "string" | "integer" | "number" | "boolean";

interface GdfColumn {
  name: string;
  type: GdfType;
}

interface GdfRow {
  line: number;
  cells: string[];
}

const TYPES: Record<string, GdfType> = {
  VARCHAR: "string",
  STRING: "string",
  TEXT: "string",
  CHAR: "string",
  INT: "integer",
  INTEGER: "integer",
  TINYINT: "integer",
  SMALLINT: "integer",
  BIGINT: "integer",
  LONG: "integer",
  FLOAT: "number",
  DOUBLE: "number",
  REAL: "number",
  DECIMAL: "number",
  BOOLEAN: "boolean",
  BOOL: "boolean",
};

/** Splits one GDF row on commas outside quotes; trims unquoted cells. */
function splitRow(file: string, line: number, text: string): string[] {
  const cells: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && (text[i] === " " || text[i] === "\t")) i++;
    const q = text[i];
    if (q === "'" || q === '"') {
      let value = "";
      i++;
      for (;;) {
        const end = text.indexOf(q, i);
        if (end === -1) {
          throw new DataError({ file, line, column: i }, `quoted value is never closed`, `add the closing ${q}`);
        }
        value += text.slice(i, end);
        if (text[end + 1] === q) {
          value += q;
          i = end + 2;
        } else {
          i = end + 1;
          break;
        }
      }
      while (i < n && (text[i] === " " || text[i] === "\t")) i++;
      if (i < n && text[i] !== ",") {
        throw new DataError({ file, line, column: i + 1 }, "text after a quoted value", "put a comma after the closing quote");
      }
      cells.push(value);
    } else {
      const end = text.indexOf(",", i);
      cells.push(text.slice(i, end === -1 ? n : end).trim());
      i = end === -1 ? n : end;
    }
    if (i >= n) return cells;
    i++; // comma
  }
}

function parseDef(file: string, line: number, def: string): GdfColumn[] {
  return def.split(",").map((part, index) => {
    const words = part.trim().split(/\s+/);
    const name = words[0] ?? "";
    if (!name) {
      throw new DataError({ file, line }, `column ${index + 1} of the definition has no name`, "write columns as `name TYPE`");
    }
    const typeWord = (words[1] ?? "VARCHAR").toUpperCase().replace(/\(.*$/, "");
    return { name, type: TYPES[typeWord] ?? "string" };
  });
}

function castCell(file: string, line: number, column: GdfColumn, raw: string): string | number | boolean | undefined {
  if (raw === "") return undefined;
  switch (column.type) {
    case "string":
      return raw;
    case "boolean": {
      const v = raw.toLowerCase();
      if (v === "true" || v === "1" || v === "yes") return true;
      if (v === "false" || v === "0" || v === "no") return false;
      throw new DataError({ file, line }, `${column.name} "${raw}" is not a boolean`, "write true or false");
    }
    default: {
      const v = isNumeric(raw) ? Number(raw) : Number.NaN;
      if (!Number.isFinite(v)) {
        throw new DataError(
          { file, line },
          `${column.name} "${raw}" is not a number`,
          `fix the value or declare the column as VARCHAR`,
        );
      }
      return v;
    }
  }
}

/** Reads GDF into the model. */
export function readGdf(file: string, text: string, options: GdfReadOptions = {}): AtlasGraph {
  const lines = text.split("\n");
  let nodeColumns: GdfColumn[] | null = null;
  let edgeColumns: GdfColumn[] | null = null;
  const nodeRows: GdfRow[] = [];
  const edgeRows: GdfRow[] = [];
  let section: "none" | "nodes" | "edges" = "none";
  for (let l = 0; l < lines.length; l++) {
    let raw = lines[l];
    if (l === 0 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    const content = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (content.trim() === "") continue;
    const lower = content.trimStart().slice(0, 8).toLowerCase();
    if (lower.startsWith("nodedef>")) {
      nodeColumns = parseDef(file, l + 1, content.trimStart().slice(8));
      section = "nodes";
    } else if (lower.startsWith("edgedef>")) {
      edgeColumns = parseDef(file, l + 1, content.trimStart().slice(8));
      if (edgeColumns.length < 2) {
        throw new DataError({ file, line: l + 1 }, "edgedef> declares fewer than two columns", "start it with node1 VARCHAR,node2 VARCHAR");
      }
      section = "edges";
    } else if (section === "none") {
      throw new DataError({ file, line: l + 1 }, "data before any nodedef> or edgedef> line", 'start the file with "nodedef>name VARCHAR,label VARCHAR"');
    } else {
      (section === "nodes" ? nodeRows : edgeRows).push({ line: l + 1, cells: splitRow(file, l + 1, content) });
    }
  }
  if (!nodeColumns && !edgeColumns) {
    throw new DataError({ file, line: 1 }, "no nodedef> or edgedef> line", "give a GDF file (nodedef>name VARCHAR,... then edgedef>node1 VARCHAR,node2 VARCHAR,...)");
  }

  const checkWidth = (row: GdfRow, columns: GdfColumn[], what: string): void => {
    if (row.cells.length > columns.length) {
      throw new DataError(
        { file, line: row.line },
        `${what} row has ${row.cells.length} values but its definition has ${columns.length} columns`,
        "quote values that contain commas",
      );
    }
  };

  // Edge type: undirected only if a `directed` column exists and is false everywhere.
  let directed = true;
  const directedCol = edgeColumns ? edgeColumns.findIndex((c, i) => i >= 2 && c.name.toLowerCase() === "directed") : -1;
  if (edgeColumns && directedCol !== -1) {
    directed = edgeRows.some((row) => castCell(file, row.line, edgeColumns[directedCol], row.cells[directedCol] ?? "") !== false);
    if (edgeRows.length === 0) directed = true;
  }
  if (options.undirected) directed = false;
  const graph = createGraph({ directed });

  if (nodeColumns) {
    const labelCol = nodeColumns.findIndex((c, i) => i > 0 && c.name.toLowerCase() === "label");
    for (const row of nodeRows) {
      checkWidth(row, nodeColumns, "node");
      const key = row.cells[0];
      if (!key) throw new DataError({ file, line: row.line }, "node row has an empty name", "give every node a name");
      const attrs: Attributes = {};
      for (let c = 1; c < row.cells.length; c++) {
        const v = c === labelCol ? row.cells[c] || undefined : castCell(file, row.line, nodeColumns[c], row.cells[c]);
        if (v !== undefined) setOwn(attrs, c === labelCol ? "label" : nodeColumns[c].name, v);
      }
      upsertNode(graph, key, attrs);
    }
  }

  if (edgeColumns) {
    const weightName = (options.weight ?? "weight").toLowerCase();
    const weightCol = edgeColumns.findIndex((c, i) => i >= 2 && c.name.toLowerCase() === weightName);
    const kindCol = edgeColumns.findIndex((c, i) => i >= 2 && c.name.toLowerCase() === "kind");
    const acc = new EdgeAccumulator(graph);
    for (const row of edgeRows) {
      checkWidth(row, edgeColumns, "edge");
      const [source, target] = row.cells;
      if (!source || !target) {
        throw new DataError({ file, line: row.line }, "edge row needs two node names", "write node1,node2[,...]");
      }
      let weight = 1;
      let kind: string | undefined;
      let attrs: Attributes | undefined;
      let bothWays = false;
      for (let c = 2; c < row.cells.length; c++) {
        if (c === directedCol) {
          bothWays = directed && castCell(file, row.line, edgeColumns[c], row.cells[c]) === false;
          continue;
        }
        const raw = row.cells[c];
        if (c === weightCol) {
          if (raw === "") continue;
          const w = isNumeric(raw) ? Number(raw) : Number.NaN;
          if (!Number.isFinite(w)) {
            throw new DataError({ file, line: row.line }, `weight "${raw}" is not a finite number`, "fix the value or choose another column with --weight");
          }
          weight = w;
        } else if (c === kindCol) {
          kind = raw || undefined;
        } else {
          const v = castCell(file, row.line, edgeColumns[c], raw);
          if (v !== undefined) setOwn((attrs ??= {}), edgeColumns[c].name, v);
        }
      }
      acc.add(source, target, weight, kind, attrs);
      if (bothWays && source !== target) acc.add(target, source, weight, kind, attrs);
    }
    acc.flush();
  }
  return graph;
}
