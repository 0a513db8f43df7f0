import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { formatPath, validateEntry, type CatalogEntryDocument, type EntryPolicy } from './catalog-format.ts';

/** An entry left out of a catalog, and why: `line:column` points into the YAML text (both 1-based). */
export interface CatalogIssue {
  /** The entry's key in `registry`, or null for a problem of the document itself. */
  name: string | null;
  line: number;
  column: number;
  /** `registry.<name>.<field>` */
  path: string;
  message: string;
}

export interface CatalogEntryFound {
  name: string;
  document: CatalogEntryDocument;
}

export interface ParsedCatalog {
  displayName: string | null;
  entries: CatalogEntryFound[];
  skipped: CatalogIssue[];
}

/** The text is not a catalog at all (not YAML, or no `registry:` map): nothing of it can be used. */
export class CatalogFormatError extends Error {
  constructor(readonly issue: Omit<CatalogIssue, 'name'>) {
    super(`${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
  }
}

/** `catalog.yaml:42:5: registry.foo.image: …` */
export function formatIssue(source: string, issue: Pick<CatalogIssue, 'line' | 'column' | 'path' | 'message'>): string {
  return `${source}:${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** YAML aliases expand in place; a few are normal, thousands are a "billion laughs" document. */
const maxAliasCount = 100;

/**
 * Reads a catalog in Docker's format entry by entry: a bad entry is reported with the line and column of
 * the offending field and left out whole; the good ones are returned validated.
 */
export function parseCatalogYaml(text: string, policy: EntryPolicy): ParsedCatalog {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const position = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return { line, column: col };
  };

  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const [start] = syntaxError.linePos ?? [];
    const message = syntaxError.message.split(' at line ')[0] ?? syntaxError.message;
    throw new CatalogFormatError({ line: start?.line ?? 1, column: start?.col ?? 1, path: '', message: `not valid YAML: ${message}` });
  }
  const root = doc.contents;
  if (!isMap(root)) throw new CatalogFormatError({ ...position(root?.range?.[0]), path: '', message: 'a catalog is a map with a `registry:` key' });
  const registryPair = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'registry');
  if (!registryPair || !isMap(registryPair.value)) {
    const at = registryPair ? (registryPair.key as Node) : root;
    throw new CatalogFormatError({ ...position(at.range?.[0]), path: 'registry', message: 'must be a map of server names to entries' });
  }
  const displayNameNode = root.get('displayName', true);
  const displayName = isScalar(displayNameNode) && typeof displayNameNode.value === 'string' ? displayNameNode.value : null;

  const entries: CatalogEntryFound[] = [];
  const skipped: CatalogIssue[] = [];
  for (const pair of registryPair.value.items) {
    const keyNode = pair.key as Node;
    const keyValue = isScalar(keyNode) ? keyNode.value : null;
    if (typeof keyValue !== 'string' && typeof keyValue !== 'number') {
      skipped.push({ name: null, ...position(keyNode.range?.[0]), path: 'registry', message: 'server names must be plain strings' });
      continue;
    }
    const name = String(keyValue);
    const valueNode = pair.value as Node | null;
    let value: unknown;
    try {
      value = valueNode ? valueNode.toJS(doc as Document, { maxAliasCount }) : null;
    } catch (error) {
      skipped.push({ name, ...position(keyNode.range?.[0]), path: `registry.${name}`, message: (error as Error).message });
      continue;
    }
    const result = validateEntry(name, value, policy);
    if (result.ok) {
      entries.push({ name, document: result.document });
      continue;
    }
    const located = result.problems
      .map((problem) => ({ ...problem, offset: offsetOf(keyNode, valueNode, problem.path) }))
      .sort((a, b) => a.offset - b.offset);
    const first = located[0];
    if (!first) continue;
    const more = located.length > 1 ? ` (and ${located.length - 1} more problem${located.length > 2 ? 's' : ''})` : '';
    skipped.push({
      name,
      ...position(first.offset),
      path: `registry.${name}${first.path.length > 0 ? `.${formatPath(first.path)}` : ''}`,
      message: `${first.message}${more}`,
    });
  }
  return { displayName, entries, skipped };
}

/**
 * Where a problem at `path` inside an entry starts: the key of the deepest field of the path that exists
 * in the text (a missing field points at its parent's key), or the item of a list.
 */
function offsetOf(entryKey: Node, entryValue: Node | null, path: readonly (string | number)[]): number {
  let anchor: Node = entryKey;
  let node: unknown = entryValue;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      anchor = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      anchor = item;
      node = item;
    } else break;
  }
  return anchor.range?.[0] ?? 0;
}
