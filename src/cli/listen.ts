/**
 * `atlas listen bluesky`: keep a Bluesky niche up to date from Jetstream
 * until --duration, --max-events or Ctrl-C. Resumes from the cursor stored
 * with the last batch (rewound a few seconds); replayed events change nothing.
 */
import { Command, Option } from "commander";
import { DEFAULT_JETSTREAM_URL, listenJetstream, MAX_WANTED_DIDS, type ListenEvent, type ListenStats } from "../collect/bluesky/jetstream.ts";
import { normalizeBlueskySeeds } from "../collect/bluesky/plan.ts";
import { RETRY_DEFAULTS } from "../collect/retry.ts";
import { jetstreamCursor } from "../store/bluesky-records.ts";
import { getNiche, upsertNiche } from "../store/niches.ts";
import { openStore } from "../store/open.ts";
import { UsageError } from "../shared/errors.ts";
import { dbOption, duration } from "./collect-common.ts";
import type { CliEnv, CliIo } from "./context.ts";
import { parseInteger, parsePositiveInteger, parsePositiveNumber } from "./options.ts";

interface ListenCliOptions {
  niche: string;
  seeds?: string;
  jetstreamUrl?: string;
  duration?: number;
  maxEvents?: number;
  until?: string;
  db: string;
  batchSize: number;
  retryBase: number;
}

