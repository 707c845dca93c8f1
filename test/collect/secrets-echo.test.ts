/**
 * Secrets a server echoes back (the fakes' echo mode puts the request's URL
 * and headers into every body and error message): the bearer token and the
 * API key must appear nowhere in the store, the output or the errors.
 */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scrubJson, secretScrubber } from "../../src/collect/secrets.ts";
import { atlas } from "../fakes/cli.ts";
import { FakeTwitterServer, type FakeOptions } from "../fakes/twitter-server.ts";
import { TOKEN, WORLD } from "../fakes/world.ts";
import { FakeYoutubeServer, type FakeYoutubeOptions } from "../fakes/youtube-server.ts";
import { IDS, YT_KEY, YT_WORLD } from "../fakes/youtube-world.ts";
import { filesText, tempDir } from "./helpers.ts";

let tmp: ReturnType<typeof tempDir>;
let db: string;
let fake: { close(): Promise<void> } | null = null;

beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, "atlas.db");
});
afterEach(async () => {
  await fake?.close();
  fake = null;
  tmp.cleanup();
});

/** Every form of `secret` that would leak it: as is, URL-decoded and -encoded, JSON-escaped, a middle slice. */
function expectNoSecret(text: string, secret: string): void {
  for (const form of [secret, decodeURIComponent(secret), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), secret.slice(10, 30)]) {
    expect(text.includes(form), `found ${JSON.stringify(form)}`).toBe(false);
  }
}

describe("secretScrubber", () => {
  it("should replace the secret as given, URL-encoded, URL-decoded and JSON-escaped, and leave other text alone", () => {
    const scrub = secretScrubber([TOKEN, undefined, ""]);
    const text = `a ${TOKEN} b ${encodeURIComponent(TOKEN)} c ${decodeURIComponent(TOKEN)} d ${JSON.stringify(TOKEN)}`;
    expect(scrub(text)).toBe('a *** b *** c *** d "***"');
    expect(scrub("nothing secret")).toBe("nothing secret");
    expect(secretScrubber([])("x")).toBe("x");
  });

  it("should scrub strings and keys of parsed JSON, keeping `__proto__` keys as keys and untouched values as they are", () => {
    const scrub = secretScrubber([YT_KEY]);
    const data = JSON.parse(`{"__proto__": {"k": "${YT_KEY}"}, "list": [1, null, "?key=${YT_KEY}"], "${YT_KEY}": true}`);
    const clean = scrubJson(data, scrub);
    expect(JSON.stringify(clean)).toBe('{"__proto__":{"k":"***"},"list":[1,null,"?key=***"],"***":true}');
    const plain = { a: [1, "b"] };
    expect(scrubJson(plain, scrub)).toBe(plain);
  });
});

describe("collect twitter against a server that echoes the request", () => {
  async function serve(options: Partial<FakeOptions>): Promise<Record<string, string>> {
    const server = new FakeTwitterServer(WORLD, { token: TOKEN, pageSize: 2, echo: true, ...options });
    fake = server;
    return { TWITTER_BEARER_TOKEN: TOKEN, TWITTER_API_BASE_URL: await server.start() };
  }

  it("should store and print the bearer token nowhere (pages, errors, waits, status)", async () => {
    let forbid = false;
    const env = await serve({
      fault: (q) => (q.n === 3 ? { status: 503 } : forbid && q.path.endsWith("/tweets") ? { status: 403 } : undefined),
    });
    const outputs: string[] = [];
    const follows = await atlas(["collect", "twitter", "--niche", "f", "--seeds", "@alice,@bob", "--retry-base", "10", "--db", db], env);
    expect(follows.code).toBe(0);
    forbid = true;
    const tweets = await atlas(["collect", "twitter", "--niche", "i", "--seeds", "@alice,@bob", "--network", "interactions", "--db", db], env);
    expect(tweets.code).toBe(1);
    expect(tweets.err).toMatch(/403 Forbidden \(Client Forbidden: .*\(request: .*Bearer \*\*\*/);
    outputs.push(follows.out, follows.err, tweets.out, tweets.err);
    for (const args of [["status", "--db", db], ["status", "--json", "--db", db]]) {
      const r = await atlas(args, env);
      outputs.push(r.out, r.err);
    }
    const everything = outputs.join("\n") + filesText(tmp.dir);
    // The echo reached the store and the output, scrubbed.
    expect(everything).toMatch(/"authorization":"Bearer \*\*\*"/);
    expect(everything).toMatch(/niche f: \d+ accounts, \d+ edges/);
    expectNoSecret(everything, TOKEN);
  });
});

describe("collect youtube against a server that echoes the request", () => {
  async function serve(options: Partial<FakeYoutubeOptions>): Promise<Record<string, string>> {
    const server = new FakeYoutubeServer(YT_WORLD, { key: YT_KEY, pageSize: 2, echo: true, ...options });
    fake = server;
    return { YOUTUBE_API_KEY: YT_KEY, YOUTUBE_API_ROOT_URL: await server.start() };
  }

  it("should store and print the API key nowhere (pages, errors, waits, quota stop, status)", async () => {
    const env = await serve({ dailyQuota: 12, fault: (q) => (q.n === 3 ? { status: 503 } : undefined) });
    const outputs: string[] = [];
    for (const args of [
      ["collect", "youtube", "--niche", "co", "--seeds", `${IDS.A},@bob`, "--network", "comments", "--retry-base", "10", "--db", db],
      ["collect", "youtube", "--niche", "ch", "--seeds", `${IDS.A},@bob`, "--db", db],
      ["status", "--db", db],
      ["status", "--json", "--db", db],
    ]) {
      const r = await atlas(args, env);
      outputs.push(r.out, r.err);
    }
    const everything = outputs.join("\n") + filesText(tmp.dir);
    expect(everything).toMatch(/quota/);
    expect(everything).toMatch(/key=\*\*\*/);
    // The echo reached the store's pages, scrubbed.
    expect(everything).toMatch(/"echo":\{"method":"GET","url":"\/youtube\/v3\/[^"]*key=\*\*\*/);
    expectNoSecret(everything, YT_KEY);
  });
});
