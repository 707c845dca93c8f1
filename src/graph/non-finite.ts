/**
 * Attribute values that are numbers but not finite (`1e400`, `NAN`, `INF` in
 * the input): JSON writes them as `null` and GEXF / GraphML leave them out,
 * so the CLI warns once, with their count and the first one.
 */
import type { AtlasGraph } from "./model.ts";

export interface NonFiniteValues {
  count: number;
  /** Where the first one is: `node "x"`, `edge a -> b` or `graph`, and the attribute. */
  first: { element: string; attribute: string; value: number };
}

/** Counts numbers that are not finite (NaN, ±Infinity) among the attribute values (and inside array values) of `graph`; `null` when there are none. */
export function nonFiniteValues(graph: AtlasGraph): NonFiniteValues | null {
  let count = 0;
  let first: NonFiniteValues["first"] | null = null;
  const scan = (element: () => string, attributes: Record<string, unknown>): void => {
    for (const name in attributes) {
      const v = attributes[name];
      const bad = typeof v === "number" ? (Number.isFinite(v) ? 0 : 1) : Array.isArray(v) ? v.filter((x) => typeof x === "number" && !Number.isFinite(x)).length : 0;
      if (bad === 0) continue;
      count += bad;
      if (!first) first = { element: element(), attribute: name, value: typeof v === "number" ? v : (v as number[]).find((x) => typeof x === "number" && !Number.isFinite(x))! };
    }
  };
  scan(() => "graph", graph.getAttributes());
  graph.forEachNode((key, attributes) => scan(() => `node ${JSON.stringify(key)}`, attributes));
  graph.forEachEdge((_e, attributes, s, t) => scan(() => `edge ${JSON.stringify(s)} -> ${JSON.stringify(t)}`, attributes));
  return first ? { count, first } : null;
}

/** The one-line warning for `nonFiniteValues`' result on `file`. */
export function nonFiniteWarning(file: string, found: NonFiniteValues): string {
  const { element, attribute, value } = found.first;
  return (
    `warning: ${file}: ${found.count} attribute value${found.count === 1 ? " is not a finite number" : "s are not finite numbers"} ` +
    `(first: ${element}, attribute ${JSON.stringify(attribute)} = ${value}); ` +
    "the atlas and JSON write them as null, GEXF and GraphML leave them out"
  );
}
