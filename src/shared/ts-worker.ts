/**
 * Worker threads that run a TypeScript module, under `node bin/atlas.js`,
 * `node --import tsx` scripts and vitest alike.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * The code of a worker thread (`new Worker(code, { eval: true })`) that runs
 * the TypeScript module `entry`: tsx's loader hooks are per thread, so the
 * worker registers them first (tsx resolved from this package, whatever the
 * current directory), then imports `entry`. A module that fails to load is
 * printed and ends the worker with exit code 1.
 */
export function tsWorkerCode(entry: URL): string {
  const require = createRequire(import.meta.url);
  const api = pathToFileURL(require.resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  return (
    `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })` +
    `.catch((e) => { console.error(e); process.exit(1); });`
  );
}
