/**
 * The YouTube quota ledger: units reserved per Pacific-time day (the Data
 * API's quota resets at midnight America/Los_Angeles), niche and method.
 * A call's units are written BEFORE it is sent, in their own transaction, so
 * a crash can only over-count (never spend blindly); a call the API refuses
 * with `quotaExceeded` costs nothing and is refunded.
 */
import type { StoreDb } from "./types.ts";

/** The default daily quota of a Google Cloud project (units). */
export const DEFAULT_DAILY_QUOTA = 10_000;

const PACIFIC = "America/Los_Angeles";
const pacificParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: PACIFIC,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function parts(ms: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pacificParts.formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

/** The Pacific-time date (`YYYY-MM-DD`) of instant `ms`: the quota day. */
export function pacificDay(ms: number): string {
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The next midnight in Pacific time after `ms` (epoch ms): when the quota resets. */
export function nextQuotaReset(ms: number): number {
  const [y, m, d] = pacificDay(ms).split("-").map(Number);
  // Midnight Pacific is 07:00Z (PDT) or 08:00Z (PST) of the next calendar day.
  for (const hour of [7, 8]) {
    const candidate = Date.UTC(y, m - 1, d + 1, hour);
    const p = parts(candidate);
    if (p.hour === "00" && p.minute === "00") return candidate;
  }
  return Date.UTC(y, m - 1, d + 1, 8);
}

export interface QuotaDay {
  /** Pacific date. */
  day: string;
  /** Units reserved on that day, every niche. */
  spent: number;
  /** The budget of the last collection that ran that day (default 10000). */
  budget: number;
  /** `budget - spent`, at least 0. */
  left: number;
  calls: number;
  /** Per method: calls and units. */
  byMethod: Record<string, { calls: number; units: number }>;
  /** When the API answered quotaExceeded that day (ISO), or null. */
  exhaustedAt: string | null;
  /** The next reset (ISO). */
  resetsAt: string;
}

export interface QuotaLedger {
  /** Reserves `units` for one call of `method` on `day` (one transaction). */
  reserve(day: string, nicheId: number, method: string, units: number): void;
  /** Gives back one reserved call (the API refused it without charging). */
  refund(day: string, nicheId: number, method: string, units: number): void;
  /** Units reserved on `day`, every niche. */
  spent(day: string): number;
  /** Records the budget a collection runs with on `day`. */
  setBudget(day: string, budget: number): void;
  /** Records that the API said the quota of `day` is exhausted. */
  markExhausted(day: string, at: string): void;
  /** When the API said the quota of `day` was exhausted, if it did. */
  exhaustedAt(day: string): string | null;
}

export function createQuotaLedger(db: StoreDb): QuotaLedger {
  const reserve = db.prepare(
    `INSERT INTO quota_ledger (day, niche_id, method, calls, units) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (day, niche_id, method) DO UPDATE SET calls = calls + 1, units = units + excluded.units`,
  );
  const refund = db.prepare(
    "UPDATE quota_ledger SET calls = calls - 1, units = units - ? WHERE day = ? AND niche_id = ? AND method = ?",
  );
  const spent = db.prepare("SELECT coalesce(sum(units), 0) FROM quota_ledger WHERE day = ?").pluck();
  const setBudget = db.prepare(
    "INSERT INTO quota_days (day, budget) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET budget = excluded.budget",
  );
  const markExhausted = db.prepare(
    `INSERT INTO quota_days (day, budget, exhausted_at) VALUES (?, ${DEFAULT_DAILY_QUOTA}, ?)
     ON CONFLICT (day) DO UPDATE SET exhausted_at = excluded.exhausted_at`,
  );
  const exhaustedAt = db.prepare("SELECT exhausted_at FROM quota_days WHERE day = ?").pluck();
  return {
    reserve: (day, nicheId, method, units) => void reserve.run(day, nicheId, method, units),
    refund: (day, nicheId, method, units) => void refund.run(units, day, nicheId, method),
    spent: (day) => spent.get(day) as number,
    setBudget: (day, budget) => void setBudget.run(day, budget),
    markExhausted: (day, at) => void markExhausted.run(day, at),
    exhaustedAt: (day) => (exhaustedAt.get(day) as string | null | undefined) ?? null,
  };
}

/** The quota of the Pacific day containing `nowMs` (from the ledger; nothing spent → zeros). */
export function quotaDay(db: StoreDb, nowMs: number, nicheId?: number): QuotaDay {
  const day = pacificDay(nowMs);
  const rows = db
    .prepare(
      `SELECT method, sum(calls) AS calls, sum(units) AS units FROM quota_ledger
       WHERE day = ?${nicheId === undefined ? "" : " AND niche_id = ?"} GROUP BY method ORDER BY method`,
    )
    .all(...(nicheId === undefined ? [day] : [day, nicheId])) as { method: string; calls: number; units: number }[];
  const info = db.prepare("SELECT budget, exhausted_at FROM quota_days WHERE day = ?").get(day) as
    | { budget: number; exhausted_at: string | null }
    | undefined;
  const byMethod: QuotaDay["byMethod"] = {};
  let spent = 0;
  let calls = 0;
  for (const r of rows) {
    byMethod[r.method] = { calls: r.calls, units: r.units };
    spent += r.units;
    calls += r.calls;
  }
  const budget = info?.budget ?? DEFAULT_DAILY_QUOTA;
  return {
    day,
    spent,
    budget,
    left: Math.max(0, budget - spent),
    calls,
    byMethod,
    exhaustedAt: info?.exhausted_at ?? null,
    resetsAt: new Date(nextQuotaReset(nowMs)).toISOString(),
  };
}

/** Units a niche has reserved in total (every day). */
export function nicheQuotaUnits(db: StoreDb, nicheId: number): number {
  return db.prepare("SELECT coalesce(sum(units), 0) FROM quota_ledger WHERE niche_id = ?").pluck().get(nicheId) as number;
}
