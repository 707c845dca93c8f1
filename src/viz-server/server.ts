/**
 * The tiny static server behind `atlas view`: serves the built viewer and ONE
 * data file (or the parts of one columnar atlas), nothing else (no directory listing, no path outside the viewer's
 * directory, no dot-files). Binds to 127.0.0.1 unless told otherwise.
 */
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { basename, extname, join, resolve, sep } from "node:path";
import { COLUMNAR_FILES, COLUMNAR_FORMAT } from "../graph/columnar/format.ts";

const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
});

export interface DataRoute {
  /** URL path, e.g. `/data/atlas.json`. */
  path: string;
  /** File on disk. */
  file: string;
  /** The file is gzip-compressed and sent with `Content-Encoding: gzip` (so the browser inflates it). */
  gzip: boolean;
  contentType: string;
}

/** A plain file name usable in a URL (`?file=`) and in `data/` (no slashes, no dot-start). */
export function safeFileName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9._ -]/g, "_").replace(/^[._ -]+/, "");
  return clean.replace(/\.\.+/g, ".") || "graph";
}

/** The `atlas.json` of a columnar atlas directory, or null when `dir` is not one. */
function columnarMeta(dir: string): { nodes: string; edges: string } | null {
  try {
    if (!statSync(dir).isDirectory()) return null;
    const meta = JSON.parse(readFileSync(join(dir, COLUMNAR_FILES.meta), "utf8")) as { columnar?: { format?: unknown; nodes?: unknown; edges?: unknown } };
    if (meta.columnar?.format !== COLUMNAR_FORMAT) return null;
    const name = (v: unknown, fallback: string): string => (typeof v === "string" ? basename(v) : fallback);
    return { nodes: name(meta.columnar.nodes, COLUMNAR_FILES.nodes), edges: name(meta.columnar.edges, COLUMNAR_FILES.edges) };
  } catch {
    return null;
  }
}

/**
 * Where the viewer finds `file`: atlas / graphology JSON (`.json`, `.json.gz`)
 * at `/data/atlas.json` (the viewer's default); a columnar atlas directory at
 * `/data/<name>.atlas/` (its `atlas.json` and its two Arrow files, `files`),
 * opened with `?file=<name>.atlas`; any other graph file at `/data/<name>`,
 * opened with `?file=<name>` and analyzed in the browser.
 */
export function dataRoute(file: string): { route: DataRoute; files?: DataRoute[]; query: string } {
  const name = basename(file);
  const columnar = columnarMeta(file);
  if (columnar) {
    const safe = safeFileName(name).replace(/(\.atlas)?$/i, ".atlas");
    const part = (fileName: string, contentType: string): DataRoute => ({ path: `/data/${safe}/${fileName}`, file: join(file, fileName), gzip: false, contentType });
    return {
      route: part(COLUMNAR_FILES.meta, CONTENT_TYPES[".json"]),
      files: [part(columnar.nodes, "application/vnd.apache.arrow.file"), part(columnar.edges, "application/vnd.apache.arrow.file")],
      query: `?file=${encodeURIComponent(safe)}`,
    };
  }
  const lower = name.toLowerCase();
  if (lower.endsWith(".json") || lower.endsWith(".json.gz")) {
    const gzip = lower.endsWith(".gz");
    return { route: { path: "/data/atlas.json", file, gzip, contentType: CONTENT_TYPES[".json"] }, query: "" };
  }
  const safe = safeFileName(name);
  return {
    route: { path: `/data/${safe}`, file, gzip: false, contentType: "application/octet-stream" },
    query: `?file=${encodeURIComponent(safe)}`,
  };
}

/**
 * Routes of several files for the compare page (`compare.html?files=…`): each
 * file at `/data/<safe name>` (names made unique with `-2`, `-3`…), `.gz`
 * files sent with `Content-Encoding: gzip` under their name without `.gz`.
 * Returns the routes and the page's query string.
 */
export function compareRoutes(files: readonly string[]): { routes: DataRoute[]; query: string } {
  const used = new Set<string>(["atlas.json"]);
  const routes: DataRoute[] = [];
  const names: string[] = [];
  for (const file of files) {
    const gzip = /\.gz$/i.test(file);
    const base = safeFileName(basename(file).replace(/\.gz$/i, ""));
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = base.replace(/^([^.]*)/, `$1-${i}`);
    used.add(name.toLowerCase());
    names.push(name);
    const json = /\.json$/i.test(name);
    routes.push({ path: `/data/${name}`, file, gzip, contentType: json ? CONTENT_TYPES[".json"] : "application/octet-stream" });
  }
  return { routes, query: `?files=${names.map(encodeURIComponent).join(",")}` };
}

