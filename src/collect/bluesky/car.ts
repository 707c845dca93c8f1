/**
 * Repository CAR files (`com.atproto.sync.getRepo`: one account's whole
 * repository) → record changes, decoded with `@ipld/car` and
 * `@ipld/dag-cbor`. The CAR's root is the signed commit (`{ did, version,
 * data, rev, sig }`); `data` is the root of the Merkle Search Tree whose
 * nodes are `{ l, e: [{ p, k, v, t }] }` (left subtree, entries with the
 * key's shared prefix length `p`, the rest of the key `k`, the record CID
 * `v` and the right subtree `t`), keys being `collection/rkey`
 * (atproto.com/specs/repository). Every block's bytes are hashed and
 * compared with its CID (sha2-256, as repositories use) before anything is
 * read: a corrupted block is named by its position in the file. The tree is
 * walked in key order from the commit's `data`. The commit's bytes without
 * `sig` are returned for the signature check (signature.ts).
 */
import { CarBlockIterator } from "@ipld/car";
import * as dagCbor from "@ipld/dag-cbor";
import { equals } from "multiformats/bytes";
import type { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";

export interface CarRecord {
  collection: string;
  rkey: string;
  cid: string;
  record: Record<string, unknown>;
}

export interface CarRepo {
  did: string;
  rev: string | null;
  records: CarRecord[];
  /** Records whose block is missing or not DAG-CBOR (reported, skipped). */
  problems: string[];
  /** Blocks in the file, each checked against its CID. */
  blocks: number;
  /** The commit as DAG-CBOR without `sig` (what is signed), and `sig` (null when absent). */
  unsigned: Uint8Array;
  sig: Uint8Array | null;
}

interface MstNode {
  l?: CID | null;
  e?: { p: number; k: Uint8Array; v: CID; t?: CID | null }[];
}

/** Decodes a repository CAR; throws (with a message saying what is wrong) when it is not one, or a block does not match its CID. */
export async function readRepoCar(bytes: Uint8Array): Promise<CarRepo> {
  const car = await CarBlockIterator.fromBytes(bytes);
  const [root] = await car.getRoots();
  if (!root) throw new Error("the CAR has no root");
  const blocks = new Map<string, Uint8Array>();
  let position = 0;
  for await (const b of car) {
    position++;
    if (b.cid.multihash.code !== sha256.code) {
      throw new Error(`block ${position} (${b.cid.toString()}) is hashed with multihash 0x${b.cid.multihash.code.toString(16)}, not sha2-256 as repositories are`);
    }
    if (!equals((await sha256.digest(b.bytes)).bytes, b.cid.multihash.bytes)) {
      throw new Error(`block ${position} (${b.cid.toString()}) does not match its CID: its bytes hash to something else, the file is corrupted`);
    }
    blocks.set(b.cid.toString(), b.bytes);
  }
  const get = (cid: CID): unknown => {
    const bytes = blocks.get(cid.toString());
    if (!bytes) throw new Error(`block ${cid.toString()} is missing`);
    return dagCbor.decode(bytes);
  };
  const commit = get(root) as { did?: unknown; data?: CID; rev?: unknown; sig?: unknown };
  if (typeof commit?.did !== "string" || !commit.data) throw new Error("its root is not a repository commit (no did or data)");
  const { sig, ...unsigned } = commit;
  const repo: CarRepo = {
    did: commit.did,
    rev: typeof commit.rev === "string" ? commit.rev : null,
    records: [],
    problems: [],
    blocks: position,
    unsigned: dagCbor.encode(unsigned),
    sig: sig instanceof Uint8Array ? sig : null,
  };
  const decoder = new TextDecoder();
  const walk = (cid: CID, depth: number): void => {
    if (depth > 128) throw new Error("the tree is deeper than 128 levels");
    const node = get(cid) as MstNode;
    if (node.l) walk(node.l, depth + 1);
    let key = "";
    for (const e of node.e ?? []) {
      key = key.slice(0, e.p) + decoder.decode(e.k);
      const slash = key.indexOf("/");
      try {
        const record = get(e.v);
        if (slash > 0 && typeof record === "object" && record !== null) {
          repo.records.push({ collection: key.slice(0, slash), rkey: key.slice(slash + 1), cid: e.v.toString(), record: record as Record<string, unknown> });
        } else repo.problems.push(`${key}: not a record`);
      } catch (error) {
        repo.problems.push(`${key}: ${(error as Error).message}`);
      }
      if (e.t) walk(e.t, depth + 1);
    }
  };
  walk(commit.data, 0);
  return repo;
}
