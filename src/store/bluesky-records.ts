/**
 * AT Protocol records as a niche sees them over time (Jetstream, imports):
 * each create, update and delete keyed by (did, collection, rkey), the key
 * Jetstream itself uses, so an event seen twice (a replay after a reconnect,
 * a file imported twice) changes nothing the second time. A batch of
 * changes, its edges and the stream's cursor are written in ONE transaction.
 *
 * A delete removes the evidence the record gave (a deleted post's replies,
 * quotes and mentions; an undone repost or like; an unfollow): the edges lose
 * that weight, and go when none is left. The record's row stays, marked, so a
 * replay or an older snapshot (a CAR) of the record changes nothing. An
 * unfollow names only (did, collection, rkey): it applies when the follow's
 * row is here (seen on the stream, or read from a repository CAR).
 */
import { createPageWriter } from "./write.ts";
import type { AccountIssue, AccountRecord, EdgeWrite, PostRecord, StoreDb } from "./types.ts";

/** One change to apply. `edges` and `post` are what a create or update gives (none for a delete). */
export type RecordChange =
  | {
      type: "upsert";
      did: string;
      collection: string;
      rkey: string;
      cid: string | null;
      timeUs: number;
      edges: EdgeWrite[];
      post?: PostRecord;
    }
  | { type: "delete"; did: string; collection: string; rkey: string; timeUs: number }
  | { type: "identity"; did: string; handle: string | null; timeUs: number }
  | { type: "account"; did: string; active: boolean; status: string | null; timeUs: number };

export interface BatchResult {
  /** Changes applied. */
  applied: number;
  /** Changes already seen (same did, collection, rkey and operation). */
  duplicates: number;
  /**
   * Unfollows that could not be applied: the follow record (did, rkey) is not
   * in the store (a follow found by a crawl, which gives no record key, or one
   * never seen), and no evidence carries its URI.
   */
  unresolvedDeletes: number;
  newEdges: number;
  removedEdges: number;
}

export interface RecordWriter {
  /**
   * Applies `changes` for the niche in one transaction, with the stream's
   * `cursor` (time_us) when given: the cursor is stored only with the changes it covers.
   * `source` names an imported file (`jetstream:<name>`, `car:<name>`): it is
   * recorded once, as a page of that source, so the store tells imports from listens.
   */
  apply(nicheId: number, changes: readonly RecordChange[], cursor?: { url: string; timeUs: number } | null, source?: string): BatchResult;
}

