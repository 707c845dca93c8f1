import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { request } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataRoute, hostAllowed, REPO_ROOT, resolveStatic, safeFileName, startViewServer, type ViewServer } from "../../src/viz-server/index.ts";

let dir: string;
let server: ViewServer;
let gzServer: ViewServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "atlas-view-"));
  const root = join(dir, "viz");
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<!doctype html><title>viewer</title>");
  writeFileSync(join(root, "assets", "app.js"), "console.log(1)");
  writeFileSync(join(root, ".secret"), "no");
  writeFileSync(join(dir, "secret.txt"), "outside");
  writeFileSync(join(dir, "my.atlas.json"), '{"nodes":[]}');
  writeFileSync(join(dir, "g.json.gz"), gzipSync('{"gz":true}'));
  server = await startViewServer({ root, data: dataRoute(join(dir, "my.atlas.json")).route, port: 0 });
  gzServer = await startViewServer({ root, data: dataRoute(join(dir, "g.json.gz")).route, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await gzServer?.close();
});

describe("atlas view server", () => {
  it("should listen on 127.0.0.1 and serve the viewer", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toContain("<title>viewer</title>");
    expect((await fetch(new URL("assets/app.js", server.url))).headers.get("content-type")).toMatch(/javascript/);
  });

  it("should serve the given file at /data/atlas.json and no other data path", async () => {
    const res = await fetch(new URL("data/atlas.json", server.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ nodes: [] });
    expect((await fetch(new URL("data/my.atlas.json", server.url))).status).toBe(404);
  });

  it("should send a .json.gz file with Content-Encoding: gzip", async () => {
    const res = await fetch(new URL("data/atlas.json", gzServer.url));
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(await res.json()).toEqual({ gz: true });
  });

  it("should refuse paths outside the viewer, dot-files and other methods", async () => {
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/.secret", "/assets/..%2f..%2fsecret.txt", "/nope.html"]) {
      const res = await fetch(server.url.replace(/\/$/, "") + path);
      expect(res.status, path).toBe(404);
    }
    expect((await fetch(server.url, { method: "POST" })).status).toBe(405);
  });
});

describe("dataRoute and resolveStatic", () => {
  it("should route non-JSON graphs to /data/<name> opened with ?file=", () => {
    expect(dataRoute("/x/football.gml")).toMatchObject({ route: { path: "/data/football.gml" }, query: "?file=football.gml" });
    expect(dataRoute("/x/a.json")).toMatchObject({ route: { path: "/data/atlas.json", gzip: false }, query: "" });
  });
  it("should make file names URL-safe", () => {
    expect(safeFileName("../we ird<>.gexf")).toBe("we ird__.gexf");
    expect(safeFileName("...")).toBe("graph");
  });
  it("should resolve only inside the root", () => {
    expect(resolveStatic("/srv/viz", "/")).toBe("/srv/viz/index.html");
    expect(resolveStatic("/srv/viz", "/../etc/passwd")).toBeNull();
    expect(resolveStatic("/srv/viz", "/%E0%A4%A")).toBeNull();
  });
});

/** A GET with this exact Host header (fetch may not set Host), its status and body. */
function getWithHost(url: string, host: string | null, path = "/data/atlas.json"): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: "GET", setHost: false, headers: host === null ? {} : { Host: host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolvePromise({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("atlas view server: the Host header (DNS rebinding)", () => {
  it("should answer Host localhost, 127.0.0.1 and [::1], with or without the port", async () => {
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, "127.0.0.1", `localhost:${port}`, "LOCALHOST", `[::1]:${port}`, `app.localhost:${port}`]) {
      const r = await getWithHost(server.url, host);
      expect({ host, status: r.status }).toEqual({ host, status: 200 });
      expect(JSON.parse(r.body)).toEqual({ nodes: [] });
    }
  });

  it("should refuse a rebound name, another address, a missing or malformed Host with 403 and no data", async () => {
    const port = new URL(server.url).port;
    for (const host of [`evil.example:${port}`, "evil.example", `localhost.evil.example:${port}`, `192.168.1.20:${port}`, "127.0.0.2", "2130706433", "a b", "user@127.0.0.1"]) {
      const r = await getWithHost(server.url, host);
      expect({ host, status: r.status }).toEqual({ host, status: 403 });
      expect(r.body).not.toContain("nodes");
      expect(r.body).toMatch(/not allowed \(DNS rebinding protection\)/);
    }
    // No Host at all: Node's HTTP/1.1 parser answers 400 before the handler.
    const none = await getWithHost(server.url, null);
    expect(none.status).toBe(400);
    expect(none.body).not.toContain("nodes");
    // The viewer's page too, not only the data.
    expect((await getWithHost(server.url, "evil.example", "/")).status).toBe(403);
  });

  it("should allow the names given in allowedHosts (.name: its subdomains too) and nothing else", async () => {
    const allowing = await startViewServer({ root: join(dir, "viz"), data: dataRoute(join(dir, "my.atlas.json")).route, port: 0, allowedHosts: ["mybox.lan", ".example.org"] });
    try {
      for (const [host, status] of [["mybox.lan:1", 200], ["example.org", 200], ["maps.example.org", 200], ["other.lan", 403], ["evilexample.org", 403]] as const) {
        expect({ host, status: (await getWithHost(allowing.url, host)).status }).toEqual({ host, status });
      }
    } finally {
      await allowing.close();
    }
  });

  it("should allow the bound address, and any IP address (not a name) when bound to all interfaces", () => {
    expect(hostAllowed("192.168.1.20:5178", "192.168.1.20")).toBe(true);
    expect(hostAllowed("mybox.lan:5178", "mybox.lan")).toBe(true);
    expect(hostAllowed("192.168.1.20:5178", "0.0.0.0")).toBe(true);
    expect(hostAllowed("[fe80::1]:5178", "::")).toBe(true);
    expect(hostAllowed("mybox.lan:5178", "0.0.0.0")).toBe(false);
    expect(hostAllowed("192.168.1.21", "192.168.1.20")).toBe(false);
    expect(hostAllowed("[::1]:5178", "::1")).toBe(true);
    expect(hostAllowed("evil.example", "127.0.0.1", ["all"])).toBe(true);
    expect(hostAllowed(undefined, "127.0.0.1")).toBe(false);
  });
});

/**
 * The headers every answer of the server carries (src/viz-server/server.ts):
 * no MIME sniffing, no referrer, its own browsing context group, no framing.
 */
const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "x-frame-options": "DENY",
};

