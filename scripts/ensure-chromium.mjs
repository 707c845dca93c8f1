#!/usr/bin/env node
// Makes sure headless Chromium (the Debian package `chromium`) is installed for
// the end-to-end tests and `npm run bench:viz`. A fast no-op when
// /usr/bin/chromium exists; otherwise, as root on Debian/Ubuntu, runs
// `apt-get update && apt-get install -y chromium` (progress on stderr).
// Never downloads browsers through playwright (`npx playwright install`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.ATLAS_CHROMIUM || "/usr/bin/chromium";

if (existsSync(CHROMIUM)) process.exit(0);

const fail = (message) => {
  process.stderr.write(`ensure-chromium: ${message}\n`);
  process.exit(1);
};
const which = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).status === 0;

if (!which("apt-get")) {
  fail(`${CHROMIUM} is missing and apt-get is not available; install Chromium with your package manager (the e2e tests need it)`);
}
if (typeof process.getuid === "function" && process.getuid() !== 0) {
  fail(`${CHROMIUM} is missing; install it as root: sudo apt-get update && sudo apt-get install -y chromium`);
}
for (const args of [["update"], ["install", "-y", "chromium"]]) {
  process.stderr.write(`ensure-chromium: ${CHROMIUM} is missing; running apt-get ${args.join(" ")}\n`);
  const r = spawnSync("apt-get", args, { stdio: ["ignore", process.stderr, process.stderr], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (r.status !== 0) fail(`apt-get ${args.join(" ")} failed (exit ${r.status ?? r.signal}); install the Debian package "chromium" by hand`);
}
if (!existsSync(CHROMIUM)) fail(`apt-get installed chromium but ${CHROMIUM} is still missing`);
process.stderr.write(`ensure-chromium: installed ${CHROMIUM}\n`);
