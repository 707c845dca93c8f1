/** The legend: one row per community (colour, name = top leader, size) with a show/hide toggle. */
import type { AtlasApp } from "../app.ts";
import { h } from "../dom.ts";
import { toggleCommunity } from "../state.ts";

/** Communities listed at most (the rest are summarised in one line). */
const MAX_ROWS = 60;

export function mountLegend(root: HTMLElement, app: AtlasApp, onPick: (id: number) => void): (app: AtlasApp) => void {
  const list = h("ul", { class: "legend-list", testid: "legend" });
  const more = h("p", { class: "muted" });
  const all = h("button", { testid: "legend-show-all", on: { click: () => app.patch({ hiddenCommunities: [] }) } }, ["show all"]);
  const none = h(
    "button",
    { testid: "legend-hide-all", on: { click: () => app.patch({ hiddenCommunities: app.model?.communities.map((c) => c.id) ?? [] }) } },
    ["hide all"],
  );
  root.replaceChildren(h("h2", {}, ["Communities"]), h("div", { class: "row" }, [all, none]), list, more);
  let model: unknown = null;
  const rows = new Map<number, { li: HTMLLIElement; box: HTMLInputElement }>();
  return (app) => {
    const m = app.model;
    if (!m) return;
    if (model !== m) {
      model = m;
      rows.clear();
      list.replaceChildren();
      for (const c of m.communities.slice(0, MAX_ROWS)) {
        const box = h("input", { testid: "legend-toggle", attrs: { type: "checkbox", "data-community": String(c.id), "aria-label": `show community ${c.id}` } });
        box.addEventListener("change", () => app.setState(toggleCommunity(app.state, c.id)));
        const swatch = h("span", { class: "swatch" });
        swatch.style.background = c.color;
        const name = h("button", { class: "link", testid: "legend-name", title: "show its leaders", on: { click: () => onPick(c.id) } }, [c.name]);
        const li = h("li", { testid: "legend-item", attrs: { "data-community": String(c.id) } }, [box, swatch, name, h("span", { class: "muted count" }, [String(c.size)])]);
        list.appendChild(li);
        rows.set(c.id, { li, box });
      }
      more.textContent = m.communities.length > MAX_ROWS ? `… and ${m.communities.length - MAX_ROWS} smaller communities` : "";
    }
    const hidden = new Set(app.state.hiddenCommunities);
    for (const [id, r] of rows) {
      r.box.checked = !hidden.has(id);
      r.li.classList.toggle("off", hidden.has(id));
    }
  };
}
