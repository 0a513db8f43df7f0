import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/**
 * The YAML half of reading a catalog: text to plain values, with the position of every field, and with the
 * work bounded. It needs nothing but the `yaml` package, so that a worker thread can run it (catalog-yaml-thread.ts).
 *
 * Aliases are resolved in one pass over the document (the `yaml` package looks each alias up by walking the
 * whole document again, which made 500 entries of 99 aliases take 37 s), and what they may expand to is
 * counted: an alias adds the nodes it names each time it is used.
 */

export interface YamlBounds {
  /** Nodes of the document as written (scalars, maps, lists). */
  maxNodes: number;
  /** Aliases in the document. */
  maxAliases: number;
  /** Nodes all aliases of the document add once expanded. */
  maxAliasNodes: number;
  /** Nodes the aliases of one entry add once expanded. */
  maxEntryAliasNodes: number;
  /** Levels of nesting in the document and in an entry. */
  maxDepth: number;
}

export const yamlBounds: YamlBounds = {
  maxNodes: 1_000_000,
  maxAliases: 10_000,
  maxAliasNodes: 100_000,
  maxEntryAliasNodes: 1_000,
  maxDepth: 64,
};

/** A problem of the document itself, at a place in the text (both 1-based). */
export interface DocumentIssue {
  line: number;
  column: number;
  /** `registry`, `registry.<name>.<field>`, or empty for the document as a whole. */
  path: string;
  message: string;
}

