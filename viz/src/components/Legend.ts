/**
 * The legend of what the colour shows:
 * - communities: one row per coloured community (colour, name = top leader,
 *   size) with a show/hide toggle, one "other" row for the communities beyond
 *   the palette (grey on the map), and one "isolated" row for the nodes
 *   without any edge (each its own community), shown or hidden together;
 * - a text attribute: one row per value (colour, value, count) with a
 *   show/hide toggle, the rarest values beyond the palette in one "other" row;
 * - a numeric attribute: the colour scale as a gradient between its minimum
 *   and maximum.
 */
import type { AtlasApp } from "../app.ts";
import { formatValue, h } from "../dom.ts";
import type { AtlasModel, CategoricalAttribute } from "../model.ts";
import { COMMUNITY_GREY, gradientCss, ISOLATED_COLOR } from "../scales.ts";
import { toggleCommunity, withHiddenValues } from "../state.ts";

interface Row {
  li: HTMLLIElement;
  box: HTMLInputElement;
  /** Community ids, or text values, the row shows or hides. */
  ids: number[];
  values: string[];
}

const swatchOf = (colour: string): HTMLSpanElement => {
  const swatch = h("span", { class: "swatch", testid: "legend-swatch" });
  swatch.style.background = colour;
  return swatch;
};

