/** Leaders per community: pick a community, click a leader to select and zoom to it. */
import type { AtlasApp } from "../app.ts";
import { formatValue, h } from "../dom.ts";

export interface LeadersPanel {
  update(app: AtlasApp): void;
  show(id: number): void;
}

export function mountLeadersPanel(root: HTMLElement, app: AtlasApp): LeadersPanel {
  const select = h("select", { testid: "leaders-community", attrs: { "aria-label": "community" } });
  const list = h("ol", { class: "leaders-list", testid: "leaders-list" });
  root.replaceChildren(h("h2", {}, ["Leaders"]), select, list);
  let model: unknown = null;
  const render = (): void => {
    const m = app.model;
    if (!m) return;
    const id = Number(select.value);
    const c = m.communityById.get(id);
    list.replaceChildren();
    if (!c) return;
    const by = m.meta?.params?.by ?? "pagerank";
    for (const key of c.leaders) {
      const attrs = m.graph.getNodeAttributes(key);
      const item = h(
        "button",
        { class: "link", testid: "leader-item", attrs: { "data-key": key }, on: { click: () => app.select(key, true) } },
        [String(attrs.label ?? key)],
      );
      list.appendChild(h("li", {}, [item, h("span", { class: "muted" }, [` ${formatValue(attrs[by])}`])]));
    }
  };
  select.addEventListener("change", render);
  return {
    update(app) {
      const m = app.model;
      if (!m || m === model) return;
      model = m;
      select.replaceChildren(
        ...m.communities.map((c) => h("option", { attrs: { value: String(c.id) } }, [`${c.id}: ${c.name} (${c.size})`])),
      );
      render();
    },
    show(id) {
      select.value = String(id);
      render();
      root.scrollIntoView({ block: "nearest" });
    },
  };
}
