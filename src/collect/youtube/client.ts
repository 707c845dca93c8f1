/**
 * The YouTube Data API v3 transport: the real `@googleapis/youtube` client
 * with an API key, pointed at another root URL when asked (tests, proxies).
 * gaxios's own retries are off (`retry: false`): every call spends quota, so
 * the crawl decides what to retry. Every outcome is classified.
 *
 * The key travels as the `key` query parameter; gaxios errors keep the whole
 * request (URL included) in `config`, so they are never stored, printed or
 * kept as a `cause`: only status, reason and message survive, scrubbed.
 */
import { youtube } from "@googleapis/youtube";
import { RETRY_STATUS_CODES } from "../retry.ts";
import { type Scrub, scrubJson, secretScrubber } from "../secrets.ts";
import type { YtErrorBody, YtMethod } from "./types.ts";

export interface YoutubeClientOptions {
  /** API key (YOUTUBE_API_KEY). */
  key: string;
  /** e.g. `http://127.0.0.1:8080/` (default: https://youtube.googleapis.com/). */
  rootUrl?: string;
  /** Per-request timeout, ms (default 30000). */
  timeoutMs?: number;
}

export type YtParams = Record<string, string | number | string[]>;

export interface YtPage {
  status: number;
  data: Record<string, unknown>;
}

export type YtFailureKind =
  /** 403 quotaExceeded / dailyLimitExceeded: stop until the reset. */
  | "quota"
  /** 5xx, 429, rateLimitExceeded, timeouts, connection errors, unreadable bodies: back off and retry. */
  | "transient"
  /** Bad or restricted key, API not enabled: stop. */
  | "auth"
  /** The resource cannot be read (commentsDisabled, subscriptionForbidden, *NotFound...): record and skip. */
  | "skip"
  /** Any other 4xx: the task fails. */
  | "client";

/** A failed call, classified. Holds no request (its URL carries the key). */
export class YoutubeRequestFailure extends Error {
  override name = "YoutubeRequestFailure";
  constructor(
    readonly kind: YtFailureKind,
    readonly status: number,
    /** The first `errors[].reason` of the body, or `""`. */
    readonly reason: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export interface YoutubeTransport {
  /** `method` (e.g. `channels.list`) with `params`. Resolves 2xx pages; rejects with `YoutubeRequestFailure`. */
  call(method: YtMethod, params: YtParams): Promise<YtPage>;
}

/** Path of a method's endpoint under the root URL (`youtube/v3/channels`). */
export function endpointOf(method: YtMethod): string {
  return `youtube/v3/${method.slice(0, method.indexOf("."))}`;
}

const QUOTA_REASONS = new Set(["quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg"]);
const RATE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "backendError", "internalError"]);
const AUTH_REASONS = new Set(["keyInvalid", "keyExpired", "accessNotConfigured", "ipRefererBlocked", "badRequestKeyInvalid"]);

type ListFn = (params: YtParams, options: Record<string, unknown>) => Promise<{ status: number; data: unknown }>;

export function createYoutubeTransport(options: YoutubeClientOptions): YoutubeTransport {
  const root = options.rootUrl ? (options.rootUrl.endsWith("/") ? options.rootUrl : `${options.rootUrl}/`) : undefined;
  const client = youtube({ version: "v3", auth: options.key, ...(root ? { rootUrl: root } : {}) });
  const timeout = options.timeoutMs ?? 30_000;
  // Whatever the server sends back (a page, an error body or message) may echo the key.
  const scrub = secretScrubber([options.key]);
  return {
    async call(method, params) {
      const resource = method.slice(0, method.indexOf(".")) as keyof typeof client;
      const list = (client[resource] as unknown as { list: ListFn }).list.bind(client[resource]);
      let res: { status: number; data: unknown };
      try {
        res = await list(params, { retry: false, timeout });
      } catch (error) {
        throw classifyYoutubeError(error, scrub);
      }
      if (typeof res.data !== "object" || res.data === null || Array.isArray(res.data)) {
        const text = typeof res.data === "string" ? scrub(res.data) : null;
        throw new YoutubeRequestFailure("transient", res.status, "", "unreadable response body (not JSON)", text);
      }
      return { status: res.status, data: scrubJson(res.data as Record<string, unknown>, scrub) };
    },
  };
}

/** Turns a gaxios error into a `YoutubeRequestFailure` (dropping its config, which holds the key). */
export function classifyYoutubeError(error: unknown, scrub: Scrub = (t) => t): YoutubeRequestFailure {
  if (error instanceof YoutubeRequestFailure) return error;
  const e = error as { status?: number; response?: { status?: number; data?: unknown }; code?: string | number; message?: string };
  const status = e.response?.status ?? (typeof e.status === "number" ? e.status : 0);
  if (status === 0) {
    const code = typeof e.code === "string" ? e.code : "";
    const why = /timeout|timed out|aborted/i.test(`${code} ${e.message ?? ""}`) ? "timed out" : code || "connection failed";
    return new YoutubeRequestFailure("transient", 0, "", `no response (${why})`, null);
  }
  const data = e.response?.data;
  const body = (typeof data === "object" && data !== null ? data : null) as YtErrorBody | null;
  const reason = body?.error?.errors?.[0]?.reason ?? "";
  const message = scrub(body?.error?.message ?? (typeof data === "string" ? data.slice(0, 200) : `HTTP ${status}`)).replace(/<[^>]*>/g, "");
  const kind: YtFailureKind = QUOTA_REASONS.has(reason)
    ? "quota"
    : status === 429 || RETRY_STATUS_CODES.has(status) || status >= 500 || RATE_REASONS.has(reason)
      ? "transient"
      : AUTH_REASONS.has(reason) || status === 401
        ? "auth"
        : status === 403 || status === 404
          ? "skip"
          : "client";
  return new YoutubeRequestFailure(kind, status, scrub(reason), message, body ? scrubJson(body, scrub) : typeof data === "string" ? scrub(data) : null);
}
