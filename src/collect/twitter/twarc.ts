/**
 * `atlas import twarc`: twarc2 output (JSON lines, optionally gzipped) into a
 * niche, as the same accounts, posts and interaction edges as a live
 * collection. Each line is one API response page (`data`, `includes`,
 * `errors`, `meta`), a filtered-stream message (`data` one tweet), or one
 * tweet as `twarc2 flatten` writes it (author embedded). Users pages
 * (`twarc2 users`, followers...) add accounts. Counts, lists and compliance
 * lines carry no tweets or users: they are counted as skipped. A line that is
 * not JSON is counted and reported with its number; the rest is imported.
 *
 * One transaction per line; importing the same file twice adds nothing
 * (lines are recognised by file name, number and content hash).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { getNiche, upsertNiche } from "../../store/niches.ts";
import type { PageWrite, StoreDb } from "../../store/types.ts";
import { createPageWriter } from "../../store/write.ts";
import { accountFromUser, issueFromProblem, recordsFromTweets, tweetsOf, type V2Page, type V2Tweet, type V2User } from "./records.ts";

export interface TwarcImportOptions {
  niche: string;
  /** ISO time of the import (first/last seen). */
  at: string;
  /** Called after each line. */
  onLine?(line: number, report: TwarcImportReport): void;
}

export interface TwarcImportReport {
  file: string;
  lines: number;
  /** Lines imported (tweet or user pages). */
  pages: number;
  /** Lines already imported by an earlier run. */
  alreadyImported: number;
  tweets: number;
  users: number;
  newEdges: number;
  /** Mentions whose account could not be resolved to an id. */
  unresolvedMentions: number;
  /** Users reported missing/suspended in `errors`. */
  issues: number;
  malformed: { line: number; problem: string }[];
  /** Lines with no tweets or users (counts, lists, compliance), by what they were. */
  skipped: { line: number; what: string }[];
}

/** Imports `file` into niche `options.niche` (created as a Twitter niche if new). */
export async function importTwarc(db: StoreDb, file: string, options: TwarcImportOptions): Promise<TwarcImportReport> {
  const name = basename(file);
  const before = getNiche(db, options.niche);
  const imports = Array.isArray(before?.params.imports) ? (before.params.imports as string[]) : [];
  const niche = upsertNiche(db, options.niche, "twitter", [], { imports: imports.includes(name) ? imports : [...imports, name] }, options.at);
  const writer = createPageWriter(db, "twitter");
  const seen = db.prepare("SELECT 1 FROM pages WHERE niche_id = ? AND source = ? LIMIT 1").pluck();
  const report: TwarcImportReport = {
    file,
    lines: 0,
    pages: 0,
    alreadyImported: 0,
    tweets: 0,
    users: 0,
    newEdges: 0,
    unresolvedMentions: 0,
    issues: 0,
    malformed: [],
    skipped: [],
  };
  let input: NodeJS.ReadableStream = createReadStream(file);
  if (await isGzip(file)) input = input.pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    report.lines = n;
    if (text.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      report.malformed.push({ line: n, problem: `not valid JSON (${(error as Error).message})` });
      options.onLine?.(n, report);
      continue;
    }
    const hash = createHash("sha1").update(text).digest("hex").slice(0, 16);
    const source = `twarc:${name}:${n}:${hash}`;
    if (seen.get(niche.id, source) !== undefined) {
      report.alreadyImported++;
      options.onLine?.(n, report);
      continue;
    }
    const write = lineWrite(json, niche.id, options.at, report, n);
    if (write === null) {
      options.onLine?.(n, report);
      continue;
    }
    write.page = { endpoint: endpointOf(json), params: {}, status: 200, body: text, fetchedAt: options.at, source };
    const result = writer.commit(write);
    report.pages++;
    report.newEdges += result.newEdges;
    options.onLine?.(n, report);
  }
  return report;
}

