/** The reference fixtures of scripts/reference/spreaders.py, one per reference graph. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, type ReferenceName } from "../../helpers/reference-graphs.ts";

export interface SpreadersFixture {
  graph: ReferenceName;
  directed: boolean;
  keys: string[];
  membership: number[];
  voterank: string[];
  voterankReverse?: string[];
  roles: { z: number[]; participation: number[]; role: number[] };
  leaderrank: number[];
  collectiveInfluence: Record<string, number[]>;
  ciOrder: Record<string, string[]>;
}

export function spreadersFixture(name: ReferenceName): SpreadersFixture {
  return JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "reference", "spreaders", `${name}.json`), "utf8")) as SpreadersFixture;
}
