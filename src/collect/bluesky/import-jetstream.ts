/**
 * `atlas import bluesky`: Jetstream JSON lines (one event a line, as
 * `websocat` or Jetstream's own tools save them; `.gz` accepted) into a
 * niche, with the listener's rules: records keyed by (did, collection,
 * rkey), so importing a file twice, or a file that overlaps a listen, adds
 * nothing; deletes remove the evidence they name. Malformed lines are
 * reported by number and skipped. Lines are applied in transactions of 500.
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { createRecordWriter, type RecordChange } from "../../store/bluesky-records.ts";
import { upsertNiche } from "../../store/niches.ts";
import type { StoreDb } from "../../store/types.ts";
import { DataError } from "../../shared/errors.ts";
import { changeOfEvent, parseJetstreamEvent } from "./jetstream-events.ts";

export interface JetstreamImportReport {
  file: string;
  lines: number;
  events: number;
  applied: number;
  duplicates: number;
  /** Events of collections a niche does not keep (profiles, blocks, lists...). */
  ignored: number;
  newEdges: number;
  removedEdges: number;
  /** Unfollows whose follow record the niche never saw (the edge, if any, stays). */
  unresolvedDeletes: number;
  malformed: { line: number; problem: string }[];
}

const BATCH = 500;

export async function importJetstreamLines(db: StoreDb, file: string, options: { niche: string; at: string }): Promise<JetstreamImportReport> {
  const niche = upsertNiche(db, options.niche, "bluesky", [], {}, options.at);
  const writer = createRecordWriter(db);
  const report: JetstreamImportReport = { file, lines: 0, events: 0, applied: 0, duplicates: 0, ignored: 0, newEdges: 0, removedEdges: 0, unresolvedDeletes: 0, malformed: [] };
  const source = `jetstream:${basename(file)}`;
  let batch: RecordChange[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    const r = writer.apply(niche.id, batch, null, source);
    report.applied += r.applied;
    report.duplicates += r.duplicates;
    report.newEdges += r.newEdges;
    report.removedEdges += r.removedEdges;
    report.unresolvedDeletes += r.unresolvedDeletes;
    batch = [];
  };
  const raw = createReadStream(file);
  const input = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      report.lines++;
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        report.malformed.push({ line: report.lines, problem: `not valid JSON (${(error as Error).message})` });
        continue;
      }
      const event = parseJetstreamEvent(value);
      if (typeof event === "string") {
        report.malformed.push({ line: report.lines, problem: `not a Jetstream event (${event})` });
        continue;
      }
      report.events++;
      const change = changeOfEvent(event);
      if (change === null) report.ignored++;
      else batch.push(change);
      if (batch.length >= BATCH) flush();
    }
  } catch (error) {
    flush();
    throw new DataError({ file, line: report.lines + 1 }, `cannot read on (${(error as Error).message})`, `the ${report.lines} lines before it were imported`, { cause: error });
  }
  flush();
  return report;
}
