/** Writers of src/graph: each returns text, or its chunks (`*Chunks`); writing files is the caller's job. */
export { writeGexf, gexfChunks, gexfXmlOptions, GEXF_WRITE_DEFAULTS } from "./gexf.ts";
export type { GexfWriteOptions } from "./gexf.ts";
export { writeGraphml, graphmlChunks } from "./graphml.ts";
export { writeNodesCsv, writeEdgesCsv, nodesCsvChunks, edgesCsvChunks, csvCell } from "./csv.ts";
export { writeJson, jsonChunks } from "./json.ts";
export type { JsonWriteOptions } from "./json.ts";
export { writeGraph, writeGraphChunks, writeFormatFromName, WRITE_FORMATS } from "./write-graph.ts";
export type { GraphChunks, WriteFormatName, WriteGraphOptions, WrittenGraph } from "./write-graph.ts";
