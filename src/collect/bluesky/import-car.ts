/**
 * `atlas import bluesky REPO.car`: one account's repository (its follows,
 * posts, reposts and likes) into a niche, with the listener's rules and keys
 * (did, collection, rkey): a CAR imported twice, or overlapping a listen or
 * a Jetstream file, adds nothing. A CAR is a snapshot: records absent from it
 * are not taken as deleted. One file, one transaction.
 */
import { readFile } from "node:fs/promises";
import { createRecordWriter, type RecordChange } from "../../store/bluesky-records.ts";
import { upsertNiche } from "../../store/niches.ts";
import type { StoreDb } from "../../store/types.ts";
import { DataError } from "../../shared/errors.ts";
import { readRepoCar } from "./car.ts";
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
}

export async function importRepoCar(db: StoreDb, file: string, options: { niche: string; at: string }): Promise<CarImportReport> {
  let repo;
  try {
    repo = await readRepoCar(await readFile(file));
  } catch (error) {
    throw new DataError({ file }, `not a repository CAR file (${(error as Error).message})`, "give the file com.atproto.sync.getRepo returns (nothing was imported)", { cause: error });
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
  const result = createRecordWriter(db).apply(niche.id, changes);
  return { file, did: repo.did, records: repo.records.length, applied: result.applied, duplicates: result.duplicates, ignored, newEdges: result.newEdges, problems: repo.problems };
}
