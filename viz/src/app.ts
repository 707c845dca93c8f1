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
import { buildModel, edgeKinds, type AtlasModel } from "./model.ts";
import { colorScale, COMMUNITY_GREY, type Domain, domainOf, sizeRangeFor, sizeScale } from "./scales.ts";
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
  private listeners: AppListener[] = [];
  private hoverTimer: ReturnType<typeof setTimeout> | null = null;
  private hashTimer: ReturnType<typeof setTimeout> | null = null;
  private lastHash = "";
  private renders = 0;
  /** Edges announced but not yet in the model's graph (`addEdges` brings them after the first frame). */
  private pendingEdges = 0;
  /** Start the automatic layout when `addEdges` is done. */
  private layoutAfterEdges = false;

  constructor(private readonly container: HTMLElement, settings?: Partial<ViewerSettings>) {
    this.settings = resolveSettings(settings);
    this.software = softwareWebGL();
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
    const points = graph.order > this.settings.pointNodesAbove;
    this.sigma = new Sigma(this.displayGraph, this.container, {
      ...(points ? { nodeProgramClasses: { circle: NodePointProgram } } : {}),
      defaultEdgeType: model.directed && size <= this.settings.arrowsMaxEdges ? "arrow" : "line",
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
  async addEdges(edges: SerializedEdge[], chunk = 50_000, onProgress?: (done: number, of: number) => void): Promise<boolean> {
    const model = this.model;
    if (!model) return false;
    for (let i = 0; i < edges.length; i += chunk) {
      if (this.model !== model) return false;
      model.graph.import({ edges: edges.slice(i, i + chunk) }, true);
      this.pendingEdges = Math.max(0, this.pendingEdges - Math.min(chunk, edges.length - i));
      onProgress?.(Math.min(edges.length, i + chunk), edges.length);
      await new Promise((r) => setTimeout(r, 0));
    }
    if (this.model !== model) return false;
    this.pendingEdges = 0;
    model.kinds = edgeKinds(model.graph);
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
    if (next.colorBy !== "community" && !m.domains[next.colorBy]) next.colorBy = "community";
    if (!m.domains[next.sizeBy]) next.sizeBy = m.domains.pagerank ? "pagerank" : (m.metrics[0] ?? next.sizeBy);
    next.filters = next.filters.filter((f) => m.domains[f.metric]);
    // Kinds are known once every edge is in (a shared link's hidden kinds wait for them).
    if (this.pendingEdges === 0) next.hiddenKinds = next.hiddenKinds.filter((k) => m.kinds.includes(k));
    next.hiddenCommunities = next.hiddenCommunities.filter((id) => m.communityById.has(id));
    return next;
  }

  /**
   * Applies a new view state: recomputes what changed (scales, visibility,
   * collapse) and refreshes sigma once.
   */
  setState(next: ViewState, options: { camera?: boolean } = {}): void {
    if (!this.model || !this.sigma) {
      this.state = next;
      return;
    }
    const prev = this.state;
    next = this.sanitize(next);
    this.state = next;
    const graph = this.model.graph;
    if (prev.colorBy !== next.colorBy || prev.sizeBy !== next.sizeBy || prev.sizeScale !== next.sizeScale) this.updateScales();
    const visChanged =
      prev.hiddenCommunities.join() !== next.hiddenCommunities.join() ||
      JSON.stringify(prev.filters) !== JSON.stringify(next.filters) ||
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
    this.writeHash();
    this.emit();
  }

  /** Updates the state with `patch` (shallow). */
  patch(patch: Partial<ViewState>): void {
    this.setState({ ...this.state, ...patch });
  }

  /** Selects `key` (or clears with `null`) and, with `zoom`, moves the camera to it. */
  select(key: string | null, zoom = false): void {
    if (key !== null && this.state.collapsed) this.patch({ collapsed: false });
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
    this.colorOf = colorScale(this.state.colorBy, m.domains[this.state.colorBy] ?? null);
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
    if (this.dimMode) {
      this.sigma.refresh({ partialGraph: { nodes: g!.nodes(), edges: g!.edges() }, skipIndexation: true });
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
    this.sigma.refresh({ partialGraph: { nodes: [...nodes], edges: [...edges] }, skipIndexation: true });
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
    this.patch({ collapsed: false });
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
