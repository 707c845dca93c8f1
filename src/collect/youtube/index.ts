/** YouTube Data API v3 collection: transport, quota-aware crawl, plan, records, YouTube Data Tools import. */
export { classifyYoutubeError, createYoutubeTransport, endpointOf, YoutubeRequestFailure, type YoutubeClientOptions, type YoutubeTransport, type YtFailureKind, type YtPage, type YtParams } from "./client.ts";
export { crawlYoutube, type YoutubeCounts, type YoutubeCrawlDeps, type YoutubeCrawlEvent, type YoutubeCrawlResult, type YoutubeCrawlStats } from "./crawl.ts";
export { createPageBuilder, issueForSkip, type PageBuilder, type PageOutcome } from "./pages.ts";
export {
  CHANNEL_ID,
  channelTasks,
  EXPANSION_KINDS,
  IDS_PER_CALL,
  parseQuotaCosts,
  parseYoutubeSeeds,
  planYoutubeNiche,
  QUOTA_COSTS,
  youtubeRequestFor,
  YOUTUBE_CRAWL_DEFAULTS,
  type YoutubeCrawlParams,
  type YoutubeNetwork,
  type YoutubeSeeds,
  type YtRequest,
} from "./plan.ts";
export { accountFromAuthor, accountFromChannel, mentionedHandles, recordsFromComment, type CommentRecords } from "./records.ts";
export { importYtdt, type YtdtImportOptions, type YtdtImportReport } from "./ytdt.ts";
export type * from "./types.ts";
