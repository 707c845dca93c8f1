/**
 * The columnar atlas (Arrow IPC files): round trips, the files checked by a
 * reader independent of apache-arrow (the IPC footer and record batch
 * messages decoded by hand below; pyarrow too when some python has it),
 * NaN → null, bad files → DataError, atomic replacement.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeGraph } from "../../src/analyze/pipeline.ts";
import {
  columnarToGraph,
  graphToColumnar,
  isColumnarAtlas,
  readColumnarAtlas,
  writeColumnarAtlas,
  type ColumnarAtlasInput,
} from "../../src/cli/columnar.ts";
import type { AtlasGraph } from "../../src/graph/model.ts";
import { DataError, UsageError } from "../../src/shared/errors.ts";
import { readRepoGraph } from "../graph/helpers.ts";

let root: string;
let karate: AtlasGraph;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "atlas-columnar-"));
  karate = analyzeGraph(await readRepoGraph("data/karate/karate_club.gml"), { seed: 1, bootstrap: 20, consensus: 2 }).graph;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// ------------------------------------------------ an independent IPC reader

/** Minimal flatbuffer table access (little-endian): enough for the Arrow Footer, Schema, Field and Message tables. */
class Table {
  constructor(
    readonly buf: Buffer,
    readonly pos: number,
  ) {}
  static root(buf: Buffer, at = 0): Table {
    return new Table(buf, at + buf.readUInt32LE(at));
  }
  private field(i: number): number {
    const vtable = this.pos - this.buf.readInt32LE(this.pos);
    const size = this.buf.readUInt16LE(vtable);
    const off = 4 + 2 * i < size ? this.buf.readUInt16LE(vtable + 4 + 2 * i) : 0;
    return off === 0 ? 0 : this.pos + off;
  }
  u8(i: number, dflt = 0): number {
    const p = this.field(i);
    return p ? this.buf.readUInt8(p) : dflt;
  }
  i16(i: number, dflt = 0): number {
    const p = this.field(i);
    return p ? this.buf.readInt16LE(p) : dflt;
  }
  i32(i: number, dflt = 0): number {
    const p = this.field(i);
    return p ? this.buf.readInt32LE(p) : dflt;
  }
  i64(i: number): number {
    const p = this.field(i);
    return p ? Number(this.buf.readBigInt64LE(p)) : 0;
  }
  private ref(i: number): number {
    const p = this.field(i);
    return p ? p + this.buf.readUInt32LE(p) : 0;
  }
  table(i: number): Table | null {
    const p = this.ref(i);
    return p ? new Table(this.buf, p) : null;
  }
  string(i: number): string | null {
    const p = this.ref(i);
    return p ? this.buf.toString("utf8", p + 4, p + 4 + this.buf.readUInt32LE(p)) : null;
  }
  tables(i: number): Table[] {
    const p = this.ref(i);
    if (!p) return [];
    const n = this.buf.readUInt32LE(p);
    return Array.from({ length: n }, (_, k) => new Table(this.buf, p + 4 + 4 * k + this.buf.readUInt32LE(p + 4 + 4 * k)));
  }
  /** A vector of structs: its start and length. */
  structs(i: number): { start: number; length: number } {
    const p = this.ref(i);
    return p ? { start: p + 4, length: this.buf.readUInt32LE(p) } : { start: 0, length: 0 };
  }
}

interface IpcFile {
  fields: { name: string; type: string; nullable: boolean; metadata: Record<string, string> }[];
  rows: number;
  batches: number;
  /** Null count of each field, summed over the record batches. */
  nulls: number[];
}

const TYPE_NAMES: Record<number, string> = { 2: "Int", 3: "FloatingPoint", 5: "Utf8", 6: "Bool" };

