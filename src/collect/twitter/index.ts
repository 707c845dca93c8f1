/** Twitter/X API v2 collection: transport, crawl, plan, records, twarc import. */
export { baseUrlPlugin, classify, createTwitterTransport, TwitterRequestFailure, type ApiPage, type TwitterClientOptions, type TwitterTransport } from "./client.ts";
export { crawlTwitter, MAX_CONSECUTIVE_FAILURES, MAX_CONSECUTIVE_RATE_LIMITS, type CrawlDeps, type CrawlEvent, type CrawlResult, type CrawlStats } from "./crawl.ts";
export {
  accountTasks,
  CRAWL_DEFAULTS,
  EXPANSIONS,
  initialTasks,
  MAX_QUERY_LENGTH,
  normalizeSeeds,
  planTwitterNiche,
  queriesForSeeds,
  requestFor,
  TWEET_FIELDS,
  USER_FIELDS,
  type DirectionChoice,
  type NetworkChoice,
  type RequestSpec,
  type TwitterCrawlParams,
} from "./plan.ts";
export { accountFromUser, INTERACTION_KINDS, issueFromProblem, recordsFromTweets, tweetsOf, type TweetRecords, type V2Page, type V2Tweet, type V2User } from "./records.ts";
export { importTwarc, type TwarcImportOptions, type TwarcImportReport } from "./twarc.ts";
