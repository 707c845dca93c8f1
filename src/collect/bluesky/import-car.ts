/**
 * `atlas import bluesky REPO.car`: one account's repository (its follows,
 * posts, reposts and likes) into a niche, with the listener's rules and keys
 * (did, collection, rkey): a CAR imported twice, or overlapping a listen or
 * a Jetstream file, adds nothing. A CAR is a snapshot: records absent from it
 * are not taken as deleted. One file, one transaction.
 *
 * Every block is checked against its CID (car.ts); with `plcUrl`, the
 * commit's signature is checked against the account's signing key from its
 * DID document (signature.ts). A file that fails either check imports nothing.
 * The follow records' keys are kept, so a later Jetstream unfollow (which
 * names only did/collection/rkey) removes the edge.
 */
import { readFile } from "node:fs/promises";
import { createRecordWriter, type RecordChange } from "../../store/bluesky-records.ts";
import { upsertNiche } from "../../store/niches.ts";
import type { StoreDb } from "../../store/types.ts";
import { basename } from "node:path";
import { CollectError, DataError } from "../../shared/errors.ts";
import { readRepoCar } from "./car.ts";
import { resolveSigningKey, verifySignature } from "./signature.ts";
import { changeOfEvent } from "./jetstream-events.ts";

export interface CarImportReport {
  file: string;
  did: string;
  records: number;
  applied: number;
  duplicates: number;
  /** Records of collections a niche does not keep (profile, blocks, lists...). */
  ignored: number;
  newEdges: number;
  problems: string[];
  /** Blocks checked against their CIDs. */
  blocks: number;
  /** The key the commit's signature was verified with (null: not checked). */
  signedBy: { key: string; url: string } | null;
}

export interface CarImportOptions {
  niche: string;
  at: string;
  /** A PLC directory: verify the commit's signature with the key of the account's DID document there. */
  plcUrl?: string;
}

export async function importRepoCar(db: StoreDb, file: string, options: CarImportOptions): Promise<CarImportReport> {
  let repo;
  try {
    repo = await readRepoCar(await readFile(file));
  } catch (error) {
    throw new DataError({ file }, `not a repository CAR file (${(error as Error).message})`, "give the file com.atproto.sync.getRepo returns (nothing was imported)", { cause: error });
  }
  let signedBy: CarImportReport["signedBy"] = null;
  if (options.plcUrl !== undefined) {
    let resolved;
    try {
      resolved = await resolveSigningKey(repo.did, options.plcUrl);
    } catch (error) {
      const m = (error as Error).message;
      throw new CollectError(
        { method: "GET", endpoint: options.plcUrl, status: Number(/HTTP (\d+)/.exec(m)?.[1] ?? 0) },
        `import bluesky: ${file}: cannot get the signing key of ${repo.did}: ${m}; nothing was imported (check --plc-url, or import without --verify)`,
        { cause: error },
      );
    }
    if (repo.sig === null || !verifySignature(resolved.key, repo.unsigned, repo.sig)) {
      throw new DataError(
        { file },
        `the commit's signature does not verify with ${repo.did}'s signing key (${resolved.key.curve} ${resolved.key.multibase} from ${resolved.url})${repo.sig === null ? ": the commit has no sig" : ""}`,
        "the file was altered or is not that account's repository (nothing was imported)",
      );
    }
    signedBy = { key: resolved.key.multibase, url: resolved.url };
  }
  const niche = upsertNiche(db, options.niche, "bluesky", [], {}, options.at);
  const changes: RecordChange[] = [];
  let ignored = 0;
  for (const r of repo.records) {
    const created = typeof r.record.createdAt === "string" ? Date.parse(r.record.createdAt) : NaN;
    const change = changeOfEvent({
      did: repo.did,
      time_us: Number.isFinite(created) ? created * 1000 : 0,
      kind: "commit",
      commit: { operation: "create", collection: r.collection, rkey: r.rkey, record: r.record, cid: r.cid },
    });
    if (change) changes.push(change);
    else ignored++;
  }
  const result = createRecordWriter(db).apply(niche.id, changes, null, `car:${basename(file)}`);
  return {
    file, did: repo.did, records: repo.records.length, applied: result.applied, duplicates: result.duplicates, ignored, newEdges: result.newEdges,
    problems: repo.problems, blocks: repo.blocks, signedBy,
  };
}
