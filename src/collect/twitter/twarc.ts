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
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { DataError } from "../../shared/errors.ts";
import { pageSourceLookup } from "../../store/lookups.ts";
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
  const seen = pageSourceLookup(db);
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
  let n = 0;
  for await (const text of linesOf(file, await isGzip(file), () => n)) {
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
    if (seen(niche.id, source)) {
      report.alreadyImported++;
      options.onLine?.(n, report);
      continue;
    }
    // A field of a type the API never sends fails here (TypeError), or when SQLite binds it (TypeError):
    // the line's transaction is rolled back, and the line reported and skipped.
    const counts = { ...report, malformed: undefined, skipped: undefined };
    try {
      const write = lineWrite(json, niche.id, options.at, report, n);
      if (write === null) {
        options.onLine?.(n, report);
        continue;
      }
      write.page = { endpoint: endpointOf(json), params: {}, status: 200, body: text, fetchedAt: options.at, source };
      const result = writer.commit(write);
      report.pages++;
      report.newEdges += result.newEdges;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      Object.assign(report, { tweets: counts.tweets, users: counts.users, unresolvedMentions: counts.unresolvedMentions, issues: counts.issues });
      report.malformed.push({ line: n, problem: `a field has an unexpected type (${error.message})` });
    }
    options.onLine?.(n, report);
  }
  return report;
}

/** The lines of `file` (gunzipped when `gzip`); a truncated or corrupt gzip stream ends them with a `DataError` at the line reached. */
async function* linesOf(file: string, gzip: boolean, reached: () => number): AsyncGenerator<string> {
  const raw = createReadStream(file);
  const input = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on("error", (error) => input.destroy(error));
  const decoder = new StringDecoder("utf8");
  let rest = "";
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const text = rest + decoder.write(chunk);
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) yield line.endsWith("\r") ? line.slice(0, -1) : line;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (!gzip || !code.startsWith("Z_")) throw error;
    throw new DataError(
      { file, line: reached() + 1 },
      `the gzip data is truncated or corrupt (${(error as Error).message}); the ${reached()} lines before were imported`,
      "download or compress the file again, then import it again (lines already imported are recognised)",
      { cause: error },
    );
  }
  rest += decoder.end();
  if (rest !== "") yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
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
