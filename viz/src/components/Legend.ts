/**
 * The legend: one row per coloured community (colour, name = top leader,
 * size) with a show/hide toggle, then one "other" row for the communities
 * beyond the palette (grey on the map), which shows or hides them together.
 */
import type { AtlasApp } from "../app.ts";
import { h } from "../dom.ts";
import { COMMUNITY_GREY } from "../scales.ts";
import { toggleCommunity } from "../state.ts";

export function mountLegend(root: HTMLElement, app: AtlasApp, onPick: (id: number) => void): (app: AtlasApp) => void {
  const needsMap = { "data-needs-map": "" };
  const list = h("ul", { class: "legend-list", testid: "legend" });
  const all = h("button", { testid: "legend-show-all", attrs: needsMap, on: { click: () => app.patch({ hiddenCommunities: [] }) } }, ["show all"]);
  const none = h(
    "button",
    { testid: "legend-hide-all", attrs: needsMap, on: { click: () => app.patch({ hiddenCommunities: app.model?.communities.map((c) => c.id) ?? [] }) } },
    ["hide all"],
  );
  root.replaceChildren(h("h2", {}, ["Communities"]), h("div", { class: "row" }, [all, none]), list);
  let model: unknown = null;
  const rows = new Map<number, { li: HTMLLIElement; box: HTMLInputElement }>();
  /** The grey communities (beyond the palette), and their row. */
  let others: number[] = [];
  let otherRow: { li: HTMLLIElement; box: HTMLInputElement } | null = null;
  return (app) => {
    const m = app.model;
    if (!m) return;
    if (model !== m) {
      model = m;
      rows.clear();
      list.replaceChildren();
      const coloured = m.communities.filter((c) => c.color !== COMMUNITY_GREY);
      const grey = m.communities.filter((c) => c.color === COMMUNITY_GREY);
      for (const c of coloured) {
        const box = h("input", { testid: "legend-toggle", attrs: { type: "checkbox", "data-community": String(c.id), "aria-label": `show community ${c.id}` } });
        box.addEventListener("change", () => app.setState(toggleCommunity(app.state, c.id)));
        const swatch = h("span", { class: "swatch", testid: "legend-swatch" });
        swatch.style.background = c.color;
        const name = h("button", { class: "link", testid: "legend-name", title: "show its leaders", on: { click: () => onPick(c.id) } }, [c.name]);
        const li = h("li", { testid: "legend-item", attrs: { "data-community": String(c.id), "data-color": c.color } }, [box, swatch, name, h("span", { class: "muted count" }, [String(c.size)])]);
        list.appendChild(li);
        rows.set(c.id, { li, box });
      }
      others = grey.map((c) => c.id);
      otherRow = null;
      if (grey.length > 0) {
        const box = h("input", { testid: "legend-other-toggle", attrs: { type: "checkbox", "aria-label": "show the other communities" } });
        box.addEventListener("change", () => {
          const hidden = new Set(app.state.hiddenCommunities);
          for (const id of others) {
            if (box.checked) hidden.delete(id);
            else hidden.add(id);
          }
          app.patch({ hiddenCommunities: [...hidden].sort((a, b) => a - b) });
        });
        const swatch = h("span", { class: "swatch", testid: "legend-swatch" });
        swatch.style.background = COMMUNITY_GREY;
        const members = grey.reduce((n, c) => n + c.size, 0);
        const li = h("li", { testid: "legend-other", attrs: { "data-communities": String(grey.length), "data-color": COMMUNITY_GREY } }, [
          box,
          swatch,
          h("span", { title: "the smaller communities, all grey on the map" }, [`other (${grey.length} ${grey.length === 1 ? "community" : "communities"})`]),
          h("span", { class: "muted count" }, [String(members)]),
        ]);
        list.appendChild(li);
        otherRow = { li, box };
      }
    }
    const hidden = new Set(app.state.hiddenCommunities);
    for (const [id, r] of rows) {
      r.box.checked = !hidden.has(id);
      r.li.classList.toggle("off", hidden.has(id));
    }
    if (otherRow) {
      const off = others.filter((id) => hidden.has(id)).length;
      otherRow.box.checked = off === 0;
      otherRow.box.indeterminate = off > 0 && off < others.length;
      otherRow.li.classList.toggle("off", off === others.length);
    }
  };
}
