/**
 * The view state: everything the user chose that a shared link must restore
 * (selection, filters, camera, colour and size choices, niche view). It lives
 * in one typed object; the URL hash is its serialization
 * (`encodeViewState` / `decodeViewState` round-trip exactly for valid states).
 *
 * Transient interaction state (hovered node, layout running) is not here: see
 * `app.ts`. Pure module: no DOM, so it is unit-tested under Node.
 */

/** A metric range filter: nodes with `min <= attrs[metric] <= max` stay (bounds optional). */
export interface RangeFilter {
  metric: string;
  min: number | null;
  max: number | null;
}

/** Values of a text attribute hidden through the legend (nodes with one of them are hidden). */
export interface HiddenValues {
  attribute: string;
  /** Sorted, unique; `""` stands for nodes without a value. */
  values: string[];
}

export interface CameraView {
  x: number;
  y: number;
  ratio: number;
  angle: number;
}

export interface ViewState {
  /** Selected node key (side panel open), or `null`. */
  selected: string | null;
  /** `"community"`, a text attribute (one colour per value) or a numeric one (sequential colour scale). */
  colorBy: string;
  /** Numeric node attribute driving node size. */
  sizeBy: string;
  /** Multiplier of every node size (0.1..10). */
  sizeScale: number;
  /** Community ids hidden through the legend (sorted, unique). */
  hiddenCommunities: number[];
  /** Metric range filters (at most one per metric, in insertion order). */
  filters: RangeFilter[];
  /** Text attribute values hidden (at most one entry per attribute, in insertion order). */
  hiddenValues: HiddenValues[];
  /** Edge kinds hidden (sorted, unique); an edge stays if any of its kinds is shown. */
  hiddenKinds: string[];
  /** One node per community instead of the full map. */
  collapsed: boolean;
  /** Camera, or `null` = fit the whole graph. */
  camera: CameraView | null;
  /** Draw edges: `null` = automatic (on up to `ViewerSettings.autoEdgesMax` edges). */
  showEdges: boolean | null;
}

export const DEFAULT_VIEW_STATE: Readonly<ViewState> = Object.freeze({
  selected: null,
  colorBy: "community",
  sizeBy: "pagerank",
  sizeScale: 1,
  hiddenCommunities: [],
  filters: [],
  hiddenValues: [],
  hiddenKinds: [],
  collapsed: false,
  camera: null,
  showEdges: null,
});

export const SIZE_SCALE_MIN = 0.1;
export const SIZE_SCALE_MAX = 10;

/** A fresh copy of the default state. */
export function defaultViewState(): ViewState {
  return { ...DEFAULT_VIEW_STATE, hiddenCommunities: [], filters: [], hiddenValues: [], hiddenKinds: [] };
}

/** Attribute names we accept in a state (metric names, `community`): letters, digits, `_`, `-`, `.`. */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

export function isValidName(value: unknown): value is string {
  return typeof value === "string" && NAME.test(value);
}

/**
 * Returns a valid state built from `input`: every field that is missing or
 * invalid takes its default; lists are sorted and de-duplicated. Never throws
 * (a hand-edited link degrades to the defaults, field by field).
 */
