/**
 * The Bluesky transport: the official `@atproto/api` client (0.19, the last
 * line that runs on Node 20). Reads go to the AppView (`serviceUrl`, default
 * the public one, no login); with an identifier and an app password, a
 * session is opened on the PDS through `com.atproto.server.createSession`
 * for the calls that need one (search). The client refreshes the access
 * token itself when the PDS says it expired. Every outcome is classified for
 * the retry policy; the password and the tokens are scrubbed from whatever
 * comes back.
 */
import { AtpAgent, XRPCError } from "@atproto/api";
import { RETRY_STATUS_CODES } from "../retry.ts";
import { liveScrubber, type Scrub, scrubJson } from "../secrets.ts";
import type { RateLimitInfo } from "../../store/types.ts";

export const DEFAULT_SERVICE_URL = "https://public.api.bsky.app";
export const DEFAULT_PDS_URL = "https://bsky.social";

export interface BlueskyClientOptions {
  /** The AppView read from (default the public one). */
  serviceUrl?: string;
  /** The PDS a login goes to (default bsky.social). */
  pdsUrl?: string;
  /** Handle, DID or e-mail of the account that logs in (optional). */
  identifier?: string;
  /** An app password (never the account password). */
  password?: string;
  /** Per-request timeout, ms (default 30000). */
  timeoutMs?: number;
}

/** Rate-limit headers of a response (`ratelimit-*`, reset in epoch seconds). */
export type BlueskyRateLimit = RateLimitInfo & { policy?: string };

export interface XrpcPage {
  status: number;
  data: unknown;
  rateLimit: BlueskyRateLimit | null;
}

export type FailureKind = "rate-limit" | "transient" | "auth" | "forbidden" | "unavailable" | "client";

/** Errors of an actor that make it unavailable (recorded and skipped), with the reason stored. */
export const UNAVAILABLE_ERRORS: Readonly<Record<string, string>> = Object.freeze({
  AccountDeactivated: "deactivated",
  AccountTakedown: "takedown",
  BlockedActor: "blocked",
  BlockedByActor: "blocked",
  ActorNotFound: "unknown",
});

/** A failed request, classified. Holds no request (its headers carry the token). */
export class BlueskyRequestFailure extends Error {
  override name = "BlueskyRequestFailure";
  constructor(
    readonly kind: FailureKind,
    readonly status: number,
    /** The XRPC error name (`AccountDeactivated`, `RateLimitExceeded`...), when there is one. */
    readonly error: string | undefined,
    message: string,
    readonly rateLimit: BlueskyRateLimit | null,
    /** The reason stored for an unavailable actor. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export interface BlueskyTransport {
  /** GET `/xrpc/<nsid>`; `auth` sends it through the logged-in session (the PDS). */
  get(nsid: string, params: Record<string, string | number | boolean | string[]>, auth?: boolean): Promise<XrpcPage>;
  /** Opens the session (createSession); false without an identifier and password. */
  login(): Promise<boolean>;
  readonly loggedIn: boolean;
  /** Scrubs the password and every token seen so far from a text. */
  scrub: Scrub;
}

export function createBlueskyTransport(options: BlueskyClientOptions): BlueskyTransport {
  const timeout = options.timeoutMs ?? 30_000;
  const timedFetch: typeof fetch = (input, init) => globalThis.fetch(input, { ...init, signal: AbortSignal.timeout(timeout) });
  const reader = new AtpAgent({ service: options.serviceUrl ?? DEFAULT_SERVICE_URL, fetch: timedFetch });
  const pds = new AtpAgent({ service: options.pdsUrl ?? DEFAULT_PDS_URL, fetch: timedFetch });
  const tokens = new Set<string>();
  const remember = (): void => {
    if (pds.session) {
      tokens.add(pds.session.accessJwt);
      tokens.add(pds.session.refreshJwt);
    }
  };
  const scrub = liveScrubber(() => [options.password, ...tokens]);
  return {
    get loggedIn() {
      return pds.hasSession;
    },
    scrub,
    async login() {
      if (!options.identifier || !options.password) return false;
      try {
        await pds.login({ identifier: options.identifier, password: options.password });
        remember();
        return true;
      } catch (error) {
        throw scrubFailure(classify(error), scrub);
      }
    },
    async get(nsid, params, auth = false) {
      const agent = auth ? pds : reader;
      try {
        const res = await agent.call(nsid, params);
        remember(); // a refresh may have happened
        return { status: 200, data: scrubJson(res.data as unknown, scrub), rateLimit: rateLimitOf(res.headers) };
      } catch (error) {
        remember();
        throw scrubFailure(classify(error), scrub);
      }
    },
  };
}

function scrubFailure(f: BlueskyRequestFailure, scrub: Scrub): BlueskyRequestFailure {
  return new BlueskyRequestFailure(f.kind, f.status, f.error, scrub(f.message), f.rateLimit, f.reason);
}

/** `ratelimit-limit / -remaining / -reset / -policy` of a response, when present. */
export function rateLimitOf(headers: Readonly<Record<string, string | undefined>> | undefined): BlueskyRateLimit | null {
  if (!headers) return null;
  const num = (name: string): number | undefined => {
    const v = headers[name];
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const rl: BlueskyRateLimit = { limit: num("ratelimit-limit"), remaining: num("ratelimit-remaining"), reset: num("ratelimit-reset") };
  if (headers["ratelimit-policy"]) rl.policy = headers["ratelimit-policy"];
  return rl.limit === undefined && rl.remaining === undefined && rl.reset === undefined ? null : rl;
}

/** Turns a client error into a `BlueskyRequestFailure`. */
export function classify(error: unknown): BlueskyRequestFailure {
  if (error instanceof BlueskyRequestFailure) return error;
  if (error instanceof XRPCError) {
    const status = error.status;
    const rl = rateLimitOf(error.headers);
    const name = error.error;
    const what = `${name ?? `HTTP ${status}`}${error.message && error.message !== name ? `: ${error.message}` : ""}`;
    if (status === 429) return new BlueskyRequestFailure("rate-limit", 429, name, what, rl);
    if (status < 100) {
      // 1 = no response (network error, timeout, unreadable body), 2 = a body the lexicon rejects.
      const cause = (error.cause as Error | undefined)?.message;
      const why = status === 2 ? `a response the lexicon rejects (${error.message})` : `no response (${cause ?? error.message})`;
      return new BlueskyRequestFailure("transient", 0, name, why, rl);
    }
    if (RETRY_STATUS_CODES.has(status) || status >= 500) return new BlueskyRequestFailure("transient", status, name, what, rl);
    if (status === 401) return new BlueskyRequestFailure("auth", status, name, what, rl);
    if (status === 403) return new BlueskyRequestFailure("forbidden", status, name, what, rl);
    const reason = name !== undefined ? UNAVAILABLE_ERRORS[name] : undefined;
    if (reason) return new BlueskyRequestFailure("unavailable", status, name, what, rl, reason);
    if (status === 400 && name === "InvalidRequest" && /not found/i.test(error.message)) {
      return new BlueskyRequestFailure("unavailable", status, name, what, rl, "unknown");
    }
    return new BlueskyRequestFailure("client", status, name, what, rl);
  }
  const e = error as Error;
  return new BlueskyRequestFailure("transient", 0, undefined, `no response (${e?.message ?? String(error)})`, null);
}
