import { parentPort } from 'node:worker_threads';
import { CatalogFormatError, readCatalogTree, type DocumentIssue, type TreeEntry } from './catalog-yaml-tree.ts';

/**
 * What the worker sends: the entries in slices (each message is copied into the parent on its event loop, so
 * no single copy is large), then the rest of the tree, or why the text is not a catalog.
 */
export type WorkerMessage =
  | { type: 'entries'; entries: TreeEntry[] }
  | { type: 'done'; displayName: string | null; lineStarts: number[] }
  | { type: 'not-a-catalog'; issue: DocumentIssue }
  | { type: 'failed'; message: string };

const entriesPerMessage = 100;

/** A worker thread that reads one catalog's YAML (catalog-yaml-thread.ts starts it, and ends it after one answer). */
parentPort?.once('message', (text: string) => {
  const send = (message: WorkerMessage) => parentPort?.postMessage(message);
  try {
    const tree = readCatalogTree(text);
    for (let start = 0; start < tree.entries.length; start += entriesPerMessage)
      send({ type: 'entries', entries: tree.entries.slice(start, start + entriesPerMessage) });
    send({ type: 'done', displayName: tree.displayName, lineStarts: tree.lineStarts });
  } catch (error) {
    send(error instanceof CatalogFormatError ? { type: 'not-a-catalog', issue: error.issue } : { type: 'failed', message: (error as Error).message });
  }
});
