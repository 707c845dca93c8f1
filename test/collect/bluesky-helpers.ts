/**
 * What a Bluesky crawl must find, computed from the fake world alone (no
 * project code): breadth-first over the world's follows or posts, with the
 * fake's availability rules (deactivated and taken-down accounts are never
 * expanded; taken-down ones are never listed; a blocking account's feed is
 * refused; unknown DIDs have no feed).
 */
import type { BskyActor, BskyWorld } from "../fakes/bluesky-world.ts";

const key = (s: string, t: string, kind: string, w: number): string => `${s}>${t}:${kind}*${w}`;
const didOfUri = (uri: string): string => uri.slice(5, uri.indexOf("/", 5));

function actorsByRef(world: BskyWorld): (ref: string) => BskyActor | undefined {
  const byDid = new Map(world.actors.map((a) => [a.did, a]));
  const byHandle = new Map(world.actors.map((a) => [a.handle, a]));
  return (ref) => byDid.get(ref) ?? byHandle.get(ref);
}

/** Seeds that getProfiles resolves. */
function seedDids(world: BskyWorld, seeds: string[]): string[] {
  const find = actorsByRef(world);
  return seeds.map(find).filter((a): a is BskyActor => a !== undefined && !a.deactivated && !a.takedown).map((a) => a.did);
}

export function expectedBskyFollows(world: BskyWorld, seeds: string[], depth: number, direction: "following" | "followers" | "both"): string[] {
  const find = actorsByRef(world);
  const edges = new Set<string>();
  const level = new Set<string>();
  let frontier = seedDids(world, seeds);
  for (const d of frontier) level.add(d);
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const did of frontier) {
      const a = find(did)!;
      if (a.deactivated || a.takedown) continue;
      for (const [x, y] of world.follows) {
        const other = direction !== "followers" && x === did ? y : direction !== "following" && y === did ? x : null;
        if (other === null || find(other)!.takedown) continue;
        edges.add(key(x, y, "follows", 1));
        if (!level.has(other)) level.add(other), next.push(other);
      }
    }
    frontier = next;
  }
  return [...edges].sort();
}

/** Interaction edges of one account's posts and reposts (weights = posts), since `since` (ISO). */
function accountInteractions(world: BskyWorld, did: string, since: string | undefined, into: Map<string, number>): Set<string> {
  const targets = new Set<string>();
  const add = (t: string, kind: string): void => {
    if (t === did) return;
    targets.add(t);
    const k = `${did}>${t}:${kind}`;
    into.set(k, (into.get(k) ?? 0) + 1);
  };
  for (const p of world.posts) {
    if (p.author !== did || (since !== undefined && p.createdAt < since)) continue;
    if (p.replyTo) add(didOfUri(p.replyTo), "replies");
    if (p.quoteOf) add(didOfUri(p.quoteOf), "quotes");
    for (const m of new Set(p.mentions)) add(m, "mentions");
  }
  for (const r of world.reposts) {
    if (r.by === did && (since === undefined || r.createdAt >= since)) add(didOfUri(r.subject), "reposts");
  }
  return targets;
}

export function expectedBskyInteractions(world: BskyWorld, seeds: string[], depth: number, since?: string): string[] {
  const find = actorsByRef(world);
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  let frontier = seedDids(world, seeds);
  for (const d of frontier) seen.add(d);
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const did of frontier) {
      const a = find(did);
      if (!a || a.deactivated || a.takedown || a.blocking) continue;
      for (const t of accountInteractions(world, did, since, counts)) if (!seen.has(t)) seen.add(t), next.push(t);
    }
    frontier = next;
  }
  return [...counts].map(([k, w]) => `${k}*${w}`).sort();
}

