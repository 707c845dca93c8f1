/**
 * The viewer's controller: one typed view state (`state.ts`), the loaded
 * model (`model.ts`), and a sigma renderer whose reducers are the only way
 * state reaches the screen. Graph data is read-only here (the layout writes
 * `x`/`y`, nothing else).
 */
import Graph from "graphology";
import Sigma from "sigma";
import { NodePointProgram } from "sigma/rendering";
import type { EdgeDisplayData, NodeDisplayData } from "sigma/types";
import { collapseCommunities, communityNodeKey } from "./collapse.ts";
import { createLayout, type LayoutController, type LayoutPhase, seedPositions } from "./layout.ts";
import type { SerializedEdge } from "graphology-types";
import { buildModel, edgeKinds, type AtlasModel, withIsolated } from "./model.ts";
import { categoryColorScale, colorScale, COMMUNITY_GREY, type Domain, domainOf, sizeRangeFor, sizeScale } from "./scales.ts";
import { resolveSettings, softwareWebGL, type ViewerSettings } from "./settings.ts";
import { decodeViewState, encodeViewState, type ViewState, defaultViewState } from "./state.ts";
import { computeVisibility, type Visibility } from "./visibility.ts";

const DIM_NODE = "#e4e4e4";
const FOCUS_EDGE = "#444444";

export interface Focus {
  node: string;
  nodes: Set<string>;
  edges: Set<string>;
}

export type AppListener = (app: AtlasApp) => void;

export class AtlasApp {
  readonly settings: ViewerSettings;
  model: AtlasModel | null = null;
  state: ViewState = defaultViewState();
  sigma: Sigma | null = null;
  layout: LayoutController | null = null;
  layoutPhase: LayoutPhase = "idle";
  /**
   * The graph on screen: the model's graph; or, while edges are hidden, a
   * copy of its nodes without edges (sigma then neither indexes nor draws
   * hundreds of thousands of hidden edges); or its collapse into communities.
   */
  displayGraph: Graph | null = null;
  /** Nodes-only copy of the model's graph (built on first use). */
  private nodesOnly: Graph | null = null;
  private stopSync: (() => void) | null = null;
  /** WebGL runs in software: fewer edges drawn by default. */
  readonly software: boolean;
  hovered: string | null = null;
  private focus: Focus | null = null;
  private visibility: Visibility = { hiddenNodes: new Set(), hiddenEdges: new Set() };
  private forcedLabels = new Set<string>();
  private colorOf: (attrs: Record<string, unknown>) => string = () => COMMUNITY_GREY;
  private sizeOf: (value: unknown) => number = () => 3;
  private collapsedSize: (value: unknown) => number = () => 8;
  private dimMode = true;
  /** Directed map drawn with lines: the focused node's edges get arrows (sigma's "arrow" program). */
  private arrowFocus = false;
  private listeners: AppListener[] = [];
  private hoverTimer: ReturnType<typeof setTimeout> | null = null;
  private hashTimer: ReturnType<typeof setTimeout> | null = null;
  private lastHash = "";
  private renders = 0;
  /** Edges announced but not yet in the model's graph (`addEdges` brings them after the first frame). */
  private pendingEdges = 0;
  /** Start the automatic layout when `addEdges` is done. */
  private layoutAfterEdges = false;
  /** Camera fits done (or found unneeded): `body[data-fits]`, for tests. */
  private fits = 0;

