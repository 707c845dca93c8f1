/**
 * `atlas collect youtube`: crawl a YouTube niche (channel and/or comment
 * network) into the store, resumably, within the daily quota. The API key
 * comes from YOUTUBE_API_KEY only; it is never stored or printed.
 */
import { Command, Option } from "commander";
import { createYoutubeTransport } from "../collect/youtube/client.ts";
import { crawlYoutube, type YoutubeCounts, type YoutubeCrawlStats } from "../collect/youtube/crawl.ts";
import {
  parseQuotaCosts,
  parseYoutubeSeeds,
  planYoutubeNiche,
  QUOTA_COSTS,
  YOUTUBE_CRAWL_DEFAULTS,
  type YoutubeCrawlParams,
  type YoutubeNetwork,
} from "../collect/youtube/plan.ts";
import { getNiche, upsertNiche } from "../store/niches.ts";
import { openStore } from "../store/open.ts";
import { DEFAULT_DAILY_QUOTA, quotaDay, type QuotaDay } from "../store/quota.ts";
import { storeStatus } from "../store/status.ts";
import type { StoreDb } from "../store/types.ts";
import { UsageError } from "../shared/errors.ts";
import { collectorCommand, collectProgress, crawlRunDeps, dbOption, duration, etaText, failedTasksError, redactingIo, scrubbingAction } from "./collect-common.ts";
import type { CliEnv, CliIo } from "./context.ts";
import { parsePositiveInteger } from "./options.ts";

interface CollectYoutubeCliOptions {
  niche: string;
  seeds?: string;
  query?: string;
  videos?: string;
  network?: YoutubeNetwork;
  depth?: number;
  maxChannels?: number;
  videosPerChannel?: number;
  maxComments?: number;
  quotaBudget: number;
  quotaCosts?: string;
  db: string;
  apiRootUrl?: string;
  timeout: number;
  retryBase: number;
  maxAttempts: number;
}