/** The write of one parsed line, or null when it holds no tweets or users (counted in `report.skipped`). */
function lineWrite(json: unknown, nicheId: number, at: string, report: TwarcImportReport, line: number): PageWrite | null {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    report.skipped.push({ line, what: Array.isArray(json) ? "a JSON array" : `a JSON ${typeof json}` });
    return null;
  }
  const obj = json as Record<string, unknown>;
  if (!("data" in obj)) {
    if (typeof obj.id === "string" && ("text" in obj || "author_id" in obj)) return tweetsWrite([obj as unknown as V2Tweet], flatIncludes(obj as unknown as V2Tweet & Record<string, unknown>), nicheId, at, report);
    report.skipped.push({ line, what: "action" in obj ? "a compliance record" : Object.keys(obj).length === 0 ? "an empty object" : "no data" });
    return null;
  }
  const page = obj as V2Page;
  const items = Array.isArray(page.data) ? (page.data as Record<string, unknown>[]) : page.data && typeof page.data === "object" ? [page.data as Record<string, unknown>] : [];
  const first = items[0];
  if (first === undefined) {
    report.skipped.push({ line, what: "an empty page" });
    return null;
  }
  if ("text" in first || "author_id" in first) return tweetsWrite(tweetsOf(page), page, nicheId, at, report);
  if ("username" in first) {
    const accounts = (items as unknown as V2User[]).map(accountFromUser);
    report.users += accounts.length;
    const issues = (page.errors ?? []).map(issueFromProblem).filter((i) => i !== null);
    report.issues += issues.length;
    for (const u of page.includes?.users ?? []) accounts.push(accountFromUser(u));
    return { nicheId, page: null, accounts, nicheAccounts: accounts.map((a) => ({ id: a.id, depth: 0 })), issues, at };
  }
  report.skipped.push({ line, what: "tweet_count" in first ? "tweet counts" : "member_count" in first || "follower_count" in first ? "lists" : "not tweets or users" });
  return null;
}

function tweetsWrite(tweets: V2Tweet[], page: V2Page, nicheId: number, at: string, report: TwarcImportReport): PageWrite {
  const r = recordsFromTweets(tweets, page);
  report.tweets += r.ownPosts.length;
  report.unresolvedMentions += r.unresolvedMentions;
  report.issues += r.issues.length;
  const authors = new Set<string>();
  for (const p of r.posts) if (p.authorId && r.ownPosts.includes(p.id)) authors.add(p.authorId);
  return {
    nicheId,
    page: null,
    accounts: r.accounts,
    nicheAccounts: [...authors].map((id) => ({ id, depth: 0 })),
    posts: r.posts,
    nichePosts: r.ownPosts,
    edges: r.edges,
    issues: r.issues,
    at,
  };
}

/** The includes of a flattened tweet: its referenced tweets, their authors, replied-to and mentioned users. */
function flatIncludes(t: V2Tweet & Record<string, unknown>): V2Page {
  const users: V2User[] = [];
  const tweets: V2Tweet[] = [];
  const addUser = (u: unknown): void => {
    if (u && typeof u === "object" && typeof (u as V2User).id === "string") users.push(u as V2User);
  };
  addUser(t.in_reply_to_user);
  for (const m of t.entities?.mentions ?? []) if ("name" in m) addUser(m);
  for (const r of (t.referenced_tweets ?? []) as (V2Tweet & { author?: V2User })[]) {
    if (r.author_id || r.author) tweets.push(r);
    addUser(r.author);
  }
  return { includes: { users, tweets } };
}

function endpointOf(json: unknown): string {
  const url = (json as { __twarc?: { url?: string } }).__twarc?.url;
  if (typeof url !== "string") return "twarc";
  try {
    return new URL(url).pathname;
  } catch {
    return "twarc";
  }
}

async function isGzip(file: string): Promise<boolean> {
  const { open } = await import("node:fs/promises");
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}
