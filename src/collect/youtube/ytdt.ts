/**
 * `atlas import ytdt`: YouTube Data Tools exports into a YouTube niche.
 *
 * - Channel network (`channelnet_*.gdf`): nodes are channel ids with title,
 *   isSeed, seedRank, subscriberCount, videoCount, viewCount; edges A → B when
 *   A features or subscribes to B (the file does not say which): kind `links`.
 * - Comments table (`videoinfo_*_comments.tab`, tab-separated, or the CSV of
 *   YTDT 2): every comment with its author's channel id. Imported like a live
 *   collection, keyed by channel id: `comments` (author → the video's channel,
 *   read from the `_basicinfo.tab` beside it, or a `channelId` column),
 *   `replies` (author → author of the top-level comment), `mentions`.
 * - Comment network (`*_commentnetwork.gdf`): YTDT keys it by display name
 *   (or its hash), never stable: its nodes are resolved to channel ids through
 *   the niche's accounts (import the comments table first); the rest are
 *   reported and their edges skipped. Edges: `replies`; an edge's weight tops
 *   up what the niche already has (a reply in both files counts once).
 *
 * One transaction per file (a file that fails leaves the store as it was);
 * importing a file again adds nothing. An edge's weight is stored as a
 * weight: one evidence item that counts it.
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { parseGraphText } from "../../graph/read.ts";
import { DataError } from "../../shared/errors.ts";
import { edgeWeightLookup, memberByHandleLookup, memberByNameLookup, pageSourceLookup } from "../../store/lookups.ts";
import { upsertNiche } from "../../store/niches.ts";
import type { AccountRecord, EdgeWrite, PageWrite, StoreDb } from "../../store/types.ts";
import { createPageWriter } from "../../store/write.ts";
import { CHANNEL_ID } from "./plan.ts";
import { recordsFromComment } from "./records.ts";
import type { YtComment } from "./types.ts";

export interface YtdtImportOptions {
  niche: string;
  /** ISO time of the import. */
  at: string;
}

export interface YtdtImportReport {
  file: string;
  kind: "channel network" | "comment network" | "comments";
  nodes: number;
  comments: number;
  newEdges: number;
  /** Rows with the wrong number of cells, by line. */
  malformed: { line: number; problem: string }[];
  /** Comment-network names that matched no channel of the niche. */
  unresolvedNodes: string[];
  /** Edges dropped because an end is unresolved or has no channel id. */
  skippedEdges: number;
  unresolvedMentions: number;
  /** Why there are no `comments` edges, when there are none. */
  note: string | null;
}

/** Imports one YTDT file (.gdf, .tab, .csv) into niche `options.niche` (a YouTube niche, created if new). */
export async function importYtdt(db: StoreDb, file: string, options: YtdtImportOptions): Promise<YtdtImportReport> {
  const text = await readFile(file, "utf8");
  const gdf = /\.gdf$/i.test(file);
  const info = gdf ? {} : await basicInfo(file);
  // One transaction: a file that fails leaves the store as it was (no niche created, nothing written).
  return db.transaction((): YtdtImportReport => {
    const niche = upsertNiche(db, options.niche, "youtube", [], {}, options.at);
    const name = basename(file);
    const report: YtdtImportReport = {
      file, kind: "comments", nodes: 0, comments: 0, newEdges: 0, malformed: [], unresolvedNodes: [], skippedEdges: 0, unresolvedMentions: 0, note: null,
    };
    const write: PageWrite = {
      nicheId: niche.id,
      page: { endpoint: "ytdt", params: { file: name }, status: 200, body: null, fetchedAt: options.at, source: `ytdt:${name}` },
      accounts: [], nicheAccounts: [], posts: [], nichePosts: [], edges: [], videos: [], nicheVideos: [], at: options.at,
    };
    if (gdf) importGdf(db, niche.id, name, text, write, report);
    else importComments(db, niche.id, file, text, info, write, report);
    if (pageSourceLookup(db)(niche.id, `ytdt:${name}`)) {
      write.page = null; // imported before: the rows are idempotent, the page is kept once
    }
    report.newEdges = createPageWriter(db, "youtube").commit(write).newEdges;
    return report;
  }).immediate();
}

