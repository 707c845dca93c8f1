/**
 * The compare page (`compare.html`): two or more niches side by side, each a
 * small sigma map in community colours, with the structural profile table
 * (`src/analyze/compare`, computed in a web worker), or the JSON of
 * `atlas compare --format json` when one is given. Files come from
 * `?files=a,b` (served by `atlas view a b --compare`), the picker, or drag and
 * drop. An atlas file is compared with its own communities, modularity and
 * leaders; only a plain graph file gets its communities computed here
 * (Louvain, as `atlas compare` does), and each card says which. A served
 * file's card links to its map in the viewer (so does its thumbnail).
 * Test hook: `window.__compare`; `body[data-state=ready]` when done.
 */
import Graph from "graphology";
import Sigma from "sigma";
import type { NicheComparison } from "../../../src/analyze/compare/types.ts";
import { isAtlasExport } from "../../../src/analyze/atlas.ts";
import { assertValidAtlas } from "../../../src/analyze/atlas-validate.ts";
import { parseJsonBytes } from "../../../src/graph/readers/json.ts";
import { byId, h } from "../dom.ts";
import forceAtlas2 from "graphology-layout-forceatlas2";
import { forceAtlas2Settings, seedPositions } from "../layout.ts";
import { analyzeInWorker } from "../loader.ts";
import { COMMUNITY_GREY, communityColor, domainOf, sizeScale } from "../scales.ts";
import { softwareWebGL } from "../settings.ts";
import "../styles.css";
import { comparisonSections, isComparisonJson, nicheNames, nicheTransfer, parseFilesParam, type ProfileRequest, type ProfileResponse } from "./data.ts";

interface Niche {
  name: string;
  source: string;
  graph: Graph;
  /** The file was an atlas file (its communities and leaders are used as they are). */
  atlas: boolean;
  /** The viewer's link to the map, for a served file (`index.html?file=NAME`); `null` for a file opened here. */
  viewer: string | null;
}

interface Source {
  name: string;
  bytes: () => Promise<Uint8Array>;
  /** Fetched from `data/<name>` (so the map viewer can open it too). */
  served: boolean;
}

interface Loaded {
  niches: Niche[];
  given: NicheComparison | null;
}

declare global {
  interface Window {
    __compare?: { sigmas: Sigma[]; niches: { name: string; nodes: number; edges: number }[]; comparison: NicheComparison | null };
  }
}

const hook: NonNullable<Window["__compare"]> = { sigmas: [], niches: [], comparison: null };
window.__compare = hook;
const status = byId("status");
const errorBox = byId("error");
const mapsRoot = byId("maps");
const profileRoot = byId("profile");
const software = softwareWebGL();
/** Edges drawn per map at most (software WebGL: fewer). */
const EDGES_MAX = software ? 20_000 : 150_000;
let worker: Worker | null = null;
/** Graphs up to this many nodes without positions get a synchronous ForceAtlas2 pass. */
const SYNC_LAYOUT_MAX = 2000;

function showError(message: string | null): void {
  errorBox.hidden = message === null;
  errorBox.textContent = message ?? "";
  if (message !== null) document.body.dataset.state = "error";
}

/** Bytes of a fetched or picked file, parsed: an atlas graph, the comparison JSON, or a graph analyzed in the worker. */
async function parse(name: string, bytes: Uint8Array): Promise<{ value: Graph | NicheComparison; atlas: boolean }> {
  if (/\.json$/i.test(name.replace(/\.gz$/i, ""))) {
    // Not valid JSON: the worker's JSON reader says where.
    const data = (await parseJsonBytes(name, bytes))?.value;
    if (isComparisonJson(data)) return { value: data, atlas: false };
    if (isAtlasExport(data)) {
      assertValidAtlas(data, name);
      return { value: Graph.from(data), atlas: true };
    }
  }
  return { value: await analyzeInWorker(name, bytes, (text) => (status.textContent = `${name}: ${text}`)), atlas: false };
}

