/**
 * `atlas collect bluesky`: crawl a Bluesky niche (follows and/or
 * interactions) from an AppView into the store, resumably. No key is needed;
 * an optional login (BLUESKY_IDENTIFIER + BLUESKY_APP_PASSWORD) opens a
 * session for search. The password and the tokens are never stored or
 * printed: every line this command prints, and every error, is scrubbed.
 */
import { Command, Option } from "commander";
import { createBlueskyTransport, DEFAULT_PDS_URL, DEFAULT_SERVICE_URL, type BlueskyTransport } from "../collect/bluesky/client.ts";
import { crawlBluesky } from "../collect/bluesky/crawl.ts";
import {
  BLUESKY_CRAWL_DEFAULTS,
  normalizeBlueskySeeds,
  planBlueskyNiche,
  type BlueskyCrawlParams,
  type BlueskyDirection,
  type BlueskyNetwork,
} from "../collect/bluesky/plan.ts";
import { CollectError } from "../collect/errors.ts";
import { scrubError, secretScrubber } from "../collect/secrets.ts";
import { getNiche, upsertNiche } from "../store/niches.ts";
import { openStore } from "../store/open.ts";
import type { StoreDb } from "../store/types.ts";
import { UsageError } from "../shared/errors.ts";
import { collectorCommand, collectProgress, collectSummary, crawlRunDeps, crawlStatus, dbOption, failedTasksError, readSeedsFile, resolveCrawlParams } from "./collect-common.ts";
import type { CliEnv, CliIo } from "./context.ts";
import { parsePositiveInteger } from "./options.ts";

interface CollectBlueskyCliOptions {
  niche: string;
  seeds?: string;
  seedsFile?: string;
  query?: string;
  network?: BlueskyNetwork;
  direction?: BlueskyDirection;
  depth?: number;
  maxAccounts?: number;
  maxPerAccount?: number;
  since?: string;
  db: string;
  serviceUrl?: string;
  pdsUrl?: string;
  timeout: number;
  retryBase: number;
  maxAttempts: number;
}