function importGdf(db: StoreDb, nicheId: number, name: string, text: string, write: PageWrite, report: YtdtImportReport): void {
  const graph = parseGraphText("gdf", name, text);
  const keys = graph.nodes();
  report.nodes = keys.length;
  const channels = keys.length > 0 && keys.every((k) => CHANNEL_ID.test(k));
  const int = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
  // An edge of weight w is one evidence item of weight w, minus what the niche already holds for
  // it (the comments table the network was made from), so importing both counts each reply once.
  const existing = edgeWeightLookup(db, nicheId);
  const repeat = (e: Omit<EdgeWrite, "item">, weight: number, key: string): void => {
    const n = Math.max(1, Math.round(weight));
    if (!Number.isSafeInteger(n)) {
      throw new DataError(
        { file: name },
        `edge ${key} has weight ${weight}, more than ${Number.MAX_SAFE_INTEGER} (the largest count the store keeps exactly)`,
        "fix the weight in the file",
      );
    }
    const had = existing(e.source, e.target, e.kind) ?? 0;
    if (n > had) write.edges!.push({ ...e, item: `ytdt:${name}:${key}`, weight: n - had });
  };
  if (channels) {
    report.kind = "channel network";
    for (const id of keys) {
      const a = graph.getNodeAttributes(id);
      const seed = a.isSeed === "yes" || a.isSeed === 1 || a.isSeed === "1" || a.isSeed === true;
      const metrics: Record<string, unknown> = {};
      for (const m of ["subscriberCount", "videoCount", "viewCount"]) if (a[m] !== undefined) metrics[m] = a[m];
      const extra: Record<string, unknown> = {};
      for (const x of ["country", "publishedAt", "seedRank"]) if (a[x] !== undefined) extra[x] = a[x];
      write.accounts!.push({
        id,
        name: typeof a.label === "string" && a.label !== id ? a.label : null,
        handle: typeof a.customUrl === "string" && a.customUrl ? a.customUrl.replace(/^@/, "") : null,
        description: typeof a.description === "string" ? a.description : null,
        followers: int(a.subscriberCount),
        posts: int(a.videoCount),
        metrics: Object.keys(metrics).length ? metrics : null,
        extra: Object.keys(extra).length ? extra : null,
      });
      write.nicheAccounts!.push({ id, depth: seed ? 0 : 1, seed });
    }
    graph.forEachEdge((_e, attrs, source, target) => {
      if (source !== target) repeat({ source, target, kind: "links" }, Number(attrs.weight ?? 1), `${source}>${target}`);
    });
    return;
  }
  report.kind = "comment network";
  const byHandle = memberByHandleLookup(db, nicheId, "youtube");
  const byName = memberByNameLookup(db, nicheId, "youtube");
  const idOf = new Map<string, string>();
  for (const key of keys) {
    const label = String(graph.getNodeAttribute(key, "label") ?? key);
    const id = label.startsWith("@") ? byHandle(label.slice(1).toLowerCase()) : byName(label);
    if (id) idOf.set(key, id);
    else report.unresolvedNodes.push(label);
  }
  graph.forEachEdge((_e, attrs, s, t) => {
    const source = idOf.get(s);
    const target = idOf.get(t);
    if (!source || !target) return void report.skippedEdges++;
    if (source !== target) repeat({ source, target, kind: "replies" }, Number(attrs.weight ?? 1), `${source}>${target}`);
  });
}