export function collectYoutubeCommand(rawIo: CliIo, env: CliEnv, clock: () => number = Date.now): Command {
  return collectorCommand("youtube")
    .description("crawl a YouTube niche (channel and/or comment network) into the store within the daily quota; re-run to resume")
    .requiredOption("--niche <name>", "name of the niche (a re-run with the same name carries on)")
    .option("--seeds <channels>", "seed channels, comma-separated: UC… ids, @handles or channel URLs")
    .option("--query <q>", "find seed channels by search (search.list type=channel: 100 units a page)")
    .option("--videos <ids>", "video ids whose comments are collected (comments network)")
    .addOption(new Option("--network <kind>", `channels, comments or both (default ${YOUTUBE_CRAWL_DEFAULTS.network})`).choices(["channels", "comments", "both"]))
    .option("--depth <d>", `breadth-first depth (default ${YOUTUBE_CRAWL_DEFAULTS.depth}: the seeds' own subscriptions, featured channels, uploads)`, parsePositiveInteger)
    .option("--max-channels <n>", `channels expanded in total, seeds included (default ${YOUTUBE_CRAWL_DEFAULTS.maxChannels})`, parsePositiveInteger)
    .option("--videos-per-channel <n>", `recent uploads per channel whose comments are read (default ${YOUTUBE_CRAWL_DEFAULTS.videosPerChannel})`, parsePositiveInteger)
    .option("--max-comments <n>", `top-level comments per video (default ${YOUTUBE_CRAWL_DEFAULTS.maxComments})`, parsePositiveInteger)
    .addOption(
      new Option("--quota-budget <units>", "stop cleanly before today's units (Pacific day, every niche) would pass UNITS")
        .argParser(parsePositiveInteger)
        .default(DEFAULT_DAILY_QUOTA),
    )
    .option("--quota-costs <m=u,...>", `units per call (default ${Object.entries(QUOTA_COSTS).filter(([, u]) => u !== 1).map(([m, u]) => `${m}=${u}`).join(", ")}, other list calls 1)`)
    .addOption(dbOption())
    .option("--api-root-url <url>", "API root URL (tests, proxies; default $YOUTUBE_API_ROOT_URL or the real API)")
    .addHelpText(
      "after",
      `
Environment:
  YOUTUBE_API_KEY        API key of a Google Cloud project with the YouTube Data API v3 (required; never stored or printed)
  YOUTUBE_API_ROOT_URL   API root URL override

Edges: subscribes A→B (A's public subscriptions), features A→B (A's featured-channels sections),
comments A→C (A commented on a video of C), replies A→B (A replied to B's comment), mentions A→B
(A's comment @-mentions B); nodes yt:<channel id>. Quota: 10,000 units a day by default, reset at
midnight Pacific time; list calls cost 1 unit, search 100; \`atlas status\` shows what is left.

Examples:
  $ atlas collect youtube --niche science --seeds @veritasium,UCsXVk37bltHxD1rDPwtNM8Q --depth 2 --max-channels 50
  $ atlas collect youtube --niche science-talk --seeds @veritasium --network comments --videos-per-channel 5
  $ atlas collect youtube --niche science      # resume after a stop (quota, Ctrl-C, crash)`,
    )
    .action(scrubbingAction(() => env.YOUTUBE_API_KEY?.trim(), async (o: CollectYoutubeCliOptions) => {
      const key = env.YOUTUBE_API_KEY?.trim();
      const io = redactingIo(rawIo, key);
      if (!key) {
        throw new UsageError("collect youtube: set YOUTUBE_API_KEY to an API key (Google Cloud console → APIs & Services → Credentials; enable the YouTube Data API v3)");
      }
      let costs;
      try {
        costs = parseQuotaCosts(o.quotaCosts);
      } catch (error) {
        throw new UsageError(`collect youtube: --quota-costs ${(error as Error).message}`);
      }
      const seeds = parseYoutubeSeeds([o.seeds ?? ""]);
      if (seeds.invalid.length) {
        throw new UsageError(`collect youtube: --seeds "${seeds.invalid[0]}" is neither a channel id (UC + 22 characters) nor an @handle`);
      }
      const videos = (o.videos ?? "").split(/[\s,]+/).filter(Boolean);
      const db = openStore(o.db);
      try {
        const at = new Date(clock()).toISOString();
        const existing = getNiche(db, o.niche);
        if (!existing && seeds.ids.length + seeds.handles.length + videos.length === 0 && o.query === undefined) {
          throw new UsageError(`collect youtube: niche "${o.niche}" is new: give --seeds, --query or --videos`);
        }
        const params = resolveParams(o, videos, existing?.params);
        const niche = upsertNiche(db, o.niche, "youtube", [...seeds.ids, ...seeds.handles], { ...params }, at);
        planYoutubeNiche(db, niche.id, seeds, params, at);
        const transport = createYoutubeTransport({ key, rootUrl: o.apiRootUrl ?? env.YOUTUBE_API_ROOT_URL ?? undefined, timeoutMs: o.timeout });
        const progress = collectProgress(io, "collect youtube", (s: YoutubeCrawlStats, c: YoutubeCounts) => youtubeStatus(s, c, clock()));
        let result;
        try {
          result = await crawlYoutube(db, niche.id, params, {
            transport,
            ...crawlRunDeps(o),
            now: clock,
            costs,
            budget: o.quotaBudget,
            onEvent: progress.event,
          });
        } finally {
          progress.done();
        }
        io.out(youtubeSummary(db, o.niche, result.stats, quotaDay(db, clock()), clock()));
        const stop = result.budgetStop;
        if (stop) {
          io.err(
            `collect youtube: stopped before ${stop.method} (${stop.cost} unit${stop.cost === 1 ? "" : "s"}): today's budget of ${stop.budget} units ` +
              `would be passed (${stop.spent} spent on ${stop.day}, Pacific time). Run the same command after the quota resets ` +
              `(${stop.resetsAt}, midnight Pacific) or raise --quota-budget; nothing collected is lost.\n`,
          );
        } else if (result.counts.tasks.failed > 0) {
          throw failedTasksError("collect youtube", result.counts.tasks.failed, o.db);
        }
      } finally {
        db.close();
      }
    }));
}

