/**
 * Jetstream events (bluesky-social/jetstream README: `{ did, time_us, kind:
 * "commit", commit: { rev, operation, collection, rkey, record, cid } }`,
 * `kind: "identity"` with `identity: { did, handle, seq, time }`, `kind:
 * "account"` with `account: { active, did, seq, time, status? }`) → the
 * store's record changes, with the collector's edge rules (records.ts):
 * a post gives replies, quotes and mentions, a repost `reposts`, a like
 * `likes`, a follow `follows`.
 */
import type { RecordChange } from "../../store/bluesky-records.ts";
import { atUri, parseAtUri, recordsFromPost, repostEdge } from "./records.ts";
import type { PostRecordJson } from "./types.ts";

/** The collections `atlas listen bluesky` asks for. */
export const WANTED_COLLECTIONS = ["app.bsky.feed.post", "app.bsky.feed.repost", "app.bsky.feed.like", "app.bsky.graph.follow"] as const;

export interface JetstreamEvent {
  did: string;
  time_us: number;
  kind: "commit" | "identity" | "account";
  commit?: { rev?: string; operation: "create" | "update" | "delete"; collection: string; rkey: string; record?: Record<string, unknown>; cid?: string };
  identity?: { did?: string; handle?: string; seq?: number; time?: string };
  account?: { did?: string; active: boolean; status?: string; seq?: number; time?: string };
}

/** The event in `value`, or why it is not one (a message for the user). */
export function parseJetstreamEvent(value: unknown): JetstreamEvent | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const e = value as Record<string, unknown>;
  if (typeof e.did !== "string" || !e.did.startsWith("did:")) return "no did";
  if (typeof e.time_us !== "number" || !Number.isSafeInteger(e.time_us)) return "no integer time_us";
  if (e.kind === "commit") {
    const c = e.commit as Record<string, unknown> | undefined;
    if (typeof c !== "object" || c === null) return "a commit event without commit";
    if (!["create", "update", "delete"].includes(c.operation as string)) return `commit.operation "${String(c.operation)}" is not create, update or delete`;
    if (typeof c.collection !== "string" || typeof c.rkey !== "string") return "commit without collection or rkey";
    if (c.operation !== "delete" && (typeof c.record !== "object" || c.record === null)) return `a ${String(c.operation)} without record`;
    return value as JetstreamEvent;
  }
  if (e.kind === "identity") return typeof e.identity === "object" && e.identity !== null ? (value as JetstreamEvent) : "an identity event without identity";
  if (e.kind === "account") {
    const a = e.account as Record<string, unknown> | undefined;
    return typeof a === "object" && a !== null && typeof a.active === "boolean" ? (value as JetstreamEvent) : "an account event without account.active";
  }
  return `kind "${String(e.kind)}" is not commit, identity or account`;
}

/** The store change an event makes (null for collections the niche does not keep). */
export function changeOfEvent(e: JetstreamEvent): RecordChange | null {
  if (e.kind === "identity") return { type: "identity", did: e.did, handle: typeof e.identity?.handle === "string" ? e.identity.handle : null, timeUs: e.time_us };
  if (e.kind === "account") return { type: "account", did: e.did, active: e.account!.active, status: e.account!.status ?? null, timeUs: e.time_us };
  const c = e.commit!;
  if (!(WANTED_COLLECTIONS as readonly string[]).includes(c.collection)) return null;
  if (c.operation === "delete") return { type: "delete", did: e.did, collection: c.collection, rkey: c.rkey, timeUs: e.time_us };
  const uri = atUri(e.did, c.collection, c.rkey);
  const record = c.record ?? {};
  const base = { type: "upsert" as const, did: e.did, collection: c.collection, rkey: c.rkey, cid: c.cid ?? null, timeUs: e.time_us };
  const createdAt = typeof record.createdAt === "string" ? record.createdAt : null;
  const subjectUri = (record.subject as { uri?: unknown } | undefined)?.uri;
  switch (c.collection) {
    case "app.bsky.feed.post": {
      const { post, edges } = recordsFromPost(uri, e.did, record as PostRecordJson);
      return { ...base, post, edges };
    }
    case "app.bsky.feed.repost": {
      const edge = typeof subjectUri === "string" ? repostEdge(uri, e.did, subjectUri, createdAt) : null;
      return { ...base, edges: edge ? [edge] : [] };
    }
    case "app.bsky.feed.like": {
      const target = typeof subjectUri === "string" ? parseAtUri(subjectUri)?.did : undefined;
      return { ...base, edges: target && target !== e.did ? [{ source: e.did, target, kind: "likes", item: uri, at: createdAt }] : [] };
    }
    default: {
      // app.bsky.graph.follow: `subject` is the followed DID.
      const target = typeof record.subject === "string" && record.subject.startsWith("did:") ? record.subject : undefined;
      return { ...base, edges: target && target !== e.did ? [{ source: e.did, target, kind: "follows" }] : [] };
    }
  }
}