/** Decodes an Arrow IPC file's footer (schema, record batch blocks) and each record batch header, by hand. */
function decodeIpcFile(file: string): IpcFile {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 6).toString("latin1")).toBe("ARROW1");
  expect(buf.subarray(buf.length - 6).toString("latin1")).toBe("ARROW1");
  const footerLength = buf.readInt32LE(buf.length - 10);
  const footer = Table.root(buf, buf.length - 10 - footerLength);
  const schema = footer.table(1) as Table;
  const fields = schema.tables(1).map((f) => {
    const typeId = f.u8(2);
    const type = f.table(3) as Table;
    let name = TYPE_NAMES[typeId] ?? `type#${typeId}`;
    if (typeId === 2) name = `${type.u8(1) ? "Int" : "UInt"}${type.i32(0)}`;
    if (typeId === 3) name = ["Float16", "Float32", "Float64"][type.i16(0)];
    const metadata: Record<string, string> = {};
    for (const kv of f.tables(6)) metadata[kv.string(0) ?? ""] = kv.string(1) ?? "";
    return { name: f.string(0) ?? "", type: name, nullable: f.u8(1) === 1, metadata };
  });
  const blocks = footer.structs(3);
  let rows = 0;
  const nulls = fields.map(() => 0);
  for (let b = 0; b < blocks.length; b++) {
    const offset = Number(buf.readBigInt64LE(blocks.start + 24 * b));
    expect(buf.readInt32LE(offset)).toBe(-1); // continuation marker
    const message = Table.root(buf, offset + 8);
    expect(message.u8(1)).toBe(3); // MessageHeader.RecordBatch
    const batch = message.table(2) as Table;
    rows += batch.i64(0);
    const nodes = batch.structs(1);
    expect(nodes.length).toBe(fields.length);
    for (let k = 0; k < nodes.length; k++) nulls[k] += Number(buf.readBigInt64LE(nodes.start + 16 * k + 8));
  }
  return { fields, rows, batches: blocks.length, nulls };
}

// ------------------------------------------------------------------ tests

function sample(): ColumnarAtlasInput {
  return {
    keys: ["tw:1", "tw:2", "tw:3", "tw:4", "tw:5"],
    labels: ["Ünï", "b,\"q\"", "", "d\n", "e"],
    columns: {
      pagerank: Float64Array.from([0.5, NaN, 0.25, 0.125, NaN]),
      community: Int32Array.from([0, 1, 1, -2, 2147483647]),
      flags: Uint8Array.from([0, 1, 255, 3, 4]),
      roleName: ["hub", null, "peripheral", "hub", "ünïcode"],
      unstableLeader: [true, null, false, true, null],
      leaderRank: [1, null, 2, null, 3],
      betweenness: [0.5, null, NaN, 1e-300, -0],
    },
    edges: {
      sources: Int32Array.from([0, 1, 2, 3, 4, 0]),
      targets: Int32Array.from([1, 2, 3, 4, 0, 0]),
      weights: Float64Array.from([1, 2.5, NaN, 4, 5, 0.5]),
      kinds: ["mention", undefined, "retweet,reply", "follows", undefined, "self"],
    },
    atlas: { version: 1, source: "test", directed: true, warnings: [] },
    directed: true,
  };
}

