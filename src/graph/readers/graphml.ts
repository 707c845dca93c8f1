/**
 * GraphML through graphology-graphml's browser-safe parser factory with
 * xmldom, checked first like GEXF (XML errors, duplicate node ids, edges to
 * unknown nodes, each with its line). Undirected when `edgedefault` is
 * `undirected` and no edge says `directed="true"`; a missing `edgedefault`
 * counts as directed.
 */
import { MultiGraph } from "graphology";
import createParser from "graphology-graphml/common/parser.js";
import { DOMParser } from "@xmldom/xmldom";
import { DataError } from "../../shared/errors.ts";
import type { AtlasGraph } from "../model.ts";
import { copyIntoModel } from "./copy.ts";
import { checkXmlGraph, parseXml, xmlDocumentClass } from "./xml.ts";

export interface GraphmlReadOptions {
  undirected?: boolean;
  weight?: string;
}

export function readGraphml(file: string, text: string, options: GraphmlReadOptions = {}): AtlasGraph {
  const doc = parseXml(file, text);
  const { graphElement, edges, lines } = checkXmlGraph(file, doc, { root: "graphml", name: "GraphML" });
  const declared = graphElement.getAttribute("edgedefault");
  if (!declared) graphElement.setAttribute("edgedefault", "directed");
  const defaultDirected = declared !== "undirected";
  let anyDirected = false;
  for (let i = 0; i < edges.length; i++) {
    const flag = edges[i].getAttribute("directed");
    if (flag === "true" || (defaultDirected && flag !== "false")) anyDirected = true;
  }

  let temp;
  try {
    const parse = createParser(DOMParser, xmlDocumentClass());
    temp = parse(MultiGraph, doc);
  } catch (error) {
    throw new DataError(
      { file },
      `cannot read GraphML (${error instanceof Error ? error.message : String(error)})`,
      "check the file against the GraphML schema",
      { cause: error },
    );
  }
  const directed = !options.undirected && (anyDirected || (edges.length === 0 && defaultDirected));
  return copyIntoModel(temp, { file, directed, weight: options.weight, edgeLine: (i) => lines[i] });
}