  constructor(private readonly container: HTMLElement, settings?: Partial<ViewerSettings>) {
    this.settings = resolveSettings(settings);
    this.software = softwareWebGL();
    // The canvas follows its container (side panel opened or closed, window resized).
    new ResizeObserver(() => this.resizeRenderer()).observe(container);
    window.addEventListener("hashchange", () => {
      const hash = location.hash.replace(/^#/, "");
      if (hash !== this.lastHash && this.model) this.setState(decodeViewState(hash), { camera: true });
    });
  }

  /** Called after every state or model change (components re-render from it). */
  onChange(listener: AppListener): void {
    this.listeners.push(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l(this);
  }

  /** Shows `graph` (replacing any previous one); the URL hash's view state is applied. */
  load(graph: Graph, name: string, options: { autoLayout?: boolean; pendingEdges?: number } = {}): void {
    this.teardown();
    this.pendingEdges = options.pendingEdges ?? 0;
    document.body.dataset.edges = this.pendingEdges > 0 ? "loading" : "ready";
    const model = buildModel(graph, name);
    if (!model.hasPositions) seedPositions(graph);
    this.model = model;
    this.state = this.sanitize(decodeViewState(location.hash));
    const size = this.edgeCount();
    this.dimMode = graph.order + size <= this.settings.dimOnHoverMaxItems;
    this.forcedLabels = this.leaderLabels(model);
    this.updateScales();
    this.visibility = computeVisibility(graph, this.state);
    this.displayGraph = this.graphToDisplay();
    const big = size > this.settings.hideEdgesOnMoveAbove;
    const arrows = model.directed && size <= this.settings.arrowsMaxEdges;
    this.arrowFocus = model.directed && !arrows;
    const points = graph.order > this.settings.pointNodesAbove;
    this.sigma = new Sigma(this.displayGraph, this.container, {
      ...(points ? { nodeProgramClasses: { circle: NodePointProgram } } : {}),
      defaultEdgeType: arrows ? "arrow" : "line",
      hideEdgesOnMove: big,
      hideLabelsOnMove: graph.order > this.settings.hideLabelsOnMoveAbove,
      renderEdgeLabels: false,
      labelFont: "system-ui, Arial, sans-serif",
      labelSize: 13,
      labelDensity: graph.order > 5000 ? 0.4 : 1,
      labelGridCellSize: 80,
      labelRenderedSizeThreshold: graph.order > 5000 ? 7 : 5,
      zIndex: !points,
      minCameraRatio: 0.005,
      maxCameraRatio: 20,
      nodeReducer: (node, data) => this.nodeReducer(node, data),
      edgeReducer: (edge, data) => this.edgeReducer(edge, data),
    });
    this.attachEvents(this.sigma);
    if (this.state.camera) this.sigma.getCamera().setState(this.state.camera);
    if (!model.hasPositions) {
      this.layout = createLayout(graph, {
        nodeSize: (node) => this.nodeSizeInGraphUnits(node),
        onPhase: (phase) => {
          this.layoutPhase = phase;
          this.emit();
        },
      });
      // Without its edges a layout would be meaningless: it starts once they are in.
      if (options.autoLayout !== false && !this.state.collapsed) {
        if (this.pendingEdges > 0) this.layoutAfterEdges = true;
        else this.layout.start();
      }
    }
    this.setFocus(this.state.selected);
    this.writeHash();
    this.emit();
    requestAnimationFrame(() => {
      this.renders++;
      document.body.dataset.ready = "1";
      document.body.dataset.loads = String(this.renders);
      document.body.dataset.state = "ready";
    });
  }

  /**
   * What the map shows out of what it has: nodes and edges passing the
   * filters, the legend and the edge kinds (in the niche view: communities
   * and the links between them).
   */
  shownCounts(): { nodes: number; ofNodes: number; edges: number; ofEdges: number } {
    const m = this.model;
    const g = this.displayGraph;
    if (!m || !g) return { nodes: 0, ofNodes: 0, edges: 0, ofEdges: 0 };
    if (this.state.collapsed) {
      const hidden = new Set(this.state.hiddenCommunities);
      const shown = (node: string): boolean => !hidden.has(g.getNodeAttribute(node, "community") as number);
      return {
        nodes: g.filterNodes(shown).length,
        ofNodes: g.order,
        edges: g.filterEdges((_e, _a, s, t) => shown(s) && shown(t)).length,
        ofEdges: g.size,
      };
    }
    const { hiddenNodes, hiddenEdges } = this.visibility;
    return { nodes: m.graph.order - hiddenNodes.size, ofNodes: m.graph.order, edges: m.graph.size - hiddenEdges.size, ofEdges: this.edgeCount() };
  }

  /** Edges of the model's graph, counting those still to be added. */
  edgeCount(): number {
    return (this.model?.graph.size ?? 0) + this.pendingEdges;
  }

  /**
   * Adds the edges announced to `load` (`pendingEdges`) in chunks, yielding
   * between them so the map stays responsive, then updates what depends on
   * edges (kinds, visibility, focus). Resolves `false` when another graph was
   * loaded meanwhile.
   */
  async addEdges(
    edges: SerializedEdge[],
    chunk = 50_000,
    onProgress?: (done: number, of: number) => void,
    check?: (from: number, to: number) => void,
  ): Promise<boolean> {
    const model = this.model;
    if (!model) return false;
    for (let i = 0; i < edges.length; i += chunk) {
      if (this.model !== model) return false;
      check?.(i, Math.min(edges.length, i + chunk));
      model.graph.import({ edges: edges.slice(i, i + chunk) }, true);
      this.pendingEdges = Math.max(0, this.pendingEdges - Math.min(chunk, edges.length - i));
      onProgress?.(Math.min(edges.length, i + chunk), edges.length);
      await new Promise((r) => setTimeout(r, 0));
    }
    if (this.model !== model) return false;
    this.pendingEdges = 0;
    model.kinds = edgeKinds(model.graph);
    // Which communities have no edge is known now (and so their colours: the scales are rebuilt).
    Object.assign(model, withIsolated(model.graph, model.communities));
    this.updateScales();
    this.forcedLabels = this.leaderLabels(model);
    this.state = this.sanitize(this.state);
    this.visibility = computeVisibility(model.graph, this.state);
    if (this.state.collapsed && this.sigma) {
      // The niche view was built from part of the edges: rebuild it.
      this.displayGraph = this.graphToDisplay();
      this.sigma.setGraph(this.displayGraph);
    }
    this.setFocus(this.hovered ?? this.state.selected, false);
    this.sigma?.refresh({ skipIndexation: this.displayGraph !== model.graph });
    document.body.dataset.edges = "ready";
    if (this.layoutAfterEdges && this.layout && !this.state.collapsed) this.layout.start();
    this.layoutAfterEdges = false;
    this.emit();
    return true;
  }

  /** Kills the renderer and the layout workers. */
  teardown(): void {
    this.layoutAfterEdges = false;
    this.stopSync?.();
    this.stopSync = null;
    this.nodesOnly = null;
    this.layout?.kill();
    this.layout = null;
    this.layoutPhase = "idle";
    this.sigma?.kill();
    this.sigma = null;
    this.focus = null;
    this.hovered = null;
  }

  /** Drops references the model does not have (unknown node, metrics, communities). */
  private sanitize(s: ViewState): ViewState {
    const m = this.model!;
    const next = { ...s };
    if (next.selected !== null && !m.graph.hasNode(next.selected)) next.selected = null;
    if (next.colorBy !== "community" && !m.domains[next.colorBy] && !m.categorical[next.colorBy]) next.colorBy = "community";
    if (!m.domains[next.sizeBy]) next.sizeBy = m.domains.pagerank ? "pagerank" : (m.numeric[0] ?? next.sizeBy);
    next.filters = next.filters.filter((f) => m.domains[f.metric]);
    next.hiddenValues = next.hiddenValues.filter((v) => m.categorical[v.attribute]);
    // Kinds are known once every edge is in (a shared link's hidden kinds wait for them).
    if (this.pendingEdges === 0) next.hiddenKinds = next.hiddenKinds.filter((k) => m.kinds.includes(k));
    next.hiddenCommunities = next.hiddenCommunities.filter((id) => m.communityById.has(id));
    return next;
  }

  /**
   * Applies a new view state: recomputes what changed (scales, visibility,
   * collapse) and refreshes sigma once.
   */
  setState(next: ViewState, options: { camera?: boolean; fit?: boolean } = {}): void {
    if (!this.model || !this.sigma) {
      this.state = next;
      return;
    }
    const prev = this.state;
    next = this.sanitize(next);
    this.state = next;
    const graph = this.model.graph;
    if (prev.colorBy !== next.colorBy || prev.sizeBy !== next.sizeBy || prev.sizeScale !== next.sizeScale) this.updateScales();
    const valuesChanged = JSON.stringify(prev.hiddenValues) !== JSON.stringify(next.hiddenValues);
    const visChanged =
      prev.hiddenCommunities.join() !== next.hiddenCommunities.join() ||
      JSON.stringify(prev.filters) !== JSON.stringify(next.filters) ||
      valuesChanged ||
      prev.hiddenKinds.join() !== next.hiddenKinds.join();
    if (visChanged) this.visibility = computeVisibility(graph, next);
    const nextDisplay = prev.collapsed !== next.collapsed || prev.showEdges !== next.showEdges ? this.graphToDisplay() : this.displayGraph;
    if (prev.collapsed !== next.collapsed) {
      this.layout?.stop(true);
      this.focus = null;
      this.hovered = null;
    }
    if (nextDisplay !== this.displayGraph) {
      this.displayGraph = nextDisplay;
      this.sigma.setGraph(nextDisplay!);
    }
    if (prev.selected !== next.selected) this.setFocus(this.hovered ?? next.selected, false);
    if (options.camera && next.camera) this.sigma.getCamera().setState(next.camera);
    this.sigma.refresh();
    // The camera follows what is shown: always when entering or leaving the
    // niche view, when needed after a filter or legend change.
    const nodesChanged =
      prev.hiddenCommunities.join() !== next.hiddenCommunities.join() ||
      (!next.collapsed && (JSON.stringify(prev.filters) !== JSON.stringify(next.filters) || valuesChanged));
    if (options.fit !== false && !(options.camera && next.camera)) {
      if (prev.collapsed !== next.collapsed) this.fitToVisible();
      else if (nodesChanged) this.fitToVisible({ onlyIfNeeded: true });
    }
    this.writeHash();
    this.emit();
  }

  /** Updates the state with `patch` (shallow). */
  patch(patch: Partial<ViewState>, options: { fit?: boolean } = {}): void {
    this.setState({ ...this.state, ...patch }, options);
  }

  /** Selects `key` (or clears with `null`) and, with `zoom`, moves the camera to it. */
  select(key: string | null, zoom = false): void {
    if (key !== null && this.state.collapsed) this.patch({ collapsed: false }, { fit: !zoom });
    this.patch({ selected: key });
    if (key !== null && zoom) this.zoomTo(key);
  }

  zoomTo(key: string): void {
    const sigma = this.sigma;
    const d = sigma?.getNodeDisplayData(key);
    if (!sigma || !d) return;
    const camera = sigma.getCamera();
    camera.animate({ x: d.x, y: d.y, ratio: Math.min(camera.getState().ratio, 0.3) }, { duration: 400 });
  }

  /**
   * The camera state framing the nodes shown (`null` when none is): centred
   * on their bounding box (in sigma's framed-graph coordinates), zoomed so
   * the box fills the canvas inside sigma's stage padding.
   */
  fitCameraState(): { x: number; y: number; ratio: number; angle: number } | null {
    const sigma = this.sigma;
    if (!sigma) return null;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    sigma.getGraph().forEachNode((node) => {
      const d = sigma.getNodeDisplayData(node);
      if (!d || d.hidden) return;
      if (d.x < minX) minX = d.x;
      if (d.x > maxX) maxX = d.x;
      if (d.y < minY) minY = d.y;
      if (d.y > maxY) maxY = d.y;
    });
    if (minX === Infinity) return null;
    const camera = sigma.getCamera();
    const { angle } = camera.getState();
    const probe = { x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio: 1, angle };
    // Pixel extent of the box at ratio 1; pixel distances scale with 1 / ratio.
    const corners = [
      { x: minX, y: minY },
      { x: maxX, y: minY },
      { x: minX, y: maxY },
      { x: maxX, y: maxY },
    ].map((c) => sigma.framedGraphToViewport(c, { cameraState: probe }));
    const width = Math.max(...corners.map((c) => c.x)) - Math.min(...corners.map((c) => c.x));
    const height = Math.max(...corners.map((c) => c.y)) - Math.min(...corners.map((c) => c.y));
    const dims = sigma.getDimensions();
    const padding = Number(sigma.getSetting("stagePadding")) || 0;
    const room = { width: Math.max(1, dims.width - 2 * padding), height: Math.max(1, dims.height - 2 * padding) };
    const ratio = Math.max(width / room.width, height / room.height);
    const min = Number(sigma.getSetting("minCameraRatio")) || 0.005;
    const max = Number(sigma.getSetting("maxCameraRatio")) || 20;
    // One node (or all at one point): a close view, not an infinite zoom.
    const fitted = ratio > 1e-9 ? ratio : Math.min(camera.getState().ratio, 0.3);
    return { x: probe.x, y: probe.y, ratio: Math.min(max, Math.max(min, fitted)), angle };
  }

  /**
   * True when the nodes shown are framed by the camera: every one inside the
   * canvas and their box at least half its width or height.
   */
  private framed(): boolean {
    const sigma = this.sigma!;
    const { width, height } = sigma.getDimensions();
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    let inside = true;
    sigma.getGraph().forEachNode((node) => {
      const d = sigma.getNodeDisplayData(node);
      if (!inside || !d || d.hidden) return;
      const p = sigma.framedGraphToViewport(d);
      if (p.x < 0 || p.x > width || p.y < 0 || p.y > height) inside = false;
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    });
    if (!inside) return false;
    if (minX === Infinity) return true;
    return maxX - minX >= width / 2 || maxY - minY >= height / 2;
  }

  /**
   * Moves the camera (animated) to frame the nodes shown; `onlyIfNeeded`
   * leaves it where it is when they are already framed.
   */
  fitToVisible(options: { onlyIfNeeded?: boolean; duration?: number } = {}): void {
    const sigma = this.sigma;
    if (!sigma) return;
    const done = (): void => void (document.body.dataset.fits = String(++this.fits));
    const target = options.onlyIfNeeded && this.framed() ? null : this.fitCameraState();
    if (!target) return done();
    void sigma.getCamera().animate(target, { duration: options.duration ?? 400, easing: "quadraticInOut" }, done);
  }

  /** Resizes the canvas to its container and redraws. */
  private resizeRenderer(): void {
    if (!this.sigma) return;
    const { width, height } = this.sigma.getDimensions();
    if (this.container.offsetWidth === width && this.container.offsetHeight === height) return;
    this.sigma.resize();
    this.sigma.refresh();
  }

  /** Labels always shown: the first leaders of the largest communities. */
  private leaderLabels(model: AtlasModel): Set<string> {
    const set = new Set<string>();
    const byRank = this.settings.forcedLeaderRank;
    for (const c of model.communities.slice(0, this.settings.forcedLeaderCommunities)) {
      for (const key of c.leaders.slice(0, byRank)) set.add(key);
    }
    return set;
  }

  private updateScales(): void {
    const m = this.model!;
    const range = sizeRangeFor(m.graph.order);
    const by = this.state.colorBy;
    const categorical = m.categorical[by];
    if (categorical) {
      this.colorOf = categoryColorScale(by, new Map(categorical.categories.map((c) => [c.value, c.color])));
    } else {
      const byId = m.communityById;
      this.colorOf = colorScale(by, m.domains[by] ?? null, (id) => (typeof id === "number" && byId.get(id)?.color) || COMMUNITY_GREY);
    }
    this.sizeOf = sizeScale(m.domains[this.state.sizeBy] ?? null, { ...range, scale: this.state.sizeScale });
    const members: Domain | null = domainOf(m.communities.map((c) => c.size));
    this.collapsedSize = sizeScale(members, { minSize: 6, maxSize: 40, scale: this.state.sizeScale });
  }

  /** What sigma is given for the current state (see `displayGraph`). */
  private graphToDisplay(): Graph {
    const graph = this.model!.graph;
    if (this.state.collapsed) return this.collapsed();
    if (this.edgesShown() || this.edgeCount() === 0) return graph;
    if (!this.nodesOnly) {
      const copy = new Graph({ type: graph.type, multi: graph.multi, allowSelfLoops: graph.allowSelfLoops });
      graph.forEachNode((key, attrs) => void copy.addNode(key, attrs));
      this.nodesOnly = copy;
      // The layout moves the model's nodes: follow them.
      const sync = (): void => {
        if (this.displayGraph !== copy) return;
        copy.updateEachNodeAttributes((key, attrs) => {
          const a = graph.getNodeAttributes(key);
          attrs.x = a.x;
          attrs.y = a.y;
          return attrs;
        }, { attributes: ["x", "y"] });
      };
      graph.on("eachNodeAttributesUpdated", sync);
      this.stopSync = () => graph.off("eachNodeAttributesUpdated", sync);
    }
    return this.nodesOnly;
  }

  private collapsed(): Graph {
    const m = this.model!;
    return collapseCommunities(m.graph, {
      name: (id) => {
        const c = m.communityById.get(id);
        return c ? `${c.name} (${c.size})` : `Community ${id}`;
      },
    });
  }

  private nodeReducer(node: string, data: Record<string, unknown>): Partial<NodeDisplayData> {
    const s = this.state;
    const res: Partial<NodeDisplayData> = { x: data.x as number, y: data.y as number, label: (data.label as string) ?? node };
    if (s.collapsed) {
      res.size = this.collapsedSize(data.members);
      res.color = data.color as string;
      res.forceLabel = true;
      if (s.hiddenCommunities.includes(data.community as number)) res.hidden = true;
    } else {
      res.size = this.sizeOf(data[s.sizeBy]);
      res.color = this.colorOf(data);
      if (this.visibility.hiddenNodes.has(node)) res.hidden = true;
      if (this.forcedLabels.has(node)) res.forceLabel = true;
    }
    const f = this.focus;
    if (f) {
      if (node === f.node) {
        res.highlighted = true;
        res.forceLabel = true;
        res.zIndex = 2;
      } else if (f.nodes.has(node)) {
        res.zIndex = 1;
        if (f.nodes.size <= this.settings.maxNeighbourLabels) res.forceLabel = true;
        if (!this.dimMode) res.highlighted = true;
      } else if (this.dimMode) {
        res.color = DIM_NODE;
        res.forceLabel = false;
        res.label = "";
        res.zIndex = 0;
      }
    }
    if (node === s.selected) res.highlighted = true;
    return res;
  }

  private edgeReducer(edge: string, data: Record<string, unknown>): Partial<EdgeDisplayData> {
    const res: Partial<EdgeDisplayData> = {
      color: this.state.collapsed ? "#b0b0b0" : "#d6d6d6",
      size: this.state.collapsed ? Math.min(8, 1 + Math.log1p((data.edges as number) ?? 1)) : 1,
    };
    if (!this.state.collapsed && (!this.edgesShown() || this.visibility.hiddenEdges.has(edge))) res.hidden = true;
    const f = this.focus;
    if (f) {
      if (f.edges.has(edge) && (this.state.collapsed || !this.visibility.hiddenEdges.has(edge))) {
        res.hidden = false;
        res.color = FOCUS_EDGE;
        res.size = 1.5;
        res.zIndex = 1;
        // Which way it points, on any map: the focused node's edges are arrows.
        if (this.arrowFocus && !this.state.collapsed) res.type = "arrow";
      } else if (this.dimMode) res.hidden = true;
    }
    return res;
  }

  /** Edges are drawn (the user's choice, else automatic by size). */
  edgesShown(): boolean {
    const s = this.state.showEdges;
    const max = this.software ? this.settings.autoEdgesMaxSoftware : this.settings.autoEdgesMax;
    return s !== null ? s : this.edgeCount() <= max;
  }

  /** Focus (hover, else selection): the node, its neighbours and its edges, computed once. */
  private setFocus(node: string | null, refresh = true): void {
    const g = this.displayGraph;
    // Neighbours come from the model's graph (the nodes-only copy has no edges).
    const source = this.state.collapsed ? g : (this.model?.graph ?? null);
    const prev = this.focus;
    this.focus = null;
    if (g && source && node !== null && g.hasNode(node)) {
      const nodes = new Set<string>(source.neighbors(node));
      const edges = new Set<string>(g === source ? source.edges(node) : []);
      this.focus = { node, nodes, edges };
    }
    if (!refresh || !this.sigma) return;
    // Edges changing program (line ↔ arrow) need sigma to index them again.
    const reindex = this.arrowFocus && !this.state.collapsed && ((prev?.edges.size ?? 0) > 0 || (this.focus?.edges.size ?? 0) > 0);
    if (this.dimMode) {
      this.sigma.refresh({ partialGraph: { nodes: g!.nodes(), edges: g!.edges() }, skipIndexation: !reindex });
      return;
    }
    // Big graph: repaint only what changed (the old and new neighbourhoods).
    const nodes = new Set<string>();
    const edges = new Set<string>();
    for (const f of [prev, this.focus]) {
      if (!f) continue;
      nodes.add(f.node);
      for (const n of f.nodes) nodes.add(n);
      for (const e of f.edges) edges.add(e);
    }
    this.sigma.refresh({ partialGraph: { nodes: [...nodes], edges: [...edges] }, skipIndexation: !reindex });
  }

  private attachEvents(sigma: Sigma): void {
    const hover = (node: string | null): void => {
      if (this.hoverTimer) clearTimeout(this.hoverTimer);
      this.hoverTimer = setTimeout(() => {
        this.hoverTimer = null;
        if (this.hovered === node) return;
        this.hovered = node;
        this.setFocus(node ?? this.state.selected);
        document.body.dataset.hovered = node ?? "";
      }, this.settings.hoverDelayMs);
    };
    sigma.on("enterNode", ({ node }) => hover(node));
    sigma.on("leaveNode", () => hover(null));
    // sigma 3.0 emits leaveNode when the pointer leaves the canvas but keeps the
    // node as hovered, so coming back onto the same node emitted no enterNode
    // (no highlight). Forget it when the pointer leaves the stage.
    sigma.on("leaveStage", () => void ((sigma as unknown as { hoveredNode: string | null }).hoveredNode = null));
    sigma.on("clickNode", ({ node }) => {
      if (this.state.collapsed) {
        const id = this.displayGraph!.getNodeAttribute(node, "community") as number;
        this.communityClicked?.(id);
        return;
      }
      this.select(node);
    });
    sigma.on("doubleClickNode", ({ node, event }) => {
      if (!this.state.collapsed) return;
      event.preventSigmaDefault();
      const id = this.displayGraph!.getNodeAttribute(node, "community") as number;
      this.expandTo(id);
    });
    sigma.on("clickStage", () => {
      if (this.state.selected !== null) this.select(null);
    });
    sigma.getCamera().on("updated", () => this.scheduleCameraHash());
  }

  /** Set by the UI: a community was clicked in the niche view. */
  communityClicked: ((id: number) => void) | null = null;

  /** Leaves the niche view and frames community `id`'s leader. */
  expandTo(id: number): void {
    this.patch({ collapsed: false }, { fit: false });
    const leader = this.model?.communityById.get(id)?.leaders[0];
    if (leader) this.zoomTo(leader);
  }

  private scheduleCameraHash(): void {
    if (this.hashTimer) clearTimeout(this.hashTimer);
    this.hashTimer = setTimeout(() => {
      this.hashTimer = null;
      if (!this.sigma) return;
      const { x, y, ratio, angle } = this.sigma.getCamera().getState();
      this.state = { ...this.state, camera: { x, y, ratio, angle } };
      this.writeHash();
    }, this.settings.hashDelayMs);
  }

  private writeHash(): void {
    const hash = encodeViewState(this.state);
    if (hash === this.lastHash) return;
    this.lastHash = hash;
    history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
  }

  /** The shareable link of the current view. */
  shareUrl(): string {
    if (this.sigma) {
      const { x, y, ratio, angle } = this.sigma.getCamera().getState();
      this.state = { ...this.state, camera: { x, y, ratio, angle } };
      this.writeHash();
    }
    return location.href;
  }

  /** Size of `node` in graph units (for noverlap): its pixel size times graph units per pixel at ratio 1. */
  private nodeSizeInGraphUnits(node: string): number {
    const sigma = this.sigma;
    const g = this.model?.graph;
    if (!sigma || !g) return 1;
    const { width, height } = sigma.getDimensions();
    const bbox = sigma.getBBox();
    const extent = Math.max(bbox.x[1] - bbox.x[0], bbox.y[1] - bbox.y[0]) || 1;
    return (this.sizeOf(g.getNodeAttribute(node, this.state.sizeBy)) * extent) / Math.max(1, Math.min(width, height));
  }

  toggleLayout(): void {
    if (!this.model) return;
    if (!this.layout) {
      this.layout = createLayout(this.model.graph, {
        nodeSize: (node) => this.nodeSizeInGraphUnits(node),
        onPhase: (phase) => {
          this.layoutPhase = phase;
          this.emit();
        },
      });
    }
    if (this.layoutPhase === "idle") {
      if (this.state.collapsed) this.patch({ collapsed: false });
      this.layout.start();
    } else this.layout.stop();
  }
}
