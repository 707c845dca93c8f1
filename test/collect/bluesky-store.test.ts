import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/store/schema.ts";
import { openStore } from "../../src/store/open.ts";
import { tempDir } from "./helpers.ts";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

describe("the store's Bluesky migration", () => {
  it("should bring a version-3 store with niches, tasks and edges to the latest version, keeping them and the foreign keys", () => {
    const file = join(tmp.dir, "v3.db");
    const old = new Database(file);
    for (let v = 0; v < 3; v++) old.exec(MIGRATIONS[v]);
    old.pragma("user_version = 3");
    old.exec(`INSERT INTO niches (name, platform, seeds, created_at, updated_at) VALUES ('old', 'twitter', '["a"]', 't0', 't0');
      INSERT INTO tasks (niche_id, kind, account_id) VALUES (1, 'following', '42');
      INSERT INTO edges (niche_id, source, target, kind, first_seen, last_seen) VALUES (1, '42', '43', 'follows', 't0', 't0');`);
    old.close();
    const db = openStore(file);
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.prepare("SELECT name, platform, seeds FROM niches").all()).toEqual([{ name: "old", platform: "twitter", seeds: '["a"]' }]);
      expect(db.prepare("SELECT count(*) FROM tasks").pluck().get()).toBe(1);
      expect(db.prepare("SELECT count(*) FROM edges").pluck().get()).toBe(1);
      db.prepare("INSERT INTO niches (name, platform, created_at, updated_at) VALUES ('b', 'bluesky', 't', 't')").run();
      expect(() => db.prepare("INSERT INTO niches (name, platform, created_at, updated_at) VALUES ('c', 'myspace', 't', 't')").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO tasks (niche_id, kind) VALUES (99, 'x')").run()).toThrow(/FOREIGN KEY/);
      expect(db.pragma("foreign_key_check")).toEqual([]);
    } finally {
      db.close();
    }
  });
});
