/**
 * Entry point: builds the page's controls, loads the served data file (or
 * waits for a file by picker / drag and drop), and exposes `window.__atlas`
 * ({ sigma, graph, state, app }) for tests and debugging.
 */
import type Graph from "graphology";
import { downloadAsPNG } from "@sigma/export-image";
import { AtlasApp } from "./app.ts";
import { byId, downloadBlob, h } from "./dom.ts";
import { EMBED_MAX_CHARS, embedHash, packFile, readEmbed, unpackFile } from "./embed.ts";
import { collectSvgScene, serializeSvg } from "./export-svg.ts";
import { fetchData, type LoadedData, readFile, safeDataName } from "./loader.ts";
import { mountFiltersPanel } from "./components/FiltersPanel.ts";
import { mountLeadersPanel } from "./components/LeadersPanel.ts";
import { mountLegend } from "./components/Legend.ts";
import { mountNodePanel } from "./components/NodePanel.ts";
import { mountSearchBox } from "./components/SearchBox.ts";
import "./styles.css";

const app = new AtlasApp(byId("sigma-container"));
/** Milliseconds: load (fetch + parse or analysis), draw (model + sigma setup), firstFrame. */
const timings: Record<string, number> = {};
const params = new URLSearchParams(location.search);
const autoLayout = params.get("layout") !== "0";

declare global {
  interface Window {
    __atlas?: { readonly sigma: unknown; readonly graph: Graph | null; readonly state: unknown; readonly app: AtlasApp; timings: Record<string, number> };
  }
}
window.__atlas = {
  get sigma() {
    return app.sigma;
  },
  get graph() {
    return app.model?.graph ?? null;
  },
  get state() {
    return app.state;
  },
  app,
  timings,
};

// ---- overlay: progress, errors, empty state
const overlay = byId("overlay");
const progressText = byId("progress-text");
const progressBar = byId<HTMLProgressElement>("progress-bar");
const errorBox = byId("error");
function setBusy(text: string | null, fraction: number | null = null): void {
  overlay.hidden = text === null && !overlay.classList.contains("empty");
  byId("progress").hidden = text === null;
  progressText.textContent = text ?? "";
  if (fraction === null) progressBar.removeAttribute("value");
  else progressBar.value = fraction;
}
function showError(message: string | null): void {
  errorBox.hidden = message === null;
  errorBox.textContent = message ?? "";
  if (message !== null) document.body.dataset.state = "error";
}
function showEmpty(empty: boolean): void {
  overlay.classList.toggle("empty", empty);
  byId("empty").hidden = !empty;
  overlay.hidden = !empty;
}

/** "N of M nodes, K of L edges shown", and the empty state when no node is. */
function updateShown(): void {
  const m = app.model;
  const shown = byId("shown");
  const noMatch = byId("no-match");
  if (!m) {
    shown.textContent = "";
    noMatch.hidden = true;
    return;
  }
  const c = app.shownCounts();
  const pending = document.body.dataset.edges === "loading" ? " (edges loading)" : "";
  shown.textContent = app.state.collapsed
    ? `${c.nodes} of ${c.ofNodes} niches, ${c.edges} of ${c.ofEdges} links shown`
    : `${c.nodes} of ${c.ofNodes} nodes, ${c.edges} of ${c.ofEdges} edges shown${app.edgesShown() ? "" : " (edges not drawn)"}${pending}`;
  noMatch.hidden = !(c.nodes === 0 && c.ofNodes > 0);
}

function updateStatus(): void {
  const m = app.model;
  if (!m) return;
  const s = m.meta?.summary;
  const pending = document.body.dataset.edges === "loading";
  byId("status").textContent =
    `${m.graph.order} nodes, ${pending ? `${app.edgeCount()} edges (loading)` : `${m.graph.size} edges`}, ${m.communities.length - m.communities.filter((c) => c.isolated).length} communities` +
    (m.isolatedNodes > 0 ? `, ${m.isolatedNodes} isolated ${m.isolatedNodes === 1 ? "node" : "nodes"}` : "") +
    (m.meta ? `, modularity ${m.meta.modularity.toFixed(3)}` : "") +
    (s && s.directed !== undefined ? (s.directed ? ", directed: hover or select a node, an arrow points from each of its edges' source to its target" : ", undirected") : "");
}

