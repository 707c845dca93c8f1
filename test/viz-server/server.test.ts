import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataRoute, resolveStatic, safeFileName, startViewServer, type ViewServer } from "../../src/viz-server/index.ts";

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
