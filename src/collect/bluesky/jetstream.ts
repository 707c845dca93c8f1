/**
 * `atlas listen bluesky`: a niche kept up to date from Jetstream. One
 * WebSocket (`ws`) subscribed to the niche's accounts and the four
 * collections; events are applied in batches, each batch in one transaction
 * with the `time_us` cursor it reaches. After any stop the next connection
 * asks for the stored cursor rewound a few seconds (as Jetstream's README
 * advises): the replayed events are recognised by (did, collection, rkey)
 * and change nothing. Dropped connections reconnect with backoff.
 */
import WebSocket from "ws";
import { createRecordWriter } from "../../store/bluesky-records.ts";
import type { RecordChange } from "../../store/bluesky-records.ts";
import type { StoreDb } from "../../store/types.ts";
import { backoffMs, RETRY_DEFAULTS, type RetryPolicy } from "../retry.ts";
import { changeOfEvent, parseJetstreamEvent, WANTED_COLLECTIONS } from "./jetstream-events.ts";

export const DEFAULT_JETSTREAM_URL = "wss://jetstream2.us-east.bsky.network/subscribe";
/** Jetstream's limit on wantedDids. */
export const MAX_WANTED_DIDS = 10_000;
/** How far a reconnection rewinds the cursor (µs). */
export const REWIND_US = 5_000_000;
/** DIDs put in the URL; more go in an `options_update` message after the connection opens. */
const DIDS_IN_URL = 100;

export interface ListenStats {
  events: number;
  applied: number;
  duplicates: number;
  malformed: number;
  newEdges: number;
  removedEdges: number;
  unresolvedDeletes: number;
  connections: number;
  batches: number;
  /** Lag of the last event behind real time, ms. */
  lagMs: number;
  lastCursor: number | null;
  startedMs: number;
}

export type ListenEvent =
  | { type: "progress"; stats: ListenStats }
  | { type: "connect"; url: string; cursor: number | null; attempt: number }
  | { type: "disconnect"; stats: ListenStats; reason: string; retryInMs: number }
  | { type: "malformed"; detail: string };

export interface ListenOptions {
  /** Jetstream subscribe URL (ws:// or wss://). */
  url: string;
  dids: readonly string[];
  /** Stored cursor (time_us), if any. */
  cursor: number | null;
  maxEvents?: number;
  durationMs?: number;
  /** Stop once an event at or after this time_us has been received (a known range). */
  untilUs?: number;
  /** Events per transaction (default 200); a batch is also flushed every `flushMs` (default 500). */
  batchSize?: number;
  flushMs?: number;
  /** Aborted: stop cleanly (Ctrl-C). */
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  now(): number;
  random(): number;
  onEvent?(e: ListenEvent): void;
}

/** The subscribe URL for `dids` from `cursor` (µs); `hello`: the DIDs go in an options_update message. */
export function subscribeUrl(base: string, dids: readonly string[], cursor: number | null): { url: string; hello: boolean } {
  const u = new URL(base);
  for (const c of WANTED_COLLECTIONS) u.searchParams.append("wantedCollections", c);
  const hello = dids.length > DIDS_IN_URL;
  if (hello) u.searchParams.set("requireHello", "true");
  else for (const d of dids) u.searchParams.append("wantedDids", d);
  if (cursor !== null) u.searchParams.set("cursor", String(cursor));
  return { url: u.toString(), hello };
}

export async function listenJetstream(db: StoreDb, nicheId: number, options: ListenOptions): Promise<ListenStats> {
  const policy: RetryPolicy = { ...RETRY_DEFAULTS, ...options.retry };
  const writer = createRecordWriter(db);
  const stats: ListenStats = {
    events: 0, applied: 0, duplicates: 0, malformed: 0, newEdges: 0, removedEdges: 0, unresolvedDeletes: 0,
    connections: 0, batches: 0, lagMs: 0, lastCursor: options.cursor, startedMs: options.now(),
  };
  const batchSize = options.batchSize ?? 200;
  const dids = options.dids.slice(0, MAX_WANTED_DIDS);
  let pending: RecordChange[] = [];
  let pendingCursor: number | null = null;
  let stopped = false;
  let reached = false;
  let attempt = 0;
  const deadline = options.durationMs === undefined ? Infinity : options.now() + options.durationMs;

  const flush = (): void => {
    if (pendingCursor === null) return;
    const r = writer.apply(nicheId, pending, { url: options.url, timeUs: pendingCursor });
    stats.applied += r.applied;
    stats.duplicates += r.duplicates;
    stats.newEdges += r.newEdges;
    stats.removedEdges += r.removedEdges;
    stats.unresolvedDeletes += r.unresolvedDeletes;
    stats.batches++;
    stats.lastCursor = Math.max(stats.lastCursor ?? 0, pendingCursor);
    pending = [];
    pendingCursor = null;
    options.onEvent?.({ type: "progress", stats });
  };
  const done = (): boolean => stopped || reached || options.signal?.aborted === true || stats.events >= (options.maxEvents ?? Infinity) || options.now() >= deadline;

  while (!done()) {
    const from = stats.lastCursor === null ? null : Math.max(0, stats.lastCursor - REWIND_US);
    const { url, hello } = subscribeUrl(options.url, dids, from);
    options.onEvent?.({ type: "connect", url, cursor: from, attempt });
    const reason = await new Promise<string>((resolve) => {
      const ws = new WebSocket(url);
      let finished = false;
      const timer = setInterval(() => {
        if (done()) ws.close(1000);
        else flush();
      }, options.flushMs ?? 500);
      const end = (why: string): void => {
        if (finished) return;
        finished = true;
        clearInterval(timer);
        options.signal?.removeEventListener("abort", onAbort);
        resolve(why);
      };
      const onAbort = (): void => ws.close(1000);
      options.signal?.addEventListener("abort", onAbort);
      ws.on("open", () => {
        stats.connections++;
        if (hello) ws.send(JSON.stringify({ type: "options_update", payload: { wantedCollections: WANTED_COLLECTIONS, wantedDids: dids, maxMessageSizeBytes: 0 } }));
      });
      ws.on("message", (data) => {
        if (finished || done()) return;
        attempt = 0;
        let value: unknown;
        try {
          value = JSON.parse(data.toString());
        } catch {
          stats.malformed++;
          options.onEvent?.({ type: "malformed", detail: "a message that is not JSON" });
          return;
        }
        const event = parseJetstreamEvent(value);
        if (typeof event === "string") {
          stats.malformed++;
          options.onEvent?.({ type: "malformed", detail: event });
          return;
        }
        stats.events++;
        stats.lagMs = Math.max(0, options.now() - event.time_us / 1000);
        const change = changeOfEvent(event);
        if (change) pending.push(change);
        pendingCursor = Math.max(pendingCursor ?? 0, event.time_us);
        if (options.untilUs !== undefined && event.time_us >= options.untilUs) reached = true;
        if (pending.length >= batchSize) flush();
        if (done()) ws.close(1000);
      });
      ws.on("error", (error) => end(`connection error (${(error as Error).message})`));
      ws.on("close", (code, why) => end(`closed (${code}${why.length ? ` ${why.toString()}` : ""})`));
    });
    flush();
    if (done()) break;
    attempt++;
    const wait = backoffMs(policy, attempt, options.random);
    options.onEvent?.({ type: "disconnect", stats, reason, retryInMs: wait });
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, Math.min(wait, Math.max(0, deadline - options.now())));
      options.signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    });
  }
  stopped = true;
  flush();
  return stats;
}
