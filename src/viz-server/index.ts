export { ensureViewerBuilt, viewerIsStale, REPO_ROOT, VIZ_DIST } from "./build.ts";
export { compareRoutes, createViewHandler, dataRoute, hostAllowed, resolveStatic, safeFileName, startViewServer } from "./server.ts";
export type { DataRoute, ViewServer, ViewServerOptions } from "./server.ts";
