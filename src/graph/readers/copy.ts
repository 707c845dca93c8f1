/**
 * Copies a graph that a graphology parser produced (possibly multi or mixed)
 * into the model: labels as strings (default: the key), repeated edges merged
 * with `addEdgeRecord` semantics, weights taken from the chosen attribute and
 * checked. In a directed model, an undirected edge of a mixed graph is added
 * both ways (a self-loop once).
 */
import type { AbstractGraph, Attributes } from "graphology-types";
import { DataError } from "../../shared/errors.ts";
import { createGraph, type AtlasGraph } from "../model.ts";
import { EdgeAccumulator } from "./accumulator.ts";
import { setOwn } from "../safe-keys.ts";

export interface CopyOptions {
  file: string;
  directed: boolean;
  /** Edge attribute holding the weight (default `"weight"`). */
  weight?: string;
  /** Line of the i-th edge (in the temporary graph's order), for error messages. */
  edgeLine?: (index: number) => number | undefined;
  /** How to name the i-th edge in an error when no line is known. */
  edgeName?: (index: number) => string;
}

/** Weight from an attribute value: missing → 1; numbers and numeric strings; otherwise `undefined`. */
function toWeight(value: unknown): number | undefined {
  if (value === undefined || value === null || value === "") return 1;
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function copyIntoModel(temp: AbstractGraph, options: CopyOptions): AtlasGraph {
  const graph = createGraph({ directed: options.directed });
  graph.replaceAttributes({ ...temp.getAttributes() });
  temp.forEachNode((key, attrs) => {
    const label = attrs.label;
    graph.addNode(key, {
      ...attrs,
      label: label === undefined || label === null || label === "" ? key : String(label),
    });
  });
  const weightAttr = options.weight ?? "weight";
  const acc = new EdgeAccumulator(graph);
  let index = 0;
  temp.forEachEdge((_edge, attrs, source, target, _sa, _ta, undirected) => {
    const weight = toWeight(attrs[weightAttr]);
    if (weight === undefined) {
      const line = options.edgeLine?.(index);
      throw new DataError(
        { file: options.file, line },
        `${line === undefined && options.edgeName ? options.edgeName(index) + " " : ""}edge ${source} -> ${target}: weight ${JSON.stringify(attrs[weightAttr])} is not a finite number`,
        "fix the value or choose another attribute with --weight",
      );
    }
    const kind = typeof attrs.kind === "string" && attrs.kind ? attrs.kind : undefined;
    let rest: Attributes | undefined;
    for (const name in attrs) {
      if (name === "weight" || name === "kind") continue;
      setOwn((rest ??= {}), name, attrs[name]);
    }
    acc.add(source, target, weight, kind, rest);
    if (undirected && options.directed && source !== target) acc.add(target, source, weight, kind, rest);
    index++;
  });
  acc.flush();
  return graph;
}
