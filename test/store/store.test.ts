import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addTasks,
  createPageWriter,
  MIGRATIONS,
  nextTask,
  nicheGraph,
  nicheRecords,
  openStore,
  schemaVersion,
  storeStatus,
  taskCounts,
  topItemsByCommunity,
  upsertNiche,
  type PageWrite,
  type StoreDb,
} from "../../src/store/index.ts";
import { DataError, UsageError } from "../../src/shared/errors.ts";

let dir: string;
let db: StoreDb;
const AT = "2026-01-01T00:00:00.000Z";

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "atlas-store-"));
  db = openStore(join(dir, "atlas.db"));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (id: string, author: string, extra: Partial<NonNullable<PageWrite["posts"]>[number]> = {}) => ({
  id,
  authorId: author,
  createdAt: AT,
  text: "t",
  hashtags: [],
  urls: [],
  mentions: [],
  referenced: [],
  ...extra,
});

describe("openStore", () => {
  it("should create a WAL-mode file at the latest schema version, and reopen it unchanged", () => {
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]);
    expect(tables).toEqual([
      "account_issues", "accounts", "bsky_records", "edge_evidence", "edges", "jetstream_cursors", "niche_accounts", "niche_posts", "niche_videos",
      "niches", "pages", "posts", "quota_days", "quota_ledger", "tasks", "videos",
    ]);
    db.close();
    db = openStore(join(dir, "atlas.db"));
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
  });

  it("should refuse a store made by a newer version", () => {
    db.close();
    const raw = new Database(join(dir, "atlas.db"));
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openStore(join(dir, "atlas.db"))).toThrow(DataError);
    expect(() => openStore(join(dir, "atlas.db"))).toThrow(/newer than this program/);
    db = openStore(join(dir, "other.db"));
  });
});

describe("niches", () => {
  it("should merge seeds on re-use and refuse another platform", () => {
    upsertNiche(db, "n", "twitter", ["a", "b"], { depth: 1 }, AT);
    const n = upsertNiche(db, "n", "twitter", ["b", "c"], { depth: 2 }, AT);
    expect(n.seeds).toEqual(["a", "b", "c"]);
    expect(n.params).toEqual({ depth: 2 });
    expect(() => upsertNiche(db, "n", "youtube", [], {}, AT)).toThrow(UsageError);
  });
});

describe("createPageWriter", () => {
  it("should count each evidence item once, however often it is written", () => {
    const n = upsertNiche(db, "n", "twitter", [], {}, AT);
    const w = createPageWriter(db, "twitter");
    const write: PageWrite = {
      nicheId: n.id,
      page: null,
      edges: [
        { source: "1", target: "2", kind: "mentions", item: "t1", at: AT },
        { source: "1", target: "2", kind: "mentions", item: "t2", at: AT },
        { source: "1", target: "3", kind: "mentions", item: "t2", at: AT },
        { source: "1", target: "2", kind: "follows" },
      ],
      at: AT,
    };
    expect(w.commit(write)).toEqual({ newEdges: 3, newEvidence: 3, newTasks: 0 });
    expect(w.commit(write)).toEqual({ newEdges: 0, newEvidence: 0, newTasks: 0 });
    const rows = db.prepare("SELECT source, target, kind, weight FROM edges ORDER BY target, kind").all();
    expect(rows).toEqual([
      { source: "1", target: "2", kind: "follows", weight: 1 },
      { source: "1", target: "2", kind: "mentions", weight: 2 },
      { source: "1", target: "3", kind: "mentions", weight: 1 },
    ]);
  });

  it("should write nothing of a page whose transaction fails", () => {
    const n = upsertNiche(db, "n", "twitter", [], {}, AT);
    addTasks(db, n.id, [{ kind: "following", accountId: "1" }], AT);
    const task = nextTask(db, n.id)!;
    const w = createPageWriter(db, "twitter");
    const bad: PageWrite = {
      nicheId: n.id,
      page: { endpoint: "/2/users/1/following", params: {}, status: 200, body: "{}", fetchedAt: AT },
      accounts: [{ id: "2", handle: "b" }],
      edges: [{ source: "1", target: "2", kind: "follows" }],
      taskUpdate: { id: task.id, nextToken: "tok", status: "pending", items: 1 },
      // A post without an id violates NOT NULL: the whole page must roll back.
      posts: [post(null as unknown as string, "1")],
      at: AT,
    };
    expect(() => w.commit(bad)).toThrow(/NOT NULL/);
    for (const table of ["pages", "accounts", "edges", "posts"]) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
    expect(nextTask(db, n.id)).toMatchObject({ id: task.id, nextToken: null, pages: 0 });
  });

  it("should keep known profile fields when an account is seen again with fewer", () => {
    const n = upsertNiche(db, "n", "twitter", [], {}, AT);
    const w = createPageWriter(db, "twitter");
    w.commit({ nicheId: n.id, page: null, accounts: [{ id: "1", handle: "a", name: "A", followers: 10, description: "d" }], at: AT });
    w.commit({ nicheId: n.id, page: null, accounts: [{ id: "1", handle: "a2" }], at: "2026-02-01T00:00:00.000Z" });
    expect(db.prepare("SELECT handle, name, followers, description, first_seen, last_seen FROM accounts").get()).toEqual({
      handle: "a2",
      name: "A",
      followers: 10,
      description: "d",
      first_seen: AT,
      last_seen: "2026-02-01T00:00:00.000Z",
    });
  });
});

