/**
 * The side panel of the selected node: label, handle, profile link (built
 * from the platform pattern only), community, rank in it, every metric, every
 * other attribute (text ones too), top in- and out-neighbours. Every text goes
 * in as text.
 */
import type { AtlasApp } from "../app.ts";
import { formatValue, h } from "../dom.ts";
import { leaderInfoLines } from "../leader-info.ts";
import { rankInCommunity, topNeighbours } from "../model.ts";
import { nodeHandle, profileLink } from "../profile.ts";

export function mountNodePanel(root: HTMLElement, app: AtlasApp): (app: AtlasApp) => void {
  let shown: string | null = null;
  let model: unknown = null;
  return (app) => {
    const m = app.model;
    const key = app.state.selected;
    root.hidden = !m || key === null || !m.graph.hasNode(key);
    if (root.hidden) {
      shown = null;
      return;
    }
    if (key === shown && model === m) return;
    shown = key;
    model = m;
    const g = m!.graph;
    const attrs = g.getNodeAttributes(key!);
    const label = String(attrs.label ?? key);
    const handle = nodeHandle(attrs);
    const link = profileLink(key!, attrs);
    const community = Number.isInteger(attrs.community) ? m!.communityById.get(attrs.community as number) : undefined;
    const wanted: string | undefined = m!.meta?.params?.by;
    const by = wanted && m!.domains[wanted] ? wanted : wanted === "composite" && m!.domains.compositeScore ? "compositeScore" : "pagerank";
    const rank = rankInCommunity(g, key!, by);
    const close = h("button", { class: "close", testid: "node-panel-close", title: "close", on: { click: () => app.select(null) } }, ["×"]);
    const parts: (Node | null)[] = [
      close,
      h("h2", { testid: "node-label" }, [label]),
      h("p", { class: "muted", testid: "node-key" }, [key!]),
      handle !== null ? h("p", { testid: "node-handle" }, [`@${handle}`]) : null,
      link
        ? h("p", {}, [
            h("a", { testid: "node-profile-link", attrs: { href: link.url, target: "_blank", rel: "noopener noreferrer nofollow" } }, [`profile on ${link.platform}`]),
          ])
        : null,
    ];
    if (community) {
      const swatch = h("span", { class: "swatch" });
      swatch.style.background = community.color;
      parts.push(
        h("p", { testid: "node-community", attrs: { "data-community": String(community.id) } }, [swatch, `community ${community.id}: ${community.name} (${community.size} nodes)`]),
      );
    }
    if (rank) parts.push(h("p", { testid: "node-rank" }, [`rank ${rank.rank} of ${rank.of} in its community by ${by}`]));
    if (typeof attrs.leaderRank === "number") parts.push(h("p", { testid: "node-leader-rank" }, [`leader #${attrs.leaderRank} of its community`]));
    const info = leaderInfoLines(attrs);
    if (info.length > 0) {
      const lead = h("table", { class: "metrics leader-info", testid: "node-leader-info" });
      for (const line of info) {
        lead.appendChild(h("tr", { testid: line.testid, class: line.testid === "node-unstable" ? "unstable" : undefined }, [h("th", {}, [line.label]), h("td", {}, [line.text])]));
      }
      parts.push(h("h3", {}, ["Leadership"]), lead);
    }
    const table = h("table", { class: "metrics", testid: "node-metrics" });
    for (const metric of m!.metrics) {
      table.appendChild(h("tr", { attrs: { "data-metric": metric } }, [h("th", {}, [metric]), h("td", {}, [formatValue(attrs[metric])])]));
    }
    parts.push(h("h3", {}, ["Metrics"]), table);
    const listed = new Set(m!.metrics);
    const others = h("table", { class: "metrics", testid: "node-attributes" });
    for (const name of m!.attributeNames) {
      if (listed.has(name) || !(name in attrs)) continue;
      const v = attrs[name];
      const text = v !== null && typeof v === "object" ? JSON.stringify(v) : formatValue(v);
      others.appendChild(h("tr", { attrs: { "data-attribute": name } }, [h("th", {}, [name]), h("td", {}, [text])]));
    }
    if (others.childElementCount > 0) parts.push(h("h3", {}, ["Attributes"]), others);
    const neighbours = topNeighbours(g, key!);
    const list = (testid: string, items: typeof neighbours.in): HTMLElement =>
      h(
        "ol",
        { testid },
        items.map((n) =>
          h("li", {}, [
            h("button", { class: "link", attrs: { "data-key": n.key }, on: { click: () => app.select(n.key, true) } }, [n.label]),
            h("span", { class: "muted" }, [` ${formatValue(n.weight)}`]),
          ]),
        ),
      );
    if (m!.directed) {
      // In plain words: an edge's arrow points from its source to its target.
      parts.push(h("h3", { testid: "neighbours-in-title" }, ["Arrows pointing to it, strongest first"]), list("neighbours-in", neighbours.in));
      parts.push(h("h3", { testid: "neighbours-out-title" }, ["Its arrows point to, strongest first"]), list("neighbours-out", neighbours.out));
    } else parts.push(h("h3", {}, ["Top neighbours"]), list("neighbours-in", neighbours.in));
    root.replaceChildren(...parts.filter((p): p is Node => p !== null));
  };
}