async function open(load: () => Promise<LoadedData | null>): Promise<void> {
  showError(null);
  document.body.dataset.state = "loading";
  try {
    const t0 = performance.now();
    const result = await load();
    timings.load = Math.round(performance.now() - t0);
    if (!result) {
      setBusy(null);
      showEmpty(true);
      document.body.dataset.state = "empty";
      return;
    }
    setBusy("drawing the map", null);
    await new Promise((r) => requestAnimationFrame(r));
    showEmpty(false);
    const t1 = performance.now();
    const pending = result.pendingEdges;
    app.load(result.graph, result.name, { autoLayout, pendingEdges: pending?.length ?? 0 });
    timings.draw = Math.round(performance.now() - t1);
    setBusy(null);
    byId("title").textContent = app.model!.name;
    await new Promise<void>((r) => requestAnimationFrame(() => r()));
    timings.firstFrame = Math.round(performance.now() - t1);
    if (pending) {
      // The map is on screen: now the edges (hover, neighbours, kinds need them).
      await new Promise((r) => setTimeout(r, 0));
      const t2 = performance.now();
      if (await app.addEdges(pending, undefined, undefined, result.checkEdges)) {
        timings.edges = Math.round(performance.now() - t2);
        updateStatus();
        updateShown();
      }
    }
  } catch (error) {
    setBusy(null);
    showEmpty(!app.model);
    showError((error as Error).message);
  }
}

/**
 * The file on screen when it was opened or dropped in the page (not served):
 * a share link carries it when it is small, else says it cannot.
 */
let inPage: { name: string; bytes: Uint8Array } | null = null;

/** Opens `file`; `hash` is the view state to apply (a new file: none). */
function openFile(file: File, hash = ""): void {
  void open(async () => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const loaded = await readFile(file, (text, fraction) => setBusy(text, fraction));
    inPage = { name: file.name, bytes };
    history.replaceState(null, "", location.pathname + location.search + (hash ? `#${hash}` : ""));
    return loaded;
  });
}