/**
 * The viewer pages' Content-Security-Policy (viz/index.html, viz/compare.html),
 * directive by directive: scripts only from the viewer's own files (no inline
 * script, no eval), workers from its files or blobs, no plugin, no <base>.
 */
const VIEWER_CSP: Readonly<Record<string, readonly string[]>> = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "worker-src": ["'self'", "blob:"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "connect-src": ["'self'", "blob:", "data:"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
};

/** A policy's directives: name → sources (in order); a repeated directive is kept twice so that it shows. */
function parseCsp(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    out[out[name.toLowerCase()] ? `${name.toLowerCase()} (again)` : name.toLowerCase()] = sources;
  }
  return out;
}

/** The content of each `<meta http-equiv="Content-Security-Policy">` of a page. */
function metaPolicies(html: string): string[] {
  const { document } = parseHTML(html);
  return Array.from(document.querySelectorAll("meta"))
    .filter((m) => (m.getAttribute("http-equiv") ?? "").toLowerCase() === "content-security-policy")
    .map((m) => m.getAttribute("content") ?? "");
}

describe("atlas view server: security headers", () => {
  it("should send the security headers on every answer: page, asset, data, 204, 403, 404 and 405", async () => {
    const empty = await startViewServer({ root: join(dir, "viz"), port: 0 });
    try {
      const answers: [string, number, Promise<{ status: number; headers: Record<string, string | undefined> }>][] = [
        ["page", 200, requestHeaders(server.url, "/")],
        ["asset", 200, requestHeaders(server.url, "/assets/app.js")],
        ["data", 200, requestHeaders(server.url, "/data/atlas.json")],
        ["gzip data", 200, requestHeaders(gzServer.url, "/data/atlas.json")],
        ["no data", 204, requestHeaders(empty.url, "/data/atlas.json")],
        ["other host", 403, requestHeaders(server.url, "/", "evil.example")],
        ["missing", 404, requestHeaders(server.url, "/nope.html")],
        ["dot-file", 404, requestHeaders(server.url, "/.secret")],
        ["POST", 405, requestHeaders(server.url, "/", undefined, "POST")],
      ];
      for (const [what, status, answer] of answers) {
        const r = await answer;
        expect({ what, status: r.status }).toEqual({ what, status });
        const sent = Object.fromEntries(Object.keys(SECURITY_HEADERS).map((h) => [h, r.headers[h]]));
        expect({ what, headers: sent }).toEqual({ what, headers: SECURITY_HEADERS });
      }
    } finally {
      await empty.close();
    }
  });

  it("should serve the viewer's pages with their Content-Security-Policy, directive by directive", async () => {
    const viewer = await startViewServer({ root: join(REPO_ROOT, "viz"), port: 0 });
    try {
      for (const page of ["/", "/index.html", "/compare.html"]) {
        const res = await fetch(new URL(page, viewer.url));
        expect({ page, status: res.status }).toEqual({ page, status: 200 });
        const policies = metaPolicies(await res.text());
        expect({ page, count: policies.length }).toEqual({ page, count: 1 });
        expect({ page, csp: parseCsp(policies[0]) }).toEqual({ page, csp: VIEWER_CSP });
      }
    } finally {
      await viewer.close();
    }
  });
});

/** A request with `method` (and this Host header when given): its status and headers (lower-case names). */
function requestHeaders(url: string, path: string, host?: string, method = "GET"): Promise<{ status: number; headers: Record<string, string | undefined> }> {
  const u = new URL(url);
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string> = { Host: host ?? u.host };
    const req = request({ host: u.hostname, port: u.port, path, method, setHost: false, headers }, (res) => {
      res.resume();
      res.on("end", () => {
        const out: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(res.headers)) out[k] = Array.isArray(v) ? v.join(", ") : v;
        resolvePromise({ status: res.statusCode ?? 0, headers: out });
      });
    });
    req.on("error", reject);
    req.end();
  });
}
