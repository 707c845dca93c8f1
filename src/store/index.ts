/** The SQLite store: raw API pages, accounts, posts, edges, crawl tasks; migrations. */
export { DEFAULT_DB_PATH, migrate, openStore, schemaVersion, type OpenStoreOptions } from "./open.ts";
export { MIGRATIONS } from "./schema.ts";
export { getNiche, listNiches, requireNiche, upsertNiche } from "./niches.ts";
export {
  accountTaskLookup,
  addTasks,
  getTask,
  listTasks,
  nextTask,
  pendingTasks,
  recordAttempt,
  retryFailedTasks,
  taskCounts,
  taskedAccountCounter,
  type TaskCounts,
} from "./tasks.ts";
export {
  edgeWeightLookup,
  memberByHandleLookup,
  memberByNameLookup,
  nicheIssueHandles,
  nicheIssueRefs,
  nicheMemberLookup,
  nicheRootAccounts,
  nicheRowCounts,
  nicheSeedAccounts,
  pageSourceLookup,
  postAuthorLookup,
  type SeedAccount,
} from "./lookups.ts";
export { createPageWriter, type PageWriter } from "./write.ts";
export {
  graphFromRecords,
  nicheGraph,
  nicheRecords,
  type EdgeRecord,
  type NicheGraphOptions,
  type NicheRecords,
  type NodeRecord,
} from "./to-graph.ts";
export { nicheEdgeStream, nicheNodeAttributes, nicheStreamGraph, type NicheNodeColumns, type NicheStream } from "./niche-stream.ts";
export { topItemsByCommunity, type CommunityTopItems, type TopItem, type TopItemsOptions } from "./top-items.ts";
export { storeStatus, type NicheStatus } from "./status.ts";
export { createRecordWriter, jetstreamCursor, type BatchResult, type RecordChange, type RecordWriter } from "./bluesky-records.ts";
export {
  createQuotaLedger,
  DEFAULT_DAILY_QUOTA,
  nextQuotaReset,
  nicheQuotaUnits,
  pacificDay,
  quotaDay,
  type QuotaDay,
  type QuotaLedger,
} from "./quota.ts";
export * from "./types.ts";
