/** Bluesky collection: AppView transport and crawl, Jetstream listener, Jetstream and CAR imports. */
export { BlueskyRequestFailure, classify as classifyBlueskyError, createBlueskyTransport, DEFAULT_PDS_URL, DEFAULT_SERVICE_URL, rateLimitOf, UNAVAILABLE_ERRORS, type BlueskyClientOptions, type BlueskyRateLimit, type BlueskyTransport, type XrpcPage } from "./client.ts";
export { crawlBluesky, type BlueskyCrawlDeps, type BlueskyCrawlEvent, type BlueskyCrawlStats } from "./crawl.ts";
export { BLUESKY_CRAWL_DEFAULTS, blueskyAccountTasks, blueskyRequestFor, normalizeActor, normalizeBlueskySeeds, PAGE_LIMIT, planBlueskyNiche, PROFILES_PER_CALL, type BlueskyCrawlParams, type BlueskyDirection, type BlueskyNetwork, type XrpcRequest } from "./plan.ts";
export { accountFromProfile, atUri, BLUESKY_EDGE_KINDS, parseAtUri, quotedUri, recordsFromFeed, recordsFromPost, repostEdge, type FeedRecords } from "./records.ts";
export { changeOfEvent, parseJetstreamEvent, WANTED_COLLECTIONS, type JetstreamEvent } from "./jetstream-events.ts";
export { DEFAULT_JETSTREAM_URL, listenJetstream, MAX_WANTED_DIDS, REWIND_US, subscribeUrl, type ListenEvent, type ListenOptions, type ListenStats } from "./jetstream.ts";
export { importJetstreamLines, type JetstreamImportReport } from "./import-jetstream.ts";
export { importRepoCar, type CarImportOptions, type CarImportReport } from "./import-car.ts";
export { readRepoCar, type CarRecord, type CarRepo } from "./car.ts";
export { DEFAULT_PLC_URL, parseMultikey, resolveSigningKey, signingKeyOf, verifySignature, type KeyCurve, type SigningKey } from "./signature.ts";
export type * from "./types.ts";
