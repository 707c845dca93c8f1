/**
 * GEXF 1.3 as graphology-gexf's writer writes it (streamed: `gexf-xml.ts`), ready for Gephi: `viz:color`
 * from the node's community (colour-blind-safe palette, grey when missing),
 * `viz:size` from PageRank (linear in its square root between `minSize` and
 * `maxSize`), `viz:position` from `x`/`y`. Every other attribute is written
 * as a typed GEXF attribute (community and pagerank included).
 */
import type { Attributes } from "graphology-types";
import type { WritableGraph } from "../edge-stream-view.ts";
import { communityColor } from "../palette.ts";
import { gexfXmlChunks, type GexfXmlOptions } from "./gexf-xml.ts";
import { setOwn } from "../safe-keys.ts";

export interface GexfWriteOptions {
  /** GEXF version (default `"1.3"`). */
  version?: "1.2" | "1.3";
  /** Node attribute holding the community id (default `"community"`). */
  communityAttribute?: string;
  /** Node attribute sizing nodes (default `"pagerank"`). */
  sizeAttribute?: string;
  /** Size of the node with the smallest score (default 2). */
  minSize?: number;
  /** Size of the node with the largest score (default 30). */
  maxSize?: number;
  /** Indent the XML (default `true`). */
  pretty?: boolean;
}

export const GEXF_WRITE_DEFAULTS: Readonly<Required<GexfWriteOptions>> = Object.freeze({
  version: "1.3",
  communityAttribute: "community",
  sizeAttribute: "pagerank",
  minSize: 2,
  maxSize: 30,
  pretty: true,
});

const VIZ_NAMES = new Set(["color", "size", "x", "y", "z", "shape", "thickness"]);

function finite(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** Writes the graph as GEXF text (the joined {@link gexfChunks}). */
export function writeGexf(graph: WritableGraph, options: GexfWriteOptions = {}): string {
  return [...gexfChunks(graph, options)].join("");
}

/** The GEXF document in chunks of about 64 K characters, for writing big graphs without one string. */
export function gexfChunks(graph: WritableGraph, options: GexfWriteOptions = {}): Generator<string> {
  return gexfXmlChunks(graph, gexfXmlOptions(graph, options));
}

/**
 * The options of graphology-gexf's `write(graph, options)` that give the
 * atlas GEXF (version, indent, the node and edge formatters); exported so
 * tests can check the chunks against graphology-gexf's own writer.
 */
export function gexfXmlOptions(graph: WritableGraph, options: GexfWriteOptions = {}): GexfXmlOptions {
  const opts = { ...GEXF_WRITE_DEFAULTS, ...options };
  let hasCommunity = false;
  let lo = Infinity;
  let hi = -Infinity;
  graph.forEachNode((_k, a) => {
    if (a[opts.communityAttribute] !== undefined) hasCommunity = true;
    const s = a[opts.sizeAttribute];
    if (finite(s) && s >= 0) {
      const r = Math.sqrt(s);
      if (r < lo) lo = r;
      if (r > hi) hi = r;
    }
  });
  const sized = lo <= hi;
  const sizeOf = (v: unknown): number => {
    if (!finite(v) || v < 0) return opts.minSize;
    if (hi === lo) return (opts.minSize + opts.maxSize) / 2;
    return opts.minSize + ((Math.sqrt(v) - lo) / (hi - lo)) * (opts.maxSize - opts.minSize);
  };

  const formatNode = (key: string, attrs: Attributes) => {
    const viz: { color?: string; size?: number; x?: number; y?: number; z?: number; shape?: string } = {};
    const attributes: Attributes = {};
    for (const name in attrs) {
      const v = attrs[name];
      if (name === "label") continue;
      if (VIZ_NAMES.has(name)) {
        if ((name === "x" || name === "y" || name === "z" || name === "size") && finite(v)) viz[name] = v;
        else if ((name === "color" || name === "shape") && typeof v === "string") viz[name] = v;
        else setOwn(attributes, name, v);
        continue;
      }
      if (typeof v === "number" && !Number.isFinite(v)) continue;
      setOwn(attributes, name, v);
    }
    if (hasCommunity) viz.color = communityColor(attrs[opts.communityAttribute]);
    if (sized) viz.size = sizeOf(attrs[opts.sizeAttribute]);
    return { label: String(attrs.label ?? key), viz, attributes };
  };

  const formatEdge = (_key: string, attrs: Attributes) => {
    const out: { label?: string; weight?: number; kind?: string; attributes?: Attributes } = {};
    for (const name in attrs) {
      const v = attrs[name];
      if (name === "weight" && finite(v)) out.weight = v;
      else if (name === "kind" && typeof v === "string") out.kind = v;
      else if (name === "label" && typeof v === "string") out.label = v;
      else if (typeof v === "number" && !Number.isFinite(v)) continue;
      else setOwn((out.attributes ??= {}), name, v);
    }
    return out;
  };

  return { version: opts.version, pretty: opts.pretty, formatNode, formatEdge };
}
