/** `atlas status`: what the store holds, niche by niche: crawl progress, requests, pending tasks, recent errors. */
import { existsSync } from "node:fs";
import { Command } from "commander";
import { openStore } from "../store/open.ts";
import { quotaDay, type QuotaDay } from "../store/quota.ts";
import { storeStatus, type NicheStatus } from "../store/status.ts";
import { UsageError } from "../shared/errors.ts";
import { quotaLine } from "./collect-youtube.ts";
import { dbOption } from "./collect-common.ts";
import type { CliIo } from "./context.ts";

interface StatusCliOptions {
  db: string;
  niche?: string;
  json?: boolean;
}

export function statusCommand(io: CliIo): Command {
  return new Command("status")
    .description("show the store's niches: crawl progress, requests, pending tasks, skipped accounts, recent errors")
    .addOption(dbOption())
    .option("--niche <name>", "only this niche")
    .option("--json", "print JSON")
    .action((o: StatusCliOptions) => {
      if (!existsSync(o.db)) throw new UsageError(`status: no store at "${o.db}" (collect or import something first, or give --db)`);
      const db = openStore(o.db, { readonly: true });
      try {
        let all = storeStatus(db);
        if (o.niche !== undefined) {
          all = all.filter((n) => n.name === o.niche);
          if (all.length === 0) throw new UsageError(`status: no niche "${o.niche}" in ${o.db}`);
        }
        const now = Date.now();
        const quota = all.some((n) => n.platform === "youtube") ? quotaDay(db, now) : null;
        const json = all.map((n) => (n.platform === "youtube" ? { ...n, quotaToday: quota } : n));
        io.out(o.json ? JSON.stringify(json, null, 2) + "\n" : formatStatus(o.db, all, quota, now));
      } finally {
        db.close();
      }
    });
}

/** The text of `atlas status`; `quota` (YouTube's, today) is shown when given. */
export function formatStatus(file: string, niches: NicheStatus[], quota: QuotaDay | null = null, nowMs = Date.now()): string {
  if (niches.length === 0) return `${file}: no niches yet\n`;
  const out: string[] = [`${file}: ${niches.length} niche${niches.length === 1 ? "" : "s"}`];
  if (quota) out.push(`YouTube ${quotaLine(quota, nowMs)}`);
  for (const n of niches) {
    const t = n.tasks;
    const total = t.pending + t.done + t.skipped + t.failed;
    const kinds = Object.entries(n.edgesByKind).map(([k, c]) => `${k} ${c}`).join(", ");
    out.push("");
    out.push(`${n.name} (${n.platform}, ${n.state}; updated ${n.updatedAt})`);
    const yt = n.platform === "youtube";
    if (n.seeds.length) out.push(`  seeds: ${n.seeds.map((s) => (yt || s.startsWith("did:") ? s : `@${s}`)).join(", ")}`);
    out.push(
      yt
        ? `  ${n.accounts} channels, ${n.edges} edges${kinds ? ` (${kinds})` : ""}, ${n.videos} videos, ${n.posts} comments; ${n.quotaUnits} quota units spent`
        : `  ${n.accounts} accounts, ${n.edges} edges${kinds ? ` (${kinds})` : ""}, ${n.posts} posts`,
    );
    if (total > 0) {
      out.push(
        `  tasks: ${t.done} done, ${t.pending} pending, ${t.skipped} skipped, ${t.failed} failed; ` +
          `accounts ${t.accountsDone} done, ${t.accountsQueued} queued`,
      );
      out.push(
        `  requests: ${n.requests} (${n.rateLimited} rate-limited, ${n.failedRequests} failed)` +
          (n.lastRequestAt ? `, last ${n.lastRequestAt}` : ""),
      );
    }
    if (n.jetstream) {
      const at = new Date(n.jetstream.cursor / 1000).toISOString();
      out.push(`  listen: ${n.jetstream.events} Jetstream events applied, cursor ${n.jetstream.cursor} (${at}), last batch ${n.jetstream.updatedAt}`);
    }
    if (n.issues.length) out.push(`  skipped accounts: ${n.issues.map((i) => `${i.ref} (${i.reason})`).join(", ")}`);
    for (const e of n.recentErrors) out.push(`  error [${e.status}] ${e.kind} ${e.accountId || e.arg}: ${e.error}`);
  }
  return out.join("\n") + "\n";
}
