import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareRoutes, startViewServer, type ViewServer } from "../../src/viz-server/index.ts";

let dir: string;
let server: ViewServer;
let query: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "atlas-compare-"));
  const root = join(dir, "viz");
  mkdirSync(join(root, "sub"), { recursive: true });
  mkdirSync(join(dir, "b"));
  writeFileSync(join(root, "compare.html"), "<!doctype html><title>compare</title>");
  writeFileSync(join(dir, "a.atlas.json"), '{"n":"a"}');
  writeFileSync(join(dir, "b", "a.atlas.json"), '{"n":"b/a"}');
  writeFileSync(join(dir, "c.json.gz"), gzipSync('{"n":"c"}'));
  writeFileSync(join(dir, "secret.txt"), "outside");
  const routes = compareRoutes([join(dir, "a.atlas.json"), join(dir, "b", "a.atlas.json"), join(dir, "c.json.gz")]);
  query = routes.query;
  server = await startViewServer({ root, files: routes.routes, port: 0 });
});

afterAll(async () => {
  await server?.close();
});

describe("compareRoutes", () => {
  it("should give each file a unique plain name and the page its ?files= query", () => {
    const { routes, query } = compareRoutes(["x/a.atlas.json", "y/a.atlas.json", "z/a b?.gml", "w/atlas.json", "g.json.gz"]);
    expect(routes.map((r) => r.path)).toEqual(["/data/a.atlas.json", "/data/a-2.atlas.json", "/data/a b_.gml", "/data/atlas-2.json", "/data/g.json"]);
    expect(routes.map((r) => r.gzip)).toEqual([false, false, false, false, true]);
    expect(routes[2].contentType).toBe("application/octet-stream");
    expect(query).toBe("?files=a.atlas.json,a-2.atlas.json,a%20b_.gml,atlas-2.json,g.json");
  });
});

describe("atlas view --compare server", () => {
  it("should serve every given file at its name, and nothing else under data/", async () => {
    expect(query).toBe("?files=a.atlas.json,a-2.atlas.json,c.json");
    expect(await (await fetch(new URL("data/a.atlas.json", server.url))).json()).toEqual({ n: "a" });
    expect(await (await fetch(new URL("data/a-2.atlas.json", server.url))).json()).toEqual({ n: "b/a" });
    const gz = await fetch(new URL("data/c.json", server.url));
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(await gz.json()).toEqual({ n: "c" });
    for (const path of ["data/secret.txt", "data/c.json.gz", "data/../secret.txt"]) {
      expect((await fetch(new URL(path, server.url))).status, path).toBe(404);
    }
    // Without a single-file route, the viewer's default data path answers "nothing here".
    expect((await fetch(new URL("data/atlas.json", server.url))).status).toBe(204);
    expect(await (await fetch(new URL("compare.html", server.url))).text()).toContain("<title>compare</title>");
  });
});
