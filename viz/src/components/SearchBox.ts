/**
 * Search with suggestions by label, handle or key; picking one selects the
 * node and zooms to it. Clearing the box (emptied, its clear button, or
 * Escape) fits the map back to the nodes shown.
 */
import type { AtlasApp } from "../app.ts";
import { h } from "../dom.ts";
import { searchNodes, type SearchHit } from "../model.ts";

export function mountSearchBox(root: HTMLElement, app: AtlasApp): void {
  const input = h("input", {
    testid: "search-input",
    attrs: { type: "search", placeholder: "Search a label or @handle", "aria-label": "search", autocomplete: "off", "data-needs-map": "" },
  });
  const list = h("ul", { class: "suggestions", testid: "search-suggestions" });
  list.hidden = true;
  root.replaceChildren(input, list);
  let hits: SearchHit[] = [];
  let active = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const pick = (hit: SearchHit | undefined): void => {
    if (!hit) return;
    list.hidden = true;
    input.value = hit.label;
    app.select(hit.key, true);
  };
  const render = (): void => {
    list.replaceChildren(
      ...hits.map((hit, i) =>
        h(
          "li",
          {
            testid: "search-suggestion",
            class: i === active ? "active" : "",
            attrs: { "data-key": hit.key },
            on: { mousedown: (e) => (e.preventDefault(), pick(hit)) },
          },
          [hit.label, hit.label !== hit.key ? h("span", { class: "muted" }, [` ${hit.key}`]) : null],
        ),
      ),
    );
    list.hidden = hits.length === 0;
  };
  /** The search is cleared: no suggestion, and the camera back on the nodes shown. */
  const reset = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    hits = [];
    render();
    app.fitToVisible();
  };
  let last = "";
  input.addEventListener("input", () => {
    const cleared = input.value.trim() === "" && last.trim() !== "";
    last = input.value;
    if (cleared) return reset();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      hits = app.model ? searchNodes(app.model.search, input.value, 10) : [];
      active = 0;
      render();
    }, 80);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (hits.length) active = (active + (e.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
      render();
    } else if (e.key === "Enter") {
      if (timer) {
        clearTimeout(timer);
        timer = null;
        hits = app.model ? searchNodes(app.model.search, input.value, 10) : [];
        active = 0;
      }
      pick(hits[active]);
    } else if (e.key === "Escape") {
      // First Escape closes the suggestions, the next clears the search; the node panel is left to the next one.
      if (!list.hidden) list.hidden = true;
      else if (input.value !== "") {
        input.value = last = "";
        reset();
      } else return;
      e.preventDefault();
      e.stopPropagation();
    }
  });
  input.addEventListener("blur", () => setTimeout(() => (list.hidden = true), 150));
}
