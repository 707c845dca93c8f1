/** Writers of src/graph: each returns text; writing files is the caller's job. */
export { writeGexf, GEXF_WRITE_DEFAULTS } from "./gexf.ts";
export type { GexfWriteOptions } from "./gexf.ts";
export { writeGraphml } from "./graphml.ts";
export { writeNodesCsv, writeEdgesCsv, csvCell } from "./csv.ts";
export { writeJson } from "./json.ts";
export type { JsonWriteOptions } from "./json.ts";
export { writeGraph, writeFormatFromName, WRITE_FORMATS } from "./write-graph.ts";
export type { WriteFormatName, WriteGraphOptions, WrittenGraph } from "./write-graph.ts";