function resolveParams(o: CollectYoutubeCliOptions, videos: string[], stored: Record<string, unknown> | undefined): YoutubeCrawlParams {
  const s = (stored ?? {}) as Partial<YoutubeCrawlParams>;
  const d = YOUTUBE_CRAWL_DEFAULTS;
  const network = o.network ?? s.network ?? (videos.length > 0 && !o.seeds && o.query === undefined ? "comments" : d.network);
  const params: YoutubeCrawlParams = {
    network,
    depth: o.depth ?? s.depth ?? d.depth,
    maxChannels: o.maxChannels ?? s.maxChannels ?? d.maxChannels,
    videosPerChannel: o.videosPerChannel ?? s.videosPerChannel ?? d.videosPerChannel,
    maxComments: o.maxComments ?? s.maxComments ?? d.maxComments,
  };
  const query = o.query ?? s.query;
  if (query !== undefined) params.query = query;
  const allVideos = [...new Set([...(s.videos ?? []), ...videos])];
  if (allVideos.length) params.videos = allVideos;
  if (params.videos && params.network === "channels") {
    throw new UsageError("collect youtube: --videos needs --network comments or both");
  }
  return params;
}

function youtubeStatus(stats: YoutubeCrawlStats, c: YoutubeCounts, nowMs: number): string {
  return (
    `${c.channels} channels, ${c.videos} videos, ${c.comments} comments, ${c.edges} edges · ${c.tasks.pending} tasks pending · ` +
    `${stats.units} units this run, ${c.unitsToday}/${c.budget} today · ETA ${etaText(stats.startedMs, stats.pages, c.tasks, nowMs)}`
  );
}

function youtubeSummary(db: StoreDb, niche: string, stats: YoutubeCrawlStats, q: QuotaDay, nowMs: number): string {
  const s = storeStatus(db).find((n) => n.name === niche);
  if (!s) return "";
  const kinds = Object.entries(s.edgesByKind).map(([k, n]) => `${k} ${n}`).join(", ");
  return (
    [
      `niche ${niche}: ${s.accounts} channels, ${s.edges} edges${kinds ? ` (${kinds})` : ""}, ${s.videos} videos, ${s.posts} comments`,
      `this run: ${stats.requests} requests, ${stats.units} units, ${stats.pages} pages, ${stats.newEdges} new edges, ${stats.waits} waits` +
        (stats.skipped ? `, ${stats.skipped} skipped` : "") +
        (stats.unresolvedMentions ? `, ${stats.unresolvedMentions} mentions of unknown handles` : ""),
      quotaLine(q, nowMs),
      `tasks: ${s.tasks.done} done, ${s.tasks.skipped} skipped, ${s.tasks.failed} failed, ${s.tasks.pending} pending`,
    ].join("\n") + "\n"
  );
}

/** `quota today (2026-11-20, Pacific): 1234 units spent, 8766 left of 10000; resets 2026-11-21T08:00:00Z (in 3 h 02 min)`. */
export function quotaLine(q: QuotaDay, nowMs: number = Date.now()): string {
  const wait = Date.parse(q.resetsAt) - nowMs;
  return (
    `quota today (${q.day}, Pacific): ${q.spent} units spent in ${q.calls} calls, ${q.left} left of ${q.budget}` +
    (q.exhaustedAt ? `; EXHAUSTED (quotaExceeded at ${q.exhaustedAt})` : "") +
    `; resets ${q.resetsAt.replace(".000", "")}${wait > 0 ? ` (in ${duration(wait)})` : ""}`
  );
}
