/** Public API of src/graph: the model, readers and writers of every format. */
export { createGraph, upsertNode, addEdgeRecord } from "./model.ts";
export type { AtlasGraph, CreateGraphOptions } from "./model.ts";
export { readGraph, parseGraphText, formatFromName, FORMAT_NAMES, FORMAT_EXTENSIONS } from "./read.ts";
export type { FormatName, ReadOptions } from "./read.ts";
export { COMMUNITY_PALETTE, COMMUNITY_GREY, communityColor } from "./palette.ts";
export * from "./writers/index.ts";