async function load(files: Source[]): Promise<Loaded> {
  const parsed: { file: Source; value: Graph | NicheComparison; atlas: boolean }[] = [];
  for (const f of files) {
    status.textContent = `loading ${f.name}`;
    parsed.push({ file: f, ...(await parse(f.name, await f.bytes())) });
  }
  const graphs = parsed.filter((p): p is { file: Source; value: Graph; atlas: boolean } => p.value instanceof Graph);
  const names = nicheNames(graphs.map((g) => g.file.name));
  const given = parsed.find((p) => !(p.value instanceof Graph))?.value as NicheComparison | undefined;
  return {
    niches: graphs.map((g, i) => ({
      name: names[i],
      source: g.file.name,
      graph: g.value,
      atlas: g.atlas,
      viewer: g.file.served ? `./index.html?file=${encodeURIComponent(g.file.name)}` : null,
    })),
    given: given ?? null,
  };
}

function drawMaps(niches: Niche[]): void {
  for (const s of hook.sigmas) s.kill();
  hook.sigmas = [];
  mapsRoot.replaceChildren();
  for (const n of niches) {
    const g = n.graph;
    let positioned = 0;
    g.forEachNode((_k, a) => void (Number.isFinite(a.x) && Number.isFinite(a.y) && positioned++));
    if (positioned < g.order) {
      // No stored positions: community discs, refined by a short ForceAtlas2 on small graphs (a few ms).
      seedPositions(g);
      if (g.order <= SYNC_LAYOUT_MAX) forceAtlas2.assign(g, { iterations: 100, settings: forceAtlas2Settings(g.order), getEdgeWeight: null });
    }
    const container = h("div", { class: "niche-map", testid: "compare-thumbnail" });
    const communities = new Set(g.mapNodes((_k, a) => a.community)).size;
    const origin = n.atlas
      ? `communities (${communities}) and leaders from the atlas file`
      : "a graph file has no communities of its own: the table's are computed here (Louvain, as atlas compare does)";
    const link = n.viewer
      ? h("a", { testid: "compare-open-map", attrs: { href: n.viewer } }, ["open this map in the map viewer"])
      : h("span", { class: "muted" }, ["opened from your disk: open it in the map viewer with its Open… button"]);
    const card = h(
      "article",
      { class: "niche-card", testid: "compare-map", attrs: { "data-name": n.name, "data-nodes": String(g.order), "data-edges": String(g.size), "data-own-communities": String(n.atlas) } },
      [
        h("h2", { title: n.source }, [n.name]),
        h("p", { class: "muted" }, [`${g.order} nodes, ${g.size} edges${g.size > EDGES_MAX ? " (edges hidden)" : ""}`]),
        h("p", { class: "muted", testid: "compare-communities-origin" }, [origin]),
        container,
        h("p", {}, [link]),
      ],
    );
    if (n.viewer) {
      container.title = "open this map in the map viewer";
      container.style.cursor = "pointer";
    }
    mapsRoot.appendChild(card);
    const domain = domainOf(g.mapNodes((_k, a) => a.pagerank));
    const size = sizeScale(domain, { minSize: 1.5, maxSize: g.order > 2000 ? 6 : 10, scale: 1 });
    const hideEdges = g.size > EDGES_MAX;
    const sigma = new Sigma(g, container, {
      renderLabels: false,
      renderEdgeLabels: false,
      hideEdgesOnMove: g.size > 20_000,
      zIndex: false,
      nodeReducer: (_node, a) => ({
        x: a.x as number,
        y: a.y as number,
        size: size(a.pagerank),
        color: Number.isInteger(a.community) ? communityColor(a.community as number) : COMMUNITY_GREY,
        label: null,
      }),
      edgeReducer: () => ({ color: "#d6d6d6", size: 0.5, hidden: hideEdges }),
    });
    if (n.viewer) {
      // A click opens the map (sigma tells a click from a drag, which pans the thumbnail).
      const url = n.viewer;
      sigma.on("clickStage", () => location.assign(url));
      sigma.on("clickNode", () => location.assign(url));
    }
    hook.sigmas.push(sigma);
  }
  hook.niches = niches.map((n) => ({ name: n.name, nodes: n.graph.order, edges: n.graph.size }));
}

