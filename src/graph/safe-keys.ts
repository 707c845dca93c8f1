/**
 * Makes graphology 0.26 take any string as a node key or attribute name,
 * `__proto__`, `constructor`, `toString` and `hasOwnProperty` included.
 *
 * graphology keeps each node's neighbours in plain `{}` objects
 * (`NodeData.prototype.clear`) and reads them by property: an edge to
 * `constructor` is found "already existing" (`{}.constructor` is truthy), an
 * edge to `__proto__` replaces the object's prototype, and `hasEdge` calls
 * `adjacency.hasOwnProperty(...)`. Attribute objects go through
 * `Object.assign` and `obj[name] = value`, which turn an attribute named
 * `__proto__` into a prototype change (the value vanishes from every
 * output), and `has*Attribute` calls `attributes.hasOwnProperty(name)`.
 * Upstream still does this (graphology's report #84 tested reserved names, the
 * code never changed), so this module patches the library once, in place,
 * when first imported (`model.ts` imports it, so every graph of the engine
 * has it):
 *
 * - adjacency objects get a `null` prototype (nothing inherited, `__proto__`
 *   an ordinary key); `hasEdge` / `hasDirectedEdge` / `hasUndirectedEdge`
 *   test them with `Object.hasOwn`;
 * - `has*Attribute` use `Object.hasOwn`;
 * - before a set, update or merge writes an attribute named `__proto__`,
 *   the target object gets an own `__proto__` slot, so the write lands in it;
 *   `export()` and `copy()` copy attributes with spread, which keeps it.
 *
 * Keys themselves are never changed, so outputs carry the original ids. The
 * patch is idempotent and global by nature (it fixes a library's prototypes);
 * it is the one deliberate piece of module-level state in `src/graph`.
 */
import Graph from "graphology";

type Fn = (this: unknown, ...args: unknown[]) => unknown;
type Attrs = Record<string, unknown>;
type AnyGraph = {
  _nodes: Map<string, { in?: object; out?: object; undirected?: object; attributes: Attrs }>;
  _attributes: Attrs;
  multi: boolean;
  type: string;
  [method: string]: unknown;
};

const PATCHED = Symbol.for("influence-atlas.safe-keys");
const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** Gives `target` an own `__proto__` data slot (so `target.__proto__ = v` and `Object.assign` write into it). */
function ownProtoSlot(target: unknown): void {
  if (target === null || typeof target !== "object" || hasOwn(target, "__proto__")) return;
  Object.defineProperty(target, "__proto__", { value: undefined, writable: true, enumerable: true, configurable: true });
}

/** A copy of attributes that keeps an own `__proto__` (spread defines properties; `Object.assign` sets them). */
function copyAttributes(attributes: Attrs): Attrs {
  return { ...attributes };
}

function patchNodeDataClasses(): void {
  for (const type of ["directed", "undirected", "mixed"] as const) {
    const probe = new Graph({ type }) as unknown as AnyGraph;
    (probe as unknown as Graph).addNode("probe");
    const data = probe._nodes.get("probe");
    if (!data) continue;
    const proto = Object.getPrototypeOf(data) as { clear: (this: { in?: object; out?: object; undirected?: object }) => void };
    const clear = proto.clear;
    proto.clear = function (this: { in?: object; out?: object; undirected?: object }) {
      clear.call(this);
      if (this.in !== undefined) this.in = Object.create(null) as object;
      if (this.out !== undefined) this.out = Object.create(null) as object;
      if (this.undirected !== undefined) this.undirected = Object.create(null) as object;
    };
  }
}

function patchEdgeCheckers(proto: AnyGraph): void {
  const checks: [string, (data: { in?: object; out?: object; undirected?: object }, target: string) => boolean][] = [
    ["hasDirectedEdge", (d, t) => d.out !== undefined && hasOwn(d.out, t)],
    ["hasUndirectedEdge", (d, t) => d.undirected !== undefined && hasOwn(d.undirected, t)],
    ["hasEdge", (d, t) => (d.out !== undefined && hasOwn(d.out, t)) || (d.undirected !== undefined && hasOwn(d.undirected, t))],
  ];
  for (const [name, check] of checks) {
    const original = proto[name] as Fn;
    proto[name] = function (this: AnyGraph, ...args: unknown[]) {
      if (args.length !== 2) return original.apply(this, args);
      if (name === "hasDirectedEdge" && this.type === "undirected") return false;
      if (name === "hasUndirectedEdge" && this.type === "directed") return false;
      const data = this._nodes.get("" + String(args[0]));
      return data !== undefined && check(data, "" + String(args[1]));
    };
  }
}

