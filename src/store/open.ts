/**
 * Opening the store: one SQLite file in WAL mode, migrated to the latest
 * schema. Default path `data/atlas.db`.
 */
import { mkdirSync, statSync } from "node:fs";
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
  if (!options.readonly && file !== ":memory:") ensureStoreDirectory(file);
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
    if ((error as { code?: unknown }).code === "SQLITE_NOTADB") {
      throw new DataError({ file }, `not an SQLite store (${(error as Error).message})`, "give --db a store written by atlas, or a new file name", {
        cause: error,
      });
    }
    throw error;
  }
  return db;
}

/**
 * Creates the store's missing parent directories one level at a time, after
 * checking that the nearest existing one is a directory (Node's recursive
 * `mkdir` never returns for some paths, such as under `/proc`).
 */
function ensureStoreDirectory(file: string): void {
  const missing: string[] = [];
  for (let p = dirname(file); ; ) {
    const isDirectory = directoryOrNull(p);
    if (isDirectory === true) break;
    if (isDirectory === false) {
      throw new DataError({ file }, `cannot create the store: "${p}" is a file, not a directory`, "give --db a path in a directory");
    }
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && directoryOrNull(d) === true) continue;
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new DataError({ file }, `cannot create the store: cannot create the directory "${d}" (${code})`, "give --db a path in a writable directory", {
        cause: error,
      });
    }
  }
}

/** True for a directory, false for anything else that exists, null for nothing (or a path under a file). */
function directoryOrNull(path: string): boolean | null {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw new DataError({ file: path }, `cannot check the store's directory (${code ?? (error as Error).message})`, "give --db another path", {
      cause: error,
    });
  }
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
  // Foreign keys are off while migrating (SQLite's procedure for rebuilding a
  // table others reference, as migration 4 does); each migration checks them before it commits.
  const foreignKeys = db.pragma("foreign_keys", { simple: true }) as number;
  if (version < MIGRATIONS.length) db.pragma("foreign_keys = OFF");
  try {
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v]);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length > 0) throw new DataError({ file }, `migration ${v + 1} left ${broken.length} broken foreign key(s)`, "report it (the store was not changed)");
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
  }
  return schemaVersion(db);
}
