/**
 * A fake YouTube Data API v3 on 127.0.0.1 (node:http) over a world the test
 * defines: channels (subscriptions, featured channels, uploads), videos and
 * comment threads. Response shapes follow the recorded responses in
 * data/fixtures/youtube/ (`kind`, `etag`, `pageInfo`, `items`,
 * `nextPageToken`; errors as `{ error: { code, message, errors: [{ message,
 * domain, reason }] } }`).
 *
 * It charges quota per Pacific day like the API (list 1 unit, search 100;
 * nothing for a call refused with quotaExceeded), checks the `key` parameter
 * (400 keyInvalid), answers 403 commentsDisabled / subscriptionForbidden and
 * 404 videoNotFound / subscriberNotFound / playlistNotFound, and injects
 * faults (500, malformed body, delay) per request.
 *
 * The quota day is the fake's own (`fakePacificDay`): it reads the US
 * daylight-saving rule rather than the time-zone database, so the engine's
 * Pacific calendar is checked against a separate one.
 */
import http from "node:http";
import { FakeHttpServer } from "./http-server.ts";

export interface FakeChannel {
  id: string;
  title: string;
  handle: string;
  subscribers?: number;
  /** Public subscriptions (channel ids), or "private". */
  subscriptions?: string[] | "private";
  featured?: string[];
  /** Video ids, newest first. */
  uploads?: string[];
  /** Closed: channels.list does not return it. */
  closed?: boolean;
}

export interface FakeComment {
  id: string;
  author: string;
  text: string;
  at: string;
}

export interface FakeThread extends FakeComment {
  replies?: FakeComment[];
}

export interface FakeVideo {
  id: string;
  channel: string;
  title: string;
  commentsDisabled?: boolean;
  threads?: FakeThread[];
}

export interface FakeYoutubeWorld {
  channels: FakeChannel[];
  videos: FakeVideo[];
}

export type YoutubeFault = { status: 500 | 503 } | { malformed: true } | { delayMs: number };

export interface FakeYoutubeRequest {
  n: number;
  /** e.g. `channels`. */
  resource: string;
  query: Record<string, string[]>;
  status: number;
  /** Units charged (0 when refused for quota). */
  units: number;
  day: string;
  /** Resource and sorted query without the key: identifies a page. */
  key: string;
  at: number;
}

export interface FakeYoutubeOptions {
  key: string;
  /** Largest page served whatever maxResults asks (default: maxResults). */
  pageSize?: number;
  /** Replies a thread carries inline at most (default 2; the API returns "some"). */
  inlineReplies?: number;
  /** Units a Pacific day allows (default: unlimited). */
  dailyQuota?: number;
  /** The server's clock (ms), for the quota day (default Date.now). */
  now?: () => number;
  fault?: (r: FakeYoutubeRequest) => YoutubeFault | undefined;
  onRequest?: (r: FakeYoutubeRequest) => void;
  onResponded?: (r: FakeYoutubeRequest) => void;
  /**
   * Echo the request back, as debugging proxies do: a 200 page gets an
   * `echo` member, an error's `message` ends with the request URL (the `key`
   * parameter included) and its headers.
   */
  echo?: boolean;
}

const COSTS: Record<string, number> = { search: 100 };

const HOUR = 3_600_000;

/** Day of the month (1-based, UTC calendar) of the n-th Sunday of `month` (0-based) in `year`. */
function nthSunday(year: number, month: number, n: number): number {
  const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - firstWeekday) % 7) + 7 * (n - 1);
}

/**
 * The Pacific-time date (`YYYY-MM-DD`) of instant `ms`, by the US rule in
 * force since 2007: PDT (UTC−7) from the second Sunday of March at 02:00 PST
 * (10:00Z) to the first Sunday of November at 02:00 PDT (09:00Z), PST (UTC−8)
 * the rest of the year.
 */