describe("tasks", () => {
  it("should add a task once and hand them out oldest first", () => {
    const n = upsertNiche(db, "n", "twitter", [], {}, AT);
    expect(addTasks(db, n.id, [{ kind: "following", accountId: "1" }, { kind: "following", accountId: "2" }], AT)).toBe(2);
    expect(addTasks(db, n.id, [{ kind: "following", accountId: "1" }], AT)).toBe(0);
    expect(nextTask(db, n.id)?.accountId).toBe("1");
    expect(taskCounts(db, n.id)).toMatchObject({ pending: 2, done: 0, accountsQueued: 2, accountsDone: 0 });
  });
});

describe("nicheRecords", () => {
  function seed(): number {
    const n = upsertNiche(db, "n", "twitter", ["a"], {}, AT);
    const w = createPageWriter(db, "twitter");
    w.commit({
      nicheId: n.id,
      page: null,
      accounts: [
        { id: "1", handle: "a", name: "Ann", followers: 7, description: "first" },
        { id: "2", handle: "b" },
      ],
      nicheAccounts: [{ id: "1", depth: 0, seed: true }, { id: "9", depth: 1 }],
      edges: [
        { source: "1", target: "2", kind: "follows" },
        { source: "1", target: "2", kind: "mentions", item: "t1", at: "2025-06-01T00:00:00.000Z" },
        { source: "1", target: "2", kind: "mentions", item: "t2", at: "2026-06-01T00:00:00.000Z" },
        { source: "2", target: "3", kind: "retweets", item: "t3", at: "2025-06-01T00:00:00.000Z" },
      ],
      at: AT,
    });
    return n.id;
  }

  it("should give prefixed nodes with label, handle, followers and description", () => {
    seed();
    const r = nicheRecords(db, "n");
    expect(r.nodes).toEqual([
      { key: "tw:1", attributes: { label: "Ann", handle: "a", followers: 7, description: "first" } },
      { key: "tw:2", attributes: { label: "@b", handle: "b" } },
      { key: "tw:3", attributes: { label: "tw:3" } },
      { key: "tw:9", attributes: { label: "tw:9" } },
    ]);
    expect(r.edges).toEqual([
      { source: "tw:1", target: "tw:2", kind: "follows", weight: 1 },
      { source: "tw:1", target: "tw:2", kind: "mentions", weight: 2 },
      { source: "tw:2", target: "tw:3", kind: "retweets", weight: 1 },
    ]);
  });

  it("should filter by kinds and count only evidence since a date", () => {
    seed();
    expect(nicheRecords(db, "n", { kinds: ["mentions"], since: "2026-01-01" }).edges).toEqual([
      { source: "tw:1", target: "tw:2", kind: "mentions", weight: 1 },
    ]);
    // follows were last seen at AT (2026-01-01): kept since that day.
    expect(nicheRecords(db, "n", { since: "2026-01-01" }).edges.map((e) => e.kind)).toEqual(["follows", "mentions"]);
    expect(() => nicheRecords(db, "n", { since: "yesterday-ish" })).toThrow(UsageError);
    expect(() => nicheRecords(db, "nope")).toThrow(/no niche "nope"/);
  });

  it("should build the model graph, merging kinds between one pair", () => {
    seed();
    const g = nicheGraph(db, "n");
    expect(g.order).toBe(4);
    expect(g.size).toBe(2);
    expect(g.getEdgeAttributes(g.edge("tw:1", "tw:2"))).toEqual({ weight: 3, kind: "follows,mentions" });
    expect(g.getNodeAttribute("tw:1", "label")).toBe("Ann");
  });
});

describe("topItemsByCommunity", () => {
  it("should count hashtags (case-folded), URLs and mentions of the posts of each community's members", () => {
    const n = upsertNiche(db, "n", "twitter", [], {}, AT);
    const w = createPageWriter(db, "twitter");
    w.commit({
      nicheId: n.id,
      page: null,
      accounts: [{ id: "3", handle: "carol" }],
      posts: [
        post("p1", "1", { hashtags: ["Climate", "energy"], urls: ["https://x.org/a"], mentions: [{ id: "3", handle: null }] }),
        post("p2", "2", { hashtags: ["climate"], urls: ["https://x.org/a", "https://x.org/b"], mentions: [{ id: null, handle: "dan" }] }),
        post("p3", "3", { hashtags: ["other"] }),
        post("p4", "1", { hashtags: ["notcollected"] }),
      ],
      nichePosts: ["p1", "p2", "p3"],
      at: AT,
    });
    const top = topItemsByCommunity(db, "n", { "tw:1": 0, "tw:2": 0, "tw:3": 1, "tw:4": 2 });
    expect(top).toEqual([
      {
        community: 0,
        posts: 2,
        hashtags: [{ item: "climate", count: 2 }, { item: "energy", count: 1 }],
        urls: [{ item: "https://x.org/a", count: 2 }, { item: "https://x.org/b", count: 1 }],
        mentions: [{ item: "@carol", count: 1 }, { item: "@dan", count: 1 }],
      },
      { community: 1, posts: 1, hashtags: [{ item: "other", count: 1 }], urls: [], mentions: [] },
      { community: 2, posts: 0, hashtags: [], urls: [], mentions: [] },
    ]);
    expect(topItemsByCommunity(db, "n", new Map([["tw:1", 5]]), { top: 1 })[0].hashtags).toEqual([{ item: "climate", count: 1 }]);
  });
});

describe("storeStatus", () => {
  it("should count requests, rate-limited and failed responses of a niche", () => {
    const n = upsertNiche(db, "n", "twitter", [], {}, AT);
    const w = createPageWriter(db, "twitter");
    for (const status of [200, 429, 503, 0, 200]) {
      w.logPage(n.id, null, { endpoint: "/2/x", params: {}, status, body: null, fetchedAt: AT });
    }
    const [s] = storeStatus(db);
    expect(s).toMatchObject({ name: "n", requests: 5, rateLimited: 1, failedRequests: 2, lastRequestAt: AT });
  });
});