export interface ViewServerOptions {
  /** Directory of the built viewer. */
  root: string;
  /** The data file, or none (the viewer then waits for a file). */
  data?: DataRoute;
  /** More data files (the compare page's), each at its own path. */
  files?: readonly DataRoute[];
  /** Default `127.0.0.1`. */
  host?: string;
  /**
   * Host names the `Host` header may carry besides the loopback ones and the
   * bound address (see `hostAllowed`): `name`, or `.name` for it and every
   * subdomain; `"all"` allows any (no DNS rebinding protection).
   */
  allowedHosts?: readonly string[];
  /** Default 5178; 0 = any free port. */
  port?: number;
}

export interface ViewServer {
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:5178/`. */
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "X-Frame-Options": "DENY",
});

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string>): void {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return send(res, 404, "not found\n");
    size = st.size;
  } catch {
    return send(res, 404, "not found\n");
  }
  res.writeHead(200, { ...SECURITY_HEADERS, ...headers, "Content-Length": size });
  if (req.method === "HEAD") return void res.end();
  const stream = createReadStream(file);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/** Resolves a URL path inside `root`, or `null` when it would leave it or names a dot-file. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes("\0") || path.split("/").some((part) => part.startsWith("."))) return null;
  if (path.endsWith("/")) path += "index.html";
  const base = resolve(root);
  const full = resolve(base, "." + path);
  if (full !== base && !full.startsWith(base + sep)) return null;
  return full;
}

/** The host of a `Host` header (`[::1]:5178` → `[::1]`, `LocalHost.:80` → `localhost`), or `null` when malformed. */
export function hostOfHeader(header: string): string | null {
  const h = header.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]/\s@]+)(?::(\d{1,5}))?$/.exec(h);
  return m ? m[1].replace(/\.$/, "") : null;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]"]);

/** `host` as it appears in a `Host` header: IPv6 in brackets, lower case. */
function headerForm(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
}

/**
 * Whether a request with this `Host` header may be answered: the defence
 * against DNS rebinding, after Vite's `server.allowedHosts` (a page of
 * evil.example whose name is re-pointed at 127.0.0.1 sends `Host:
 * evil.example`). Allowed: `localhost` and its subdomains, 127.0.0.1 and
 * [::1], the bound address, any IP address when bound to all interfaces
 * (0.0.0.0, ::: an address cannot be rebound), and `allowed` (`name`, `.name`
 * for its subdomains too, `all`). Any port. A missing or malformed header is refused.
 */
export function hostAllowed(header: string | undefined, bound: string, allowed: readonly string[] = []): boolean {
  if (allowed.includes("all")) return true;
  if (header === undefined) return false;
  const host = hostOfHeader(header);
  if (host === null || host === "") return false;
  if (host === "localhost" || host.endsWith(".localhost") || host === "127.0.0.1" || host === "[::1]") return true;
  const boundHost = headerForm(bound);
  if (host === boundHost) return true;
  if (WILDCARD_HOSTS.has(boundHost) && (IPV4.test(host) || host.startsWith("["))) return true;
  for (const a of allowed) {
    const name = headerForm(a);
    if (name.startsWith(".") ? host === name.slice(1) || host.endsWith(name) : host === name) return true;
  }
  return false;
}

export function createViewHandler(options: ViewServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const root = resolve(options.root);
  const bound = options.host ?? "127.0.0.1";
  const allowed = options.allowedHosts ?? [];
  return (req, res) => {
    if (!hostAllowed(req.headers.host, bound, allowed)) {
      const host = req.headers.host === undefined ? "(none)" : JSON.stringify(req.headers.host.slice(0, 100));
      return send(res, 403, `blocked: Host ${host} is not allowed (DNS rebinding protection); to allow it, run atlas view with --allowed-hosts NAME\n`);
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return send(res, 405, "method not allowed\n");
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const data = options.data;
    const route = data && url.pathname === data.path ? data : options.files?.find((f) => f.path === url.pathname);
    if (route) {
      const headers: Record<string, string> = { "Content-Type": route.contentType, "Cache-Control": "no-store" };
      if (route.gzip) headers["Content-Encoding"] = "gzip";
      return sendFile(req, res, route.file, headers);
    }
    // No file given: the viewer's default data path answers "nothing here" without an error (it then shows the drop zone).
    if (!data && url.pathname === "/data/atlas.json") {
      res.writeHead(204, { ...SECURITY_HEADERS, "Cache-Control": "no-store" });
      return void res.end();
    }
    if (url.pathname.startsWith("/data/")) return send(res, 404, "not found\n");
    const file = resolveStatic(root, url.pathname);
    if (!file || !existsSync(file)) return send(res, 404, "not found\n");
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
    const cache = file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
    return sendFile(req, res, file, { "Content-Type": type, "Cache-Control": cache });
  };
}

/** Starts the server; resolves once it listens (with the actual port when `port` is 0). */
export function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(createViewHandler(options));
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 5178, host, () => {
      server.off("error", reject);
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : options.port;
      const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
      resolvePromise({
        server,
        url: `http://${shownHost}:${port}/`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

