/**
 * The Chromium the end-to-end tests and `npm run bench:viz` drive (Debian's
 * package, or `ATLAS_CHROMIUM`; `scripts/ensure-chromium.mjs` installs it),
 * and the flags it is launched with.
 */
export const CHROMIUM = process.env.ATLAS_CHROMIUM || "/usr/bin/chromium";

export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]);
