/** Types for the browser-safe deep entry points of graphology-gexf / graphology-graphml. */
declare module "graphology-gexf/common/parser.js" {
  import type { AbstractGraph } from "graphology-types";
  type ParserOptions = { addMissingNodes?: boolean; allowUndeclaredAttributes?: boolean; respectInputGraphType?: boolean };
  type Parse = (Graph: unknown, source: string | Document, options?: ParserOptions) => AbstractGraph;
  const createParserFunction: (DOMParser: unknown, Document: unknown) => Parse;
  export default createParserFunction;
}

declare module "graphology-graphml/common/parser.js" {
  import type { AbstractGraph } from "graphology-types";
  type Parse = (Graph: unknown, source: string | Document, options?: { addMissingNodes?: boolean }) => AbstractGraph;
  const createParserFunction: (DOMParser: unknown, Document: unknown) => Parse;
  export default createParserFunction;
}

declare module "graphology-gexf/common/writer.js" {
  import type { AbstractGraph, Attributes } from "graphology-types";
  type Formatted = {
    label?: string;
    viz?: { color?: string; size?: number; x?: number; y?: number; z?: number; shape?: string; thickness?: number };
    attributes?: Attributes;
    weight?: number;
    kind?: string;
  };
  type WriterOptions = {
    encoding?: string;
    pretty?: boolean;
    version?: "1.2" | "1.3";
    pedantic?: boolean;
    formatNode?: (key: string, attributes: Attributes) => Formatted;
    formatEdge?: (key: string, attributes: Attributes) => Formatted;
  };
  const write: (graph: AbstractGraph, options?: WriterOptions) => string;
  export default write;
}

declare module "graphology-gexf/common/helpers.js" {
  /** graphology-gexf's typing of an attribute value (`integer` → number, `liststring` → string[], ...). */
  export function parseValue(type: string, value: string): unknown;
}