export function collectBlueskyCommand(rawIo: CliIo, env: CliEnv): Command {
  return collectorCommand("bluesky")
    .description("crawl a Bluesky niche (follows and/or interactions) from the AppView into the store; re-run to resume")
    .requiredOption("--niche <name>", "name of the niche (a re-run with the same name carries on)")
    .option("--seeds <actors>", "seed accounts, comma-separated: handles (alice.bsky.social) or DIDs (did:plc:…)")
    .option("--seeds-file <file>", "seed accounts, one per line or comma-separated")
    .option("--query <q>", "app.bsky.feed.searchPosts query (interactions; needs a login)")
    .addOption(new Option("--network <kind>", `follows, interactions or both (default ${BLUESKY_CRAWL_DEFAULTS.network})`).choices(["follows", "interactions", "both"]))
    .addOption(new Option("--direction <dir>", `follows lists: following, followers or both (default ${BLUESKY_CRAWL_DEFAULTS.direction})`).choices(["following", "followers", "both"]))
    .option("--depth <d>", `breadth-first depth (default ${BLUESKY_CRAWL_DEFAULTS.depth}: the seeds' own lists and feeds)`, parsePositiveInteger)
    .option("--max-accounts <n>", `accounts crawled in total, seeds included (default ${BLUESKY_CRAWL_DEFAULTS.maxAccounts})`, parsePositiveInteger)
    .option("--max-per-account <n>", `follows or feed items kept per account or query (default ${BLUESKY_CRAWL_DEFAULTS.maxPerAccount})`, parsePositiveInteger)
    .option("--since <date>", "posts created since DATE (YYYY-MM-DD): feeds stop paging past it")
    .addOption(dbOption())
    .option("--service-url <url>", `AppView read from (default $BLUESKY_SERVICE_URL or ${DEFAULT_SERVICE_URL})`)
    .option("--pds-url <url>", `PDS a login goes to (default $BLUESKY_PDS_URL or ${DEFAULT_PDS_URL})`)
    .addHelpText(
      "after",
      `
Environment:
  BLUESKY_SERVICE_URL    AppView (default ${DEFAULT_SERVICE_URL}, no login needed)
  BLUESKY_IDENTIFIER     handle or DID of the account that logs in (optional; search needs it)
  BLUESKY_APP_PASSWORD   an app password of that account (never stored or printed)
  BLUESKY_PDS_URL        the account's PDS (default ${DEFAULT_PDS_URL})

Edges: follows A→B when A follows B; replies, quotes, mentions, reposts A→B when A's
post (or repost) does that to B (weight = posts). Nodes are bsky:<did>.

Examples:
  $ atlas collect bluesky --niche science --seeds alice.bsky.social,did:plc:abc --depth 2 --max-accounts 200
  $ atlas collect bluesky --niche science-talk --seeds alice.bsky.social --network interactions --since 2026-01-01
  $ atlas collect bluesky --niche science          # resume after a stop`,
    )
    .action(async (o: CollectBlueskyCliOptions) => {
      const password = env.BLUESKY_APP_PASSWORD?.trim() || undefined;
      let transport: BlueskyTransport | undefined;
      const scrub = (t: string): string => (transport ? transport.scrub(t) : secretScrubber([password])(t));
      const io: CliIo = { ...rawIo, out: (t) => rawIo.out(scrub(t)), err: (t) => rawIo.err(scrub(t)) };
      try {
        const identifier = env.BLUESKY_IDENTIFIER?.trim() || undefined;
        if ((identifier === undefined) !== (password === undefined)) {
          throw new UsageError("collect bluesky: a login needs both BLUESKY_IDENTIFIER and BLUESKY_APP_PASSWORD (an app password), or neither");
        }
        if (o.since !== undefined && Number.isNaN(Date.parse(o.since))) {
          throw new UsageError(`collect bluesky: --since "${o.since}" is not a date (use YYYY-MM-DD)`);
        }
        const seedText = [o.seeds ?? "", o.seedsFile ? await readSeedsFile("collect bluesky", o.seedsFile) : ""].join(",");
        const seeds = normalizeBlueskySeeds([seedText]);
        transport = createBlueskyTransport({
          serviceUrl: o.serviceUrl ?? env.BLUESKY_SERVICE_URL ?? DEFAULT_SERVICE_URL,
          pdsUrl: o.pdsUrl ?? env.BLUESKY_PDS_URL ?? DEFAULT_PDS_URL,
          identifier,
          password,
          timeoutMs: o.timeout,
        });
        const db = openStore(o.db);
        try {
          await collect(db, o, seeds, transport, io, identifier !== undefined);
        } finally {
          db.close();
        }
      } catch (error) {
        throw scrubError(error, scrub);
      }
    });
}

async function collect(db: StoreDb, o: CollectBlueskyCliOptions, seeds: string[], transport: BlueskyTransport, io: CliIo, login: boolean): Promise<void> {
  const at = new Date().toISOString();
  const existing = getNiche(db, o.niche);
  if (!existing && seeds.length === 0) throw new UsageError(`collect bluesky: niche "${o.niche}" is new: give --seeds or --seeds-file`);
  const params = resolveCrawlParams<BlueskyCrawlParams>(o, existing?.params, BLUESKY_CRAWL_DEFAULTS);
  if (params.query !== undefined && params.network !== "follows" && !login) {
    throw new UsageError("collect bluesky: --query uses app.bsky.feed.searchPosts, which needs a login: set BLUESKY_IDENTIFIER and BLUESKY_APP_PASSWORD");
  }
  const niche = upsertNiche(db, o.niche, "bluesky", seeds, { ...params }, at);
  if (login) {
    try {
      await transport.login();
    } catch (error) {
      const f = error as Error & { status?: number };
      throw new CollectError(
        { method: "POST", endpoint: "/xrpc/com.atproto.server.createSession", status: f.status ?? 0 },
        `collect bluesky: [POST] /xrpc/com.atproto.server.createSession: ${f.status || "no response"} ${f.message}; ` +
          "the login was refused: check BLUESKY_IDENTIFIER and BLUESKY_APP_PASSWORD (an app password: Settings → Privacy and security → App passwords) and --pds-url.",
      );
    }
  }
  planBlueskyNiche(db, niche.id, niche.seeds, params, at, login);
  const progress = collectProgress(io, "collect bluesky", crawlStatus);
  let result;
  try {
    result = await crawlBluesky(db, niche.id, params, { transport, ...crawlRunDeps(o), onEvent: progress.event });
  } finally {
    progress.done();
  }
  io.out(collectSummary(db, o.niche, result.stats));
  if (result.counts.failed > 0) throw failedTasksError("collect bluesky", result.counts.failed, o.db);
}
