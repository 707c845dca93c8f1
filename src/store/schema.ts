/**
 * The store's schema, as an ordered list of migrations. Migration `i` brings
 * the file from `PRAGMA user_version = i` to `i + 1`; each runs in one
 * transaction. Never edit a released migration: append a new one.
 *
 * Platform-neutral: Twitter/X, YouTube and Bluesky share every table; a row's
 * `platform` ('twitter' | 'youtube' | 'bluesky') says which API it came from, and ids are
 * the platform's own (tweet id / comment id, user id / channel id).
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: the first schema. */ `
  CREATE TABLE niches (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    platform    TEXT NOT NULL CHECK (platform IN ('twitter', 'youtube')),
    seeds       TEXT NOT NULL DEFAULT '[]',   -- JSON array of the seeds as given
    params      TEXT NOT NULL DEFAULT '{}',   -- JSON object: network, depth, caps... (never secrets)
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );

  -- Every API response, kept as received (the parsed JSON body re-serialised),
  -- errors included: the audit trail and the request count.
  CREATE TABLE pages (
    id          INTEGER PRIMARY KEY,
    niche_id    INTEGER REFERENCES niches(id),
    task_id     INTEGER REFERENCES tasks(id),
    platform    TEXT NOT NULL,
    method      TEXT NOT NULL DEFAULT 'GET',
    endpoint    TEXT NOT NULL,                -- e.g. /2/users/123/following
    params      TEXT NOT NULL DEFAULT '{}',   -- JSON query parameters (no credentials)
    status      INTEGER NOT NULL,             -- HTTP status; 0 = no response (network error, timeout)
    rate_limit  TEXT,                         -- JSON {limit, remaining, reset} from the headers
    body        TEXT,
    fetched_at  TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT 'api'   -- 'api', or 'twarc:<file>:<line>' for imports
  );
  CREATE INDEX pages_niche ON pages (niche_id, status);

  CREATE TABLE accounts (
    platform     TEXT NOT NULL,
    id           TEXT NOT NULL,
    handle       TEXT,
    name         TEXT,
    description  TEXT,
    followers    INTEGER,
    following    INTEGER,
    posts        INTEGER,                     -- tweets / videos
    metrics      TEXT,                        -- JSON: the platform's public metrics as given
    extra        TEXT,                        -- JSON: other profile fields (created_at, location, country...)
    protected    INTEGER NOT NULL DEFAULT 0,
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    PRIMARY KEY (platform, id)
  ) WITHOUT ROWID;
  CREATE INDEX accounts_handle ON accounts (platform, lower(handle));

  -- The accounts of a niche (seeds at depth 0, then the crawl's frontier).
  CREATE TABLE niche_accounts (
    niche_id    INTEGER NOT NULL REFERENCES niches(id),
    account_id  TEXT NOT NULL,
    depth       INTEGER NOT NULL,
    seed        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (niche_id, account_id)
  ) WITHOUT ROWID;

  -- Accounts that could not be crawled: unknown, suspended, protected, forbidden.
  CREATE TABLE account_issues (
    niche_id    INTEGER NOT NULL REFERENCES niches(id),
    ref         TEXT NOT NULL,                -- account id, or @handle when no id is known
    reason      TEXT NOT NULL,
    detail      TEXT,
    at          TEXT NOT NULL,
    PRIMARY KEY (niche_id, ref, reason)
  ) WITHOUT ROWID;

  -- One row per directed (source, target, kind) of a niche. weight = number of
  -- distinct evidence items (tweets, comments) when evidenced, else 1
  -- (migration 3: the sum of the items' weights).
  CREATE TABLE edges (
    niche_id    INTEGER NOT NULL REFERENCES niches(id),
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    weight      INTEGER NOT NULL DEFAULT 1,
    evidenced   INTEGER NOT NULL DEFAULT 0,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    PRIMARY KEY (niche_id, source, target, kind)
  ) WITHOUT ROWID;

  -- What an interaction edge is made of: one row per (item, target), so the
  -- same tweet seen twice (search and timeline, or an archive imported twice)
  -- counts once. at = the item's creation time.
  CREATE TABLE edge_evidence (
    niche_id    INTEGER NOT NULL REFERENCES niches(id),
    kind        TEXT NOT NULL,
    item        TEXT NOT NULL,
    target      TEXT NOT NULL,
    source      TEXT NOT NULL,
    at          TEXT,
    PRIMARY KEY (niche_id, kind, item, target)
  ) WITHOUT ROWID;
  CREATE INDEX edge_evidence_edge ON edge_evidence (niche_id, source, target, kind);

  -- Tweets (and, on YouTube, comments). Entities as JSON arrays.
  CREATE TABLE posts (
    platform     TEXT NOT NULL,
    id           TEXT NOT NULL,
    author_id    TEXT,
    created_at   TEXT,
    text         TEXT,
    hashtags     TEXT NOT NULL DEFAULT '[]',   -- ["tag", ...] as written
    urls         TEXT NOT NULL DEFAULT '[]',   -- ["expanded url", ...]
    mentions     TEXT NOT NULL DEFAULT '[]',   -- [{"id": "...", "handle": "..."}]
    referenced   TEXT NOT NULL DEFAULT '[]',   -- [{"type": "retweeted", "id": "...", "authorId": "..."}]
    extra        TEXT,                          -- JSON: lang, conversation_id, public_metrics...
    first_seen   TEXT NOT NULL,
    PRIMARY KEY (platform, id)
  ) WITHOUT ROWID;
  CREATE INDEX posts_author ON posts (platform, author_id);

  -- The posts a niche collected itself (not those only referenced by them).
  CREATE TABLE niche_posts (
    niche_id  INTEGER NOT NULL REFERENCES niches(id),
    post_id   TEXT NOT NULL,
    PRIMARY KEY (niche_id, post_id)
  ) WITHOUT ROWID;

  -- The crawl plan. A task pages through one endpoint for one account (or one
  -- query); next_token is written in the same transaction as the page it
  -- follows, so a re-run resumes at the first page not yet committed.
  CREATE TABLE tasks (
    id          INTEGER PRIMARY KEY,
    niche_id    INTEGER NOT NULL REFERENCES niches(id),
    kind        TEXT NOT NULL,                -- lookup, following, followers, search, tweets, mentions
    account_id  TEXT NOT NULL DEFAULT '',     -- '' when the task is not about one account
    arg         TEXT NOT NULL DEFAULT '',     -- the query, or the handles to look up
    depth       INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped', 'failed')),
    next_token  TEXT,
    pages       INTEGER NOT NULL DEFAULT 0,
    items       INTEGER NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    updated_at  TEXT,
    UNIQUE (niche_id, kind, account_id, arg)
  );
  CREATE INDEX tasks_pending ON tasks (niche_id, status, id);
  `,
  /* 2: YouTube: the daily quota ledger and videos. */ `
  -- Quota units reserved before each YouTube call (refunded when the API
  -- answers quotaExceeded, which costs nothing), per Pacific-time day (the
  -- quota resets at midnight America/Los_Angeles), niche and API method.
  CREATE TABLE quota_ledger (
    day         TEXT NOT NULL,                -- YYYY-MM-DD, Pacific time
    niche_id    INTEGER NOT NULL REFERENCES niches(id),
    method      TEXT NOT NULL,                -- channels.list, search.list...
    calls       INTEGER NOT NULL DEFAULT 0,
    units       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, niche_id, method)
  ) WITHOUT ROWID;

  -- One row per Pacific day a collection ran: the budget it was given and
  -- when the API said the quota was exhausted (403 quotaExceeded), if it did.
  CREATE TABLE quota_days (
    day           TEXT PRIMARY KEY,
    budget        INTEGER NOT NULL,
    exhausted_at  TEXT
  ) WITHOUT ROWID;

  -- Videos whose comments a niche collects (uploads of its channels, or given ids).
  CREATE TABLE videos (
    platform      TEXT NOT NULL,
    id            TEXT NOT NULL,
    channel_id    TEXT,
    title         TEXT,
    published_at  TEXT,
    comments      INTEGER,                    -- statistics.commentCount when known
    first_seen    TEXT NOT NULL,
    PRIMARY KEY (platform, id)
  ) WITHOUT ROWID;
  CREATE TABLE niche_videos (
    niche_id  INTEGER NOT NULL REFERENCES niches(id),
    video_id  TEXT NOT NULL,
    PRIMARY KEY (niche_id, video_id)
  ) WITHOUT ROWID;
  `,
  /* 3: weighted evidence: an archive's edge of weight w is one item that counts w. */ `
  -- An evidenced edge's weight is the sum of its items' weights (1 for a
  -- tweet or a comment; an imported network's edge counts what it says).
  ALTER TABLE edge_evidence ADD COLUMN weight INTEGER NOT NULL DEFAULT 1;
  `,
  /* 4: Bluesky: the platform, Jetstream cursors and the records behind edges. */ `
  -- niches.platform gains 'bluesky' (SQLite cannot alter a CHECK: the table is rebuilt, foreign keys off).
  CREATE TABLE niches_v4 (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    platform    TEXT NOT NULL CHECK (platform IN ('twitter', 'youtube', 'bluesky')),
    seeds       TEXT NOT NULL DEFAULT '[]',
    params      TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );
  INSERT INTO niches_v4 SELECT id, name, platform, seeds, params, created_at, updated_at FROM niches;
  DROP TABLE niches;
  ALTER TABLE niches_v4 RENAME TO niches;

  -- Where a niche's Jetstream listen stopped: time_us of the last event committed,
  -- written in the same transaction as that event's batch.
  CREATE TABLE jetstream_cursors (
    niche_id    INTEGER PRIMARY KEY REFERENCES niches(id),
    cursor      INTEGER NOT NULL,             -- Jetstream time_us (microseconds since the epoch)
    url         TEXT NOT NULL,
    events      INTEGER NOT NULL DEFAULT 0,   -- events applied (duplicates not counted)
    updated_at  TEXT NOT NULL
  );

  -- The AT Protocol records a niche has seen (Jetstream, imports), keyed as
  -- Jetstream de-duplicates them: (did, collection, rkey). A delete keeps the
  -- row (deleted_us set) and removes the evidence the record gave.
  CREATE TABLE bsky_records (
    niche_id    INTEGER NOT NULL REFERENCES niches(id),
    did         TEXT NOT NULL,
    collection  TEXT NOT NULL,
    rkey        TEXT NOT NULL,
    cid         TEXT,
    time_us     INTEGER,
    edges       TEXT NOT NULL DEFAULT '[]',   -- JSON [{source, target, kind}] the record created
    deleted_us  INTEGER,
    PRIMARY KEY (niche_id, did, collection, rkey)
  ) WITHOUT ROWID;
  `,
];
