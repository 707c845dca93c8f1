/**
 * A niche's graph as an edge stream: node ids interned, in key order, into an
 * `EdgeAccumulator`, then the edge rows iterated (`.raw().iterate()`, no
 * object a row) in (source, target, kind) order. The same nodes, in the same
 * order, with the same attributes, and the same merged edges, weights and
 * kinds as `nicheGraph` (to-graph.ts), without the records in memory or a
 * graphology graph; node attributes kept as columns.
 *
 * Order: `nicheRecords` sorts with the JS comparator (UTF-16 code units);
 * SQLite's `ORDER BY` (BINARY collation) compares UTF-8 bytes, that is code
 * points. The two differ only between a character above U+FFFF and one in
 * U+E000–U+FFFF, which Twitter and YouTube ids never hold; the rows are
 * checked in JS order as they come, and if two are not, the niche is read
 * again and sorted in JS, as `nicheRecords` does.
 */
import { compareKeys } from "../graph/keys.ts";
import { createGraph, upsertNode, type AtlasGraph } from "../graph/model.ts";
import { EdgeAccumulator } from "../graph/readers/accumulator.ts";
import { requireNiche } from "./niches.ts";
import { edgeRowsQuery, type NicheGraphOptions, type NodeRecord } from "./to-graph.ts";
import { NODE_PREFIX, type Platform, type StoreDb } from "./types.ts";

/** Node attributes of a niche stream, one entry a node in dictionary order; `null`: absent. */
export interface NicheNodeColumns {
  /** Label (name, else @handle); `null` when it is the key. */
  labels: (string | null)[];
  handles: (string | null)[];
  /** Followers; NaN when unknown. */
  followers: Float64Array;
  descriptions: (string | null)[];
}

export interface NicheStream {
  niche: string;
  platform: Platform;
  accumulator: EdgeAccumulator;
  nodes: NicheNodeColumns;
}

type Row = [string, string, string, number];


/** Niche `name` as an edge stream plus node columns (see the file comment). */
export function nicheEdgeStream(db: StoreDb, name: string, options: NicheGraphOptions = {}): NicheStream {
  const niche = requireNiche(db, name);
  const edges = edgeRowsQuery(niche.id, options);
  const read = (sortInJs: boolean) => readStream(db, niche.id, niche.platform, edges, sortInJs);
  const { accumulator, nodes } = read(false) ?? (read(true) as NonNullable<ReturnType<typeof readStream>>);
  return { niche: niche.name, platform: niche.platform, accumulator, nodes };
}

/** One read of the niche; `null` when SQLite's order is not JS order (then read again with `sortInJs`). */
function readStream(
  db: StoreDb,
  nicheId: number,
  platform: Platform,
  edges: { sql: string; args: (string | number)[] },
  sortInJs: boolean,
): { accumulator: EdgeAccumulator; nodes: NicheNodeColumns } | null {
  const prefix = NODE_PREFIX[platform];
  const acc = new EdgeAccumulator(null, true);
  const dict = acc.dictionary;
  const nodes: NicheNodeColumns = { labels: [], handles: [], followers: new Float64Array(0), descriptions: [] };
  const followers: number[] = [];
  const nodeSql = `WITH e AS (${edges.sql})
    SELECT ids.id, a.handle, a.name, a.description, a.followers
    FROM (SELECT account_id AS id FROM niche_accounts WHERE niche_id = ? UNION SELECT source FROM e UNION SELECT target FROM e) AS ids
    LEFT JOIN accounts AS a ON a.platform = ? AND a.id = ids.id
    ORDER BY ids.id`;
  const nodeStatement = db.prepare(nodeSql).raw();
  const nodeArgs = [...edges.args, nicheId, platform];
  const nodeRows = sortInJs
    ? (nodeStatement.all(...nodeArgs) as unknown[][]).sort((a, b) => compareKeys(a[0] as string, b[0] as string))
    : (nodeStatement.iterate(...nodeArgs) as Iterable<unknown[]>);
  let prev: string | undefined;
  for (const row of nodeRows) {
    const [id, handle, label, description, count] = row as [string, string | null, string | null, string | null, number | null];
    if (prev !== undefined && !(prev < id)) return null;
    prev = id;
    dict.idOf(prefix + id);
    nodes.labels.push(label || (handle ? `@${handle}` : null));
    nodes.handles.push(handle || null);
    followers.push(count === null ? Number.NaN : count);
    nodes.descriptions.push(description || null);
  }
  nodes.followers = Float64Array.from(followers);

  const edgeStatement = db.prepare(sortInJs ? edges.sql : `${edges.sql} ORDER BY source, target, kind`).raw();
  const edgeRows = sortInJs
    ? (edgeStatement.all(...edges.args) as Row[]).sort((a, b) => compareKeys(a[0], b[0]) || compareKeys(a[1], b[1]) || compareKeys(a[2], b[2]))
    : (edgeStatement.iterate(...edges.args) as Iterable<Row>);
  let p: Row | undefined;
  for (const r of edgeRows) {
    if (p !== undefined && (compareKeys(p[0], r[0]) || compareKeys(p[1], r[1]) || compareKeys(p[2], r[2])) > 0) return null;
    p = r;
    acc.addIds(dict.find(prefix + r[0]), dict.find(prefix + r[1]), r[3], r[2]);
  }
  return { accumulator: acc, nodes };
}

/** The attributes `nicheRecords` gives node `i` of a niche stream. */
export function nicheNodeAttributes(nodes: NicheNodeColumns, key: string, i: number): NodeRecord["attributes"] {
  const attributes: NodeRecord["attributes"] = { label: nodes.labels[i] ?? key };
  const handle = nodes.handles[i];
  if (handle) attributes.handle = handle;
  if (!Number.isNaN(nodes.followers[i])) attributes.followers = nodes.followers[i];
  const description = nodes.descriptions[i];
  if (description) attributes.description = description;
  return attributes;
}

/** `nicheGraph`'s graph from a niche stream (which is consumed: its records are flushed). */
export function nicheStreamGraph(stream: NicheStream): AtlasGraph {
  const graph = createGraph({ directed: true });
  const keys = stream.accumulator.dictionary.keys();
  for (let i = 0; i < keys.length; i++) upsertNode(graph, keys[i], nicheNodeAttributes(stream.nodes, keys[i], i));
  stream.accumulator.flushInto(graph);
  return graph;
}
