/**
 * Validates atlas files against src/atlas.schema.json with Ajv (JSON Schema
 * draft 2020-12, formats checked). Returns the violations; empty = valid.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const SCHEMA_PATH = new URL("../../src/atlas.schema.json", import.meta.url);
export const ATLAS_SCHEMA: object = JSON.parse(readFileSync(SCHEMA_PATH, "utf8"));

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const validate = ajv.compile(ATLAS_SCHEMA);

/** Schema violations of `value` as `path: message` lines (empty when valid). */
export function atlasSchemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "$"}: ${e.message ?? "invalid"}`);
}

/**
 * Schema violations of the atlas at `path`, each line prefixed with the path:
 * an atlas JSON file (`.json`, or gzip-compressed), or a columnar atlas
 * directory, read with the columnar reader and validated as the graph it
 * gives (`graph.export()`).
 */
export async function atlasFileSchemaErrors(path: string): Promise<string[]> {
  let value: unknown;
  if (statSync(path).isDirectory()) {
    const { columnarToGraph, readColumnarAtlas } = await import("../../src/cli/columnar.ts");
    value = columnarToGraph(await readColumnarAtlas(path)).export();
  } else {
    const bytes = readFileSync(path);
    const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
    value = JSON.parse(text);
  }
  return atlasSchemaErrors(value).map((e) => `${path}: ${e}`);
}

/** Whether the bytes are a JSON object with a graph attribute `atlas`: an atlas file by content, whatever its name. */
function looksLikeAtlas(bytes: Buffer): boolean {
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
  try {
    const value = JSON.parse(text) as { attributes?: { atlas?: unknown }; nodes?: unknown };
    return typeof value === "object" && value !== null && value.attributes?.atlas !== undefined && Array.isArray(value.nodes);
  } catch {
    return false;
  }
}

function isColumnarMeta(text: string): boolean {
  try {
    const value = JSON.parse(text) as { columnar?: unknown } | null;
    return typeof value === "object" && value !== null && value.columnar !== undefined;
  } catch {
    return false;
  }
}

/**
 * Every atlas under `dir`, recursively: JSON files (`.json`, `.json.gz`)
 * holding an atlas, and columnar atlas directories (an `atlas.json` with a
 * `columnar` block, which is not itself listed). Sorted paths.
 */
export function atlasesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true });
    const meta = entries.find((e) => e.isFile() && e.name === "atlas.json");
    if (meta && isColumnarMeta(readFileSync(join(d, meta.name), "utf8"))) {
      found.push(d);
      return;
    }
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && /\.json(\.gz)?$/i.test(e.name) && looksLikeAtlas(readFileSync(path))) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}
