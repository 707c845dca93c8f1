import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atlas } from "../fakes/cli.ts";
import { FakeBlueskyServer } from "../fakes/bluesky-server.ts";
import { BSKY_WORLD } from "../fakes/bluesky-world.ts";
import { tempDir } from "./helpers.ts";

let tmp: ReturnType<typeof tempDir>;
let fake: FakeBlueskyServer;
let db: string;
const A = BSKY_WORLD.actors;

beforeAll(async () => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
  fake = new FakeBlueskyServer(BSKY_WORLD, { pageSize: 100 });
  const env = { BLUESKY_SERVICE_URL: await fake.start() };
  const seeds = [A[0].handle, A[1].handle, A[30].handle].join(",");
  expect((await atlas(["collect", "bluesky", "--niche", "b", "--seeds", seeds, "--network", "both", "--db", db], env)).code).toBe(0);
  expect((await atlas(["collect", "bluesky", "--niche", "b2", "--seeds", A[40].handle, "--db", db], env)).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await fake.close();
  tmp.cleanup();
});

describe("a Bluesky niche downstream", () => {
  it("should analyze with bsky:<did> node keys carrying label, handle, followers and description", async () => {
    const out = join(tmp.dir, "b.atlas.json");
    const r = await atlas(["analyze", "--niche", "b", "--db", db, "--out", out]);
    expect(r.code).toBe(0);
    const atlasFile = JSON.parse(readFileSync(out, "utf8")) as { nodes: { key: string; attributes: Record<string, unknown> }[] };
    expect(atlasFile.nodes.every((n) => /^bsky:did:plc:[a-z2-7]{24}$/.test(n.key))).toBe(true);
    const seed = atlasFile.nodes.find((n) => n.key === `bsky:${A[0].did}`)!;
    expect(seed.attributes).toMatchObject({ label: A[0].displayName, handle: A[0].handle, description: A[0].description });
    const followers = BSKY_WORLD.follows.filter(([, b]) => b === A[0].did).length;
    expect(seed.attributes.followers).toBe(followers);
  });

  it("should report, export and compare like the other platforms' niches", async () => {
    const md = join(tmp.dir, "b.md");
    const rep = await atlas(["report", "--niche", "b", "--db", db, "--format", "md", "--out", md]);
    expect(rep.code).toBe(0);
    expect(readFileSync(md, "utf8")).toMatch(/#(infrastructure|healthcare|climate|ukraine|jobs)|congress\.gov|house\.gov|senate\.gov|govtrack/i);
    const gexf = join(tmp.dir, "b.gexf");
    expect((await atlas(["export", "--niche", "b", "--kinds", "follows", "--db", db, "--out", gexf])).code).toBe(0);
    expect(readFileSync(gexf, "utf8")).toContain(`bsky:${A[0].did}`);
    const cmp = join(tmp.dir, "cmp.md");
    const c = await atlas(["compare", "db:b", "db:b2", "--db", db, "--out", cmp]);
    expect(c.code).toBe(0);
    expect(readFileSync(cmp, "utf8")).toMatch(/shared accounts/);
  });
});