describe("columnar atlas", () => {
  it("should read back a written atlas of a real graph equal, and build the same graph", async () => {
    const dir = join(root, "karate");
    const input = graphToColumnar(karate);
    await writeColumnarAtlas(dir, input, { batchRows: 8 });
    expect(readdirSync(dir).sort()).toEqual(["atlas.json", "edges.arrow", "nodes.arrow"]);
    expect(await isColumnarAtlas(dir)).toBe(true);
    const back = await readColumnarAtlas(dir);
    expect(back.keys).toEqual(input.keys);
    expect(back.labels).toEqual(input.labels);
    expect(back.columns).toEqual(input.columns);
    expect(back.edges.sources).toEqual(input.edges.sources);
    expect(back.edges.targets).toEqual(input.edges.targets);
    expect(back.edges.weights).toEqual(input.edges.weights);
    expect(back.directed).toBe(false);
    expect(back.atlas).toEqual(karate.getAttribute("atlas"));

    const strip = (g: AtlasGraph) => {
      const e = g.export();
      return { ...e, edges: e.edges.map(({ key: _key, ...rest }) => rest) };
    };
    expect(strip(columnarToGraph(back))).toEqual(strip(karate));
    const meta = JSON.parse(readFileSync(join(dir, "atlas.json"), "utf8"));
    expect(meta.columnar).toMatchObject({ nodes: "nodes.arrow", edges: "edges.arrow", format: "arrow-ipc-file", nodeCount: 34, edgeCount: 78 });
  });

  it("should write IPC files whose footer and record batches an independent decoder reads: names, types, rows", async () => {
    const dir = join(root, "karate-ipc");
    await writeColumnarAtlas(dir, graphToColumnar(karate), { batchRows: 10 });
    const nodes = decodeIpcFile(join(dir, "nodes.arrow"));
    expect(nodes.rows).toBe(34);
    expect(nodes.batches).toBe(4);
    const types = Object.fromEntries(nodes.fields.map((f) => [f.name, f.type]));
    expect(nodes.fields.slice(0, 2).map((f) => f.name)).toEqual(["key", "label"]);
    expect(types).toMatchObject({ key: "Utf8", label: "Utf8", club: "Utf8", pagerank: "Float64", community: "Int32", roleName: "Utf8", unstableLeader: "Bool" });
    const leaderRank = nodes.fields.findIndex((f) => f.name === "leaderRank");
    const leaders = karate.filterNodes((_k, a) => a.leaderRank !== undefined).length;
    expect(nodes.nulls[leaderRank]).toBe(34 - leaders);
    const edges = decodeIpcFile(join(dir, "edges.arrow"));
    expect(edges.fields.map((f) => `${f.name}:${f.type}`)).toEqual(["source:Utf8", "target:Utf8", "weight:Float64"]);
    expect(edges.rows).toBe(78);
  });

  it("should type every column kind, turn NaN into null and read each back as given", async () => {
    const dir = join(root, "sample");
    const input = sample();
    await writeColumnarAtlas(dir, input, { batchRows: 2 });
    const nodes = decodeIpcFile(join(dir, "nodes.arrow"));
    expect(nodes.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "key:Utf8",
      "label:Utf8",
      "pagerank:Float64",
      "community:Int32",
      "flags:UInt8",
      "roleName:Utf8",
      "unstableLeader:Bool",
      "leaderRank:Int32",
      "betweenness:Float64",
    ]);
    expect(nodes.nulls).toEqual([0, 0, 2, 0, 0, 1, 2, 2, 2]);
    expect(nodes.rows).toBe(5);
    expect(nodes.batches).toBe(3);
    expect(nodes.fields[2].metadata).toEqual({ "atlas:values": "Float64Array", "atlas:null": "null" });
    expect(nodes.fields[7].metadata).toEqual({ "atlas:values": "number[]", "atlas:null": "absent" });
    const edges = decodeIpcFile(join(dir, "edges.arrow"));
    expect(edges.fields.map((f) => f.name)).toEqual(["source", "target", "weight", "kind"]);
    expect(edges.nulls).toEqual([0, 0, 1, 2]);

    const back = await readColumnarAtlas(dir);
    expect(back.keys).toEqual(input.keys);
    expect(back.labels).toEqual(input.labels);
    expect(back.columns.pagerank).toEqual(input.columns.pagerank);
    expect(back.columns.community).toEqual(input.columns.community);
    expect(back.columns.flags).toEqual(input.columns.flags);
    expect(back.columns.roleName).toEqual(input.columns.roleName);
    expect(back.columns.unstableLeader).toEqual(input.columns.unstableLeader);
    expect(back.columns.leaderRank).toEqual([1, null, 2, null, 3]);
    expect(back.columns.betweenness).toEqual([0.5, null, null, 1e-300, -0]);
    expect(back.edges.kinds).toEqual(input.edges.kinds);
    expect([...back.edges.weights]).toEqual([1, 2.5, 1, 4, 5, 0.5]); // a null weight reads as 1

    const g = columnarToGraph(back);
    expect(g.type).toBe("directed");
    expect(g.getNodeAttributes("tw:2")).toEqual({ label: 'b,"q"', pagerank: null, community: 1, flags: 1, betweenness: null });
    expect(g.getNodeAttributes("tw:1")).toMatchObject({ leaderRank: 1, unstableLeader: true, roleName: "hub" });
    expect(g.getEdgeAttributes(g.edge("tw:1", "tw:2"))).toEqual({ weight: 1, kind: "mention" });
    expect(g.getEdgeAttributes(g.edge("tw:2", "tw:3"))).toEqual({ weight: 2.5 });
    expect(g.hasEdge("tw:1", "tw:1")).toBe(true);
  });

  it("should write an empty atlas that reads back empty", async () => {
    const dir = join(root, "empty");
    const empty: ColumnarAtlasInput = {
      keys: [],
      columns: { pagerank: new Float64Array(0) },
      edges: { sources: new Int32Array(0), targets: new Int32Array(0), weights: new Float64Array(0) },
      atlas: { version: 1 },
      directed: false,
    };
    await writeColumnarAtlas(dir, empty);
    expect(decodeIpcFile(join(dir, "nodes.arrow")).rows).toBe(0);
    const back = await readColumnarAtlas(dir);
    expect(back.keys).toEqual([]);
    expect(back.columns.pagerank).toEqual(new Float64Array(0));
    expect(columnarToGraph(back).order).toBe(0);
  });

  it("should replace an existing columnar atlas and refuse any other directory", async () => {
    const dir = join(root, "replace");
    await writeColumnarAtlas(dir, sample());
    const input = sample();
    input.keys = input.keys.map((k) => k.replace("tw:", "yt:"));
    await writeColumnarAtlas(dir, input);
    expect((await readColumnarAtlas(dir)).keys[0]).toBe("yt:1");
    const other = join(root, "other");
    mkdirSync(other);
    writeFileSync(join(other, "precious.txt"), "keep");
    await expect(writeColumnarAtlas(other, sample())).rejects.toThrow(UsageError);
    expect(readFileSync(join(other, "precious.txt"), "utf8")).toBe("keep");
  });

  it("should leave nothing, and the old atlas intact, when a write fails midway", async () => {
    const parent = join(root, "failing");
    const dir = join(parent, "atlas");
    await writeColumnarAtlas(dir, sample());
    const input = sample();
    input.labels = new Proxy([...(input.labels as string[])], {
      get(target, prop, receiver) {
        if (prop === "3") throw new Error("label source failed");
        return Reflect.get(target, prop, receiver);
      },
    });
    await expect(writeColumnarAtlas(dir, input, { batchRows: 2 })).rejects.toThrow(/label source failed/);
    expect(readdirSync(parent)).toEqual(["atlas"]);
    expect((await readColumnarAtlas(dir)).keys).toEqual(sample().keys);
  });

  it("should refuse inconsistent input before writing anything", async () => {
    const dir = join(root, "refused");
    const short = sample();
    short.columns.pagerank = new Float64Array(2);
    await expect(writeColumnarAtlas(dir, short)).rejects.toThrow(/column "pagerank" has 2 values for 5 keys/);
    const outside = sample();
    outside.edges.targets[0] = 9;
    await expect(writeColumnarAtlas(dir, outside)).rejects.toThrow(/edge #0 .* outside the 5 keys/);
    const mixed = sample();
    mixed.columns.x = [1, "a", null, 2, 3] as unknown as (number | null)[];
    await expect(writeColumnarAtlas(dir, mixed)).rejects.toThrow(/column "x" mixes strings, numbers and booleans/);
    const twice = sample();
    twice.keys = ["a", "b", "a", "c", "d"];
    await expect(writeColumnarAtlas(dir, twice)).rejects.toThrow(/node key "a" appears twice/);
    expect(existsSync(dir)).toBe(false);
  });

  describe("bad files", () => {
    async function fresh(name: string): Promise<string> {
      const dir = join(root, name);
      await writeColumnarAtlas(dir, sample());
      return dir;
    }

    it("should report a truncated Arrow file as a DataError naming it", async () => {
      const dir = await fresh("truncated");
      const file = join(dir, "edges.arrow");
      truncateSync(file, readFileSync(file).length - 40);
      const error = await readColumnarAtlas(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).file).toBe(file);
      expect((error as DataError).message).toMatch(/truncated Arrow IPC file .*; re-create it/);
    });

    it("should report a file that is not Arrow, or is corrupted inside, as a DataError", async () => {
      let dir = await fresh("garbage");
      writeFileSync(join(dir, "nodes.arrow"), "key,label\ntw:1,a\n");
      await expect(readColumnarAtlas(dir)).rejects.toThrow(/nodes\.arrow: not an Arrow IPC file \(no ARROW1 magic at the start\)/);
      dir = await fresh("corrupt");
      const file = join(dir, "nodes.arrow");
      const bytes = readFileSync(file);
      bytes.fill(0x7f, 8, bytes.length - 10);
      writeFileSync(file, bytes);
      const error = await readColumnarAtlas(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).message).toMatch(/nodes\.arrow: /);
    });

    it("should report a bad or missing atlas.json, and an edge to no node, as DataErrors", async () => {
      await expect(readColumnarAtlas(join(root, "nowhere"))).rejects.toThrow(DataError);
      const dir = await fresh("badmeta");
      writeFileSync(join(dir, "atlas.json"), "{ not json");
      await expect(readColumnarAtlas(dir)).rejects.toThrow(/atlas\.json: not valid JSON/);
      writeFileSync(join(dir, "atlas.json"), JSON.stringify({ version: 1 }));
      await expect(readColumnarAtlas(dir)).rejects.toThrow(/no `columnar` section/);

      const a = await fresh("edges-a");
      const b = join(root, "edges-b");
      const other = sample();
      other.keys = other.keys.map((k) => `x${k}`);
      await writeColumnarAtlas(b, other);
      writeFileSync(join(a, "edges.arrow"), readFileSync(join(b, "edges.arrow")));
      await expect(readColumnarAtlas(a)).rejects.toThrow(/edges\.arrow: edge #0: source "xtw:1" is not a node of nodes\.arrow/);
    });
  });
});
