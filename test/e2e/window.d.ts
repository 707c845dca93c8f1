/**
 * The viewer's test hook (`window.__atlas`, set by viz/src/main.ts), typed for
 * the e2e tests and bench/viz.ts, which evaluate code in the page. Structural
 * on purpose: the root tsconfig does not compile viz/.
 */
import type Graph from "graphology";
import type Sigma from "sigma";

interface AtlasTestHook {
  readonly sigma: Sigma | null;
  readonly graph: Graph | null;
  readonly state: unknown;
  readonly app: {
    readonly sigma: Sigma | null;
    readonly model: { communities: { id: number; size: number; leaders: string[] }[] } | null;
    select(key: string | null, zoom?: boolean): void;
  };
  timings: Record<string, number>;
}

declare global {
  interface Window {
    __atlas?: AtlasTestHook;
  }
}
