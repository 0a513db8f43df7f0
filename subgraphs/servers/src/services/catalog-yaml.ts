import { formatPath, validateEntry, type CatalogEntryDocument, type EntryPolicy } from '@mcp-portal/schema/catalog-format';
import { readCatalogTreeOffThread, type OffThreadLimits } from './catalog-yaml-thread.ts';
import { linePosition, readCatalogTree, type CatalogTree, type Located } from './catalog-yaml-tree.ts';

export { CatalogFormatError } from './catalog-yaml-tree.ts';

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

/** `catalog.yaml:42:5: registry.foo.image: …` */
export function formatIssue(source: string, issue: Pick<CatalogIssue, 'line' | 'column' | 'path' | 'message'>): string {
  return `${source}:${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/**
 * Reads a catalog in Docker's format entry by entry: a bad entry is reported with the line and column of
 * the offending field and left out whole; the good ones are returned validated. The work is bounded (see
 * catalog-yaml-tree.ts): a document past a bound is a CatalogFormatError. This runs on the calling thread
 * (the bundled catalog at start); imports use parseCatalogYamlOffThread.
 */
export function parseCatalogYaml(text: string, policy: EntryPolicy): ParsedCatalog {
  const steps = validateTree(readCatalogTree(text), policy);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** Entries validated between two turns of the event loop, when validating for an import. */
const entriesPerTurn = 50;

/**
 * parseCatalogYaml for text from outside: the YAML is read in a worker thread within `timeoutMs` (and a heap
 * of its own), and the entries are validated a few at a time, so that the process keeps answering (/health,
 * other requests) during any import.
 */
export async function parseCatalogYamlOffThread(text: string, policy: EntryPolicy, limits: OffThreadLimits): Promise<ParsedCatalog> {
  const steps = validateTree(await readCatalogTreeOffThread(text, limits), policy);
  for (let done = 0; ; done += 1) {
    const step = steps.next();
    if (step.done) return step.value;
    if (done % entriesPerTurn === entriesPerTurn - 1) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Validates the entries of a read catalog, yielding after each one. */
function* validateTree(tree: CatalogTree, policy: EntryPolicy): Generator<void, ParsedCatalog> {
  const position = (offset: number) => linePosition(tree.lineStarts, offset);
  const entries: CatalogEntryFound[] = [];
  const skipped: CatalogIssue[] = [];
  for (const entry of tree.entries) {
    yield;
    const { name } = entry;
    if (name === null) {
      skipped.push({ name: null, ...position(entry.at), path: 'registry', message: entry.problem ?? 'server names must be plain strings' });
      continue;
    }
    if (entry.problem !== null) {
      skipped.push({ name, ...position(entry.at), path: `registry.${name}`, message: entry.problem });
      continue;
    }
    const result = validateEntry(name, entry.value, policy);
    if (result.ok) {
      entries.push({ name, document: result.document });
      continue;
    }
    const located = result.problems.map((problem) => ({ ...problem, offset: offsetOf(entry.located, problem.path) })).sort((a, b) => a.offset - b.offset);
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
  return { displayName: tree.displayName, entries, skipped };
}

/**
 * Where a problem at `path` inside an entry starts: the key of the deepest field of the path that exists
 * in the text (a missing field points at its parent's key), or the item of a list.
 */
function offsetOf(entry: Located, path: readonly (string | number)[]): number {
  let place = entry;
  for (const segment of path) {
    const next = typeof segment === 'number' && place.items ? place.items[segment] : place.fields?.get(String(segment));
    if (!next) break;
    place = next;
  }
  return place.at;
}
