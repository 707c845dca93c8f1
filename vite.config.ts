/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// One config for the viewer (viz/, a later issue) and for vitest.
export default defineConfig({
  root: ".",
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
