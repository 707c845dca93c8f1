/**
 * Viewer settings: thresholds that adapt rendering to the graph's size. One
 * typed object with its defaults and a validator (like sigma's settings.ts).
 */
export interface ViewerSettings {
  /** Up to this many nodes + edges, hover dims the rest of the map (full refresh); above, only the neighbourhood is highlighted (partial refresh). */
  dimOnHoverMaxItems: number;
  /** Above this many edges, edges are hidden while the camera moves. */
  hideEdgesOnMoveAbove: number;
  /** Above this many nodes, labels are hidden while the camera moves. */
  hideLabelsOnMoveAbove: number;
  /** Directed graphs up to this many edges are drawn with arrows. */
  arrowsMaxEdges: number;
  /** Leaders with `leaderRank` up to this are always labelled… */
  forcedLeaderRank: number;
  /** …in this many largest communities. */
  forcedLeaderCommunities: number;
  /** With `showEdges` automatic, edges are drawn up to this many (above, the user turns them on). */
  autoEdgesMax: number;
  /** The same limit when WebGL runs in software (SwiftShader, llvmpipe): every edge costs CPU time on each frame. */
  autoEdgesMaxSoftware: number;
  /** Hover debounce (ms). */
  hoverDelayMs: number;
  /** Camera → URL hash debounce (ms). */
  hashDelayMs: number;
  /** Neighbours of the hovered node labelled at most (more: only the node itself). */
  maxNeighbourLabels: number;
  /**
   * Above this many nodes, nodes are drawn as WebGL points (one vertex each)
   * instead of instanced triangles (three), and without z-ordering: with
   * software WebGL every frame redraws every node twice (map + picking layer).
   */
  pointNodesAbove: number;
}

export const DEFAULT_SETTINGS: Readonly<ViewerSettings> = Object.freeze({
  dimOnHoverMaxItems: 150_000,
  hideEdgesOnMoveAbove: 30_000,
  hideLabelsOnMoveAbove: 20_000,
  arrowsMaxEdges: 5_000,
  forcedLeaderRank: 3,
  forcedLeaderCommunities: 30,
  autoEdgesMax: 200_000,
  autoEdgesMaxSoftware: 20_000,
  hoverDelayMs: 20,
  hashDelayMs: 300,
  maxNeighbourLabels: 40,
  pointNodesAbove: 10_000,
});

/** `DEFAULT_SETTINGS` overridden by `partial`; throws on a negative or non-finite value. */
export function resolveSettings(partial: Partial<ViewerSettings> = {}): ViewerSettings {
  const s = { ...DEFAULT_SETTINGS, ...partial };
  for (const [k, v] of Object.entries(s)) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new Error(`viz: setting "${k}" must be a number ≥ 0, got ${String(v)}`);
  }
  return s;
}

/** True when WebGL is rendered in software (no GPU): SwiftShader, llvmpipe, softpipe. */
export function softwareWebGL(): boolean {
  try {
    const gl = document.createElement("canvas").getContext("webgl");
    if (!gl) return true;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
  } catch {
    return false;
  }
}