function importComments(
  db: StoreDb,
  nicheId: number,
  file: string,
  text: string,
  info: Record<string, string>,
  write: PageWrite,
  report: YtdtImportReport,
): void {
  const rows = /\.csv$/i.test(file) ? csvRows(file, text) : tabRows(text, report);
  const header = rows.header;
  for (const need of ["id", "authorChannelId"]) {
    if (!header.includes(need)) {
      throw new DataError({ file, line: 1 }, `no "${need}" column (columns: ${header.slice(0, 12).join(", ")})`, "give a YTDT comments table (videoinfo_*_comments.tab)");
    }
  }
  const get = (r: Record<string, string>, ...names: string[]): string => names.map((n) => r[n]).find((v) => v !== undefined && v !== "") ?? "";
  const records = rows.records;
  const authorOf = new Map<string, string>();
  const handles = new Map<string, string>();
  for (const r of records) {
    const id = get(r, "authorChannelId");
    if (id) authorOf.set(get(r, "id"), id);
    const display = get(r, "authorName");
    if (id && display.startsWith("@") && !handles.has(display.slice(1).toLowerCase())) handles.set(display.slice(1).toLowerCase(), id);
  }
  const byHandle = memberByHandleLookup(db, nicheId, "youtube");
  const resolve = (h: string): string | null => handles.get(h) ?? byHandle(h) ?? null;
  const seen = new Set<string>();
  const member = (a: AccountRecord | null): void => {
    if (!a) return;
    write.accounts!.push(a);
    if (!seen.has(a.id)) write.nicheAccounts!.push({ id: a.id, depth: 1 }), seen.add(a.id);
  };
  if (info.channelId) {
    write.accounts!.push({ id: info.channelId, name: info.channelTitle || null });
    write.nicheAccounts!.push({ id: info.channelId, depth: 0, seed: true });
    seen.add(info.channelId);
  } else if (!header.includes("channelId")) {
    report.note = `no ${basename(file).replace(/_comments\.(tab|csv)$/i, "")}_basicinfo.tab beside it: the video's channel is unknown, so no "comments" edges`;
  }
  for (const r of records) {
    const isReply = get(r, "isReply") === "1";
    const videoId = get(r, "videoId") || info.videoId;
    const channel = get(r, "channelId") || info.channelId || null;
    const parent = get(r, "isReplyToId", "isReplyTo", "parentId", "threadId");
    const comment: YtComment = {
      id: get(r, "id"),
      snippet: {
        authorDisplayName: get(r, "authorName"),
        authorChannelId: { value: get(r, "authorChannelId") || undefined },
        textOriginal: get(r, "text"),
        publishedAt: isoTime(get(r, "publishedAt")),
        likeCount: Number(get(r, "likeCount")) || 0,
        ...(isReply && parent ? { parentId: parent } : {}),
      },
    };
    const target = isReply ? { id: authorOf.get(parent) ?? null, kind: "replies" as const } : { id: channel, kind: "comments" as const };
    const rec = recordsFromComment(comment, videoId, target, resolve);
    report.unresolvedMentions += rec.unresolved;
    if (!rec.author) report.skippedEdges++;
    member(rec.author);
    if (rec.post) write.posts!.push(rec.post), write.nichePosts!.push(rec.post.id);
    for (const e of rec.edges) {
      write.edges!.push(e);
      if (!seen.has(e.target)) write.nicheAccounts!.push({ id: e.target, depth: 1 }), seen.add(e.target);
    }
    report.comments++;
  }
  if (info.videoId) {
    write.videos!.push({ id: info.videoId, channelId: info.channelId || null, title: info.title || null, publishedAt: isoTime(info.published) ?? null });
    write.nicheVideos!.push(info.videoId);
  }
  report.nodes = seen.size;
}

function tabRows(text: string, report: YtdtImportReport): { header: string[]; records: Record<string, string>[] } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = (lines[0] ?? "").split("\t").map((h) => h.trim());
  const records: Record<string, string>[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const cells = lines[i].split("\t");
    if (cells.length !== header.length) {
      report.malformed.push({ line: i + 1, problem: `${cells.length} cells where the header has ${header.length}` });
      continue;
    }
    records.push(Object.fromEntries(header.map((h, c) => [h, cells[c]])));
  }
  return { header, records };
}

function csvRows(file: string, text: string): { header: string[]; records: Record<string, string>[] } {
  try {
    const records = parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[];
    return { header: records.length ? Object.keys(records[0]) : (text.split(/\r?\n/)[0] ?? "").split(","), records };
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new DataError({ file, line: e.lines }, `not a readable CSV (${e.message})`, "give the comments CSV as YTDT wrote it", { cause: error });
  }
}

/** `key\tvalue` lines of the `_basicinfo.tab` beside a comments table (empty when there is none). */
async function basicInfo(file: string): Promise<Record<string, string>> {
  const m = basename(file).match(/^(.*)_comments\.(tab|csv)$/i);
  if (!m) return {};
  const text = await readFile(join(dirname(file), `${m[1]}_basicinfo.tab`), "utf8").catch(() => null);
  if (text === null) return {};
  const info: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const tab = line.indexOf("\t");
    if (tab > 0) info[line.slice(0, tab).trim()] = line.slice(tab + 1).trim();
  }
  return { ...info, videoId: info.id ?? "" };
}

/** `2019-11-26 15:51:44` (YTDT, UTC) or ISO → ISO. */
function isoTime(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const t = Date.parse(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(v) ? `${v.replace(" ", "T")}Z` : v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
