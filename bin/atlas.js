#!/usr/bin/env node
// Entry point of the `atlas` command: runs the TypeScript sources through tsx's
// loader, so the command works under plain `node` with no build step.
import { register } from "tsx/esm/api";

// A closed pipe (`atlas report … | head`) ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