/** The link of the current view; for a file opened in the page, carrying the file when it is small enough. */
async function shareLink(): Promise<{ url: string; note: string | null; carried: boolean }> {
  const url = app.shareUrl();
  if (!inPage) return { url, note: null, carried: false };
  const data = await packFile(inPage.bytes);
  if (data.length > EMBED_MAX_CHARS) {
    return {
      url,
      carried: false,
      note: `This link cannot carry ${inPage.name}: the file was opened in this page, not served, and is too big for a link (${Math.round(data.length / 1000)} kB compressed, at most ${EMBED_MAX_CHARS / 1000} kB). The link opens the viewer without it: send the file too, or serve it with atlas view and share that page's link.`,
    };
  }
  const search = new URLSearchParams(location.search);
  search.delete("file");
  const query = search.toString();
  const state = location.hash.replace(/^#/, "");
  return {
    url: `${location.origin}${location.pathname}${query ? `?${query}` : ""}#${embedHash(state, inPage.name, data)}`,
    carried: true,
    note: `This link carries ${inPage.name} itself (${Math.round(data.length / 1000)} kB compressed in the link): it opens this map in this viewer.`,
  };
}

// ---- toolbar
const fileInput = h("input", {
  testid: "file-input",
  attrs: { type: "file", accept: ".json,.gz,.gexf,.graphml,.xml,.gml,.gdf,.csv,.txt,.edgelist,.edges,.tsv" },
});
fileInput.hidden = true;
fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  if (file) openFile(file);
  fileInput.value = "";
});
/** Controls that act on a map: disabled until one is loaded. */
const NEEDS_MAP = { "data-needs-map": "" };
function enableMapControls(): void {
  const enabled = app.model !== null;
  document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>("[data-needs-map]").forEach((el) => (el.disabled = !enabled));
}
const openButton = h("button", { testid: "open-file", title: "open an atlas file or a graph (GEXF, GraphML, GML, GDF, CSV, edge list)", on: { click: () => fileInput.click() } }, ["Open…"]);
const colorBy = h("select", { testid: "color-by", attrs: { "aria-label": "colour by", ...NEEDS_MAP } });
colorBy.addEventListener("change", () => app.patch({ colorBy: colorBy.value }));
const sizeBy = h("select", { testid: "size-by", attrs: { "aria-label": "size by", ...NEEDS_MAP } });
sizeBy.addEventListener("change", () => app.patch({ sizeBy: sizeBy.value }));
const sizeScaleInput = h("input", { testid: "size-scale", attrs: { type: "range", min: "0.2", max: "5", step: "0.1", "aria-label": "size scale", ...NEEDS_MAP } });
sizeScaleInput.addEventListener("input", () => app.patch({ sizeScale: Number(sizeScaleInput.value) }));
const layoutButton = h("button", { testid: "layout-toggle", attrs: NEEDS_MAP, on: { click: () => app.toggleLayout() } }, ["Layout"]);
const edgesButton = h("button", { testid: "edges-toggle", attrs: NEEDS_MAP, on: { click: () => app.patch({ showEdges: !app.edgesShown() }) } }, ["Edges"]);
const nicheButton = h("button", { testid: "niche-toggle", attrs: NEEDS_MAP, on: { click: () => app.patch({ collapsed: !app.state.collapsed, selected: null }) } }, ["Niche view"]);
const shareButton = h("button", {
  testid: "share-link",
  title: "copy a link to this view",
  attrs: NEEDS_MAP,
  on: {
    click: async () => {
      const { url, note, carried } = await shareLink();
      byId("share-url").textContent = url;
      const warning = byId("share-warning");
      warning.hidden = note === null;
      warning.textContent = note ?? "";
      warning.dataset.carried = String(carried);
      try {
        await navigator.clipboard.writeText(url);
        shareButton.textContent = "Link copied";
      } catch {
        shareButton.textContent = "Link below";
      }
      setTimeout(() => (shareButton.textContent = "Share"), 2000);
    },
  },
}, ["Share"]);
const baseName = (): string => (app.model?.name ?? "atlas").replace(/^.*[\\/]/, "").replace(/\.[^.]*(\.gz)?$/, "").replace(/[^A-Za-z0-9._-]/g, "_") || "atlas";
const pngButton = h("button", {
  testid: "export-png",
  title: "download the view as a PNG image",
  attrs: NEEDS_MAP,
  on: { click: () => app.sigma && void downloadAsPNG(app.sigma, { fileName: baseName(), backgroundColor: "#ffffff" /* export-image adds ".png" */ }) },
}, ["PNG"]);
const svgButton = h("button", {
  testid: "export-svg",
  title: "download the view as an SVG image",
  attrs: NEEDS_MAP,
  on: { click: () => app.sigma && downloadBlob(new Blob([serializeSvg(collectSvgScene(app.sigma))], { type: "image/svg+xml" }), `${baseName()}.svg`) },
}, ["SVG"]);
const saveButton = h("button", {
  testid: "save-positions",
  title: "download the atlas file with the current positions (x, y)",
  attrs: NEEDS_MAP,
  on: {
    click: () => {
      const g = app.model?.graph;
      if (g) downloadBlob(new Blob([JSON.stringify(g.export())], { type: "application/json" }), `${baseName()}.atlas.json`);
    },
  },
}, ["Save positions"]);
const fitButton = h("button", { testid: "fit-view", title: "fit the map to the nodes shown (key 0 or Home)", attrs: NEEDS_MAP, on: { click: () => app.fitToVisible() } }, ["Fit"]);
const searchRoot = h("div", { class: "search" });
byId("toolbar").append(
  openButton,
  fileInput,
  searchRoot,
  h("label", {}, ["colour ", colorBy]),
  h("label", {}, ["size ", sizeBy]),
  h("label", {}, ["scale ", sizeScaleInput]),
  fitButton,
  layoutButton,
  edgesButton,
  nicheButton,
  shareButton,
  pngButton,
  svgButton,
  saveButton,
);
mountSearchBox(searchRoot, app);

// ---- empty result of the filters
byId("no-match-reset").addEventListener("click", () => app.patch({ filters: [], hiddenCommunities: [], hiddenValues: [], hiddenKinds: [] }));

