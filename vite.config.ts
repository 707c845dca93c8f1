/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// The vitest config (the viewer has its own build config: viz/vite.config.ts).
// Two projects, both run by `npm test`: unit tests, and the end-to-end tests
// in real headless Chromium (test/e2e: longer timeouts, one global setup that
// builds the viewer and runs the demo once).
export default defineConfig({
  root: ".",
  test: {
    environment: "node",
    pool: "forks",
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
