/**
 * Which nodes and edges the filters hide (legend toggles of communities and
 * of text values, metric ranges, edge kinds). Computed once per state change, never inside a reducer. Pure.
 */
import type Graph from "graphology";
import type { ViewState } from "./state.ts";

export interface Visibility {
  hiddenNodes: Set<string>;
  hiddenEdges: Set<string>;
}

/** True when `attrs` passes every range filter (a missing value fails a filter on its metric). */
export function passesFilters(attrs: Record<string, unknown>, filters: ViewState["filters"]): boolean {
  for (const f of filters) {
    const v = attrs[f.metric];
    if (typeof v !== "number" || !Number.isFinite(v)) return false;
    if (f.min !== null && v < f.min) return false;
    if (f.max !== null && v > f.max) return false;
  }
  return true;
}

/** True when `attrs` has none of the hidden values of a text attribute (no value counts as `""`). */
export function passesValues(attrs: Record<string, unknown>, hidden: readonly { attribute: string; values: ReadonlySet<string> }[]): boolean {
  for (const h of hidden) {
    const v = attrs[h.attribute];
    const key = v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    if (h.values.has(key)) return false;
  }
  return true;
}

/** True when an edge of `kind` (comma-separated kinds, or none) is shown with `hiddenKinds` hidden. */
export function kindShown(kind: unknown, hiddenKinds: ReadonlySet<string>): boolean {
  if (hiddenKinds.size === 0 || typeof kind !== "string" || kind === "") return true;
  for (const k of kind.split(",")) if (k && !hiddenKinds.has(k)) return true;
  return false;
}

export function computeVisibility(
  graph: Graph,
  state: Pick<ViewState, "hiddenCommunities" | "filters" | "hiddenKinds"> & Partial<Pick<ViewState, "hiddenValues">>,
): Visibility {
  const hiddenNodes = new Set<string>();
  const hiddenEdges = new Set<string>();
  const hiddenCommunities = new Set(state.hiddenCommunities);
  const hiddenKinds = new Set(state.hiddenKinds);
  const hiddenValues = (state.hiddenValues ?? []).map((v) => ({ attribute: v.attribute, values: new Set(v.values) }));
  if (hiddenCommunities.size > 0 || state.filters.length > 0 || hiddenValues.length > 0) {
    graph.forEachNode((key, attrs) => {
      if (hiddenCommunities.has(attrs.community as number) || !passesFilters(attrs, state.filters) || !passesValues(attrs, hiddenValues)) hiddenNodes.add(key);
    });
  }
  if (hiddenNodes.size > 0 || hiddenKinds.size > 0) {
    graph.forEachEdge((edge, attrs, source, target) => {
      if (hiddenNodes.has(source) || hiddenNodes.has(target) || !kindShown(attrs.kind, hiddenKinds)) hiddenEdges.add(edge);
    });
  }
  return { hiddenNodes, hiddenEdges };
}
