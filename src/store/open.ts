/**
 * Opening the store: one SQLite file in WAL mode, migrated to the latest
 * schema. Default path `data/atlas.db`.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { DataError } from "../shared/errors.ts";
import { MIGRATIONS } from "./schema.ts";
import type { StoreDb } from "./types.ts";

export const DEFAULT_DB_PATH = "data/atlas.db";

export interface OpenStoreOptions {
  /** Open read-only (no migration; the file must exist and be current). */
  readonly?: boolean;
}

/** Opens (creating it and its directory if needed) and migrates the store at `file`. */
export function openStore(file: string = DEFAULT_DB_PATH, options: OpenStoreOptions = {}): StoreDb {
  if (!options.readonly && file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  let db: StoreDb;
  try {
    db = new Database(file, { readonly: Boolean(options.readonly), fileMustExist: Boolean(options.readonly) });
  } catch (error) {
    throw new DataError({ file }, `cannot open the store (${(error as Error).message})`, "check the --db path", {
      cause: error,
    });
  }
  try {
    db.pragma("busy_timeout = 5000");
    if (!options.readonly) {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
    }
    db.pragma("foreign_keys = ON");
    migrate(db, file, Boolean(options.readonly));
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The schema version of an open store. */
export function schemaVersion(db: StoreDb): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Applies the missing migrations, each in its own transaction. */
export function migrate(db: StoreDb, file = "<store>", readonly = false): number {
  const version = schemaVersion(db);
  if (version > MIGRATIONS.length) {
    throw new DataError(
      { file },
      `store schema version ${version} is newer than this program's (${MIGRATIONS.length})`,
      "upgrade influence-atlas",
    );
  }
  if (version < MIGRATIONS.length && readonly) {
    throw new DataError({ file }, `store schema version ${version} is out of date`, "open it once read-write to migrate it");
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return schemaVersion(db);
}
