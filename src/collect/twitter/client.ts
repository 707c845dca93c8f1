/**
 * The Twitter/X API v2 transport: the real `twitter-api-v2` client with an
 * app-only bearer token, pointed at another base URL when asked (tests,
 * proxies) by a plugin that rewrites each request's URL, plus an `http.Agent`
 * for plain-http bases. Every outcome is classified for the retry policy.
 */
import http from "node:http";
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from "twitter-api-v2";
import { RETRY_STATUS_CODES } from "../retry.ts";
import { type Scrub, scrubJson, secretScrubber } from "../secrets.ts";
import type { RateLimitInfo } from "../../store/types.ts";

/** The library's fixed prefix (1.29: https://api.x.com/2/). */
const API_ORIGIN = /^https:\/\/api\.(x|twitter)\.com\//;

export interface TwitterClientOptions {
  /** App-only bearer token. */
  token: string;
  /** e.g. `http://127.0.0.1:8080/` (default: the real API). */
  baseUrl?: string;
  /** Per-request timeout, ms (default 30000). */
  timeoutMs?: number;
}

export interface ApiPage {
  status: number;
  data: unknown;
  rateLimit: RateLimitInfo | null;
}

/** A failed request, classified. Holds no request object (its headers carry the token). */
export class TwitterRequestFailure extends Error {
  override name = "TwitterRequestFailure";
  constructor(
    readonly kind: "rate-limit" | "transient" | "auth" | "forbidden" | "not-found" | "client",
    readonly status: number,
    message: string,
    readonly body: unknown,
    readonly rateLimit: RateLimitInfo | null,
  ) {
    super(message);
  }
}

export interface TwitterTransport {
  /** GET `/2/<path>` with `query`. Resolves 2xx pages; rejects with `TwitterRequestFailure`. */
  get(path: string, query: Record<string, string>): Promise<ApiPage>;
}

/** A plugin sending every request to `baseUrl` instead of the library's fixed origin. */
export function baseUrlPlugin(baseUrl: string): ITwitterApiClientPlugin {
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  return {
    onBeforeRequestConfig({ params }) {
      params.url = params.url.replace(API_ORIGIN, base);
    },
  };
}

export function createTwitterTransport(options: TwitterClientOptions): TwitterTransport {
  const plugins = options.baseUrl ? [baseUrlPlugin(options.baseUrl)] : [];
  const httpAgent = options.baseUrl?.startsWith("http://") ? new http.Agent({ keepAlive: true }) : undefined;
  const client = new TwitterApi(options.token, { plugins, ...(httpAgent ? { httpAgent } : {}) }).readOnly;
  const timeout = options.timeoutMs ?? 30_000;
  // Whatever the server sends back (a page, an error body or message) may echo the token.
  const scrub = secretScrubber([options.token]);
  return {
    async get(path, query) {
      try {
        const res = await client.v2.get(path, query, { fullResponse: true, timeout });
        if (typeof res.data !== "object" || res.data === null) {
          throw new TwitterRequestFailure("transient", 200, "the body is not JSON", null, rateLimitOf(res.rateLimit));
        }
        return { status: 200, data: scrubJson(res.data, scrub), rateLimit: rateLimitOf(res.rateLimit) };
      } catch (error) {
        throw scrubFailure(classify(error), scrub);
      }
    },
  };
}

/** `f` with the secrets scrubbed from its message and body. */
function scrubFailure(f: TwitterRequestFailure, scrub: Scrub): TwitterRequestFailure {
  return new TwitterRequestFailure(f.kind, f.status, scrub(f.message), scrubJson(f.body, scrub), f.rateLimit);
}

function rateLimitOf(r: { limit?: number; remaining?: number; reset?: number } | undefined): RateLimitInfo | null {
  if (!r) return null;
  return { limit: r.limit, remaining: r.remaining, reset: r.reset };
}

/** Turns a library error into a `TwitterRequestFailure` (dropping the request, which holds the token). */
export function classify(error: unknown): TwitterRequestFailure {
  if (error instanceof TwitterRequestFailure) return error;
  if (error instanceof ApiResponseError) {
    const code = error.code;
    const data = error.data as { title?: string; detail?: string } | undefined;
    const what = data?.title || data?.detail ? `${data.title ?? ""}${data.detail ? `: ${data.detail}` : ""}` : `HTTP ${code}`;
    const rl = rateLimitOf(error.rateLimit);
    const kind =
      code === 429 || code === 420
        ? "rate-limit"
        : code === 401
          ? "auth"
          : code === 403
            ? "forbidden"
            : code === 404
              ? "not-found"
              : RETRY_STATUS_CODES.has(code) || code >= 500
                ? "transient"
                : "client";
    return new TwitterRequestFailure(kind, code, what, error.data ?? null, rl);
  }
  if (error instanceof ApiPartialResponseError) {
    const status = error.response?.statusCode ?? 0;
    return new TwitterRequestFailure("transient", status, `unreadable response body (${error.message})`, error.rawContent ?? null, null);
  }
  if (error instanceof ApiRequestError) {
    // 1.29 stores the cause as `_options.error` but reads `requestError` from `_options.requestError`.
    const options = (error as unknown as { _options?: { error?: unknown; requestError?: unknown } })._options;
    const cause = (options?.requestError ?? options?.error) as (Error & { code?: string }) | undefined;
    const why = cause?.message === "Request timeout." ? "timed out" : (cause?.code ?? cause?.message ?? error.message);
    return new TwitterRequestFailure("transient", 0, `no response (${why})`, null, null);
  }
  const e = error as Error;
  return new TwitterRequestFailure("transient", 0, `no response (${e?.message ?? String(error)})`, null, null);
}
