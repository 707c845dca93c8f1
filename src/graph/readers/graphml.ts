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
import { elementLine, parseXml, xmlDocumentClass } from "./xml.ts";

export interface GraphmlReadOptions {
  undirected?: boolean;
  weight?: string;
}

export function readGraphml(file: string, text: string, options: GraphmlReadOptions = {}): AtlasGraph {
  const doc = parseXml(file, text);
  const root = doc.documentElement;
  if (root.tagName !== "graphml") {
    throw new DataError(
      { file, line: elementLine(root) ?? 1 },
      `not a GraphML file (root element <${root.tagName}>)`,
      "give a GraphML file or set --format",
    );
  }
  const graphElement = doc.getElementsByTagName("graph")[0];
  if (!graphElement) {
    throw new DataError({ file, line: elementLine(root) ?? 1 }, "GraphML file has no <graph> element", "export the file again");
  }
  const declared = graphElement.getAttribute("edgedefault");
  if (!declared) graphElement.setAttribute("edgedefault", "directed");
  const defaultDirected = declared !== "undirected";

  const ids = new Set<string>();
  const nodes = doc.getElementsByTagName("node");
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const id = node.getAttribute("id");
    if (id === null || id === "") {
      throw new DataError({ file, line: elementLine(node) }, "<node> has no id", "give every node an id attribute");
    }
    if (ids.has(id)) {
      throw new DataError({ file, line: elementLine(node) }, `duplicate node id "${id}"`, "give every node a distinct id");
    }
    ids.add(id);
  }
  const edges = doc.getElementsByTagName("edge");
  const lines: (number | undefined)[] = new Array(edges.length);
  let anyDirected = false;
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i];
    lines[i] = elementLine(edge);
    for (const end of ["source", "target"]) {
      const ref = edge.getAttribute(end);
      if (ref === null || !ids.has(ref)) {
        throw new DataError(
          { file, line: lines[i] },
          ref === null ? `<edge> has no ${end}` : `edge ${end} "${ref}" is not a node id`,
          "declare the node or fix the edge",
        );
      }
    }
    const flag = edge.getAttribute("directed");
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
