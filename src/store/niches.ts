/** Niches: a named collection on one platform. */
import { UsageError } from "../shared/errors.ts";
import type { Niche, Platform, StoreDb } from "./types.ts";

interface NicheRow {
  id: number;
  name: string;
  platform: Platform;
  seeds: string;
  params: string;
  created_at: string;
  updated_at: string;
}

function fromRow(row: NicheRow): Niche {
  return {
    id: row.id,
    name: row.name,
    platform: row.platform,
    seeds: JSON.parse(row.seeds) as string[],
    params: JSON.parse(row.params) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function getNiche(db: StoreDb, name: string): Niche | undefined {
  const row = db.prepare("SELECT * FROM niches WHERE name = ?").get(name) as NicheRow | undefined;
  return row && fromRow(row);
}

/** The niche `name`, or a `UsageError` listing the niches the store has. */
export function requireNiche(db: StoreDb, name: string): Niche {
  const niche = getNiche(db, name);
  if (niche) return niche;
  const names = listNiches(db).map((n) => n.name);
  throw new UsageError(
    `no niche "${name}" in the store` + (names.length ? ` (it has: ${names.join(", ")})` : " (it has none yet)"),
  );
}

export function listNiches(db: StoreDb): Niche[] {
  return (db.prepare("SELECT * FROM niches ORDER BY name").all() as NicheRow[]).map(fromRow);
}

/**
 * Creates the niche, or updates its seeds (union, in order) and parameters.
 * A niche keeps its platform: reusing its name on another one is a `UsageError`.
 */
export function upsertNiche(
  db: StoreDb,
  name: string,
  platform: Platform,
  seeds: readonly string[],
  params: Record<string, unknown>,
  at: string,
): Niche {
  return db.transaction((): Niche => {
    const existing = getNiche(db, name);
    if (!existing) {
      db.prepare(
        "INSERT INTO niches (name, platform, seeds, params, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(name, platform, JSON.stringify(seeds), JSON.stringify(params), at, at);
    } else {
      if (existing.platform !== platform) {
        throw new UsageError(`niche "${name}" is a ${existing.platform} niche; choose another name for ${platform}`);
      }
      const merged = [...existing.seeds];
      for (const s of seeds) if (!merged.includes(s)) merged.push(s);
      db.prepare("UPDATE niches SET seeds = ?, params = ?, updated_at = ? WHERE id = ?").run(
        JSON.stringify(merged),
        JSON.stringify({ ...existing.params, ...params }),
        at,
        existing.id,
      );
    }
    return getNiche(db, name) as Niche;
  })();
}