export function createRecordWriter(db: StoreDb): RecordWriter {
  const pages = createPageWriter(db, "bluesky");
  const getRecord = db.prepare("SELECT edges, deleted_us, time_us FROM bsky_records WHERE niche_id = ? AND did = ? AND collection = ? AND rkey = ?");
  const putRecord = db.prepare(
    `INSERT INTO bsky_records (niche_id, did, collection, rkey, cid, time_us, edges, deleted_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (niche_id, did, collection, rkey) DO UPDATE SET cid = excluded.cid, time_us = excluded.time_us, edges = excluded.edges, deleted_us = excluded.deleted_us`,
  );
  const evidenceOf = db.prepare("SELECT kind, target, source, weight FROM edge_evidence WHERE niche_id = ? AND item = ?");
  const dropEvidence = db.prepare("DELETE FROM edge_evidence WHERE niche_id = ? AND item = ?");
  const lowerEdge = db.prepare("UPDATE edges SET weight = weight - ? WHERE niche_id = ? AND source = ? AND target = ? AND kind = ?");
  const dropEmptyEdge = db.prepare("DELETE FROM edges WHERE niche_id = ? AND source = ? AND target = ? AND kind = ? AND evidenced = 1 AND weight <= 0");
  const dropPlainEdge = db.prepare("DELETE FROM edges WHERE niche_id = ? AND source = ? AND target = ? AND kind = ? AND evidenced = 0");
  const saveCursor = db.prepare(
    `INSERT INTO jetstream_cursors (niche_id, cursor, url, events, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (niche_id) DO UPDATE SET cursor = max(cursor, excluded.cursor), url = excluded.url,
       events = events + excluded.events, updated_at = excluded.updated_at`,
  );
  const hasSource = db.prepare("SELECT 1 FROM pages WHERE niche_id = ? AND source = ? LIMIT 1").pluck();
  const clearIssue = db.prepare("DELETE FROM account_issues WHERE niche_id = ? AND ref = ? AND reason IN ('deactivated', 'takendown', 'takedown', 'suspended')");

  /** Removes the evidence of a record (its AT URI) and its plain edges; returns the edges that went. */
  const removeEvidence = (nicheId: number, uri: string, plain: readonly EdgeWrite[]): number => {
    let removed = 0;
    for (const e of evidenceOf.all(nicheId, uri) as { kind: string; target: string; source: string; weight: number }[]) {
      lowerEdge.run(e.weight, nicheId, e.source, e.target, e.kind);
      removed += dropEmptyEdge.run(nicheId, e.source, e.target, e.kind).changes;
    }
    dropEvidence.run(nicheId, uri);
    for (const e of plain) if (e.item === undefined) removed += dropPlainEdge.run(nicheId, e.source, e.target, e.kind).changes;
    return removed;
  };

  const apply = db.transaction((nicheId: number, changes: readonly RecordChange[], cursor?: { url: string; timeUs: number } | null, source?: string): BatchResult => {
    const result: BatchResult = { applied: 0, duplicates: 0, unresolvedDeletes: 0, newEdges: 0, removedEdges: 0 };
    const at = new Date().toISOString();
    for (const c of changes) {
      if (c.type === "identity" || c.type === "account") {
        const account: AccountRecord = { id: c.did, handle: c.type === "identity" ? c.handle : null };
        const issues: AccountIssue[] = c.type === "account" && !c.active ? [{ ref: c.did, reason: c.status ?? "deactivated", detail: "Jetstream account event" }] : [];
        if (c.type === "account" && c.active) clearIssue.run(nicheId, c.did);
        pages.commit({ nicheId, page: null, accounts: c.type === "identity" ? [account] : [], issues, at });
        result.applied++;
        continue;
      }
      const uri = `at://${c.did}/${c.collection}/${c.rkey}`;
      const row = getRecord.get(nicheId, c.did, c.collection, c.rkey) as { edges: string; deleted_us: number | null; time_us: number | null } | undefined;
      if (c.type === "delete") {
        if (row?.deleted_us != null) {
          result.duplicates++;
          continue;
        }
        const plain = row ? (JSON.parse(row.edges) as EdgeWrite[]) : [];
        const removed = removeEvidence(nicheId, uri, plain);
        if (!row && removed === 0 && c.collection === "app.bsky.graph.follow") result.unresolvedDeletes++;
        result.removedEdges += removed;
        putRecord.run(nicheId, c.did, c.collection, c.rkey, null, row?.time_us ?? null, row?.edges ?? "[]", c.timeUs);
        result.applied++;
        continue;
      }
      if (row && (row.deleted_us != null || (row.time_us !== null && row.time_us >= c.timeUs))) {
        result.duplicates++; // seen already, or deleted since (a replay of an older create)
        continue;
      }
      if (row) result.removedEdges += removeEvidence(nicheId, uri, JSON.parse(row.edges) as EdgeWrite[]); // an update replaces the record
      putRecord.run(nicheId, c.did, c.collection, c.rkey, c.cid, c.timeUs, JSON.stringify(c.edges), null);
      const commit = pages.commit({
        nicheId,
        page: null,
        posts: c.post ? [c.post] : [],
        nichePosts: c.post ? [c.post.id] : [],
        edges: c.edges,
        at,
      });
      result.newEdges += commit.newEdges;
      result.applied++;
    }
    if (cursor) saveCursor.run(nicheId, cursor.timeUs, cursor.url, result.applied, at);
    if (source !== undefined && hasSource.get(nicheId, source) === undefined) {
      const [kind, ...name] = source.split(":");
      pages.logPage(nicheId, null, { endpoint: kind, params: { file: name.join(":") }, status: 200, body: null, fetchedAt: at, source });
    }
    return result;
  });

  return { apply: (nicheId, changes, cursor, source) => apply.immediate(nicheId, changes, cursor, source) };
}

/** The niche's stored Jetstream cursor (time_us), if it has listened before. */
export function jetstreamCursor(db: StoreDb, nicheId: number): { cursor: number; url: string; events: number; updatedAt: string } | undefined {
  const row = db.prepare("SELECT cursor, url, events, updated_at FROM jetstream_cursors WHERE niche_id = ?").get(nicheId) as
    | { cursor: number; url: string; events: number; updated_at: string }
    | undefined;
  return row && { cursor: row.cursor, url: row.url, events: row.events, updatedAt: row.updated_at };
}
