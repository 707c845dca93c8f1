/** `atlas import bluesky FILE...`: Jetstream JSON lines and repository CAR files into a Bluesky niche. */
import { Command } from "commander";
import { importRepoCar } from "../collect/bluesky/import-car.ts";
import { importJetstreamLines, type JetstreamImportReport } from "../collect/bluesky/import-jetstream.ts";
import { DEFAULT_PLC_URL } from "../collect/bluesky/signature.ts";
import { UsageError } from "../shared/errors.ts";
import { openStore } from "../store/open.ts";
import { checkImportFiles, dbOption } from "./collect-common.ts";
import type { CliEnv, CliIo } from "./context.ts";

export function importBlueskyCommand(io: CliIo, env: CliEnv = {}): Command {
  return new Command("bluesky")
    .description("import Jetstream JSON lines (one event a line, .gz accepted) and repository CAR files into a Bluesky niche")
    .argument("<files...>", "Jetstream .jsonl files (websocat output, Jetstream dumps), or .car files (com.atproto.sync.getRepo)")
    .requiredOption("--niche <name>", "Bluesky niche to import into (created if new)")
    .option("--verify", `verify each repository CAR's commit signature with the account's key from its DID document (did:plc, from ${DEFAULT_PLC_URL})`)
    .option("--plc-url <url>", "the PLC directory the DID documents come from (implies --verify; default $BLUESKY_PLC_URL, which also implies it)")
    .addOption(dbOption())
    .addHelpText(
      "after",
      `
Posts give replies, quotes and mentions; reposts, likes and follows their edges; deletes remove
what their record gave. Records are keyed by (did, collection, rkey): a file imported twice, or
overlapping a listen, adds nothing. Malformed lines are reported with their number and skipped.
A repository CAR (one account's follows, posts, reposts, likes) is a snapshot: nothing is deleted.
Each of its blocks is checked against its CID; with --verify the commit's signature is checked too.
A file that fails a check imports nothing. Its follows' record keys are kept: a later Jetstream
unfollow of one removes the edge (follows from \`atlas collect\` carry no record key).

Examples:
  $ websocat "wss://jetstream2.us-east.bsky.network/subscribe?wantedDids=did:plc:abc" > events.jsonl
  $ atlas import bluesky events.jsonl --niche watch
  $ curl -o alice.car "https://bsky.social/xrpc/com.atproto.sync.getRepo?did=did:plc:abc"
  $ atlas import bluesky alice.car --niche watch --verify`,
    )
    .action(async (files: string[], o: { niche: string; db: string; verify?: boolean; plcUrl?: string }) => {
      await checkImportFiles("import bluesky", files);
      const fromEnv = env.BLUESKY_PLC_URL?.trim() || undefined;
      const plcUrl = o.plcUrl ?? fromEnv ?? (o.verify ? DEFAULT_PLC_URL : undefined);
      if (plcUrl !== undefined && !/^https?:\/\//.test(plcUrl)) throw new UsageError(`import bluesky: --plc-url "${plcUrl}" is not an http:// or https:// URL`);
      const db = openStore(o.db);
      try {
        for (const file of files) {
          const start = io.now();
          if (/\.car$/i.test(file)) {
            const car = await importRepoCar(db, file, { niche: o.niche, at: new Date().toISOString(), plcUrl });
            for (const p of car.problems) io.err(`import bluesky: ${file}: ${p}; the record was skipped.\n`);
            io.out(
              `${file}: repository of ${car.did}: ${car.records} records (${car.applied} applied, ${car.duplicates} already seen, ${car.ignored} of other collections), ` +
                `${car.newEdges} new edges; ${car.blocks} blocks match their CIDs, ` +
                (car.signedBy ? `signature verified (key ${car.signedBy.key})` : "signature not checked (--verify checks it)") +
                ` in ${((io.now() - start) / 1000).toFixed(1)} s\n`,
            );
            continue;
          }
          const report = await importJetstreamLines(db, file, { niche: o.niche, at: new Date().toISOString() });
          for (const m of report.malformed) io.err(`import bluesky: ${file}:${m.line}: ${m.problem}; the line was skipped.\n`);
          io.out(summary(report, io.now() - start));
        }
      } finally {
        db.close();
      }
    });
}

function summary(r: JetstreamImportReport, ms: number): string {
  return (
    `${r.file}: ${r.events} events (${r.applied} applied, ${r.duplicates} already seen, ${r.ignored} of other collections)` +
    `, ${r.newEdges} new edges, ${r.removedEdges} removed` +
    (r.unresolvedDeletes ? `, ${r.unresolvedDeletes} unfollows of follows never seen` : "") +
    (r.malformed.length ? `; ${r.malformed.length} malformed lines (line ${r.malformed.map((m) => m.line).slice(0, 10).join(", ")})` : "") +
    ` in ${(ms / 1000).toFixed(1)} s\n`
  );
}
