/**
 * Community colours, the same in the map, the reports and GEXF: the
 * colour-blind-safe Okabe–Ito palette (Okabe & Ito 2008, "Color Universal
 * Design"; its black left out, since Gephi draws labels and edges dark),
 * Paul Tol's "muted" scheme (Tol 2021, "Colour Schemes", SRON/EPS/TN/09-002),
 * then 16 more so that maps with many communities keep them apart: picked
 * greedily from an HSL grid, each the farthest (CIELAB distance) from every
 * colour before it and from grey, white and the viewer's dimmed node colour;
 * every pair is at least as far apart as the closest pair of the first 16.
 * Community `i` gets `COMMUNITY_PALETTE[i]`; communities beyond the palette,
 * and nodes without a community, get `COMMUNITY_GREY` (the grey of Paul Tol's
 * bright scheme).
 */

export const COMMUNITY_PALETTE: readonly string[] = Object.freeze([
  // Okabe–Ito
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#009E73", // bluish green
  "#F0E442", // yellow
  "#0072B2", // blue
  "#D55E00", // vermilion
  "#CC79A7", // reddish purple
  // Paul Tol, muted
  "#332288", // indigo
  "#88CCEE", // cyan
  "#44AA99", // teal
  "#117733", // green
  "#999933", // olive
  "#DDCC77", // sand
  "#CC6677", // rose
  "#882255", // wine
  "#AA4499", // purple
  // 16 more, farthest-first
  "#2DD22D",
  "#7E4D1B",
  "#A12DD2",
  "#95E481",
  "#9581E4",
  "#A82424",
  "#373267",
  "#5D6732",
  "#326267",
  "#E49F81",
  "#B3E6B8",
  "#673232",
  "#C7B3E6",
  "#2D2DD2",
  "#A1D22D",
  "#D22D6F",
]);

/** Colour of nodes with no community or one beyond the palette. */
export const COMMUNITY_GREY = "#BBBBBB";

/** Colour of community `id` (an integer from 0); grey when missing or beyond the palette. */
export function communityColor(id: unknown): string {
  if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id >= COMMUNITY_PALETTE.length) return COMMUNITY_GREY;
  return COMMUNITY_PALETTE[id];
}