function profileInWorker(niches: Niche[]): Promise<NicheComparison> {
  worker?.terminate();
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL("./profile.worker.ts", import.meta.url), { type: "module" });
    worker = w;
    const done = (): void => {
      w.terminate();
      if (worker === w) worker = null;
    };
    w.onmessage = (event: MessageEvent<ProfileResponse>) => {
      const m = event.data;
      if (m.type === "progress") status.textContent = m.text;
      else if (m.type === "error") {
        done();
        reject(new Error(m.message));
      } else {
        done();
        resolve(m.comparison);
      }
    };
    w.onerror = (event) => {
      done();
      reject(new Error(`viz: the profile worker failed: ${event.message || "unknown error"}`));
    };
    const transfers = niches.map((n) => nicheTransfer(n.graph, n.name, n.source, n.atlas));
    const request: ProfileRequest = { niches: transfers, seed: 0, top: 10 };
    w.postMessage(request, transfers.flatMap((t) => [t.sources.buffer, t.targets.buffer]));
  });
}

function drawTable(c: NicheComparison, niches: Niche[]): void {
  const table = h("table", { class: "profile-table", testid: "profile-table" });
  table.appendChild(h("thead", {}, [h("tr", {}, [h("th", {}, [""]), ...c.niches.map((n) => h("th", { attrs: { scope: "col" } }, [n.name]))])]));
  for (const section of comparisonSections(c)) {
    const body = h("tbody", {});
    body.appendChild(h("tr", { class: "section" }, [h("th", { attrs: { colspan: String(c.niches.length + 1) } }, [section.title])]));
    for (const row of section.rows) {
      body.appendChild(
        h("tr", { attrs: { "data-row": row.label } }, [h("th", { title: row.hint, attrs: { scope: "row" } }, [row.label]), ...row.cells.map((cell) => h("td", {}, [cell]))]),
      );
    }
    table.appendChild(body);
  }
  const own = niches.filter((n) => n.atlas).map((n) => n.name);
  const recomputed = niches.filter((n) => !n.atlas).map((n) => n.name);
  const note =
    c.params.replicates > 0
      ? `From atlas compare (${c.params.replicates} randomizations per niche).`
      : "Computed here from the files (no randomization z-scores: run `atlas compare --null R --format json` and open its JSON with the files)." +
        (own.length ? ` Communities, modularity and leaders (each community's first) of ${own.join(", ")}: the atlas file's own.` : "") +
        (recomputed.length ? ` Communities of ${recomputed.join(", ")}: computed here by Louvain (a graph file has none of its own).` : "");
  profileRoot.replaceChildren(h("h2", {}, ["Structural profiles"]), h("p", { class: "muted" }, [note]), table);
}

async function run(files: Source[]): Promise<void> {
  showError(null);
  document.body.dataset.state = "loading";
  byId("empty").hidden = true;
  try {
    const { niches, given } = await load(files);
    if (niches.length === 0 && !given) throw new Error("compare: no atlas file or graph among the files");
    drawMaps(niches);
    await new Promise((r) => requestAnimationFrame(r));
    const comparison = given ?? (await profileInWorker(niches));
    hook.comparison = comparison;
    drawTable(comparison, niches);
    status.textContent = `${niches.length} niches${given ? " (profiles from the comparison JSON)" : ""}`;
    document.body.dataset.state = "ready";
  } catch (error) {
    showError((error as Error).message);
  }
}

function fromFiles(list: FileList | null | undefined): void {
  if (!list || list.length === 0) return;
  void run([...list].map((f) => ({ name: f.name, bytes: async () => new Uint8Array(await f.arrayBuffer()), served: false })));
}

const input = byId<HTMLInputElement>("file-input");
byId("open").addEventListener("click", () => input.click());
input.addEventListener("change", () => {
  fromFiles(input.files);
  input.value = "";
});
window.addEventListener("dragover", (e) => e.preventDefault());
window.addEventListener("drop", (e) => {
  e.preventDefault();
  fromFiles(e.dataTransfer?.files);
});

const { names, rejected } = parseFilesParam(new URLSearchParams(location.search).get("files"));
if (rejected.length > 0) showError(`compare: ignored ?files= entries ${rejected.join(", ")} (plain file names are expected)`);
if (names.length === 0) {
  byId("empty").hidden = false;
  if (rejected.length === 0) document.body.dataset.state = "empty";
} else {
  void run(
    names.map((name) => ({
      name,
      bytes: async () => {
        const r = await fetch(`data/${encodeURIComponent(name)}`);
        if (!r.ok) throw new Error(`compare: data/${name}: HTTP ${r.status} ${r.statusText}`);
        return new Uint8Array(await r.arrayBuffer());
      },
      served: true,
    })),
  );
}
