/**
 * GEXF 1.2 / 1.3 through graphology-gexf's browser-safe parser factory with
 * xmldom. The document is parsed and checked first (XML errors, duplicate
 * node ids, edges to unknown nodes, non-numeric weights: each with its
 * line), then parsed into a temporary multi graph and copied into the model.
 * Undirected when `defaultedgetype` is `undirected`/`mutual` and no edge is
 * typed `directed`; a missing `defaultedgetype` counts as directed.
 */
import { MultiGraph } from "graphology";
import createParser from "graphology-gexf/common/parser.js";
import { DOMParser } from "@xmldom/xmldom";
import { DataError } from "../../shared/errors.ts";
import type { AtlasGraph } from "../model.ts";
import { copyIntoModel } from "./copy.ts";
import { isNumeric } from "./text.ts";
import { checkXmlGraph, parseXml, xmlDocumentClass } from "./xml.ts";

export interface GexfReadOptions {
  undirected?: boolean;
  weight?: string;
}

export function readGexf(file: string, text: string, options: GexfReadOptions = {}): AtlasGraph {
  const doc = parseXml(file, text);
  const { graphElement, edges, lines } = checkXmlGraph(file, doc, { root: "gexf", name: "GEXF" });
  const declared = graphElement.getAttribute("defaultedgetype");
  if (!declared) graphElement.setAttribute("defaultedgetype", "directed");
  const defaultType = declared === "undirected" || declared === "mutual" ? "undirected" : "directed";
  let anyDirected = false;
  const weightAttr = options.weight ?? "weight";
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i];
    const weight = edge.getAttribute("weight");
    if (weightAttr === "weight" && weight !== null && weight !== "" && (!isNumeric(weight.trim()) || !Number.isFinite(Number(weight)))) {
      throw new DataError({ file, line: lines[i] }, `weight "${weight}" is not a finite number`, "fix the value");
    }
    if ((edge.getAttribute("type") || defaultType) === "directed") anyDirected = true;
  }

  let temp;
  try {
    const parse = createParser(DOMParser, xmlDocumentClass());
    temp = parse(MultiGraph, doc, { allowUndeclaredAttributes: true });
  } catch (error) {
    throw new DataError(
      { file },
      `cannot read GEXF (${error instanceof Error ? error.message : String(error)})`,
      "check the file against the GEXF 1.3 schema",
      { cause: error },
    );
  }
  const directed = !options.undirected && (anyDirected || (edges.length === 0 && defaultType === "directed"));
  return copyIntoModel(temp, { file, directed, weight: options.weight, edgeLine: (i) => lines[i] });
}
