/** Collectors: platform API clients, paging, rate limits → store records. */
export { CollectError } from "./errors.ts";
export { backoffMs, rateLimitWaitMs, RETRY_DEFAULTS, RETRY_STATUS_CODES, type RetryPolicy } from "./retry.ts";
export * from "./twitter/index.ts";
export * from "./youtube/index.ts";
export * from "./bluesky/index.ts";