// ---- keyboard: Escape closes the node panel; 0 or Home fits the map to the nodes shown
const typingIn = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  // A slider takes Home itself; checkboxes and buttons do nothing with 0 or Home.
  return target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
};
window.addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === "Escape") {
    if (app.state.selected !== null) {
      e.preventDefault();
      app.select(null);
    }
    return;
  }
  if ((e.key === "0" || e.key === "Home") && app.model && !typingIn(e.target)) {
    e.preventDefault();
    app.fitToVisible();
  }
});

// ---- panels
const leaders = mountLeadersPanel(byId("leaders"), app);
const updateLegend = mountLegend(byId("legend"), app, (id) => leaders.show(id));
const updateFilters = mountFiltersPanel(byId("filters"), app);
const updateNodePanel = mountNodePanel(byId("node-panel"), app);
app.communityClicked = (id) => leaders.show(id);

let toolbarModel: unknown = null;
app.onChange((app) => {
  const m = app.model;
  if (m && m !== toolbarModel) {
    toolbarModel = m;
    // A new file: nothing of the previous one stays on screen.
    byId("share-url").textContent = "";
    byId("share-warning").hidden = true;
    document.querySelector<HTMLInputElement>("[data-testid=search-input]")!.value = "";
    const options = (names: string[]): HTMLOptionElement[] => names.map((x) => h("option", { attrs: { value: x } }, [x]));
    colorBy.replaceChildren(
      h("option", { attrs: { value: "community" } }, ["community"]),
      ...(m.categoricalNames.length ? [h("optgroup", { attrs: { label: "values (one colour each)" } }, options(m.categoricalNames))] : []),
      ...(m.numeric.length ? [h("optgroup", { attrs: { label: "numbers (colour scale)" } }, options(m.numeric))] : []),
    );
    sizeBy.replaceChildren(...options(m.numeric));
    updateStatus();
  }
  colorBy.value = app.state.colorBy;
  sizeBy.value = app.state.sizeBy;
  sizeScaleInput.value = String(app.state.sizeScale);
  layoutButton.textContent = app.layoutPhase === "idle" ? "Run layout" : app.layoutPhase === "forceatlas2" ? "Stop layout" : "Removing overlaps…";
  layoutButton.dataset.phase = app.layoutPhase;
  edgesButton.textContent = app.edgesShown() ? "Hide edges" : "Show edges";
  edgesButton.dataset.shown = String(app.edgesShown());
  nicheButton.textContent = app.state.collapsed ? "Full map" : "Niche view";
  nicheButton.dataset.collapsed = String(app.state.collapsed);
  document.body.dataset.collapsed = String(app.state.collapsed);
  document.body.dataset.selected = app.state.selected ?? "";
  leaders.update(app);
  updateLegend(app);
  updateFilters(app);
  updateNodePanel(app);
  updateShown();
  enableMapControls();
});
enableMapControls();

// ---- drag and drop
window.addEventListener("dragover", (e) => {
  e.preventDefault();
  document.body.classList.add("dragging");
});
window.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
window.addEventListener("drop", (e) => {
  e.preventDefault();
  document.body.classList.remove("dragging");
  const file = e.dataTransfer?.files?.[0];
  if (file) openFile(file);
});
byId("empty-open").addEventListener("click", () => fileInput.click());

// ---- initial data: the file a share link carries, else data/<?file=NAME or atlas.json>
const embedded = readEmbed(location.hash);
const requested = params.get("file");
const dataName = safeDataName(requested) ?? "atlas.json";
if (embedded) {
  setBusy(`unpacking ${embedded.name}`, null);
  unpackFile(embedded.data).then(
    (bytes) => openFile(new File([bytes as BlobPart], embedded.name), embedded.rest),
    (error: Error) => {
      setBusy(null);
      showEmpty(true);
      showError(error.message);
    },
  );
} else {
  if (requested !== null && safeDataName(requested) === null) showError(`viz: ignored ?file=${requested} (a plain file name is expected)`);
  void open(() => fetchData(dataName, (text, fraction) => setBusy(text, fraction)));
}
