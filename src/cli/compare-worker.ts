/**
 * The task `atlas compare` runs on worker threads (`pool.ts`, kind
 * `"null-sample"`): one randomization of a niche's index. Each replicate
 * depends only on its seed, so results equal a single-threaded run.
 */
import { nullSample } from "../analyze/compare/null-model.ts";
import type { NullSample } from "../analyze/compare/types.ts";
import type { CsrIndex } from "../analyze/csr.ts";

export interface NullSampleTask {
  seed: number;
  swapsPerEdge: number;
  resolution: number;
}

export function nullSampleTask(index: CsrIndex, task: NullSampleTask): NullSample {
  return nullSample(index, task.seed, { swapsPerEdge: task.swapsPerEdge, resolution: task.resolution });
}