export function listenCommand(io: CliIo, env: CliEnv): Command {
  const cmd = new Command("listen").description("keep a niche up to date from a platform's live stream");
  cmd.addCommand(
    new Command("bluesky")
      .description("apply the niche's accounts' posts, reposts, likes and follows from Jetstream as they happen; re-run to resume")
      .requiredOption("--niche <name>", "the niche (collected with `atlas collect bluesky`, or new with --seeds)")
      .option("--seeds <dids>", "accounts to listen to, as DIDs (a new niche; or added to the niche)")
      .option("--jetstream-url <url>", `Jetstream subscribe URL (default $BLUESKY_JETSTREAM_URL or ${DEFAULT_JETSTREAM_URL})`)
      .option("--duration <seconds>", "stop after this long", parsePositiveNumber)
      .option("--max-events <n>", "stop after this many events", parsePositiveInteger)
      .option("--until <time>", "stop once the stream reaches TIME (ISO time, or Jetstream time_us)")
      .addOption(dbOption())
      .addOption(new Option("--batch-size <n>", "events per transaction").argParser(parsePositiveInteger).default(200).hideHelp())
      .addOption(new Option("--retry-base <ms>", "first reconnection backoff").argParser(parseInteger).default(RETRY_DEFAULTS.baseMs).hideHelp())
      .addHelpText(
        "after",
        `
Edges: follows, replies, quotes, mentions, reposts, likes (A→B from the actor). Deletes
(unfollows, deleted posts, undone reposts and likes) remove the evidence they gave. An
unfollow names only the follow record's key: it applies to follows seen on the stream or
imported from the account's repository CAR (\`atlas import bluesky REPO.car\`); those of
follows found by \`atlas collect\` (no record key) are counted as never seen, the edge kept.

Examples:
  $ atlas listen bluesky --niche science --duration 600
  $ atlas listen bluesky --niche watch --seeds did:plc:abc,did:plc:def --max-events 10000`,
      )
      .action(async (o: ListenCliOptions) => {
        const url = o.jetstreamUrl ?? env.BLUESKY_JETSTREAM_URL ?? DEFAULT_JETSTREAM_URL;
        if (!/^wss?:\/\//.test(url)) throw new UsageError(`listen bluesky: --jetstream-url "${url}" is not a ws:// or wss:// URL`);
        const untilUs = o.until === undefined ? undefined : /^\d+$/.test(o.until) ? Number(o.until) : Date.parse(o.until) * 1000;
        if (untilUs !== undefined && !Number.isFinite(untilUs)) throw new UsageError(`listen bluesky: --until "${o.until}" is neither an ISO time nor a time_us`);
        const seeds = normalizeBlueskySeeds([o.seeds ?? ""]);
        const handles = seeds.filter((s) => !s.startsWith("did:"));
        if (handles.length) {
          throw new UsageError(`listen bluesky: --seeds takes DIDs (Jetstream knows no handles): ${handles.join(", ")}; resolve them with \`atlas collect bluesky --niche ${o.niche} --seeds ...\` first`);
        }
        const db = openStore(o.db);
        try {
          const existing = getNiche(db, o.niche);
          if (!existing && seeds.length === 0) throw new UsageError(`listen bluesky: niche "${o.niche}" is new: give --seeds DIDs, or collect it first with \`atlas collect bluesky\``);
          const niche = upsertNiche(db, o.niche, "bluesky", seeds, existing?.params ?? {}, new Date().toISOString());
          const add = db.prepare("INSERT INTO niche_accounts (niche_id, account_id, depth, seed) VALUES (?, ?, 0, 1) ON CONFLICT DO UPDATE SET seed = 1, depth = 0");
          for (const s of seeds) add.run(niche.id, s);
          const dids = db
            .prepare("SELECT account_id FROM niche_accounts WHERE niche_id = ? AND account_id LIKE 'did:%' ORDER BY seed DESC, depth, account_id")
            .pluck()
            .all(niche.id) as string[];
          if (dids.length === 0) throw new UsageError(`listen bluesky: niche "${o.niche}" has no accounts to listen to`);
          if (dids.length > MAX_WANTED_DIDS) {
            io.err(`listen bluesky: the niche has ${dids.length} accounts; Jetstream follows at most ${MAX_WANTED_DIDS}: the seeds and the closest ${MAX_WANTED_DIDS} are listened to\n`);
          }
          const stored = jetstreamCursor(db, niche.id) ?? null;
          const ac = new AbortController();
          const onSigint = (): void => ac.abort();
          process.once("SIGINT", onSigint);
          const progress = listenProgress(io);
          let stats: ListenStats;
          try {
            stats = await listenJetstream(db, niche.id, {
              url,
              dids,
              cursor: stored?.cursor ?? null,
              maxEvents: o.maxEvents,
              untilUs,
              durationMs: o.duration === undefined ? undefined : o.duration * 1000,
              batchSize: o.batchSize,
              signal: ac.signal,
              retry: { baseMs: o.retryBase, maxMs: Math.max(o.retryBase, 30_000) },
              now: () => Date.now(),
              random: Math.random,
              onEvent: progress,
            });
          } finally {
            process.removeListener("SIGINT", onSigint);
          }
          const secs = Math.max(0.001, (Date.now() - stats.startedMs) / 1000);
          io.out(
            `niche ${o.niche}: ${stats.events} events in ${duration(secs * 1000)} (${(stats.events / secs).toFixed(0)}/s): ${stats.applied} applied, ` +
              `${stats.duplicates} already seen, ${stats.malformed} malformed; ${stats.newEdges} new edges, ${stats.removedEdges} removed` +
              (stats.unresolvedDeletes ? `, ${stats.unresolvedDeletes} unfollows of follows never seen` : "") +
              `; ${stats.connections} connection(s); cursor ${stats.lastCursor ?? "none"}\n`,
          );
        } finally {
          db.close();
        }
      }),
  );
  return cmd;
}

/** Progress on stderr: connections, disconnections, and every 2 s events/s, edges and lag. */
function listenProgress(io: CliIo): (e: ListenEvent) => void {
  let last = -Infinity;
  return (e) => {
    if (e.type === "connect") io.err(`listen bluesky: connecting${e.cursor === null ? " (live)" : ` from cursor ${e.cursor}`}${e.attempt ? ` (attempt ${e.attempt + 1})` : ""}\n`);
    else if (e.type === "disconnect") io.err(`listen bluesky: ${e.reason}; reconnecting in ${duration(e.retryInMs)}\n`);
    else if (e.type === "malformed") io.err(`listen bluesky: skipped a message: ${e.detail}\n`);
    else if (io.now() - last >= 2000) {
      last = io.now();
      const s = e.stats;
      const secs = Math.max(0.001, (Date.now() - s.startedMs) / 1000);
      io.err(`listen bluesky: ${s.events} events (${(s.events / secs).toFixed(0)}/s) · ${s.newEdges} new edges, ${s.removedEdges} removed · lag ${duration(s.lagMs)}\n`);
    }
  };
}