export function validateViewState(input: Partial<Record<keyof ViewState, unknown>>): ViewState {
  const s = defaultViewState();
  if (typeof input.selected === "string" && input.selected.length > 0 && input.selected.length <= 512) s.selected = input.selected;
  if (input.colorBy === "community" || isValidName(input.colorBy)) s.colorBy = input.colorBy;
  if (isValidName(input.sizeBy)) s.sizeBy = input.sizeBy;
  if (typeof input.sizeScale === "number" && Number.isFinite(input.sizeScale)) {
    s.sizeScale = Math.min(SIZE_SCALE_MAX, Math.max(SIZE_SCALE_MIN, input.sizeScale));
  }
  if (Array.isArray(input.hiddenCommunities)) {
    const ids = input.hiddenCommunities.filter((v): v is number => Number.isInteger(v) && (v as number) >= 0);
    s.hiddenCommunities = [...new Set(ids)].sort((a, b) => a - b);
  }
  if (Array.isArray(input.filters)) {
    const seen = new Set<string>();
    for (const f of input.filters as unknown[]) {
      if (typeof f !== "object" || f === null) continue;
      const { metric, min, max } = f as Record<string, unknown>;
      if (!isValidName(metric) || seen.has(metric)) continue;
      const lo = typeof min === "number" && Number.isFinite(min) ? min + 0 : null; // + 0 turns -0 into 0
      const hi = typeof max === "number" && Number.isFinite(max) ? max + 0 : null;
      if (lo === null && hi === null) continue;
      seen.add(metric);
      s.filters.push({ metric, min: lo, max: hi });
    }
  }
  if (Array.isArray(input.hiddenValues)) {
    const seen = new Set<string>();
    for (const entry of input.hiddenValues as unknown[]) {
      if (typeof entry !== "object" || entry === null) continue;
      const { attribute, values } = entry as Record<string, unknown>;
      if (!isValidName(attribute) || seen.has(attribute) || !Array.isArray(values)) continue;
      const kept = values.filter((v): v is string => typeof v === "string" && v.length <= 256);
      if (kept.length === 0) continue;
      seen.add(attribute);
      s.hiddenValues.push({ attribute, values: [...new Set(kept)].sort() });
    }
  }
  if (Array.isArray(input.hiddenKinds)) {
    const kinds = input.hiddenKinds.filter((k): k is string => typeof k === "string" && k.length > 0 && k.length <= 64 && !k.includes(","));
    s.hiddenKinds = [...new Set(kinds)].sort();
  }
  s.collapsed = input.collapsed === true;
  if (typeof input.showEdges === "boolean") s.showEdges = input.showEdges;
  const c = input.camera as Partial<CameraView> | null | undefined;
  if (c && typeof c === "object") {
    const { x, y, ratio, angle = 0 } = c;
    if ([x, y, ratio, angle].every((v) => typeof v === "number" && Number.isFinite(v)) && (ratio as number) > 0) {
      s.camera = { x: (x as number) + 0, y: (y as number) + 0, ratio: ratio as number, angle: (angle as number) + 0 };
    }
  }
  return s;
}

