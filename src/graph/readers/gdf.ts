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
 * A node row may repeat a name (its values are merged, later ones winning);
 * an edge may name a node no row declares (it is added, labelled by its name,
 * after the declared nodes).
 *
 * One streaming pass, line by line: text (or bytes, checked by `TextChunks`)
 * pushed in chunks of any size; each row becomes a record (`GraphRecords`)
 * as it is read, under the definition line above it.
 */
import type { Attributes } from "graphology-types";
import { DataError } from "../../shared/errors.ts";
import type { AtlasGraph } from "../model.ts";
import { setOwn } from "../safe-keys.ts";
import { GraphRecords, type ParsedGraph } from "./graph-records.ts";
import { isNumeric } from "./text.ts";
import { TextChunks } from "./text-stream.ts";

export interface GdfReadOptions {
  undirected?: boolean;
  weight?: string;
}

export type GdfType = "string" | "integer" | "number" | "boolean";

export interface GdfColumn {
  name: string;
  type: GdfType;
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
export function splitRow(file: string, line: number, text: string): string[] {
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

export function parseDef(file: string, line: number, def: string): GdfColumn[] {
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

export function castCell(file: string, line: number, column: GdfColumn, raw: string): string | number | boolean | undefined {
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

/** Edge columns of an `edgedef>` line and where the special ones are. */
interface EdgeDef {
  columns: GdfColumn[];
  weight: number;
  kind: number;
  directed: number;
}

export class GdfStreamReader {
  private readonly text: TextChunks;
  private readonly records: GraphRecords;
  private readonly weightName: string;
  /** A line cut by the end of a chunk. */
  private carry: string[] = [];
  private lineNo = 0;
  private section: "none" | "nodes" | "edges" = "none";
  private nodeColumns: GdfColumn[] | null = null;
  private labelCol = -1;
  private edgeDef: EdgeDef | null = null;
  /** Edge rows read, and whether one of them is directed (its `directed` cell not false). */
  private edgeRows = 0;
  private anyDirected = false;
  private ended = false;

  constructor(
    readonly file: string,
    private readonly options: GdfReadOptions = {},
  ) {
    this.weightName = (options.weight ?? "weight").toLowerCase();
    this.records = new GraphRecords(file, { weight: options.weight, redeclared: "merge", undeclared: "add" });
    this.text = new TextChunks(file, (text) => this.feed(text), () => this.lineNo + 1);
  }

  /** Line reached so far. */
  get line(): number {
    return this.lineNo + 1;
  }

  /** Feeds the next chunk: bytes (UTF-8, or UTF-16 with BOM) or text. */
  push(chunk: Uint8Array | string): void {
    this.text.push(chunk);
  }

  end(): AtlasGraph {
    return this.parsed().graph();
  }

  /** The file read to its end, before it becomes a graph or an edge stream. */
  parsed(): ParsedGraph {
    if (!this.ended) {
      this.ended = true;
      this.text.end();
      if (this.carry.length > 0) this.row(this.carry.join(""));
      this.carry = [];
      if (!this.nodeColumns && !this.edgeDef) {
        throw new DataError({ file: this.file, line: 1 }, "no nodedef> or edgedef> line", "give a GDF file (nodedef>name VARCHAR,... then edgedef>node1 VARCHAR,node2 VARCHAR,...)");
      }
    }
    // Undirected only if a `directed` column exists and is false on every edge.
    const directed = !this.options.undirected && (this.edgeRows === 0 || this.edgeDef === null || this.edgeDef.directed === -1 || this.anyDirected);
    return this.records.finish(directed, {});
  }

  private feed(text: string): void {
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      const piece = text.slice(start, nl);
      if (this.carry.length > 0) {
        this.carry.push(piece);
        this.row(this.carry.join(""));
        this.carry = [];
      } else this.row(piece);
      start = nl + 1;
    }
    if (start < text.length) this.carry.push(text.slice(start));
  }

  private row(raw: string): void {
    const line = ++this.lineNo;
    const file = this.file;
    const content = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (content.trim() === "") return;
    const lower = content.trimStart().slice(0, 8).toLowerCase();
    if (lower.startsWith("nodedef>")) {
      this.nodeColumns = parseDef(file, line, content.trimStart().slice(8));
      this.labelCol = this.nodeColumns.findIndex((c, i) => i > 0 && c.name.toLowerCase() === "label");
      this.section = "nodes";
    } else if (lower.startsWith("edgedef>")) {
      const columns = parseDef(file, line, content.trimStart().slice(8));
      if (columns.length < 2) {
        throw new DataError({ file, line }, "edgedef> declares fewer than two columns", "start it with node1 VARCHAR,node2 VARCHAR");
      }
      const find = (name: string): number => columns.findIndex((c, i) => i >= 2 && c.name.toLowerCase() === name);
      this.edgeDef = { columns, weight: find(this.weightName), kind: find("kind"), directed: find("directed") };
      this.section = "edges";
    } else if (this.section === "none") {
      throw new DataError({ file, line }, "data before any nodedef> or edgedef> line", 'start the file with "nodedef>name VARCHAR,label VARCHAR"');
    } else if (this.section === "nodes") {
      this.nodeRow(line, splitRow(file, line, content));
    } else {
      this.edgeRow(line, splitRow(file, line, content));
    }
  }

  private checkWidth(line: number, cells: string[], columns: GdfColumn[], what: string): void {
    if (cells.length > columns.length) {
      throw new DataError(
        { file: this.file, line },
        `${what} row has ${cells.length} values but its definition has ${columns.length} columns`,
        "quote values that contain commas",
      );
    }
  }

  private nodeRow(line: number, cells: string[]): void {
    const columns = this.nodeColumns as GdfColumn[];
    this.checkWidth(line, cells, columns, "node");
    const key = cells[0];
    if (!key) throw new DataError({ file: this.file, line }, "node row has an empty name", "give every node a name");
    const attrs: Attributes = {};
    for (let c = 1; c < cells.length; c++) {
      const label = c === this.labelCol;
      const v = label ? cells[c] || undefined : castCell(this.file, line, columns[c], cells[c]);
      if (v !== undefined) setOwn(attrs, label ? "label" : columns[c].name, v);
    }
    this.records.setNode(this.records.declareNode(key, line), attrs);
  }

  private edgeRow(line: number, cells: string[]): void {
    const def = this.edgeDef as EdgeDef;
    const file = this.file;
    this.checkWidth(line, cells, def.columns, "edge");
    const [source, target] = cells;
    if (!source || !target) throw new DataError({ file, line }, "edge row needs two node names", "write node1,node2[,...]");
    let weight = 1;
    let kind: string | undefined;
    let attrs: Attributes | undefined;
    let undirected = false;
    if (def.directed !== -1) {
      undirected = castCell(file, line, def.columns[def.directed], cells[def.directed] ?? "") === false;
      if (!undirected) this.anyDirected = true;
    }
    for (let c = 2; c < cells.length; c++) {
      if (c === def.directed) continue;
      const raw = cells[c];
      if (c === def.weight) {
        if (raw === "") continue;
        const w = isNumeric(raw) ? Number(raw) : Number.NaN;
        if (!Number.isFinite(w)) {
          throw new DataError({ file, line }, `weight "${raw}" is not a finite number`, "fix the value or choose another column with --weight");
        }
        weight = w;
      } else if (c === def.kind) {
        kind = raw || undefined;
      } else {
        const v = castCell(file, line, def.columns[c], raw);
        if (v !== undefined) setOwn((attrs ??= {}), def.columns[c].name, v);
      }
    }
    this.edgeRows++;
    this.records.addRecord(source, target, undirected, weight, kind, attrs, line);
  }
}

/** Reads GDF text into the model. */
export function readGdf(file: string, text: string, options: GdfReadOptions = {}): AtlasGraph {
  const reader = new GdfStreamReader(file, options);
  reader.push(text);
  return reader.end();
}
