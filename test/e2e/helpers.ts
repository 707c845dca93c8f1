/**
 * Shared helpers of the end-to-end tests: a real headless Chromium (Debian
 * package, driven by playwright-core), `atlas` run as a real process, and a
 * small PNG decoder (zlib + scanline filters) to check what was drawn.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/chromium.ts";
import { atlasesUnder, atlasFileSchemaErrors } from "../helpers/atlas-schema.ts";

export { CHROMIUM, CHROMIUM_ARGS };

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const ATLAS_BIN = join(ROOT, "bin", "atlas.js");
/** Screenshots of the main states (gitignored). */
export const ARTIFACTS = join(ROOT, "out", "e2e");

/** A browser (playwright gives it a fresh temporary profile, removed on close). */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
  return { browser, close: () => browser.close() };
}

export interface PageProblems {
  dialogs: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

/** A new page (1280×800 by default) that records dialogs (dismissed), console errors and uncaught errors. */
export async function newPage(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems: PageProblems = { dialogs: [], consoleErrors: [], pageErrors: [] };
  page.on("dialog", (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => problems.pageErrors.push(e.message));
  return { context, page, problems };
}

/** An atlas written for a test, served by `atlas view` and open in a fresh page. */
export interface ServedAtlas {
  dir: string;
  file: string;
  view: ViewProcess;
  page: Page;
  problems: PageProblems;
  /** Closes the browser, stops the server and removes `dir`. */
  close: () => Promise<void>;
}

/**
 * Runs `atlas analyze INPUT --out <dir>/<out> ...args` in a fresh temporary
 * directory, serves the atlas with `atlas view` and opens it in a new page
 * (after `init`, a script run in the page before its own).
 */
export async function serveAnalyzed(input: string, out: string, args: string[], init?: () => void): Promise<ServedAtlas> {
  const dir = tempDir("atlas-e2e-");
  const file = join(dir, out);
  const r = await runAtlas(["analyze", input, "--out", file, ...args], 120_000);
  if (r.code !== 0) throw new Error(`atlas analyze ${input}: exit ${r.code}\n${r.stderr}`);
  const view = await startView(file);
  const { browser, close: closeBrowser } = await launchBrowser();
  const { page, problems } = await newPage(browser);
  if (init) await page.addInitScript(init);
  await page.goto(view.url);
  const close = async (): Promise<void> => {
    await closeBrowser();
    await view.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, file, view, page, problems, close };
}

/** Waits for the `n`-th render of a graph (`body[data-loads]`). */
export async function waitForLoads(page: Page, n = 1, timeout = 30_000): Promise<void> {
  await page.waitForFunction((n) => Number(document.body.dataset.loads ?? 0) >= n && document.body.dataset.state === "ready", n, { timeout });
}

/** Waits until no layout runs (ForceAtlas2 and noverlap are done). */
export async function waitForLayoutIdle(page: Page, timeout = 40_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector<HTMLElement>("[data-testid=layout-toggle]")?.dataset.phase === "idle", undefined, { timeout });
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/atlas.js ...args` to completion. Every atlas an `analyze`,
 * `layout` or `demo` run writes (its `--out`, or what is found under a demo's
 * `--out` directory) is checked against atlas.schema.json: a run that writes
 * an invalid atlas rejects, naming the file and the first errors.
 */
export async function runAtlas(args: string[], timeoutMs = 60_000): Promise<RunResult> {
  const result = await runAtlasProcess(args, timeoutMs);
  const out = args.includes("--out") ? args[args.indexOf("--out") + 1] : args[0] === "layout" ? args[1] : undefined;
  if (result.code === 0 && out !== undefined && ["analyze", "layout", "demo"].includes(args[0])) {
    const files = args[0] === "demo" ? atlasesUnder(resolve(ROOT, out)) : [resolve(ROOT, out)];
    for (const file of files) {
      const errors = await atlasFileSchemaErrors(file);
      if (errors.length > 0) throw new Error(`atlas ${args.join(" ")} wrote ${file}, which atlas.schema.json refuses:\n${errors.slice(0, 5).join("\n")}`);
    }
  }
  return result;
}

function runAtlasProcess(args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [ATLAS_BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`atlas ${args.join(" ")}: timed out\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export interface ViewProcess {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  stop: () => Promise<void>;
}

/**
 * Spawns `atlas view [FILE] --port 0 ...extra` as a real process and resolves
 * with the URL it prints on stdout (its only output there).
 */
export function startView(file: string | null, extra: string[] = [], timeoutMs = 60_000): Promise<ViewProcess> {
  return new Promise((resolvePromise, reject) => {
    const args = [ATLAS_BIN, "view", ...(file === null ? [] : [file]), "--port", "0", ...extra];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const stop = (): Promise<void> =>
      new Promise((r) => {
        if (child.exitCode !== null || child.signalCode !== null) return r();
        child.once("exit", () => r());
        child.kill("SIGTERM");
      });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`atlas view: no URL after ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.stdout.on("data", (d) => {
      stdout += d;
      const line = stdout.split("\n");
      if (line.length > 1) {
        clearTimeout(timer);
        resolvePromise({ url: line[0].trim(), child, stderr: () => stderr, stop });
      }
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`atlas view exited (${code}) before printing a URL\n${stderr}`));
    });
  });
}

/** A fresh temporary directory; remove it with `rmSync(dir, { recursive: true })`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

// ---- PNG

export interface PngImage {
  width: number;
  height: number;
  /** 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) bytes per pixel. */
  channels: number;
  pixels: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk; throws when `bytes` is not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error("not a PNG (bad signature)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") throw new Error("not a PNG (no IHDR first)");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Decodes an 8-bit, non-interlaced PNG (what Chromium writes). */
export function decodePng(bytes: Uint8Array): PngImage {
  const { width, height } = pngSize(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const depth = bytes[24];
  const colourType = bytes[25];
  const interlace = bytes[28];
  const channels = ({ 0: 1, 4: 2, 2: 3, 6: 4 } as Record<number, number>)[colourType];
  if (depth !== 8 || channels === undefined || interlace !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colourType}, interlace ${interlace})`);
  const idat: Uint8Array[] = [];
  let offset = 8;
  let ended = false;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === "IDAT") idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
    if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!ended) throw new Error("truncated PNG (no IEND)");
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data has ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[row + x - channels] : 0;
      const b = y > 0 ? out[row - stride + x] : 0;
      const c = x >= channels && y > 0 ? out[row - stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      out[row + x] = v & 0xff;
    }
  }
  return { width, height, channels, pixels: out };
}

/** Hex colour (`#rrggbb`) of every pixel in the rectangle, counted. */
export function colourCounts(img: PngImage, rect = { x: 0, y: 0, width: img.width, height: img.height }): Map<string, number> {
  const counts = new Map<string, number>();
  const hex = (v: number): string => v.toString(16).padStart(2, "0");
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const i = (y * img.width + x) * img.channels;
      const p = img.pixels;
      const key = img.channels >= 3 ? `#${hex(p[i])}${hex(p[i + 1])}${hex(p[i + 2])}` : `#${hex(p[i])}${hex(p[i])}${hex(p[i])}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** `#rrggbb` → [r, g, b]. */
export function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Pixels within `tolerance` (max channel difference) of `colour`. */
export function countNear(counts: Map<string, number>, colour: string, tolerance = 6): number {
  const [r, g, b] = rgb(colour);
  let total = 0;
  for (const [c, n] of counts) {
    const [r2, g2, b2] = rgb(c);
    if (Math.max(Math.abs(r - r2), Math.abs(g - g2), Math.abs(b - b2)) <= tolerance) total += n;
  }
  return total;
}
