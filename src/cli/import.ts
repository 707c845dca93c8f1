/** `atlas import twarc FILE...`: twarc2 archives (JSON lines, .gz accepted) into a niche of the store. */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { Command } from "commander";
import { importTwarc, type TwarcImportReport } from "../collect/twitter/twarc.ts";
import { importYtdt, type YtdtImportReport } from "../collect/youtube/ytdt.ts";
import { openStore } from "../store/open.ts";
import { UsageError } from "../shared/errors.ts";
import { checkImportFiles, dbOption } from "./collect-common.ts";
import { importBlueskyCommand } from "./import-bluesky.ts";
import type { CliEnv, CliIo } from "./context.ts";

interface ImportCliOptions {
  niche: string;
  db: string;
}

export function importCommand(io: CliIo, env: CliEnv = {}): Command {
  const cmd = new Command("import").description("import archives of other tools into the store");
  cmd.addCommand(
    new Command("twarc")
      .description("import twarc2 output (one API response page per line; flattened tweets too) as an interactions niche")
      .argument("<files...>", "twarc2 .jsonl files (.gz accepted)")
      .requiredOption("--niche <name>", "niche to import into (created if new)")
      .addOption(dbOption())
      .addHelpText(
        "after",
        `
Malformed lines are reported with their number and skipped; the rest is imported.
Importing the same file again adds nothing.

Examples:
  $ atlas import twarc tweets.jsonl --niche brexit
  $ atlas import twarc day1.jsonl.gz day2.jsonl.gz --niche brexit --db out/brexit.db`,
      )
      .action(async (files: string[], o: ImportCliOptions) => {
        await checkImportFiles("import twarc", files);
        const db = openStore(o.db);
        try {
          for (const file of files) {
            const start = io.now();
            const report = await importTwarc(db, file, { niche: o.niche, at: new Date().toISOString() });
            for (const m of report.malformed) {
              io.err(
                `import twarc: ${file}:${m.line}: ${m.problem}; the line was skipped, ${report.pages} others imported.\n`,
              );
            }
            io.out(importSummary(report, io.now() - start));
          }
        } finally {
          db.close();
        }
      }),
  );
  cmd.addCommand(
    new Command("ytdt")
      .description("import YouTube Data Tools exports: channel networks (.gdf), comment tables (.tab/.csv), comment networks (.gdf)")
      .argument("<files...>", "channelnet_*.gdf, videoinfo_*_comments.tab (with its _basicinfo.tab beside it), *_commentnetwork.gdf")
      .requiredOption("--niche <name>", "YouTube niche to import into (created if new)")
      .addOption(dbOption())
      .addHelpText(
        "after",
        `
Nodes are keyed by channel id (yt:<id>). A comment network keys people by display name: import
the comments table first, so that its names resolve to channel ids (the others are reported).
Edges: links (channel network: A features or subscribes to B), comments, replies, mentions.
Importing the same file again adds nothing.

Examples:
  $ atlas import ytdt channelnet_seeds3_nodes120_2024_01_02-10_00_00.gdf --niche science
  $ atlas import ytdt videoinfo_aXnaHh40xnM_2024_01_02-10_00_00_comments.tab --niche science-talk`,
      )
      .action(async (files: string[], o: ImportCliOptions) => {
        await checkImportFiles("import ytdt", files);
        for (const file of files) {
          if (!/\.(gdf|tab|csv)$/i.test(file)) throw new UsageError(`import ytdt: "${file}" is not a .gdf, .tab or .csv export of YouTube Data Tools`);
        }
        // A failed import leaves the store exactly as it was: every file in one transaction (each
        // file's own is a savepoint inside it), and a store this command created is removed.
        const created = !existsSync(o.db);
        const db = openStore(o.db);
        const summaries: string[] = [];
        let committed = false;
        try {
          db.exec("BEGIN IMMEDIATE");
          for (const file of files) {
            const start = io.now();
            const report = await importYtdt(db, file, { niche: o.niche, at: new Date().toISOString() });
            for (const m of report.malformed) io.err(`import ytdt: ${file}:${m.line}: ${m.problem}; the row was skipped.\n`);
            if (report.note) io.err(`import ytdt: ${file}: ${report.note}.\n`);
            summaries.push(ytdtSummary(report, io.now() - start));
          }
          db.exec("COMMIT");
          committed = true;
        } finally {
          if (!committed && db.inTransaction) db.exec("ROLLBACK");
          db.close();
          if (!committed && created) for (const f of [o.db, `${o.db}-wal`, `${o.db}-shm`, `${o.db}-journal`]) await rm(f, { force: true });
        }
        // Printed once committed: a summary never tells of rows a later failure rolled back.
        for (const line of summaries) io.out(line);
      }),
  );
  cmd.addCommand(importBlueskyCommand(io, env));
  return cmd;
}

export function ytdtSummary(r: YtdtImportReport, ms: number): string {
  const parts = [`${r.file}: ${r.kind}, ${r.nodes} channels` + (r.comments ? `, ${r.comments} comments` : "") + `, ${r.newEdges} new edges`];
  if (r.malformed.length) parts.push(`${r.malformed.length} malformed rows (line ${r.malformed.map((m) => m.line).join(", ")})`);
  if (r.unresolvedNodes.length) {
    const shown = r.unresolvedNodes.slice(0, 5).join(", ");
    parts.push(`${r.unresolvedNodes.length} names matched no channel of the niche (${shown}${r.unresolvedNodes.length > 5 ? ", ..." : ""})`);
  }
  if (r.skippedEdges) parts.push(`${r.skippedEdges} edges skipped`);
  if (r.unresolvedMentions) parts.push(`${r.unresolvedMentions} mentions of unknown handles`);
  return `${parts.join("; ")} in ${(ms / 1000).toFixed(1)} s\n`;
}

export function importSummary(r: TwarcImportReport, ms: number): string {
  const parts = [
    `${r.file}: ${r.lines} lines, ${r.pages} imported (${r.tweets} tweets, ${r.users} users), ${r.newEdges} new edges`,
  ];
  if (r.alreadyImported) parts.push(`${r.alreadyImported} lines already imported`);
  if (r.malformed.length) parts.push(`${r.malformed.length} malformed (line ${r.malformed.map((m) => m.line).join(", ")})`);
  if (r.skipped.length) {
    const what = [...new Set(r.skipped.map((s) => s.what))].join(", ");
    parts.push(`${r.skipped.length} without tweets or users (${what})`);
  }
  if (r.unresolvedMentions) parts.push(`${r.unresolvedMentions} mentions without an account id`);
  if (r.issues) parts.push(`${r.issues} missing or suspended accounts recorded`);
  return `${parts.join("; ")} in ${(ms / 1000).toFixed(1)} s\n`;
}
