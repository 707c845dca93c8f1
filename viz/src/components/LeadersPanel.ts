/**
 * Leaders per community: pick a community, click a leader to select and zoom
 * to it. Each rank badge says what it means in a tooltip (on hover or
 * keyboard focus, Escape closes it); the "?" button opens the badges' key.
 */
import type { AtlasApp } from "../app.ts";
import { formatValue, h } from "../dom.ts";
import { BADGE_KEY, communityTopItems, rankBadge, rankBadgeText, topItemGroups } from "../leader-info.ts";

export interface LeadersPanel {
  update(app: AtlasApp): void;
  show(id: number): void;
}

export function mountLeadersPanel(root: HTMLElement, app: AtlasApp): LeadersPanel {
  const select = h("select", { testid: "leaders-community", attrs: { "aria-label": "community" } });
  const list = h("ol", { class: "leaders-list", testid: "leaders-list" });
  const items = h("div", { class: "top-items", testid: "top-items" });
  const key = h("p", { class: "badge-key", testid: "leaders-key", attrs: { id: "leaders-key" } }, [BADGE_KEY]);
  key.hidden = true;
  const help = h(
    "button",
    { class: "help", testid: "leaders-help", title: "what the rank badges say", attrs: { "aria-expanded": "false", "aria-controls": "leaders-key", "aria-label": "what the rank badges say" } },
    ["?"],
  );
  const showKey = (shown: boolean): void => {
    key.hidden = !shown;
    help.setAttribute("aria-expanded", String(shown));
  };
  help.addEventListener("click", () => showKey(key.hidden));
  for (const el of [help, key] as HTMLElement[]) {
    el.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || key.hidden) return;
      e.preventDefault();
      e.stopPropagation();
      showKey(false);
      help.focus();
    });
  }
  // One tooltip for every badge, on the page (the sidebar scrolls and would clip it).
  const tip = h("div", { class: "badge-tip", testid: "badge-tooltip", attrs: { role: "tooltip", id: "badge-tooltip" } });
  tip.hidden = true;
  document.body.appendChild(tip);
  const showTip = (badge: HTMLElement): void => {
    tip.textContent = badge.dataset.explain ?? "";
    tip.hidden = false;
    const r = badge.getBoundingClientRect();
    tip.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - tip.offsetWidth - 4))}px`;
    tip.style.top = `${r.bottom + 4}px`;
  };
  const hideTip = (): void => void (tip.hidden = true);
  const head = h("p", { class: "leaders-head muted", testid: "leaders-head" });
  root.replaceChildren(h("h2", {}, ["Leaders ", help]), key, select, head, list, items);
  let model: unknown = null;
  const render = (): void => {
    const m = app.model;
    if (!m) return;
    const id = Number(select.value);
    const c = m.communityById.get(id);
    list.replaceChildren();
    items.replaceChildren();
    hideTip();
    head.textContent = "";
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
      const text = rankBadge(attrs);
      let badge: HTMLElement | null = null;
      if (text !== null) {
        badge = h("span", {
          class: "badge",
          testid: "leader-badge",
          attrs: { tabindex: "0", "aria-describedby": "badge-tooltip", "data-explain": rankBadgeText(attrs, { name: by, value: attrs[by] }) ?? text },
        }, [` ${text}`]);
        const b = badge;
        b.addEventListener("focus", () => showTip(b));
        b.addEventListener("mouseenter", () => showTip(b));
        b.addEventListener("blur", hideTip);
        b.addEventListener("mouseleave", () => document.activeElement !== b && hideTip());
        b.addEventListener("keydown", (e) => {
          if (e.key !== "Escape" || tip.hidden) return;
          e.preventDefault();
          e.stopPropagation();
          hideTip();
        });
      }
      list.appendChild(
        h("li", { class: attrs.unstableLeader === true ? "unstable" : undefined }, [
          item,
          badge,
          typeof attrs[by] === "number" ? h("span", { class: "muted", title: by }, [` ${formatValue(attrs[by])}`]) : null,
        ]),
      );
    }
    if (list.querySelector("[data-testid=leader-badge]")) head.textContent = `leader #rank [90% interval] ${by === "compositeScore" ? "composite score" : by}`;
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
