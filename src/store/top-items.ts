/**
 * NodeXL's "top items" per community: the hashtags, URLs and mentioned
 * accounts most used in the posts the niche collected, grouped by the
 * community of each post's author.
 */
import { compareKeys } from "../graph/keys.ts";
import { requireNiche } from "./niches.ts";
import { NODE_PREFIX, type StoreDb } from "./types.ts";

export interface TopItem {
  item: string;
  count: number;
}

export interface CommunityTopItems {
  community: number;
  /** Posts by members of the community. */
  posts: number;
  /** Lower-cased, without `#`. */
  hashtags: TopItem[];
  /** Expanded URLs. */
  urls: TopItem[];
  /** `@handle` (or the node key when the handle is unknown). */
  mentions: TopItem[];
}

export interface TopItemsOptions {
  /** Items kept per list (default 10). */
  top?: number;
}

/**
 * Top hashtags, URLs and mentions of each community of niche `niche`.
 * `membership` maps node keys (`tw:<id>`) to community ids (the `community`
 * node attribute of an analyzed graph). Counts are uses (a tag twice in one
 * post counts twice); ties break by item. Communities are returned in
 * increasing id order, those without posts included (empty lists).
 */
export function topItemsByCommunity(
  db: StoreDb,
  niche: string,
  membership: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
  options: TopItemsOptions = {},
): CommunityTopItems[] {
  const top = options.top ?? 10;
  const n = requireNiche(db, niche);
  const prefix = NODE_PREFIX[n.platform];
  const lookup = (key: string): number | undefined =>
    membership instanceof Map ? membership.get(key) : (membership as Record<string, number>)[key];
  const communities = new Set<number>();
  for (const v of membership instanceof Map ? membership.values() : Object.values(membership)) communities.add(v);

  const counters = new Map<number, { posts: number; hashtags: Map<string, number>; urls: Map<string, number>; mentions: Map<string, number> }>();
  const counter = (c: number) => {
    let k = counters.get(c);
    if (!k) counters.set(c, (k = { posts: 0, hashtags: new Map(), urls: new Map(), mentions: new Map() }));
    return k;
  };
  for (const c of communities) counter(c);
  const handleOf = db.prepare("SELECT handle FROM accounts WHERE platform = ? AND id = ?").pluck();
  const rows = db
    .prepare(
      `SELECT p.author_id AS author, p.hashtags, p.urls, p.mentions FROM niche_posts np
       JOIN posts p ON p.platform = ? AND p.id = np.post_id WHERE np.niche_id = ?`,
    )
    .iterate(n.platform, n.id) as IterableIterator<{ author: string | null; hashtags: string; urls: string; mentions: string }>;
  for (const r of rows) {
    if (r.author === null) continue;
    const c = lookup(prefix + r.author);
    if (c === undefined) continue;
    const k = counter(c);
    k.posts++;
    for (const h of JSON.parse(r.hashtags) as string[]) bump(k.hashtags, h.toLowerCase());
    for (const u of JSON.parse(r.urls) as string[]) bump(k.urls, u);
    for (const m of JSON.parse(r.mentions) as { id: string | null; handle: string | null }[]) {
      const handle = m.handle ?? (m.id ? (handleOf.get(n.platform, m.id) as string | undefined) : undefined);
      bump(k.mentions, handle ? `@${handle}` : prefix + (m.id ?? "?"));
    }
  }
  return [...counters.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([community, k]) => ({
      community,
      posts: k.posts,
      hashtags: best(k.hashtags, top),
      urls: best(k.urls, top),
      mentions: best(k.mentions, top),
    }));
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function best(map: Map<string, number>, top: number): TopItem[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]))
    .slice(0, top)
    .map(([item, count]) => ({ item, count }));
}
