/**
 * Appearance as declarative specs turned into functions (Gephi Lite's
 * appearance model): colour by community (the engine's colour-blind-safe
 * palette) or by a metric (viridis, colour-blind-safe and perceptually
 * uniform), size by a metric (square-root scale, so area follows the value).
 * Colours and sizes are computed in the reducers; the graph data is never
 * written. Pure module, unit-tested under Node.
 */
import { communityColor, COMMUNITY_GREY, COMMUNITY_PALETTE } from "../../src/graph/palette.ts";

export { communityColor, COMMUNITY_GREY, COMMUNITY_PALETTE };

/** Colour of the nodes without any edge (one "isolated" row in the legend). */
export const ISOLATED_COLOR = "#8C8C8C";

/** Minimum and maximum of the finite values of a metric (`null` when there is none). */
export interface Domain {
  min: number;
  max: number;
}

/** The domain of `values` (non-finite and non-numbers skipped), or `null` when none is finite. */
export function domainOf(values: Iterable<unknown>): Domain | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity ? null : { min, max };
}

/** Viridis, 9 stops (matplotlib's colormap sampled at 0, 1/8, …, 1). */
export const VIRIDIS: readonly string[] = Object.freeze([
  "#440154",
  "#472d7b",
  "#3b528b",
  "#2c728e",
  "#21918c",
  "#28ae80",
  "#5ec962",
  "#addc30",
  "#fde725",
]);

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbToHex(r: number, g: number, b: number): string {
  return "#" + ((1 << 24) | (Math.round(r) << 16) | (Math.round(g) << 8) | Math.round(b)).toString(16).slice(1);
}

/** Colour at `t` in [0, 1] (clamped) of a piecewise-linear scale through `stops`. */
export function interpolateColor(stops: readonly string[], t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = hexToRgb(stops[i]);
  const b = hexToRgb(stops[i + 1]);
  return rgbToHex(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f);
}

/**
 * Position of `value` in `domain`, in [0, 1]; `log` uses log10(1 + value − min)
 * (skewed metrics such as PageRank). A degenerate domain maps to 0.
 */
export function normalize(value: number, domain: Domain, log = false): number {
  const span = domain.max - domain.min;
  if (!(span > 0)) return 0;
  const t = log ? Math.log1p(value - domain.min) / Math.log1p(span) : (value - domain.min) / span;
  return Math.min(1, Math.max(0, t));
}

/**
 * A colour function for `colorBy` (`"community"` or a metric with its
 * domain); communities get `community` (default: the engine's palette).
 */
export function colorScale(
  colorBy: string,
  domain: Domain | null,
  community: (id: unknown) => string = communityColor,
): (attrs: Record<string, unknown>) => string {
  if (colorBy === "community") return (attrs) => community(attrs.community);
  if (!domain) return () => COMMUNITY_GREY;
  return (attrs) => {
    const v = attrs[colorBy];
    return typeof v === "number" && Number.isFinite(v) ? interpolateColor(VIRIDIS, normalize(v, domain)) : COMMUNITY_GREY;
  };
}

/**
 * A colour function for text attribute `name`: each value's colour from
 * `colours` (value → colour), grey for the others and for nodes without one.
 */
export function categoryColorScale(name: string, colours: ReadonlyMap<string, string>): (attrs: Record<string, unknown>) => string {
  return (attrs) => {
    const v = attrs[name];
    const key = v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    return colours.get(key) ?? COMMUNITY_GREY;
  };
}

/** CSS gradient of the sequential scale (left: the minimum). */
export function gradientCss(stops: readonly string[] = VIRIDIS): string {
  return `linear-gradient(to right, ${stops.join(", ")})`;
}

export interface SizeScaleOptions {
  /** Size (sigma pixels at zoom 1) of the smallest value. */
  minSize: number;
  /** Size of the largest value. */
  maxSize: number;
  /** Multiplier applied to both (the size-scale control). */
  scale: number;
}

/**
 * A size function: `minSize + (maxSize − minSize) · sqrt(t)` times `scale`,
 * `t` the value's position in the domain. Missing values get `minSize`.
 */
export function sizeScale(domain: Domain | null, options: SizeScaleOptions): (value: unknown) => number {
  const { minSize, maxSize, scale } = options;
  return (value) => {
    if (!domain || typeof value !== "number" || !Number.isFinite(value)) return minSize * scale;
    return (minSize + (maxSize - minSize) * Math.sqrt(normalize(value, domain))) * scale;
  };
}

/** Node sizes for a graph of `order` nodes: smaller nodes on big maps, so they stay readable. */
export function sizeRangeFor(order: number): { minSize: number; maxSize: number } {
  if (order > 20_000) return { minSize: 1, maxSize: 12 };
  if (order > 2_000) return { minSize: 1.5, maxSize: 15 };
  if (order > 200) return { minSize: 2.5, maxSize: 18 };
  return { minSize: 4, maxSize: 20 };
}
