/**
 * The viewer's Content-Security-Policy, as `atlas view` serves its pages and
 * as `atlas publish` writes them, in real headless Chromium: each page
 * carries the documented policy, directive by directive, before anything it
 * loads; the viewer renders the demo's atlas without one violation; and the
 * policy is enforced: a script element with inline code, `eval` and a script
 * from another origin are refused (the `securitypolicyviolation` events name
 * script-src).
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dataRoute, startViewServer, type ViewServer } from "../../src/viz-server/index.ts";
import { launchBrowser, newPage, runAtlas, startView, tempDir, type PageProblems, type ViewProcess, waitForLoads } from "./helpers.ts";

/** The documented policy of viz/index.html and viz/compare.html: name → sources. */
const VIEWER_CSP: Readonly<Record<string, readonly string[]>> = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "worker-src": ["'self'", "blob:"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "connect-src": ["'self'", "blob:", "data:"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
};
const PAGES = ["index.html", "compare.html"];

/** A policy's directives: name → sources (in order); a repeated directive is kept twice so that it shows. */
function parseCsp(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    out[out[name.toLowerCase()] ? `${name.toLowerCase()} (again)` : name.toLowerCase()] = sources;
  }
  return out;
}

/**
 * What the policy of a page's markup is and where: its `<meta
 * http-equiv="Content-Security-Policy">` contents, whether the first comes
 * before every script, stylesheet and style element (a meta policy governs
 * only what follows it), and the scripts with inline code or inline event
 * handlers (which the policy would block).
 */
