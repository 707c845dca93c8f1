/**
 * The collectors' retry policy: 429s wait until the rate-limit reset; 5xx,
 * connection errors, timeouts and unreadable bodies back off exponentially
 * with jitter, a bounded number of times. Nothing else is retried.
 */
import { CollectError } from "../shared/errors.ts";

export const RETRY_STATUS_CODES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

export interface RetryPolicy {
  /** Attempts of one request before its task is marked failed (default 5). */
  maxAttempts: number;
  /** First backoff, ms (default 1000); doubles each attempt. */
  baseMs: number;
  /** Longest backoff, ms (default 60000). */
  maxMs: number;
  /** Margin added after a rate-limit reset, ms (default 1000). */
  resetMarginMs: number;
  /** Wait on a 429 without a reset header, ms (default 60000). */
  defaultRateLimitWaitMs: number;
  /** Shortest wait on a 429 (a reset in the past still waits this long), ms (default 1000). */
  minRateLimitWaitMs: number;
}

export const RETRY_DEFAULTS: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseMs: 1000,
  maxMs: 60_000,
  resetMarginMs: 1000,
  defaultRateLimitWaitMs: 60_000,
  minRateLimitWaitMs: 1000,
});

/** Backoff before attempt `attempt + 1` (attempt ≥ 1): base·2^(attempt−1), capped, with "equal jitter" (half fixed, half random). */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** How long to wait after a 429 whose reset is `reset` (epoch seconds, maybe unknown), at `nowMs`. */
export function rateLimitWaitMs(policy: RetryPolicy, reset: number | undefined, nowMs: number): number {
  if (reset === undefined || !Number.isFinite(reset)) return policy.defaultRateLimitWaitMs;
  return Math.max(policy.minRateLimitWaitMs, reset * 1000 - nowMs + policy.resetMarginMs);
}

/** Tasks failing one after another that stop a crawl (each failed task is kept for the next run). */
export const MAX_CONSECUTIVE_FAILURES = 3;

/**
 * The outcome of a task's failed attempt: given up when the failure is
 * permanent or the attempts are spent, else retried after a backoff; the
 * message is what the store records and the progress shows.
 */
export function attemptOutcome(
  policy: RetryPolicy,
  attempts: number,
  permanent: boolean,
  where: string,
  detail: string,
): { fail: boolean; message: string } {
  const fail = permanent || attempts >= policy.maxAttempts;
  return { fail, message: `${where} ${detail}` + (fail ? ` (attempt ${attempts}, task given up)` : ` (attempt ${attempts})`) };
}

/** The error that stops a crawl after `streak` tasks failed in a row (`message`: the last failure). */
export function failureStreakError(streak: number, message: string, endpoint: string, status: number): CollectError {
  return new CollectError(
    { method: "GET", endpoint, status },
    `${message}; ${streak} tasks failed in a row, stopped (run the same command to retry them).`,
  );
}
