/** Shared by the collector tests: temp stores, expected graphs of the fake world, reading edges back. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { FakeWorld } from "../fakes/twitter-server.ts";

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "atlas-collect-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The niche's edges as sorted `source>target:kind*weight` strings, read with a fresh connection. */
export function edgeSet(dbFile: string, niche: string): string[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (
      db
        .prepare(
          "SELECT e.source, e.target, e.kind, e.weight FROM edges e JOIN niches n ON n.id = e.niche_id WHERE n.name = ?",
        )
        .all(niche) as { source: string; target: string; kind: string; weight: number }[]
    )
      .map((r) => `${r.source}>${r.target}:${r.kind}*${r.weight}`)
      .sort();
  } finally {
    db.close();
  }
}

/**
 * The follows edges a breadth-first crawl must find, computed directly from
 * the world: from the seeds that exist and are not suspended, to `depth`;
 * protected and suspended accounts are never expanded, suspended ones never listed.
 */
export function expectedFollows(world: FakeWorld, seeds: string[], depth: number, direction: "following" | "followers" | "both"): string[] {
  const byName = new Map(world.users.map((u) => [u.username, u]));
  const byId = new Map(world.users.map((u) => [u.id, u]));
  const ok = (id: string): boolean => byId.get(id)?.suspended !== true;
  const edges = new Set<string>();
  const levels = new Map<string, number>();
  let frontier = seeds.map((s) => byName.get(s)).filter((u) => u && !u.suspended).map((u) => u!.id);
  for (const id of frontier) levels.set(id, 0);
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      if (byId.get(id)!.protected) continue;
      for (const [a, b] of world.follows) {
        if (direction !== "followers" && a === id && ok(b)) {
          edges.add(`${a}>${b}:follows*1`);
          if (!levels.has(b)) levels.set(b, d + 1), next.push(b);
        }
        if (direction !== "following" && b === id && ok(a)) {
          edges.add(`${a}>${b}:follows*1`);
          if (!levels.has(a)) levels.set(a, d + 1), next.push(a);
        }
      }
    }
    frontier = next;
  }
  return [...edges].sort();
}

/** Every file under `dir` (the db, its -wal/-shm, exports) as latin1 text, to search for a secret. */
export function filesText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)).toString("latin1"))
    .join("\n");
}