function pagePolicy(html: string): { policies: string[]; first: boolean; inlineScripts: number; handlers: string[] } {
  const { document } = parseHTML(html);
  const all = Array.from(document.querySelectorAll("*"));
  const metas = all.filter((el) => el.tagName.toLowerCase() === "meta" && (el.getAttribute("http-equiv") ?? "").toLowerCase() === "content-security-policy");
  const loaders = all.filter((el) => /^(script|style)$/i.test(el.tagName) || (el.tagName.toLowerCase() === "link" && /stylesheet|modulepreload|preload/i.test(el.getAttribute("rel") ?? "")));
  const first = metas.length > 0 && loaders.every((el) => all.indexOf(el) > all.indexOf(metas[0]));
  const inlineScripts = Array.from(document.querySelectorAll("script")).filter((s) => !s.getAttribute("src") || (s.textContent ?? "").trim() !== "").length;
  const handlers = all.flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`));
  return { policies: metas.map((m) => m.getAttribute("content") ?? ""), first, inlineScripts, handlers };
}

interface Violation {
  directive: string;
  blocked: string;
}

/** Records every `securitypolicyviolation` of the page from its start (`window.__cspViolations`). */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const list: { directive: string; blocked: string }[] = [];
    (window as unknown as { __cspViolations: typeof list }).__cspViolations = list;
    document.addEventListener("securitypolicyviolation", (e) => list.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  });
}

const violations = (page: Page): Promise<Violation[]> => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations);

/**
 * Tries what script-src forbids in the page: a script element with inline
 * code, `eval`, `new Function` and a script from another origin. Returns
 * which of them ran and the violations they raised.
 */
async function tryForbiddenScripts(page: Page): Promise<{ ran: string[]; violations: Violation[] }> {
  const before = (await violations(page)).length;
  const ran = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    const ran: string[] = [];
    const inline = document.createElement("script");
    inline.textContent = "window.__inlineRan = true;";
    document.head.appendChild(inline);
    const remote = document.createElement("script");
    remote.src = "https://evil.example/x.js";
    const remoteDone = new Promise((r) => {
      remote.onload = r;
      remote.onerror = r;
    });
    document.head.appendChild(remote);
    // From a timer, not from the evaluation itself (DevTools' evaluation may eval whatever the policy says).
    await new Promise<void>((r) =>
      setTimeout(() => {
        try {
          (0, eval)("window.__evalRan = true");
        } catch {
          /* refused */
        }
        try {
          new Function("window.__functionRan = true")();
        } catch {
          /* refused */
        }
        r();
      }, 0),
    );
    await remoteDone;
    await new Promise((r) => setTimeout(r, 100));
    for (const k of ["__inlineRan", "__evalRan", "__functionRan"]) if (w[k] === true) ran.push(k);
    return ran;
  });
  return { ran, violations: (await violations(page)).slice(before) };
}

let browser: Browser;
let closeBrowser: () => Promise<void>;
let view: ViewProcess;
let site: string;
let siteServer: ViewServer;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  view = await startView(inject("demoAtlas"));
  site = join(tempDir("atlas-csp-site-"), "site");
  const r = await runAtlas(["publish", inject("demoAtlas"), "--out", site]);
  if (r.code !== 0) throw new Error(`atlas publish failed (${r.code}):\n${r.stderr}`);
  siteServer = await startViewServer({ root: site, data: dataRoute(join(site, "data", "atlas.json")).route, port: 0 });
});

afterAll(async () => {
  await closeBrowser?.();
  await view?.stop();
  await siteServer?.close();
  if (site) rmSync(join(site, ".."), { recursive: true, force: true });
});

describe("the viewer's Content-Security-Policy in the pages", () => {
  it("should hold the documented policy, exactly, before anything the page loads, in every page atlas view serves", async () => {
    for (const p of PAGES) {
      const res = await fetch(new URL(p, view.url));
      expect({ p, status: res.status }).toEqual({ p, status: 200 });
      const { policies, first, inlineScripts, handlers } = pagePolicy(await res.text());
      expect({ p, policies: policies.map(parseCsp) }).toEqual({ p, policies: [VIEWER_CSP] });
      expect({ p, first, inlineScripts, handlers }).toEqual({ p, first: true, inlineScripts: 0, handlers: [] });
    }
  });

  it("should hold the same policy in every page atlas publish writes", () => {
    for (const p of PAGES) {
      const { policies, first, inlineScripts, handlers } = pagePolicy(readFileSync(join(site, p), "utf8"));
      expect({ p, policies: policies.map(parseCsp) }).toEqual({ p, policies: [VIEWER_CSP] });
      expect({ p, first, inlineScripts, handlers }).toEqual({ p, first: true, inlineScripts: 0, handlers: [] });
    }
  });
});

describe("the viewer's Content-Security-Policy in Chromium", () => {
  const sites: [string, () => string][] = [
    ["atlas view", () => view.url],
    ["the published site on a static server", () => siteServer.url],
  ];
  for (const [name, url] of sites) {
    it(`should render the demo's map with no violation, and refuse inline code, eval and another origin's script (${name})`, async () => {
      const { context, page, problems } = await newPage(browser);
      try {
        await recordViolations(page);
        await page.goto(url());
        await waitForLoads(page);
        expect(await violations(page)).toEqual([]);
        const tried = await tryForbiddenScripts(page);
        expect(tried.ran).toEqual([]);
        const directives = new Set(tried.violations.map((v) => v.directive));
        // Chromium names the element form script-src-elem; eval and Function are script-src.
        expect([...directives].every((d) => d === "script-src" || d === "script-src-elem")).toBe(true);
        expect(tried.violations.some((v) => v.blocked === "inline")).toBe(true);
        expect(tried.violations.some((v) => v.blocked === "eval")).toBe(true);
        expect(tried.violations.some((v) => v.blocked.startsWith("https://evil.example"))).toBe(true);
        expect(problems.pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it("should open the compare page (no file yet) with no violation, and refuse inline code there too", async () => {
    const { context, page, problems } = await newPage(browser);
    try {
      await recordViolations(page);
      await page.goto(new URL("compare.html", view.url).href);
      await page.waitForLoadState("networkidle");
      expect(await violations(page)).toEqual([]);
      const tried = await tryForbiddenScripts(page);
      expect(tried.ran).toEqual([]);
      expect(tried.violations.some((v) => v.blocked === "inline")).toBe(true);
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
