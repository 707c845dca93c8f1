/**
 * A repository CAR for one account of the fake Bluesky world, as
 * `com.atproto.sync.getRepo` returns it (atproto.com/specs/repository): a
 * CARv1 whose root is the commit `{ did, version: 3, data, rev, prev, sig }`,
 * `data` the root of a Merkle Search Tree built by the spec's rule (a key's
 * layer is the number of leading zero bits of SHA-256(key) divided by 2;
 * nodes `{ l, e: [{ p, k, v, t }] }`, keys `collection/rkey` prefix-compressed),
 * every block DAG-CBOR under a CIDv1 sha2-256. The commit is signed by
 * `sign` over the DAG-CBOR bytes of the commit without `sig` (filler zeros
 * without it). `altered` stores a different record under a key's CID (a
 * corrupted block). Built with @ipld/car, @ipld/dag-cbor and multiformats; no project code.
 */
import { createHash } from "node:crypto";
import { CarWriter } from "@ipld/car";
import * as dagCbor from "@ipld/dag-cbor";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import type { BskyWorld } from "./bluesky-world.ts";
import { FakeBlueskyServer } from "./bluesky-server.ts";

export interface RepoContents {
  did: string;
  /** key (collection/rkey) → record. */
  records: Map<string, Record<string, unknown>>;
}

/** The account's records: posts, reposts, follows, three likes and its profile. */
export function repoContents(world: BskyWorld, index: number): RepoContents {
  const appview = new FakeBlueskyServer(world);
  const did = world.actors[index].did;
  const records = new Map<string, Record<string, unknown>>();
  for (const p of world.posts) if (p.author === did) records.set(`app.bsky.feed.post/${p.rkey}`, appview.record(p));
  for (const r of world.reposts) if (r.by === did) records.set(`app.bsky.feed.repost/${r.rkey}`, { $type: "app.bsky.feed.repost", subject: { uri: r.subject, cid: "bafyreisubject" }, createdAt: r.createdAt });
  let n = 0;
  for (const [a, b] of world.follows) if (a === did) records.set(`app.bsky.graph.follow/3kf${(n++).toString(32).padStart(10, "a")}`, { $type: "app.bsky.graph.follow", subject: b, createdAt: "2025-06-01T00:00:00.000Z" });
  world.posts.filter((p) => p.author !== did).slice(0, 3).forEach((p, i) => {
    records.set(`app.bsky.feed.like/3kl${String(i).padStart(10, "a")}`, { $type: "app.bsky.feed.like", subject: { uri: p.uri, cid: "bafyreiliked" }, createdAt: "2025-06-02T00:00:00.000Z" });
  });
  records.set("app.bsky.actor.profile/self", { $type: "app.bsky.actor.profile", displayName: world.actors[index].displayName });
  return { did, records };
}

const layerOf = (key: string): number => {
  const h = createHash("sha256").update(key).digest();
  let zeros = 0;
  for (const byte of h) {
    if (byte === 0) zeros += 8;
    else {
      zeros += Math.clz32(byte) - 24;
      break;
    }
  }
  return Math.floor(zeros / 2);
};

export interface RepoCarOptions {
  /** Signs the unsigned commit's bytes (64 bytes r ‖ s); without it the signature is 64 zeros. */
  sign?: (unsigned: Uint8Array) => Uint8Array;
  /** The commit's signature as given (overrides `sign`). */
  sig?: Uint8Array;
  /** key → a record written in that key's block in place of the real one (its CID stays the real one's). */
  altered?: Map<string, Record<string, unknown>>;
}

export interface RepoCarFile {
  bytes: Uint8Array;
  /** The blocks in file order (the record's key for record blocks). */
  blocks: { cid: string; key?: string }[];
  sig: Uint8Array;
}

export async function buildRepoCar(contents: RepoContents, options: RepoCarOptions = {}): Promise<Uint8Array> {
  return (await buildRepoCarFile(contents, options)).bytes;
}

export async function buildRepoCarFile(contents: RepoContents, options: RepoCarOptions = {}): Promise<RepoCarFile> {
  const blocks: { cid: CID; bytes: Uint8Array; key?: string }[] = [];
  const put = async (value: unknown, key?: string): Promise<CID> => {
    const bytes = dagCbor.encode(value);
    const cid = CID.create(1, dagCbor.code, await sha256.digest(bytes));
    const altered = key === undefined ? undefined : options.altered?.get(key);
    blocks.push({ cid, bytes: altered ? dagCbor.encode(altered) : bytes, key });
    return cid;
  };
  const entries: { key: string; layer: number; cid: CID }[] = [];
  for (const key of [...contents.records.keys()].sort()) entries.push({ key, layer: layerOf(key), cid: await put(contents.records.get(key), key) });
  const encoder = new TextEncoder();
  const node = async (items: typeof entries, layer: number): Promise<CID> => {
    const seps = items.filter((e) => e.layer === layer);
    const below = async (run: typeof entries): Promise<CID | null> => (run.length ? node(run, layer - 1) : null);
    let i = 0;
    const runUntil = (stop: (typeof entries)[number] | undefined): typeof entries => {
      const run: typeof entries = [];
      while (i < items.length && items[i] !== stop) run.push(items[i++]);
      return run;
    };
    const l = await below(runUntil(seps[0]));
    const e: { p: number; k: Uint8Array; v: CID; t: CID | null }[] = [];
    let prev = "";
    for (let s = 0; s < seps.length; s++) {
      i++; // the separator itself
      const t = await below(runUntil(seps[s + 1]));
      let p = 0;
      while (p < prev.length && p < seps[s].key.length && prev[p] === seps[s].key[p]) p++;
      e.push({ p, k: encoder.encode(seps[s].key.slice(p)), v: seps[s].cid, t });
      prev = seps[s].key;
    }
    return put({ e, l });
  };
  const top = Math.max(0, ...entries.map((e) => e.layer));
  const data = await node(entries, top);
  const unsigned = { did: contents.did, version: 3, data, rev: "3lrevfakerev2", prev: null };
  const sig = options.sig ?? options.sign?.(dagCbor.encode(unsigned)) ?? new Uint8Array(64);
  const commit = await put({ ...unsigned, sig });
  const { writer, out } = CarWriter.create([commit]);
  const chunks: Uint8Array[] = [];
  const collected = (async () => {
    for await (const c of out) chunks.push(c);
  })();
  for (const b of blocks) await writer.put(b);
  await writer.close();
  await collected;
  return { bytes: Buffer.concat(chunks), blocks: blocks.map((b) => ({ cid: b.cid.toString(), key: b.key })), sig };
}
