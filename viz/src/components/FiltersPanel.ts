/**
 * Filters: a range of any numeric attribute (e.g. coreness ≥ k), the values
 * of text attributes hidden through the legend and, when edges have kinds,
 * edge kinds. Picking a metric puts its range in the bounds (or the bounds of
 * its active filter); a minimum above the maximum is refused with a message.
 */
import type { AtlasApp } from "../app.ts";
import { formatValue, h } from "../dom.ts";
import { toggleKind, withFilter, withHiddenValues } from "../state.ts";

export function mountFiltersPanel(root: HTMLElement, app: AtlasApp): (app: AtlasApp) => void {
  const needsMap = { "data-needs-map": "" };
  const metric = h("select", { testid: "filter-metric", attrs: { "aria-label": "metric", ...needsMap } });
  const min = h("input", { testid: "filter-min", attrs: { type: "number", step: "any", placeholder: "min", "aria-label": "minimum", ...needsMap } });
  const max = h("input", { testid: "filter-max", attrs: { type: "number", step: "any", placeholder: "max", "aria-label": "maximum", ...needsMap } });
  const error = h("p", { class: "filter-error", testid: "filter-error", attrs: { role: "alert" } });
  error.hidden = true;
  const read = (input: HTMLInputElement): number | null => (input.value.trim() === "" || !Number.isFinite(Number(input.value)) ? null : Number(input.value));
  const showError = (message: string | null): void => {
    error.hidden = message === null;
    error.textContent = message ?? "";
    for (const input of [min, max]) input.toggleAttribute("aria-invalid", message !== null);
  };
  const applyFilter = (): void => {
    const lo = read(min);
    const hi = read(max);
    if (lo !== null && hi !== null && lo > hi) {
      showError(`The minimum (${formatValue(lo)}) is above the maximum (${formatValue(hi)}): filter not applied.`);
      return;
    }
    showError(null);
    app.setState(withFilter(app.state, metric.value, lo, hi));
  };
  const apply = h("button", { testid: "filter-apply", attrs: needsMap, on: { click: applyFilter } }, ["apply"]);
  for (const input of [min, max]) {
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") applyFilter();
    });
    input.addEventListener("input", () => showError(null));
  }
  const active = h("ul", { class: "filters-list", testid: "filters-list" });
  const kinds = h("div", { class: "kinds", testid: "edge-kinds" });
  const domain = h("p", { class: "muted", testid: "filter-domain" });
  /** The metric's range as text and placeholders; with `reset`, in the bounds too (those of its active filter, else the range). */
  const showDomain = (reset: boolean): void => {
    const d = app.model?.domains[metric.value];
    domain.textContent = d ? `range ${formatValue(d.min)} … ${formatValue(d.max)}` : "";
    min.placeholder = d ? `min (${formatValue(d.min)})` : "min";
    max.placeholder = d ? `max (${formatValue(d.max)})` : "max";
    if (!reset) return;
    const f = app.state.filters.find((x) => x.metric === metric.value);
    min.value = f?.min != null ? String(f.min) : d ? String(d.min) : "";
    max.value = f?.max != null ? String(f.max) : d ? String(d.max) : "";
    showError(null);
  };
  metric.addEventListener("change", () => showDomain(true));
  root.replaceChildren(h("h2", {}, ["Filters"]), metric, h("div", { class: "row" }, [min, max, apply]), error, domain, active, kinds);
  let model: unknown = null;
  let kindsShown: unknown = null;
  return (app) => {
    const m = app.model;
    if (!m) return;
    if (m !== model) {
      model = m;
      metric.replaceChildren(...m.numeric.map((name) => h("option", { attrs: { value: name } }, [name])));
      if (m.metrics.includes("coreness")) metric.value = "coreness";
      showDomain(true);
    }
    // Kinds change once when a big file's edges arrive after the first frame.
    if (m.kinds !== kindsShown) {
      kindsShown = m.kinds;
      kinds.replaceChildren();
      if (m.kinds.length) {
        kinds.appendChild(h("h3", {}, ["Edge kinds"]));
        for (const kind of m.kinds) {
          const box = h("input", { testid: "kind-toggle", attrs: { type: "checkbox", "data-kind": kind, "aria-label": kind, ...needsMap } });
          box.addEventListener("change", () => app.setState(toggleKind(app.state, kind)));
          kinds.appendChild(h("label", { class: "kind" }, [box, ` ${kind}`]));
        }
      }
    }
    kinds.querySelectorAll<HTMLInputElement>("input[data-kind]").forEach((box) => (box.checked = !app.state.hiddenKinds.includes(box.dataset.kind!)));
    active.replaceChildren(
      ...app.state.filters.map((f) =>
        h("li", { testid: "filter-item", attrs: { "data-metric": f.metric } }, [
          `${f.min !== null ? `${formatValue(f.min)} ≤ ` : ""}${f.metric}${f.max !== null ? ` ≤ ${formatValue(f.max)}` : ""} `,
          h("button", { class: "link", testid: "filter-remove", title: "remove this filter", on: { click: () => app.setState(withFilter(app.state, f.metric, null, null)) } }, ["×"]),
        ]),
      ),
      ...app.state.hiddenValues.map((v) =>
        h("li", { testid: "filter-values", attrs: { "data-attribute": v.attribute } }, [
          `${v.attribute} not ${v.values.map((x) => (x === "" ? "(no value)" : x)).join(", ")} `,
          h("button", { class: "link", testid: "filter-values-remove", title: "show these values again", on: { click: () => app.setState(withHiddenValues(app.state, v.attribute, v.values, false)) } }, ["×"]),
        ]),
      ),
    );
  };
}
