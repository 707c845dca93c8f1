/**
 * A niche's graph from the store: node records (every account of the niche or
 * on one of its edges) and edge records, then the engine's graph model built
 * from them with `createGraph` / `addEdgeRecord`. Node keys are prefixed ids
 * (`tw:12345`); attributes `label` (name, else @handle, else key), `handle`,
 * `followers`, `description` (absent when unknown).
 */
import { compareKeys } from "../graph/keys.ts";
import { addEdgeRecord, createGraph, upsertNode, type AtlasGraph } from "../graph/model.ts";
import { UsageError } from "../shared/errors.ts";
import { requireNiche } from "./niches.ts";
import { NODE_PREFIX, type Platform, type StoreDb } from "./types.ts";

export interface NicheGraphOptions {
  /** Edge kinds kept (default: all). */
  kinds?: readonly string[];
  /**
   * Keep only what happened since this ISO date: interaction edges count only
   * items created since then; follows edges must have been seen since then.
   */
  since?: string;
}

export interface NodeRecord {
  key: string;
  attributes: { label: string; handle?: string; followers?: number; description?: string };
}

export interface EdgeRecord {
  source: string;
  target: string;
  kind: string;
  weight: number;
}

export interface NicheRecords {
  niche: string;
  platform: Platform;
  nodes: NodeRecord[];
  edges: EdgeRecord[];
}

/** The node and edge records of niche `name` (sorted: nodes by key, edges by source, target, kind). */
export function nicheRecords(db: StoreDb, name: string, options: NicheGraphOptions = {}): NicheRecords {
  const niche = requireNiche(db, name);
  const prefix = NODE_PREFIX[niche.platform];
  const { sql, args } = edgeRowsQuery(niche.id, options);
  const rows = db.prepare(sql).all(...args) as EdgeRecord[];
  const edges = rows
    .map((r) => ({ source: prefix + r.source, target: prefix + r.target, kind: r.kind, weight: r.weight }))
    .sort((a, b) => compareKeys(a.source, b.source) || compareKeys(a.target, b.target) || compareKeys(a.kind, b.kind));

  const ids = new Set<string>();
  for (const r of db.prepare("SELECT account_id FROM niche_accounts WHERE niche_id = ?").all(niche.id) as {
    account_id: string;
  }[]) {
    ids.add(r.account_id);
  }
  for (const r of rows) {
    ids.add(r.source);
    ids.add(r.target);
  }
  const getAccount = db.prepare(
    "SELECT handle, name, description, followers FROM accounts WHERE platform = ? AND id = ?",
  );
  const nodes: NodeRecord[] = [];
  for (const id of [...ids].sort()) {
    const a = getAccount.get(niche.platform, id) as
      | { handle: string | null; name: string | null; description: string | null; followers: number | null }
      | undefined;
    const key = prefix + id;
    const attributes: NodeRecord["attributes"] = { label: a?.name || (a?.handle ? `@${a.handle}` : key) };
    if (a?.handle) attributes.handle = a.handle;
    if (a?.followers !== null && a?.followers !== undefined) attributes.followers = a.followers;
    if (a?.description) attributes.description = a.description;
    nodes.push({ key, attributes });
  }
  return { niche: niche.name, platform: niche.platform, nodes, edges };
}

/**
 * The SQL (and its arguments) of a niche's edge rows `source, target, kind,
 * weight`, unprefixed and unsorted: the `edges` table, or with `since` each
 * interaction's evidence counted since then plus the follows seen since then.
 */
export function edgeRowsQuery(nicheId: number, options: NicheGraphOptions): { sql: string; args: (string | number)[] } {
  const kinds = options.kinds && options.kinds.length > 0 ? [...options.kinds] : null;
  if (options.since !== undefined && Number.isNaN(Date.parse(options.since))) {
    throw new UsageError(`export: --since "${options.since}" is not a date (use YYYY-MM-DD or an ISO time)`);
  }
  const since = options.since === undefined ? null : new Date(Date.parse(options.since)).toISOString();
  const kindFilter = kinds ? ` AND kind IN (${kinds.map(() => "?").join(", ")})` : "";
  const kindArgs = kinds ?? [];
  if (since === null) return { sql: `SELECT source, target, kind, weight FROM edges WHERE niche_id = ?${kindFilter}`, args: [nicheId, ...kindArgs] };
  return {
    sql: `SELECT source, target, kind, sum(weight) AS weight FROM edge_evidence
           WHERE niche_id = ? AND at >= ?${kindFilter} GROUP BY source, target, kind
         UNION ALL
         SELECT source, target, kind, weight FROM edges
           WHERE niche_id = ? AND evidenced = 0 AND last_seen >= ?${kindFilter}`,
    args: [nicheId, since, ...kindArgs, nicheId, since, ...kindArgs],
  };
}

/** The engine's graph (directed) of niche `name`; edges between the same pair merge as the model says. */
export function nicheGraph(db: StoreDb, name: string, options: NicheGraphOptions = {}): AtlasGraph {
  return graphFromRecords(nicheRecords(db, name, options));
}

export function graphFromRecords(records: NicheRecords): AtlasGraph {
  const graph = createGraph({ directed: true });
  for (const n of records.nodes) upsertNode(graph, n.key, n.attributes);
  for (const e of records.edges) addEdgeRecord(graph, e.source, e.target, e.weight, e.kind);
  return graph;
}
