/** Crawl tasks: the resumable plan of a collection. */
import type { StoreDb, Task, TaskSpec, TaskStatus } from "./types.ts";

interface TaskRow {
  id: number;
  niche_id: number;
  kind: string;
  account_id: string;
  arg: string;
  depth: number;
  status: TaskStatus;
  next_token: string | null;
  pages: number;
  items: number;
  attempts: number;
  last_error: string | null;
}

function fromRow(r: TaskRow): Task {
  return {
    id: r.id,
    nicheId: r.niche_id,
    kind: r.kind,
    accountId: r.account_id,
    arg: r.arg,
    depth: r.depth,
    status: r.status,
    nextToken: r.next_token,
    pages: r.pages,
    items: r.items,
    attempts: r.attempts,
    lastError: r.last_error,
  };
}

/** Adds tasks that do not exist yet (same niche, kind, account and arg); returns how many were added. */
export function addTasks(db: StoreDb, nicheId: number, specs: readonly TaskSpec[], at: string): number {
  const insert = db.prepare(
    "INSERT OR IGNORE INTO tasks (niche_id, kind, account_id, arg, depth, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  let added = 0;
  for (const s of specs) added += insert.run(nicheId, s.kind, s.accountId ?? "", s.arg ?? "", s.depth ?? 0, at).changes;
  return added;
}

/** The oldest pending task of the niche (breadth-first order), if any. */
export function nextTask(db: StoreDb, nicheId: number): Task | undefined {
  const row = db
    .prepare("SELECT * FROM tasks WHERE niche_id = ? AND status = 'pending' ORDER BY id LIMIT 1")
    .get(nicheId) as TaskRow | undefined;
  return row && fromRow(row);
}

export function getTask(db: StoreDb, id: number): Task | undefined {
  const row = db.prepare("SELECT * FROM tasks WHERE id = ?").get(id) as TaskRow | undefined;
  return row && fromRow(row);
}

export function listTasks(db: StoreDb, nicheId: number): Task[] {
  return (db.prepare("SELECT * FROM tasks WHERE niche_id = ? ORDER BY id").all(nicheId) as TaskRow[]).map(fromRow);
}

/** Records a failed attempt (the page was not committed); `fail` also ends the task as failed. */
export function recordAttempt(db: StoreDb, id: number, error: string, at: string, fail: boolean): void {
  db.prepare(
    "UPDATE tasks SET attempts = attempts + 1, last_error = ?, updated_at = ?, status = CASE WHEN ? THEN 'failed' ELSE status END WHERE id = ?",
  ).run(error, at, fail ? 1 : 0, id);
}

/** Gives the niche's failed tasks another chance (a new run); returns how many. */
export function retryFailedTasks(db: StoreDb, nicheId: number, at: string): number {
  return db
    .prepare("UPDATE tasks SET status = 'pending', attempts = 0, updated_at = ? WHERE niche_id = ? AND status = 'failed'")
    .run(at, nicheId).changes;
}

export interface TaskCounts {
  pending: number;
  done: number;
  skipped: number;
  failed: number;
  /** Distinct accounts with at least one pending task. */
  accountsQueued: number;
  /** Distinct accounts whose tasks are all finished. */
  accountsDone: number;
  /** Pages committed by finished tasks (for estimates). */
  pagesDone: number;
}

export function taskCounts(db: StoreDb, nicheId: number): TaskCounts {
  const c: TaskCounts = { pending: 0, done: 0, skipped: 0, failed: 0, accountsQueued: 0, accountsDone: 0, pagesDone: 0 };
  for (const r of db
    .prepare("SELECT status, count(*) AS n, sum(pages) AS p FROM tasks WHERE niche_id = ? GROUP BY status")
    .all(nicheId) as { status: TaskStatus; n: number; p: number }[]) {
    c[r.status] = r.n;
    if (r.status !== "pending") c.pagesDone += r.p;
  }
  const acc = db
    .prepare(
      `SELECT sum(open > 0) AS queued, sum(open = 0) AS done FROM (
         SELECT account_id, sum(status = 'pending') AS open FROM tasks
         WHERE niche_id = ? AND account_id <> '' GROUP BY account_id)`,
    )
    .get(nicheId) as { queued: number | null; done: number | null };
  c.accountsQueued = acc.queued ?? 0;
  c.accountsDone = acc.done ?? 0;
  return c;
}

/** Pending tasks of the niche, oldest first: of one `kind`, or of every kind but `exceptKind`. */
export function pendingTasks(db: StoreDb, nicheId: number, options: { kind?: string; exceptKind?: string; limit?: number } = {}): Task[] {
  const where = options.kind !== undefined ? " AND kind = ?" : options.exceptKind !== undefined ? " AND kind <> ?" : "";
  const args: unknown[] = [nicheId];
  if (options.kind !== undefined) args.push(options.kind);
  else if (options.exceptKind !== undefined) args.push(options.exceptKind);
  args.push(options.limit ?? -1);
  const rows = db
    .prepare(`SELECT * FROM tasks WHERE niche_id = ? AND status = 'pending'${where} ORDER BY id LIMIT ?`)
    .all(...args) as TaskRow[];
  return rows.map(fromRow);
}

const kindFilter = (kinds: readonly string[] | undefined): string => (kinds ? ` AND kind IN (${kinds.map(() => "?").join(", ")})` : "");

/** Whether the account has a task in the niche: any, or one of `kinds`. */
export function accountTaskLookup(db: StoreDb, nicheId: number, kinds?: readonly string[]): (accountId: string) => boolean {
  const stmt = db.prepare(`SELECT 1 FROM tasks WHERE niche_id = ? AND account_id = ?${kindFilter(kinds)} LIMIT 1`).pluck();
  return (accountId) => stmt.get(nicheId, accountId, ...(kinds ?? [])) !== undefined;
}

/** How many distinct accounts have a task in the niche: any, or one of `kinds` (tasks about no account aside). */
export function taskedAccountCounter(db: StoreDb, nicheId: number, kinds?: readonly string[]): () => number {
  const stmt = db.prepare(`SELECT count(DISTINCT account_id) FROM tasks WHERE niche_id = ? AND account_id <> ''${kindFilter(kinds)}`).pluck();
  return () => stmt.get(nicheId, ...(kinds ?? [])) as number;
}