/** Rounds camera numbers so links stay short (6 significant digits). */
function num(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/**
 * The hash for `state` (without the leading `#`); fields equal to their
 * default are left out, so the default state is the empty string.
 *
 * Format (URLSearchParams): `node=KEY&color=M&size=M&scale=S&hide=1,2&f=M:MIN:MAX&hv=A:V1,V2&kinds=a,b&niche=1&edges=0|1&cam=X,Y,RATIO,ANGLE`
 * (`f` and `hv` repeat; an empty bound is open; each value of `hv` is
 * percent-encoded, so a comma in a value stays one value).
 */
export function encodeViewState(state: ViewState): string {
  const p = new URLSearchParams();
  if (state.selected !== null) p.set("node", state.selected);
  if (state.colorBy !== DEFAULT_VIEW_STATE.colorBy) p.set("color", state.colorBy);
  if (state.sizeBy !== DEFAULT_VIEW_STATE.sizeBy) p.set("size", state.sizeBy);
  if (state.sizeScale !== DEFAULT_VIEW_STATE.sizeScale) p.set("scale", String(state.sizeScale));
  if (state.hiddenCommunities.length) p.set("hide", state.hiddenCommunities.join(","));
  for (const f of state.filters) p.append("f", `${f.metric}:${f.min ?? ""}:${f.max ?? ""}`);
  for (const v of state.hiddenValues) p.append("hv", `${v.attribute}:${v.values.map(encodeURIComponent).join(",")}`);
  if (state.hiddenKinds.length) p.set("kinds", state.hiddenKinds.join(","));
  if (state.collapsed) p.set("niche", "1");
  if (state.showEdges !== null) p.set("edges", state.showEdges ? "1" : "0");
  if (state.camera) {
    const c = state.camera;
    p.set("cam", [c.x, c.y, c.ratio, c.angle].map(num).join(","));
  }
  return p.toString();
}

function parseNumber(text: string | undefined): number | null {
  if (text === undefined || text.trim() === "") return null;
  const x = Number(text);
  return Number.isFinite(x) ? x : null;
}

/** The state a hash encodes (with or without its `#`); unknown or invalid parts are ignored. */
export function decodeViewState(hash: string): ViewState {
  const p = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const raw: Partial<Record<keyof ViewState, unknown>> = {};
  const node = p.get("node");
  if (node !== null) raw.selected = node;
  const color = p.get("color");
  if (color !== null) raw.colorBy = color;
  const size = p.get("size");
  if (size !== null) raw.sizeBy = size;
  const scale = parseNumber(p.get("scale") ?? undefined);
  if (scale !== null) raw.sizeScale = scale;
  const hide = p.get("hide");
  if (hide) raw.hiddenCommunities = hide.split(",").map((v) => (/^\d+$/.test(v) ? Number(v) : NaN));
  raw.filters = p.getAll("f").map((f) => {
    const parts = f.split(":");
    return { metric: parts[0], min: parseNumber(parts[1]), max: parseNumber(parts[2]) };
  });
  raw.hiddenValues = p.getAll("hv").map((entry) => {
    const colon = entry.indexOf(":");
    if (colon < 0) return null;
    const values = entry
      .slice(colon + 1)
      .split(",")
      .map((v) => {
        try {
          return decodeURIComponent(v);
        } catch {
          return null;
        }
      });
    return { attribute: entry.slice(0, colon), values: values.filter((v) => v !== null) };
  });
  const kinds = p.get("kinds");
  if (kinds) raw.hiddenKinds = kinds.split(",");
  raw.collapsed = p.get("niche") === "1";
  const edges = p.get("edges");
  if (edges === "1" || edges === "0") raw.showEdges = edges === "1";
  const cam = p.get("cam");
  if (cam) {
    const [x, y, ratio, angle] = cam.split(",").map((v) => parseNumber(v) ?? NaN);
    raw.camera = { x, y, ratio, angle };
  }
  return validateViewState(raw);
}

/** A filter on `metric` set to `[min, max]` (replacing an existing one; both bounds null removes it). */
export function withFilter(state: ViewState, metric: string, min: number | null, max: number | null): ViewState {
  const others = state.filters.filter((f) => f.metric !== metric);
  const filters = min === null && max === null ? others : [...others, { metric, min, max }];
  return { ...state, filters };
}

/** `ids` toggled in or out of the hidden communities. */
export function toggleCommunity(state: ViewState, id: number): ViewState {
  const hidden = new Set(state.hiddenCommunities);
  if (hidden.has(id)) hidden.delete(id);
  else hidden.add(id);
  return { ...state, hiddenCommunities: [...hidden].sort((a, b) => a - b) };
}

/** `values` of `attribute` hidden (`hide`) or shown again; an attribute left with none hidden is dropped. */
export function withHiddenValues(state: ViewState, attribute: string, values: readonly string[], hide: boolean): ViewState {
  const current = new Set(state.hiddenValues.find((v) => v.attribute === attribute)?.values ?? []);
  for (const v of values) {
    if (hide) current.add(v);
    else current.delete(v);
  }
  const others = state.hiddenValues.filter((v) => v.attribute !== attribute);
  const hiddenValues = current.size === 0 ? others : [...others, { attribute, values: [...current].sort() }];
  return { ...state, hiddenValues };
}

/** `kind` toggled in or out of the hidden edge kinds. */
export function toggleKind(state: ViewState, kind: string): ViewState {
  const hidden = new Set(state.hiddenKinds);
  if (hidden.has(kind)) hidden.delete(kind);
  else hidden.add(kind);
  return { ...state, hiddenKinds: [...hidden].sort() };
}
