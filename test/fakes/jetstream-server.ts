/**
 * A fake Jetstream (WebSocket on 127.0.0.1, `ws`) serving a fixed event log
 * as bluesky-social/jetstream's README describes the subscribe endpoint:
 * `/subscribe?wantedCollections=…&wantedDids=…&cursor=<time_us>` (repeated
 * parameters; `requireHello=true` waits for an `options_update` message
 * `{ type, payload: { wantedCollections, wantedDids } }`), events with
 * time_us ≥ cursor in order, as JSON text frames. It can drop a connection
 * after some events (a server-side disconnect) and send a frame that is not
 * JSON; `start(port)` binds a given port (a server restarted where the
 * client knows it). No project code.
 */
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface FakeJetstreamOptions {
  /** Events per burst (default 25) and the pause between bursts, ms (default 2). */
  burst?: number;
  pauseMs?: number;
  /** For connection i (0-based), terminate it after sending this many events. */
  dropAfter?: Record<number, number>;
  /** Send a non-JSON frame after this many events on the first connection. */
  garbageAfter?: number;
  /** Called after each event sent, with the total sent over all connections. */
  onSent?: (total: number) => void;
  /** Called when a client connects, before anything is sent. */
  onConnect?: (conn: FakeJetstreamConnection) => void;
}

export interface FakeJetstreamConnection {
  wantedCollections: string[];
  wantedDids: string[];
  cursor: number | null;
  sent: number;
}

export class FakeJetstream {
  readonly connections: FakeJetstreamConnection[] = [];
  sentTotal = 0;
  url = "";
  private wss: WebSocketServer | null = null;

  constructor(
    readonly events: readonly { time_us: number; did: string; kind: string; commit?: { collection: string } }[],
    readonly options: FakeJetstreamOptions = {},
  ) {}

  async start(port = 0): Promise<string> {
    this.wss = new WebSocketServer({ host: "127.0.0.1", port, path: "/subscribe" });
    await new Promise<void>((resolve) => this.wss!.once("listening", () => resolve()));
    this.wss.on("connection", (ws, req) => {
      const q = new URL(req.url ?? "/", "http://127.0.0.1").searchParams;
      const conn: FakeJetstreamConnection = {
        wantedCollections: q.getAll("wantedCollections"),
        wantedDids: q.getAll("wantedDids"),
        cursor: q.has("cursor") ? Number(q.get("cursor")) : null,
        sent: 0,
      };
      const index = this.connections.push(conn) - 1;
      this.options.onConnect?.(conn);
      if (q.get("requireHello") === "true") {
        ws.once("message", (data) => {
          const msg = JSON.parse(data.toString()) as { type: string; payload: { wantedCollections?: string[]; wantedDids?: string[] } };
          if (msg.type === "options_update") {
            conn.wantedCollections = msg.payload.wantedCollections ?? conn.wantedCollections;
            conn.wantedDids = msg.payload.wantedDids ?? [];
          }
          this.stream(ws, conn, index);
        });
      } else this.stream(ws, conn, index);
    });
    this.url = `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/subscribe`;
    return this.url;
  }

  private stream(ws: WebSocket, conn: FakeJetstreamConnection, index: number): void {
    const dids = new Set(conn.wantedDids);
    const cols = new Set(conn.wantedCollections);
    const todo = this.events.filter(
      (e) =>
        (conn.cursor === null || e.time_us >= conn.cursor) &&
        (dids.size === 0 || dids.has(e.did)) &&
        (e.kind !== "commit" || cols.size === 0 || cols.has(e.commit!.collection)),
    );
    let i = 0;
    const drop = this.options.dropAfter?.[index];
    const next = (): void => {
      if (ws.readyState !== ws.OPEN) return;
      for (let n = 0; n < (this.options.burst ?? 25) && i < todo.length; n++) {
        if (drop !== undefined && conn.sent >= drop) {
          ws.terminate();
          return;
        }
        if (index === 0 && this.options.garbageAfter === conn.sent) ws.send("{not json");
        ws.send(JSON.stringify(todo[i++]));
        conn.sent++;
        this.sentTotal++;
        this.options.onSent?.(this.sentTotal);
      }
      if (i < todo.length) setTimeout(next, this.options.pauseMs ?? 2);
    };
    next();
  }

  async close(): Promise<void> {
    if (!this.wss) return;
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss!.close(() => resolve()));
    this.wss = null;
  }
}
