/** Leaders per community: pick a community, click a leader to select and zoom to it. */
import type { AtlasApp } from "../app.ts";
import { formatValue, h } from "../dom.ts";
import { communityTopItems, rankBadge, topItemGroups } from "../leader-info.ts";

export interface LeadersPanel {
  update(app: AtlasApp): void;
  show(id: number): void;
}

export function mountLeadersPanel(root: HTMLElement, app: AtlasApp): LeadersPanel {
  const select = h("select", { testid: "leaders-community", attrs: { "aria-label": "community" } });
  const list = h("ol", { class: "leaders-list", testid: "leaders-list" });
  const items = h("div", { class: "top-items", testid: "top-items" });
  root.replaceChildren(h("h2", {}, ["Leaders"]), select, list, items);
  let model: unknown = null;
  const render = (): void => {
    const m = app.model;
    if (!m) return;
    const id = Number(select.value);
    const c = m.communityById.get(id);
    list.replaceChildren();
    items.replaceChildren();
    if (!c) return;
    // The score leaders were ranked by, when nodes carry it (`by: "composite"` is stored as `compositeScore`).
    const wanted = m.meta?.params?.by ?? "pagerank";
    const by = m.domains[wanted] ? wanted : wanted === "composite" && m.domains.compositeScore ? "compositeScore" : "pagerank";
    for (const key of c.leaders) {
      const attrs = m.graph.getNodeAttributes(key);
      const item = h(
        "button",
        { class: "link", testid: "leader-item", attrs: { "data-key": key }, on: { click: () => app.select(key, true) } },
        [String(attrs.label ?? key)],
      );
      const badge = rankBadge(attrs);
      list.appendChild(
        h("li", { class: attrs.unstableLeader === true ? "unstable" : undefined }, [
          item,
          badge !== null ? h("span", { class: "badge", testid: "leader-badge" }, [` ${badge}`]) : null,
          typeof attrs[by] === "number" ? h("span", { class: "muted", title: by }, [` ${formatValue(attrs[by])}`]) : null,
        ]),
      );
    }
    // NodeXL-style top items of the community (interactions niches of the store).
    const top = communityTopItems(m.meta, c.id);
    if (top) {
      for (const group of topItemGroups(top)) {
        items.appendChild(h("h3", {}, [group.title]));
        items.appendChild(
          h(
            "ol",
            { testid: `top-${group.kind}` },
            group.items.map((x) =>
              h("li", {}, [
                x.href !== null ? h("a", { attrs: { href: x.href, target: "_blank", rel: "noopener noreferrer nofollow" } }, [x.text]) : h("span", {}, [x.text]),
                h("span", { class: "muted" }, [` ${x.count}`]),
              ]),
            ),
          ),
        );
      }
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