function patchAttributeMethods(proto: AnyGraph): void {
  const elements = ["Node", "Source", "Target", "Opposite", "Edge", "DirectedEdge", "UndirectedEdge"];
  for (const element of elements) {
    const getter = `get${element}Attributes`;
    const attributesOf = (graph: AnyGraph, args: unknown[]): Attrs => (graph[getter] as Fn).apply(graph, args) as Attrs;
    // has#Attribute(…, name)
    proto[`has${element}Attribute`] = function (this: AnyGraph, ...args: unknown[]) {
      const name = "" + String(args[args.length - 1]);
      return hasOwn(attributesOf(this, args.slice(0, -1)), name);
    };
    // set#Attribute(…, name, value), update#Attribute(…, name, updater)
    for (const method of [`set${element}Attribute`, `update${element}Attribute`]) {
      const original = proto[method] as Fn;
      proto[method] = function (this: AnyGraph, ...args: unknown[]) {
        if (args[args.length - 2] === "__proto__") ownProtoSlot(attributesOf(this, args.slice(0, -2)));
        return original.apply(this, args);
      };
    }
    // merge#Attributes(…, attributes)
    const merge = `merge${element}Attributes`;
    const originalMerge = proto[merge] as Fn;
    proto[merge] = function (this: AnyGraph, ...args: unknown[]) {
      const patch = args[args.length - 1];
      if (patch !== null && typeof patch === "object" && hasOwn(patch, "__proto__")) ownProtoSlot(attributesOf(this, args.slice(0, -1)));
      return originalMerge.apply(this, args);
    };
  }
  // graph attributes
  for (const method of ["setAttribute", "updateAttribute"]) {
    const original = proto[method] as Fn;
    proto[method] = function (this: AnyGraph, ...args: unknown[]) {
      if (args[0] === "__proto__") ownProtoSlot(this._attributes);
      return original.apply(this, args);
    };
  }
  proto.hasAttribute = function (this: AnyGraph, name: unknown) {
    return hasOwn(this._attributes, "" + String(name));
  };
  const mergeAttributes = proto.mergeAttributes as Fn;
  proto.mergeAttributes = function (this: AnyGraph, attributes: unknown) {
    if (attributes !== null && typeof attributes === "object" && hasOwn(attributes, "__proto__")) ownProtoSlot(this._attributes);
    return mergeAttributes.call(this, attributes);
  };
  // mergeNode(key, attributes) on an existing node
  const mergeNode = proto.mergeNode as Fn;
  proto.mergeNode = function (this: AnyGraph, node: unknown, attributes: unknown) {
    if (attributes !== null && typeof attributes === "object" && hasOwn(attributes, "__proto__")) {
      const data = this._nodes.get("" + String(node));
      if (data) ownProtoSlot(data.attributes);
    }
    return mergeNode.call(this, node, attributes);
  };
  // merge[Directed|Undirected]Edge[WithKey](…, attributes) on an existing edge
  for (const kind of ["", "Directed", "Undirected"]) {
    for (const withKey of [false, true]) {
      const method = `merge${kind}Edge${withKey ? "WithKey" : ""}`;
      const original = proto[method] as Fn;
      if (typeof original !== "function") continue;
      proto[method] = function (this: AnyGraph, ...args: unknown[]) {
        const attributes = args[args.length - 1];
        if (attributes !== null && typeof attributes === "object" && hasOwn(attributes, "__proto__")) {
          const g = this as unknown as Graph;
          let edge: string | undefined;
          if (withKey) edge = g.hasEdge(String(args[0])) ? String(args[0]) : undefined;
          else if (!this.multi && g.hasNode(String(args[0])) && g.hasNode(String(args[1]))) {
            edge = kind === "Directed" ? g.directedEdge(args[0] as string, args[1] as string) : kind === "Undirected" ? g.undirectedEdge(args[0] as string, args[1] as string) : g.edge(args[0] as string, args[1] as string);
          }
          if (edge !== undefined) ownProtoSlot(g.getEdgeAttributes(edge));
        }
        return original.apply(this, args);
      };
    }
  }
}

/** `export()` and `copy()` copy attributes with `Object.assign({}, …)`, which drops an own `__proto__`: copy those again with spread. */
function patchCopies(proto: AnyGraph): void {
  const exportGraph = proto.export as Fn;
  proto.export = function (this: AnyGraph) {
    const out = exportGraph.call(this) as {
      attributes: Attrs;
      nodes: { key: string; attributes?: Attrs }[];
      edges: { key: string; attributes?: Attrs }[];
    };
    const g = this as unknown as Graph;
    if (hasOwn(this._attributes, "__proto__")) out.attributes = copyAttributes(this._attributes);
    for (const node of out.nodes) {
      const attributes = g.getNodeAttributes(node.key);
      if (hasOwn(attributes, "__proto__")) node.attributes = copyAttributes(attributes);
    }
    for (const edge of out.edges) {
      const attributes = g.getEdgeAttributes(edge.key);
      if (hasOwn(attributes, "__proto__")) edge.attributes = copyAttributes(attributes);
    }
    return out;
  };
  const copy = proto.copy as Fn;
  proto.copy = function (this: AnyGraph, ...args: unknown[]) {
    const result = copy.apply(this, args) as Graph;
    const g = this as unknown as Graph;
    if (hasOwn(this._attributes, "__proto__")) result.replaceAttributes(copyAttributes(this._attributes));
    g.forEachNode((key, attributes) => {
      if (hasOwn(attributes, "__proto__")) result.replaceNodeAttributes(key, copyAttributes(attributes));
    });
    g.forEachEdge((key, attributes) => {
      if (hasOwn(attributes, "__proto__")) result.replaceEdgeAttributes(key, copyAttributes(attributes));
    });
    return result;
  };
}

/** Applies the patch once (later calls do nothing). */
export function makeGraphologyKeySafe(): void {
  const proto = Graph.prototype as unknown as AnyGraph & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  patchNodeDataClasses();
  patchEdgeCheckers(proto);
  patchAttributeMethods(proto);
  patchCopies(proto);
  Object.defineProperty(proto, PATCHED, { value: true });
}

makeGraphologyKeySafe();

/** Whether `target` has its own property `key` (never an inherited one such as `constructor`). */
export function hasOwnKey(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/**
 * Sets attribute `key` of a plain object as an own property, `__proto__`
 * included (plain assignment would change the object's prototype instead).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
