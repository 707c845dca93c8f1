/**
 * The GML and GDF readers as they were before they streamed: GML parsed into
 * a whole tree, then nodes, then edges; GDF split into lines, every row
 * collected, then nodes, then edges. Reference only, for
 * `text-stream-readers.test.ts`: the streaming readers must give the same
 * graph on every bundled file, on generated files and under any chunking.
 */
import type { Attributes } from "graphology-types";
import { DataError } from "../../src/shared/errors.ts";
import { createGraph, upsertNode, type AtlasGraph } from "../../src/graph/model.ts";
import { isNumeric } from "../../src/graph/readers/text.ts";
import { EdgeAccumulator } from "../../src/graph/readers/accumulator.ts";
import { setOwn } from "../../src/graph/safe-keys.ts";
import { MAX_NESTING_DEPTH } from "../../src/graph/readers/limits.ts";
import { addAttribute, decodeEntities, isKeyChar, isKeyStart, isSpace, NUMBER_AT, toAttribute } from "../../src/graph/readers/gml.ts";
import { castCell, type GdfColumn, parseDef, splitRow } from "../../src/graph/readers/gdf.ts";

interface GmlReadOptions {
  undirected?: boolean;
  weight?: string;
}

type GmlValue = number | string | GmlList;
interface GmlEntry {
  key: string;
  value: GmlValue;
  line: number;
}
interface GmlList {
  entries: GmlEntry[];
  /** Key owning the list (`""` for the top level). */
  key: string;
  /** Line of the opening `[`. */
  line: number;
  /** Line of the key owning the list. */
  keyLine: number;
}

class GmlParser {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  /** The `node [...]` / `edge [...]` lists, to catch a block that lost its `]`. */
  private readonly elementLists = new WeakSet<GmlList>();

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  private fail(problem: string, hint: string, line = this.line, column?: number): never {
    throw new DataError({ file: this.file, line, column }, problem, hint);
  }

  /** Skips whitespace and `#` comments, counting lines. */
  private skip(): void {
    const text = this.text;
    const n = text.length;
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos);
      if (c === 10) {
        this.line++;
        this.lineStart = ++this.pos;
      } else if (isSpace(c)) {
        this.pos++;
      } else if (c === 35) {
        const end = text.indexOf("\n", this.pos);
        this.pos = end === -1 ? n : end;
      } else break;
    }
  }

  private column(): number {
    return this.pos - this.lineStart + 1;
  }

  /** Parses `key value` pairs until `]` (when `open` is given) or end of input. */
  parseList(open: GmlList | null, depth = 0): GmlList {
    const list: GmlList = open ?? { entries: [], key: "", line: 1, keyLine: 1 };
    const text = this.text;
    for (;;) {
      this.skip();
      if (this.pos >= text.length) {
        if (open) {
          this.fail(`"${open.key} [" opened here is never closed`, 'add the missing "]"', open.line);
        }
        return list;
      }
      const c = text.charCodeAt(this.pos);
      if (c === 93 /* ] */) {
        if (!open) this.fail('unexpected "]" with no open "["', "remove it or add the matching \"[\"", this.line, this.column());
        this.pos++;
        return list;
      }
      if (!isKeyStart(c)) {
        this.fail(
          `expected a key, found "${text[this.pos]}"`,
          "GML is a list of `key value` pairs; check the line",
          this.line,
          this.column(),
        );
      }
      const k0 = this.pos;
      while (this.pos < text.length && isKeyChar(text.charCodeAt(this.pos))) this.pos++;
      const key = text.slice(k0, this.pos);
      const keyLine = this.line;
      this.skip();
      if (this.pos >= text.length) this.fail(`key "${key}" has no value`, "give it a value or remove it", keyLine);
      const v = text.charCodeAt(this.pos);
      let value: GmlValue;
      if (v === 91 /* [ */) {
        const child: GmlList = { entries: [], key, line: this.line, keyLine };
        this.pos++;
        if (open && (key === "node" || key === "edge") && this.elementLists.has(open)) {
          // a node/edge block inside a node/edge block: the outer one lost its "]"
          this.fail(
            `"${open.key} [" opened here is not closed before "${key} [" at line ${keyLine}`,
            'add the missing "]"',
            open.line,
          );
        }
        if (depth + 1 > MAX_NESTING_DEPTH) {
          this.fail(
            `"${key} [" nests lists deeper than ${MAX_NESTING_DEPTH} levels`,
            `flatten the attribute; readers accept at most ${MAX_NESTING_DEPTH} levels of "[ ... ]"`,
            this.line,
            this.pos - this.lineStart,
          );
        }
        if (key === "node" || key === "edge") this.elementLists.add(child);
        value = this.parseList(child, depth + 1);
      } else if (v === 34 /* " */) {
        const end = text.indexOf('"', this.pos + 1);
        if (end === -1) this.fail("string is never closed", 'add the closing "', this.line, this.column());
        const raw = text.slice(this.pos + 1, end);
        for (let i = this.pos; i < end; i++) if (text.charCodeAt(i) === 10) this.line++;
        const lastNl = raw.lastIndexOf("\n");
        if (lastNl !== -1) this.lineStart = this.pos + 1 + lastNl + 1;
        this.pos = end + 1;
        value = decodeEntities(raw);
      } else {
        NUMBER_AT.lastIndex = this.pos;
        const m = NUMBER_AT.exec(text);
        if (!m) {
          this.fail(
            `value of "${key}" is not a number, a quoted string or a [ list ]`,
            "quote string values",
            this.line,
            this.column(),
          );
        }
        this.pos += m[0].length;
        const word = m[0].toUpperCase();
        value = word.endsWith("INF") ? (word[0] === "-" ? -Infinity : Infinity) : word.endsWith("NAN") ? Number.NaN : Number(m[0]);
      }
      list.entries.push({ key, value, line: keyLine });
    }
  }
}

