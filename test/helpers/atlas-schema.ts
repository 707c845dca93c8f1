/**
 * Validates atlas files against src/atlas.schema.json with Ajv (JSON Schema
 * draft 2020-12, formats checked). Returns the violations; empty = valid.
 */
import { readFileSync } from "node:fs";
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
