/** Shared by the YouTube collector tests: the graphs a crawl of the fake world must find, computed from the world. */
import type { FakeYoutubeWorld } from "../fakes/youtube-server.ts";
import { IDS } from "../fakes/youtube-world.ts";

const { A, B, K, L, M } = IDS;


/**
 * Subscribes and features edges of a breadth-first crawl from `seeds` to
 * `depth`: every channel reached before `depth` that exists is expanded
 * (public subscriptions; featured channels); private lists give nothing.
 */
export function expectedChannelEdges(world: FakeYoutubeWorld, seeds: string[], depth: number): string[] {
  const byId = new Map(world.channels.map((c) => [c.id, c]));
  const edges = new Set<string>();
  const level = new Map<string, number>(seeds.map((s) => [s, 0]));
  let frontier = seeds.filter((s) => byId.get(s) && !byId.get(s)!.closed);
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      const c = byId.get(id)!;
      const subs = c.subscriptions === "private" ? [] : (c.subscriptions ?? []);
      for (const [targets, kind] of [[subs, "subscribes"], [c.featured ?? [], "features"]] as const) {
        for (const t of targets) {
          edges.add(`${id}>${t}:${kind}*1`);
          if (!level.has(t)) {
            level.set(t, d + 1);
            if (!byId.get(t)?.closed) next.push(t);
          }
        }
      }
    }
    frontier = next;
  }
  return [...edges].sort();
}

/** The comment network of seeds alice and bob, worked out by hand from test/fakes/youtube-world.ts. */
export const EXPECTED_COMMENTS = [
  `${K}>${A}:comments*1`, // Ugt1 on alice's vid1
  `${K}>${B}:mentions*1`, // Ugt1 "@bob" (bob is a seed: known by handle)
  `${L}>${K}:replies*1`, // Ugt1.r1
  `${L}>${K}:mentions*1`, // Ugt1.r1 "@kim"
  `${A}>${K}:replies*1`, // Ugt1.r2
  `${L}>${A}:comments*1`, // Ugt2
  `${B}>${A}:comments*1`, // Ugt3
  `${B}>${A}:mentions*1`, // Ugt3 "@alice ... @alice": once
  `${M}>${A}:comments*1`, // Ugt4 ("@ghost" unknown; max@example.org is no mention)
  `${K}>${M}:replies*2`, // Ugt4.r1, r3 (paged replies via comments.list)
  `${L}>${M}:replies*1`, // Ugt4.r2
  `${K}>${L}:mentions*1`, // Ugt4.r3 "@lee"
  `${B}>${M}:replies*1`, // Ugt4.r4 (r5 is max's own reply: no edge)
  `${A}>${B}:comments*1`, // Ugt5 on bob's vid4
  `${A}>${K}:mentions*1`, // Ugt5 "@kim"
  `${K}>${B}:comments*1`, // Ugt6
].sort();
