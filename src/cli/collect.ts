/**
 * `atlas collect`: the collectors' command group. `atlas collect twitter`
 * crawls a Twitter/X niche into the store, resumably. The bearer token comes
 * from TWITTER_BEARER_TOKEN only; it is never stored or printed (every line
 * this command prints is scrubbed of it as well).
 */
import { Command, Option } from "commander";
import { createTwitterTransport } from "../collect/twitter/client.ts";
import { crawlTwitter } from "../collect/twitter/crawl.ts";
import {
  CRAWL_DEFAULTS,
  normalizeSeeds,
  planTwitterNiche,
  type DirectionChoice,
  type NetworkChoice,
  type TwitterCrawlParams,
} from "../collect/twitter/plan.ts";
import { getNiche, upsertNiche } from "../store/niches.ts";
import { openStore } from "../store/open.ts";
import { UsageError } from "../shared/errors.ts";
import { collectBlueskyCommand } from "./collect-bluesky.ts";
import {
  collectorCommand,
  collectProgress,
  collectSummary,
  crawlRunDeps,
  crawlStatus,
  dbOption,
  failedTasksError,
  readSeedsFile,
  redactingIo,
  resolveCrawlParams,
  scrubbingAction,
} from "./collect-common.ts";
import { collectYoutubeCommand } from "./collect-youtube.ts";
import type { CliEnv, CliIo } from "./context.ts";
import { parsePositiveInteger } from "./options.ts";

interface CollectTwitterCliOptions {
  niche: string;
  seeds?: string;
  seedsFile?: string;
  query?: string;
  network?: NetworkChoice;
  direction?: DirectionChoice;
  depth?: number;
  maxAccounts?: number;
  maxPerAccount?: number;
  since?: string;
  db: string;
  apiBaseUrl?: string;
  timeout: number;
  retryBase: number;
  maxAttempts: number;
}

export function collectCommand(io: CliIo, env: CliEnv = process.env): Command {
  const cmd = new Command("collect").description("collect a niche's network from a platform API into the store");
  cmd.addCommand(collectTwitterCommand(io, env));
  cmd.addCommand(collectYoutubeCommand(io, env));
  cmd.addCommand(collectBlueskyCommand(io, env));
  return cmd;
}

function collectTwitterCommand(rawIo: CliIo, env: CliEnv): Command {
  return collectorCommand("twitter")
    .description("crawl a Twitter/X niche (follows and/or interactions) into the store; re-run to resume")
    .requiredOption("--niche <name>", "name of the niche (a re-run with the same name carries on)")
    .option("--seeds <handles>", "seed accounts, comma-separated (@a,@b)")
    .option("--seeds-file <file>", "seed accounts, one per line or comma-separated")
    .option("--query <q>", "recent-search query (interactions; default: built from the seeds)")
    .addOption(new Option("--network <kind>", `follows, interactions or both (default ${CRAWL_DEFAULTS.network})`).choices(["follows", "interactions", "both"]))
    .addOption(new Option("--direction <dir>", `follows lists: following, followers or both (default ${CRAWL_DEFAULTS.direction})`).choices(["following", "followers", "both"]))
    .option("--depth <d>", `breadth-first depth (default ${CRAWL_DEFAULTS.depth}: the seeds' own lists)`, parsePositiveInteger)
    .option("--max-accounts <n>", `accounts crawled in total, seeds included (default ${CRAWL_DEFAULTS.maxAccounts})`, parsePositiveInteger)
    .option("--max-per-account <n>", `follows or tweets kept per account or query (default ${CRAWL_DEFAULTS.maxPerAccount})`, parsePositiveInteger)
    .option("--since <date>", "tweets created since DATE (YYYY-MM-DD; recent search covers 7 days)")
    .addOption(dbOption())
    .option("--api-base-url <url>", "API base URL (tests, proxies; default $TWITTER_API_BASE_URL or the real API)")
    .addHelpText(
      "after",
      `
Environment:
  TWITTER_BEARER_TOKEN   app-only bearer token (required; never stored or printed)
  TWITTER_API_BASE_URL   API base URL override

Edges: follows A→B when A follows B; mentions, replies, retweets, quotes A→B when A's
tweet does that to B (weight = number of tweets).

Examples:
  $ atlas collect twitter --niche climate --seeds @a,@b --network follows --depth 2 --max-accounts 200
  $ atlas collect twitter --niche climate-talk --query "#climate lang:en" --network interactions
  $ atlas collect twitter --niche climate          # resume after a stop`,
    )
    .action(scrubbingAction(() => env.TWITTER_BEARER_TOKEN?.trim(), async (o: CollectTwitterCliOptions) => {
      const token = env.TWITTER_BEARER_TOKEN?.trim();
      const io = redactingIo(rawIo, token);
      if (!token) {
        throw new UsageError("collect twitter: set TWITTER_BEARER_TOKEN to an app-only bearer token (developer portal → your app → Keys and tokens)");
      }
      if (o.since !== undefined && Number.isNaN(Date.parse(o.since))) {
        throw new UsageError(`collect twitter: --since "${o.since}" is not a date (use YYYY-MM-DD)`);
      }
      const seedText = [o.seeds ?? "", o.seedsFile ? await readSeedsFile("collect twitter", o.seedsFile) : ""].join(",");
      const seeds = normalizeSeeds([seedText]);
      const db = openStore(o.db);
      try {
        const at = new Date().toISOString();
        const existing = getNiche(db, o.niche);
        if (!existing && seeds.length === 0 && o.query === undefined) {
          throw new UsageError(`collect twitter: niche "${o.niche}" is new: give --seeds, --seeds-file or --query`);
        }
        const params = resolveCrawlParams<TwitterCrawlParams>(o, existing?.params, CRAWL_DEFAULTS);
        if (!existing && params.network === "follows" && seeds.length === 0) {
          throw new UsageError("collect twitter: a follows network needs seed accounts (--seeds)");
        }
        const stored: Record<string, unknown> = { ...params };
        const niche = upsertNiche(db, o.niche, "twitter", seeds, stored, at);
        planTwitterNiche(db, niche.id, niche.seeds, params, at);
        const transport = createTwitterTransport({
          token,
          baseUrl: o.apiBaseUrl ?? env.TWITTER_API_BASE_URL ?? undefined,
          timeoutMs: o.timeout,
        });
        const progress = collectProgress(io, "collect twitter", crawlStatus);
        let result;
        try {
          result = await crawlTwitter(db, niche.id, params, { transport, ...crawlRunDeps(o), onEvent: progress.event });
        } finally {
          progress.done();
        }
        io.out(collectSummary(db, o.niche, result.stats, "tweets"));
        if (result.counts.failed > 0) throw failedTasksError("collect twitter", result.counts.failed, o.db);
      } finally {
        db.close();
      }
    }));
}