export function mountLegend(root: HTMLElement, app: AtlasApp, onPick: (id: number) => void): (app: AtlasApp) => void {
  const needsMap = { "data-needs-map": "" };
  const title = h("h2", { testid: "legend-title" }, ["Communities"]);
  const list = h("ul", { class: "legend-list", testid: "legend" });
  const scale = h("div", { class: "legend-scale", testid: "legend-scale" });
  scale.hidden = true;
  /** Every community or value of the current legend, hidden or shown at once. */
  const setAll = (hide: boolean): void => {
    const m = app.model;
    if (!m) return;
    const attr = m.categorical[app.state.colorBy];
    if (attr) {
      const values = [...attr.categories.map((c) => c.value), ...(attr.other?.values ?? [])];
      app.setState(withHiddenValues(app.state, attr.name, values, hide));
    } else app.patch({ hiddenCommunities: hide ? m.communities.map((c) => c.id) : [] });
  };
  const all = h("button", { testid: "legend-show-all", attrs: needsMap, on: { click: () => setAll(false) } }, ["show all"]);
  const none = h("button", { testid: "legend-hide-all", attrs: needsMap, on: { click: () => setAll(true) } }, ["hide all"]);
  const buttons = h("div", { class: "row" }, [all, none]);
  root.replaceChildren(title, buttons, list, scale);
  let model: unknown = null;
  let communities: unknown = null;
  let colorBy: string | null = null;
  let rows: Row[] = [];

  const communityRows = (m: AtlasModel): Row[] => {
    const out: Row[] = [];
    const grouped = m.communities.filter((c) => !c.isolated);
    const coloured = grouped.filter((c) => c.color !== COMMUNITY_GREY);
    const grey = grouped.filter((c) => c.color === COMMUNITY_GREY);
    const isolated = m.communities.filter((c) => c.isolated);
    for (const c of coloured) {
      const box = h("input", { testid: "legend-toggle", attrs: { type: "checkbox", "data-community": String(c.id), "aria-label": `show community ${c.id}` } });
      const name = h("button", { class: "link", testid: "legend-name", title: "show its leaders", on: { click: () => onPick(c.id) } }, [c.name]);
      const li = h("li", { testid: "legend-item", attrs: { "data-community": String(c.id), "data-color": c.color } }, [box, swatchOf(c.color), name, h("span", { class: "muted count" }, [String(c.size)])]);
      out.push({ li, box, ids: [c.id], values: [] });
    }
    const group = (testid: string, colour: string, label: string, hint: string, ids: number[], members: number | null, extra: Record<string, string>): void => {
      const box = h("input", { testid: `${testid}-toggle`, attrs: { type: "checkbox", "aria-label": `show ${hint}` } });
      const li = h("li", { testid, attrs: { ...extra, "data-color": colour } }, [
        box,
        swatchOf(colour),
        h("span", { title: hint }, [label]),
        members === null ? null : h("span", { class: "muted count" }, [String(members)]),
      ]);
      out.push({ li, box, ids, values: [] });
    };
    if (grey.length > 0) {
      const members = grey.reduce((n, c) => n + c.size, 0);
      group("legend-other", COMMUNITY_GREY, `other (${grey.length} ${grey.length === 1 ? "community" : "communities"})`, "the smaller communities, all grey on the map", grey.map((c) => c.id), members, { "data-communities": String(grey.length) });
    }
    if (isolated.length > 0) {
      const members = isolated.reduce((n, c) => n + c.size, 0);
      group("legend-isolated", ISOLATED_COLOR, `isolated (${members})`, "nodes without any edge", isolated.map((c) => c.id), null, { "data-nodes": String(members) });
    }
    return out;
  };

  const valueRows = (attr: CategoricalAttribute): Row[] => {
    const out: Row[] = attr.categories.map((c) => {
      const label = c.value === "" ? "(no value)" : c.value;
      const box = h("input", { testid: "legend-value-toggle", attrs: { type: "checkbox", "data-value": c.value, "aria-label": `show ${attr.name} ${label}` } });
      const li = h("li", { testid: "legend-value", attrs: { "data-value": c.value, "data-count": String(c.count), "data-color": c.color } }, [
        box,
        swatchOf(c.color),
        h("span", { testid: "legend-value-name" }, [label]),
        h("span", { class: "muted count", testid: "legend-value-count" }, [String(c.count)]),
      ]);
      return { li, box, ids: [], values: [c.value] };
    });
    if (attr.other) {
      const n = attr.other.values.length;
      const box = h("input", { testid: "legend-other-toggle", attrs: { type: "checkbox", "aria-label": `show the other values of ${attr.name}` } });
      const li = h("li", { testid: "legend-other", attrs: { "data-values": String(n), "data-count": String(attr.other.count), "data-color": COMMUNITY_GREY } }, [
        box,
        swatchOf(COMMUNITY_GREY),
        h("span", { title: "the rarer values, all grey on the map" }, [`other (${n} values)`]),
        h("span", { class: "muted count" }, [String(attr.other.count)]),
      ]);
      out.push({ li, box, ids: [], values: attr.other.values });
    }
    return out;
  };

  const showScale = (m: AtlasModel, name: string): void => {
    const d = m.domains[name];
    const bar = h("div", { class: "legend-gradient", testid: "legend-gradient" });
    bar.style.background = gradientCss();
    scale.replaceChildren(
      bar,
      h("div", { class: "legend-domain" }, [
        h("span", { testid: "legend-min", attrs: { "data-value": String(d.min) } }, [formatValue(d.min)]),
        h("span", { testid: "legend-max", attrs: { "data-value": String(d.max) } }, [formatValue(d.max)]),
      ]),
      h("p", { class: "muted" }, ["nodes without a value: grey"]),
    );
  };

  return (app) => {
    const m = app.model;
    if (!m) return;
    const by = app.state.colorBy;
    if (model !== m || communities !== m.communities || colorBy !== by) {
      model = m;
      communities = m.communities;
      colorBy = by;
      const attr = m.categorical[by];
      const numeric = by !== "community" && !attr && m.domains[by];
      title.textContent = by === "community" ? "Communities" : `Colour: ${by}`;
      rows = numeric ? [] : attr ? valueRows(attr) : communityRows(m);
      list.replaceChildren(...rows.map((r) => r.li));
      for (const r of rows) {
        r.box.addEventListener("change", () => {
          if (r.values.length > 0) app.setState(withHiddenValues(app.state, by, r.values, !r.box.checked));
          else if (r.ids.length === 1) app.setState(toggleCommunity(app.state, r.ids[0]));
          else {
            const hidden = new Set(app.state.hiddenCommunities);
            for (const id of r.ids) {
              if (r.box.checked) hidden.delete(id);
              else hidden.add(id);
            }
            app.patch({ hiddenCommunities: [...hidden].sort((a, b) => a - b) });
          }
        });
      }
      buttons.hidden = !!numeric;
      list.hidden = !!numeric;
      scale.hidden = !numeric;
      if (numeric) showScale(m, by);
    }
    const hiddenIds = new Set(app.state.hiddenCommunities);
    const hiddenValues = new Set(app.state.hiddenValues.find((v) => v.attribute === by)?.values ?? []);
    for (const r of rows) {
      const off = r.values.length > 0 ? r.values.filter((v) => hiddenValues.has(v)).length : r.ids.filter((id) => hiddenIds.has(id)).length;
      const of = r.values.length > 0 ? r.values.length : r.ids.length;
      r.box.checked = off === 0;
      r.box.indeterminate = off > 0 && off < of;
      r.li.classList.toggle("off", off === of);
    }
  };
}
