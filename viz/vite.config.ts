/**
 * Vite config of the viewer (`viz/`). Separate from the root vite.config.ts,
 * which holds the vitest config: this one only builds the app.
 *
 * `base: "./"` makes every asset URL relative, so the built site works from
 * any directory (`atlas view` serves it at /, `atlas publish` copies it
 * anywhere). Output: dist/viz (see src/viz-server/build.ts).
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/viz", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    // Two pages: the map viewer and the compare page (niches side by side).
    rolldownOptions: { input: { main: fileURLToPath(new URL("index.html", import.meta.url)), compare: fileURLToPath(new URL("compare.html", import.meta.url)) } },
  },
  worker: { format: "es" },
  server: { host: "127.0.0.1" },
});