export function fakePacificDay(ms: number): string {
  const year = new Date(ms).getUTCFullYear();
  const pdtFrom = Date.UTC(year, 2, nthSunday(year, 2, 2), 10);
  const pdtUntil = Date.UTC(year, 10, nthSunday(year, 10, 1), 9);
  const offset = ms >= pdtFrom && ms < pdtUntil ? -7 * HOUR : -8 * HOUR;
  return new Date(ms + offset).toISOString().slice(0, 10);
}

export class FakeYoutubeServer extends FakeHttpServer<FakeYoutubeRequest> {
  /** Units charged per Pacific day, per resource. */
  readonly charged = new Map<string, Map<string, number>>();
  private channels = new Map<string, FakeChannel>();
  private videos = new Map<string, FakeVideo>();
  private threads = new Map<string, FakeThread>();

  constructor(
    readonly world: FakeYoutubeWorld,
    readonly options: FakeYoutubeOptions,
  ) {
    super();
    for (const c of world.channels) this.channels.set(c.id, c);
    for (const v of world.videos) {
      this.videos.set(v.id, v);
      for (const t of v.threads ?? []) this.threads.set(t.id, t);
    }
  }



  /** Units charged on `day` (every resource). */
  unitsOn(day: string): number {
    return [...(this.charged.get(day)?.values() ?? [])].reduce((a, b) => a + b, 0);
  }


  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const resource = url.pathname.replace(/^\/youtube\/v3\//, "");
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(...v.split(","));
    const key = `${resource}?${[...url.searchParams.entries()].filter(([k]) => k !== "key").sort().map(([k, v]) => `${k}=${v}`).join("&")}`;
    const day = fakePacificDay((this.options.now ?? Date.now)());
    const r: FakeYoutubeRequest = { n: this.requests.length + 1, resource, query, status: 0, units: 0, day, key, at: Date.now() };
    const fault = this.options.fault?.(r);
    const cost = COSTS[resource] ?? 1;
    let status = 200;
    let body: string;
    if (url.searchParams.get("key") !== this.options.key) {
      status = 400;
      body = JSON.stringify(apiError(400, "API key not valid. Please pass a valid API key.", "keyInvalid", "global"));
    } else if (this.options.dailyQuota !== undefined && this.unitsOn(day) + cost > this.options.dailyQuota) {
      status = 403;
      body = JSON.stringify(
        apiError(403, "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.", "quotaExceeded", "youtube.quota"),
      );
    } else {
      r.units = cost;
      const byResource = this.charged.get(day) ?? new Map<string, number>();
      byResource.set(resource, (byResource.get(resource) ?? 0) + cost);
      this.charged.set(day, byResource);
      if (fault && "status" in fault) {
        status = fault.status;
        body = JSON.stringify(apiError(fault.status, "Backend Error", "backendError", "global"));
      } else {
        const out = this.route(resource, query);
        status = out.status;
        body = JSON.stringify(out.body);
        if (fault && "malformed" in fault) body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
      }
    }
    if (this.options.echo) body = echoed(body, status, req);
    r.status = status;
    this.requests.push(r);
    this.options.onRequest?.(r);
    if (fault && "delayMs" in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
    res.end(body, () => this.options.onResponded?.(r));
  }

  private route(resource: string, q: Record<string, string[]>): { status: number; body: unknown } {
    const one = (k: string): string => q[k]?.[0] ?? "";
    switch (resource) {
      case "channels": {
        const ids = q.id ?? [];
        const handle = one("forHandle").replace(/^@/, "").toLowerCase();
        const found = ids.length
          ? ids.map((id) => this.channels.get(id)).filter((c): c is FakeChannel => c !== undefined && !c.closed)
          : [...this.channels.values()].filter((c) => !c.closed && c.handle.toLowerCase() === handle);
        return ok("youtube#channelListResponse", found.map((c) => this.channelJson(c)), null, found.length);
      }
      case "subscriptions": {
        const c = this.channels.get(one("channelId"));
        if (!c || c.closed) return { status: 404, body: apiError(404, "The subscriber identified with the request cannot be found.", "subscriberNotFound", "youtube.subscription") };
        if (c.subscriptions === "private") {
          return { status: 403, body: apiError(403, "The requester is not allowed to access the requested subscriptions.", "subscriptionForbidden", "youtube.subscription") };
        }
        return this.page("youtube#subscriptionListResponse", c.subscriptions ?? [], q, 50, (target, i) => ({
          kind: "youtube#subscription",
          etag: `e${i}`,
          id: `sub-${c.id}-${target}`,
          snippet: { publishedAt: "2020-01-01T00:00:00Z", title: this.channels.get(target)?.title ?? "", resourceId: { kind: "youtube#channel", channelId: target }, channelId: c.id },
        }));
      }
      case "channelSections": {
        const c = this.channels.get(one("channelId"));
        if (!c || c.closed) return { status: 404, body: apiError(404, "The channel specified in the channelId parameter cannot be found.", "channelNotFound", "youtube.channelSection") };
        const items = c.featured?.length
          ? [{ kind: "youtube#channelSection", etag: "s1", id: `${c.id}.s1`, contentDetails: { channels: c.featured } }, { kind: "youtube#channelSection", etag: "s0", id: `${c.id}.s0` }]
          : [];
        return ok("youtube#channelSectionListResponse", items, null);
      }
      case "playlistItems": {
        const c = [...this.channels.values()].find((x) => `UU${x.id.slice(2)}` === one("playlistId"));
        if (!c) return { status: 404, body: apiError(404, "The playlist identified with the request's playlistId parameter cannot be found.", "playlistNotFound", "youtube.playlistItem") };
        return this.page("youtube#playlistItemListResponse", c.uploads ?? [], q, 50, (vid, i) => {
          const v = this.videos.get(vid);
          return {
            kind: "youtube#playlistItem",
            etag: `p${i}`,
            id: `pi-${vid}`,
            snippet: { publishedAt: "2024-01-01T00:00:00Z", channelId: c.id, title: v?.title ?? "", playlistId: one("playlistId"), position: i, resourceId: { kind: "youtube#video", videoId: vid } },
            contentDetails: { videoId: vid, videoPublishedAt: "2024-01-01T00:00:00Z" },
          };
        });
      }
      case "videos": {
        const found = (q.id ?? []).map((id) => this.videos.get(id)).filter((v): v is FakeVideo => v !== undefined);
        const items = found.map((v) => ({
          kind: "youtube#video",
          etag: "v",
          id: v.id,
          snippet: { publishedAt: "2024-01-01T00:00:00Z", channelId: v.channel, title: v.title, channelTitle: this.channels.get(v.channel)?.title ?? "" },
          statistics: { viewCount: "10", likeCount: "1", favoriteCount: "0", commentCount: String(this.commentCount(v)) },
        }));
        return ok("youtube#videoListResponse", items, null, items.length);
      }
      case "commentThreads": {
        const v = this.videos.get(one("videoId"));
        if (!v) return { status: 404, body: apiError(404, "The video identified by the videoId parameter could not be found.", "videoNotFound", "youtube.commentThread") };
        if (v.commentsDisabled) {
          return { status: 403, body: apiError(403, "The video identified by the videoId parameter has disabled comments.", "commentsDisabled", "youtube.commentThread") };
        }
        const inline = this.options.inlineReplies ?? 2;
        return this.page("youtube#commentThreadListResponse", v.threads ?? [], q, 100, (t) => {
          const replies = t.replies ?? [];
          return {
            kind: "youtube#commentThread",
            etag: "t",
            id: t.id,
            snippet: { channelId: v.channel, videoId: v.id, topLevelComment: this.commentJson(t, v.id), canReply: true, totalReplyCount: replies.length, isPublic: true },
            ...(replies.length && (q.part ?? []).includes("replies") ? { replies: { comments: replies.slice(0, inline).map((c) => this.commentJson(c, v.id, t.id)) } } : {}),
          };
        });
      }
      case "comments": {
        const t = this.threads.get(one("parentId"));
        if (!t) return { status: 404, body: apiError(404, "The comment identified by the parentId parameter could not be found.", "commentNotFound", "youtube.comment") };
        return this.page("youtube#commentListResponse", t.replies ?? [], q, 100, (c) => this.commentJson(c, undefined, t.id));
      }
      case "search": {
        const term = one("q").toLowerCase();
        const hits = [...this.channels.values()].filter((c) => !c.closed && c.title.toLowerCase().includes(term));
        return this.page("youtube#searchListResponse", hits, q, 50, (c) => ({
          kind: "youtube#searchResult",
          etag: "r",
          id: { kind: "youtube#channel", channelId: c.id },
          snippet: { publishedAt: "2020-01-01T00:00:00Z", channelId: c.id, title: c.title, description: "", channelTitle: c.title, liveBroadcastContent: "none" },
        }));
      }
      default:
        return { status: 404, body: apiError(404, "Not Found", "notFound", "global") };
    }
  }

  private commentCount(v: FakeVideo): number {
    return (v.threads ?? []).reduce((a, t) => a + 1 + (t.replies?.length ?? 0), 0);
  }

  private channelJson(c: FakeChannel): Record<string, unknown> {
    return {
      kind: "youtube#channel",
      etag: "c",
      id: c.id,
      snippet: { title: c.title, description: `${c.title} on YouTube`, customUrl: `@${c.handle.toLowerCase()}`, publishedAt: "2015-01-01T00:00:00Z", country: "US" },
      contentDetails: { relatedPlaylists: { likes: "", uploads: `UU${c.id.slice(2)}` } },
      statistics: { viewCount: "1000", subscriberCount: String(c.subscribers ?? 10), hiddenSubscriberCount: false, videoCount: String(c.uploads?.length ?? 0) },
    };
  }

  private commentJson(c: FakeComment, videoId: string | undefined, parentId?: string): Record<string, unknown> {
    const author = this.channels.get(c.author);
    return {
      kind: "youtube#comment",
      etag: "k",
      id: c.id,
      snippet: {
        authorDisplayName: `@${author?.handle ?? c.author}`,
        authorProfileImageUrl: "https://yt3.ggpht.com/a/x=s48",
        authorChannelUrl: `http://www.youtube.com/@${author?.handle ?? c.author}`,
        authorChannelId: { value: c.author },
        ...(videoId ? { videoId } : {}),
        textDisplay: c.text,
        textOriginal: c.text,
        ...(parentId ? { parentId } : {}),
        canRate: true,
        viewerRating: "none",
        likeCount: 0,
        publishedAt: c.at,
        updatedAt: c.at,
      },
    };
  }

  private page<T>(kind: string, all: T[], q: Record<string, string[]>, max: number, render: (item: T, i: number) => unknown): { status: number; body: unknown } {
    const token = q.pageToken?.[0];
    const offset = token ? Number.parseInt(token.replace(/^CA/, ""), 36) : 0;
    const asked = Math.min(max, Number(q.maxResults?.[0] ?? 5));
    const size = Math.min(asked, this.options.pageSize ?? asked);
    const slice = all.slice(offset, offset + size);
    const next = offset + size < all.length ? `CA${(offset + size).toString(36)}` : null;
    return ok(kind, slice.map((x, i) => render(x, offset + i)), next, all.length, size);
  }
}

function ok(kind: string, items: unknown[], next: string | null, total = items.length, perPage = 5): { status: number; body: unknown } {
  return { status: 200, body: { kind, etag: "etag", ...(next ? { nextPageToken: next } : {}), pageInfo: { totalResults: total, resultsPerPage: perPage }, items } };
}

function apiError(code: number, message: string, reason: string, domain: string): unknown {
  return { error: { code, message, errors: [{ message, domain, reason }] } };
}

/** `body` with the request echoed into it (see `FakeYoutubeOptions.echo`); a body that is not a JSON object is kept. */
function echoed(body: string, status: number, req: http.IncomingMessage): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return body;
  const echo = { method: req.method, url: req.url, headers: req.headers };
  if (status === 200) return JSON.stringify({ ...json, echo });
  const error = (json as { error?: Record<string, unknown> }).error ?? {};
  return JSON.stringify({ ...json, error: { ...error, message: `${String(error.message ?? "")} (request: ${JSON.stringify(echo)})` } });
}