/** Reads GML into the model. */
export function treeGml(file: string, text: string, options: GmlReadOptions = {}): AtlasGraph {
  const top = new GmlParser(file, text).parseList(null);
  const graphEntry = top.entries.find((e) => e.key === "graph" && typeof e.value === "object");
  if (!graphEntry) {
    throw new DataError({ file, line: 1 }, 'no "graph [ ... ]" list', "give a GML file with a graph [ node [...] edge [...] ] list");
  }
  const body = graphEntry.value as GmlList;
  const directedEntry = body.entries.find((e) => e.key === "directed");
  const directed = !options.undirected && directedEntry !== undefined && directedEntry.value === 1;
  const graph = createGraph({ directed });
  const weightKey = options.weight ?? "weight";

  const graphAttrs: Attributes = {};
  const ids = new Set<string>();
  for (const entry of body.entries) {
    if (entry.key !== "node") continue;
    if (typeof entry.value !== "object") {
      throw new DataError({ file, line: entry.line }, '"node" is not a [ ... ] block', "write node [ id N ... ]");
    }
    let key: string | undefined;
    const attrs: Record<string, unknown> = {};
    for (const e of entry.value.entries) {
      if (e.key === "id") {
        if (typeof e.value === "object") {
          throw new DataError({ file, line: e.line }, "node id is a list", "give a number or a string");
        }
        key = String(e.value);
      } else addAttribute(attrs, e.key, toAttribute(e.value));
    }
    if (key === undefined) {
      throw new DataError({ file, line: entry.line }, "node has no id", "give every node block an id");
    }
    if (ids.has(key)) {
      throw new DataError({ file, line: entry.line }, `duplicate node id ${key}`, "give every node a distinct id");
    }
    ids.add(key);
    const label = attrs.label;
    attrs.label = label === undefined || typeof label === "object" ? key : String(label);
    graph.addNode(key, attrs);
  }

  const acc = new EdgeAccumulator(graph);
  for (const entry of body.entries) {
    if (entry.key === "node") continue;
    if (entry.key !== "edge") {
      if (entry.key !== "directed") addAttribute(graphAttrs, entry.key, toAttribute(entry.value));
      continue;
    }
    if (typeof entry.value !== "object") {
      throw new DataError({ file, line: entry.line }, '"edge" is not a [ ... ] block', "write edge [ source A target B ]");
    }
    let source: string | undefined;
    let target: string | undefined;
    let weight = 1;
    let kind: string | undefined;
    let attrs: Record<string, unknown> | undefined;
    for (const e of entry.value.entries) {
      if (e.key === "source" || e.key === "target") {
        const ref = String(e.value);
        if (typeof e.value === "object" || !ids.has(ref)) {
          throw new DataError(
            { file, line: e.line },
            `edge ${e.key} ${typeof e.value === "object" ? "[...]" : ref} is not a node id`,
            "declare the node before using it in an edge",
          );
        }
        if (e.key === "source") source = ref;
        else target = ref;
      } else if (e.key === weightKey) {
        if (typeof e.value !== "number" || !Number.isFinite(e.value)) {
          throw new DataError(
            { file, line: e.line },
            `weight ${typeof e.value === "object" ? "[...]" : JSON.stringify(e.value)} is not a finite number`,
            "fix the value or choose another attribute with --weight",
          );
        }
        weight = e.value;
      } else if (e.key === "kind" && typeof e.value === "string") {
        kind = e.value;
      } else if (e.key !== "weight") {
        addAttribute((attrs ??= {}), e.key, toAttribute(e.value));
      }
    }
    if (source === undefined || target === undefined) {
      throw new DataError(
        { file, line: entry.line },
        `edge has no ${source === undefined ? "source" : "target"}`,
        "give every edge block a source and a target",
      );
    }
    acc.add(source, target, weight, kind, attrs as Attributes | undefined);
  }
  acc.flush();
  graph.replaceAttributes(graphAttrs);
  return graph;
}

interface GdfReadOptions {
  undirected?: boolean;
  weight?: string;
}

interface GdfRow {
  line: number;
  cells: string[];
}

/** Reads GDF into the model. */
export function rowsGdf(file: string, text: string, options: GdfReadOptions = {}): AtlasGraph {
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
