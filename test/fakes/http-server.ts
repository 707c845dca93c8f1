/**
 * What the fake API servers share: a node:http server on 127.0.0.1 (a free
 * port), the log of requests it answered, and their 200 counts by page key.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export abstract class FakeHttpServer<R extends { status: number; key: string }> {
  readonly requests: R[] = [];
  url = "";
  private server: http.Server | null = null;

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** Requests answered 200, by page key. */
  okCounts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.requests) if (r.status === 200) m.set(r.key, (m.get(r.key) ?? 0) + 1);
    return m;
  }
}
