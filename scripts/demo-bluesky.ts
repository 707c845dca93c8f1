/**
 * `npm run demo:bluesky`: the whole Bluesky path in one command, against the
 * fake AppView and the fake Jetstream of the tests (the real service cannot
 * be reached from here; point --service-url and --jetstream-url at it to run
 * the same commands for real). The fake world is the bundled Congress
 * network with DIDs (test/fakes/bluesky-world.ts).
 *
 * 1. `atlas collect bluesky`: follows and interactions of three members, depth 2;
 * 2. `atlas listen bluesky` for 3 s: the niche's accounts' events from Jetstream;
 * 3. `atlas status`, `atlas analyze --niche`, `atlas report` (Markdown and HTML).
 * Everything goes to out/demo-bluesky/; the store is made anew each time.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeBlueskyServer } from "../test/fakes/bluesky-server.ts";
import { BSKY_WORLD } from "../test/fakes/bluesky-world.ts";
import { FakeJetstream } from "../test/fakes/jetstream-server.ts";
import { buildJetstreamLog } from "../test/fakes/jetstream-world.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join("out", "demo-bluesky");
const DB = join(OUT, "atlas.db");

function atlas(args: string[]): Promise<void> {
  process.stderr.write(`\n$ atlas ${args.map((a) => (a.includes(" ") ? JSON.stringify(a) : a)).join(" ")}\n`);
  const child = spawn(process.execPath, [join(ROOT, "bin", "atlas.js"), ...args], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  return new Promise((resolve, reject) => child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`atlas ${args[0]} exited with ${code}`)))));
}

const appview = new FakeBlueskyServer(BSKY_WORLD, { pageSize: 100 });
const jetstream = new FakeJetstream(buildJetstreamLog().map((e) => e.json) as never, { burst: 50, pauseMs: 1 });
const serviceUrl = await appview.start();
const jetstreamUrl = await jetstream.start();
process.stderr.write(`demo:bluesky: fake AppView at ${serviceUrl}, fake Jetstream at ${jetstreamUrl} (world: ${BSKY_WORLD.actors.length} accounts, ${BSKY_WORLD.follows.length} follows, ${BSKY_WORLD.posts.length} posts)\n`);
try {
  mkdirSync(join(ROOT, OUT), { recursive: true });
  for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) rmSync(join(ROOT, f), { force: true });
  const seeds = [BSKY_WORLD.actors[0].handle, BSKY_WORLD.actors[1].handle, BSKY_WORLD.actors[20].did].join(",");
  await atlas(["collect", "bluesky", "--niche", "congress", "--seeds", seeds, "--network", "both", "--depth", "2", "--max-accounts", "60", "--db", DB, "--service-url", serviceUrl]);
  await atlas(["listen", "bluesky", "--niche", "congress", "--duration", "3", "--db", DB, "--jetstream-url", jetstreamUrl]);
  await atlas(["status", "--db", DB]);
  await atlas(["analyze", "--niche", "congress", "--db", DB, "--out", join(OUT, "congress.atlas.json")]);
  await atlas(["report", join(OUT, "congress.atlas.json"), "--format", "md", "--out", join(OUT, "congress.md")]);
  await atlas(["report", join(OUT, "congress.atlas.json"), "--format", "html", "--out", join(OUT, "congress.html")]);
  process.stdout.write("\n" + readFileSync(join(ROOT, OUT, "congress.md"), "utf8").split("\n").slice(0, 40).join("\n") + "\n…\n");
  process.stderr.write(`\ndemo:bluesky: ${appview.requests.length} AppView requests, ${jetstream.sentTotal} Jetstream events sent; store, atlas and reports in ${OUT}/\n`);
} finally {
  await appview.close();
  await jetstream.close();
}