/** The text is not a catalog at all (not YAML, no `registry:` map, or past a bound): nothing of it can be used. */
export class CatalogFormatError extends Error {
  constructor(readonly issue: DocumentIssue) {
    super(`${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
  }
}

/**
 * Where the parts of a value start in the text: `at` is the offset of the key of a map field, or of the item
 * of a list; `fields` and `items` hold the same for the value's own parts (an alias has none).
 */
export interface Located {
  at: number;
  fields?: Map<string, Located>;
  items?: Located[];
}

export interface TreeEntry {
  /** The entry's key in `registry`, or null when the key is not a plain string or number. */
  name: string | null;
  /** Offset of the key. */
  at: number;
  value: unknown;
  located: Located;
  /** Why the entry could not be read at all (its value is then null). */
  problem: string | null;
}

export interface CatalogTree {
  displayName: string | null;
  entries: TreeEntry[];
  /** Offsets at which lines start, to turn offsets into lines and columns. */
  lineStarts: number[];
}

/** `line` and `column` (1-based) of an offset. */
export function linePosition(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
}

/** A problem of one entry: it is left out, the others are read. */
class EntryProblem extends Error {}

interface Converted {
  value: unknown;
  /** Nodes of the value once every alias in it is expanded. */
  size: number;
}

export function readCatalogTree(text: string, bounds: YamlBounds = yamlBounds): CatalogTree {
  const lines = new LineCounter();
  let doc: Document;
  try {
    // Unique keys are checked below, in linear time: the package compares each key with every earlier one.
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: true, merge: false });
  } catch (error) {
    if (error instanceof RangeError)
      throw new CatalogFormatError({ line: 1, column: 1, path: '', message: `not valid YAML: nested deeper than ${bounds.maxDepth} levels` });
    throw error;
  }
  const position = (offset: number | undefined) => linePosition(lines.lineStarts, offset ?? 0);

  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const [start] = syntaxError.linePos ?? [];
    const message = syntaxError.message.split(' at line ')[0] ?? syntaxError.message;
    throw new CatalogFormatError({ line: start?.line ?? 1, column: start?.col ?? 1, path: '', message: `not valid YAML: ${message}` });
  }

  const aliasTargets = indexAliases(doc, bounds, position);

  const root = doc.contents;
  if (!isMap(root)) throw new CatalogFormatError({ ...position(root?.range?.[0]), path: '', message: 'a catalog is a map with a `registry:` key' });
  const registryPair = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'registry');
  if (!registryPair || !isMap(registryPair.value)) {
    const at = registryPair ? (registryPair.key as Node) : root;
    throw new CatalogFormatError({ ...position(at.range?.[0]), path: 'registry', message: 'must be a map of server names to entries' });
  }
  const displayNameNode = root.get('displayName', true);
  const displayName = isScalar(displayNameNode) && typeof displayNameNode.value === 'string' ? displayNameNode.value : null;

  const converter = new Converter(aliasTargets, bounds, position);
  const entries: TreeEntry[] = [];
  for (const pair of registryPair.value.items) {
    const keyNode = pair.key as Node;
    const at = keyNode.range?.[0] ?? 0;
    const keyValue = isScalar(keyNode) ? keyNode.value : null;
    if (typeof keyValue !== 'string' && typeof keyValue !== 'number') {
      entries.push({ name: null, at, value: null, located: { at }, problem: 'server names must be plain strings' });
      continue;
    }
    const name = String(keyValue);
    const valueNode = (pair.value ?? null) as Node | null;
    try {
      const { value, located } = converter.entry(valueNode, at);
      entries.push({ name, at, value, located, problem: null });
    } catch (error) {
      if (!(error instanceof EntryProblem)) throw error;
      entries.push({ name, at, value: null, located: { at }, problem: error.message });
    }
  }
  return { displayName, entries, lineStarts: [...lines.lineStarts] };
}

/**
 * One pass in document order (the order in which YAML defines "the last anchor of that name before the
 * alias"): which node each alias names, with the document's nodes, aliases and depth counted as it goes.
 */
function indexAliases(doc: Document, bounds: YamlBounds, position: (offset: number | undefined) => { line: number; column: number }): Map<Node, Node | null> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Node, Node | null>();
  let nodes = 0;
  const refuse = (node: Node, message: string): never => {
    throw new CatalogFormatError({ ...position(node.range?.[0]), path: '', message });
  };
  // Iterative, so that no nesting can overflow the stack before the depth bound is reached.
  const stack: [unknown, number][] = [[doc.contents, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (!item || typeof item !== 'object') continue;
    const node = item as Node;
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source) ?? null);
      if (targets.size > bounds.maxAliases)
        refuse(node, `the catalog has more than ${bounds.maxAliases} YAML aliases (an alias repeats what its anchor names; this many are not a catalog)`);
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    nodes += 1;
    if (nodes > bounds.maxNodes) refuse(node, `the catalog has more than ${bounds.maxNodes} YAML nodes`);
    if (depth > bounds.maxDepth) refuse(node, `the catalog is nested deeper than ${bounds.maxDepth} levels`);
    if (node.anchor) anchors.set(node.anchor, node);
    // Children go on the stack in reverse, so that they come off it in document order (a key before its value).
    if (isMap(node)) {
      const keys = new Set<unknown>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        if (keys.has(pair.key.value)) refuse(pair.key, 'not valid YAML: Map keys must be unique');
        keys.add(pair.key.value);
      }
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i];
        stack.push([pair?.value, depth + 1], [pair?.key, depth + 1]);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i], depth + 1]);
    }
  }
  return targets;
}

/** Turns nodes into plain values, expanding aliases from a cache and counting what they add. */
class Converter {
  private readonly done = new Map<Node, Converted>();
  private readonly inProgress = new Set<Node>();
  private aliasNodes = 0;
  private entryAliasNodes = 0;

  constructor(
    private readonly targets: Map<Node, Node | null>,
    private readonly bounds: YamlBounds,
    private readonly position: (offset: number | undefined) => { line: number; column: number },
  ) {}

  entry(node: Node | null, at: number): { value: unknown; located: Located } {
    this.entryAliasNodes = 0;
    const located: Located = { at };
    if (!node) return { value: null, located };
    const { value } = this.convert(node, 0, located);
    return { value, located };
  }

  private convert(node: unknown, depth: number, located: Located | null): Converted {
    if (depth > this.bounds.maxDepth) throw new EntryProblem(`is nested deeper than ${this.bounds.maxDepth} levels`);
    if (node === null || node === undefined) return { value: null, size: 1 };
    if (isAlias(node)) return this.expand(node, depth);
    if (isScalar(node)) return { value: node.value, size: 1 };
    const cached = this.done.get(node as Node);
    if (cached && !located) return cached;
    this.inProgress.add(node as Node);
    let result: Converted;
    if (isMap(node)) {
      const value: Record<string, unknown> = {};
      let size = 1;
      const fields = located ? new Map<string, Located>() : undefined;
      for (const pair of node.items) {
        const key = this.keyOf(pair.key);
        const keyAt = (pair.key as Node | null)?.range?.[0] ?? 0;
        const child: Located | null = fields ? { at: keyAt } : null;
        const converted = this.convert(pair.value, depth + 1, child);
        // An own property even for `__proto__`: YAML keys never reach the prototype.
        Object.defineProperty(value, key, { value: converted.value, enumerable: true, writable: true, configurable: true });
        size += converted.size;
        if (fields && child) fields.set(key, child);
      }
      if (located && fields) located.fields = fields;
      result = { value, size };
    } else if (isSeq(node)) {
      const value: unknown[] = [];
      let size = 1;
      const items: Located[] | undefined = located ? [] : undefined;
      for (const item of node.items) {
        const child: Located | null = items ? { at: (item as Node | null)?.range?.[0] ?? 0 } : null;
        const converted = this.convert(item, depth + 1, child);
        value.push(converted.value);
        size += converted.size;
        if (items && child) items.push(child);
      }
      if (located && items) located.items = items;
      result = { value, size };
    } else {
      result = { value: null, size: 1 };
    }
    this.inProgress.delete(node as Node);
    if ((node as Node).anchor) this.done.set(node as Node, result);
    return result;
  }

  private expand(alias: Node & { source: string }, depth: number): Converted {
    const target = this.targets.get(alias);
    if (!target) throw new EntryProblem(`the alias *${alias.source} names no anchor before it`);
    if (this.inProgress.has(target)) throw new EntryProblem(`the alias *${alias.source} is inside the node it names`);
    const converted = this.done.get(target) ?? this.convert(target, depth, null);
    this.entryAliasNodes += converted.size;
    this.aliasNodes += converted.size;
    if (this.aliasNodes > this.bounds.maxAliasNodes) {
      throw new CatalogFormatError({
        ...this.position(alias.range?.[0]),
        path: '',
        message: `the aliases of the catalog expand to more than ${this.bounds.maxAliasNodes} nodes`,
      });
    }
    if (this.entryAliasNodes > this.bounds.maxEntryAliasNodes)
      throw new EntryProblem(`its aliases expand to more than ${this.bounds.maxEntryAliasNodes} nodes`);
    return converted;
  }

  /** Map keys as the `yaml` package writes them into objects: a scalar's text (null as ''). */
  private keyOf(key: unknown): string {
    const node = isAlias(key) ? this.targets.get(key) : key;
    if (node === null || node === undefined) return '';
    if (isScalar(node)) return node.value === null || node.value === undefined ? '' : String(node.value);
    throw new EntryProblem('map keys must be plain values, not lists or maps');
  }
}
