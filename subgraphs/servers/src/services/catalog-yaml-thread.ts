import { Worker } from 'node:worker_threads';
import { CatalogFormatError, type CatalogTree, type TreeEntry } from './catalog-yaml-tree.ts';
import type { WorkerMessage } from './catalog-yaml-worker.ts';

export interface OffThreadLimits {
  /** The worker's whole life, from its start to its answer. */
  timeoutMs: number;
  /** The worker's own heap; past it the worker ends, not the process. */
  maxHeapMb?: number;
}

/** The text could not be read within the limits of an import (time, memory). */
export class CatalogReadLimitError extends Error {}

/**
 * Starts the worker. From TypeScript sources (tsx, vitest) the worker registers tsx itself first: Node 20
 * does not hand the parent's module hooks to a worker thread.
 */
function startWorker(maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: Math.min(64, maxHeapMb / 4) };
  const ownExtension = new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js';
  const script = new URL(`./catalog-yaml-worker${ownExtension}`, import.meta.url);
  if (ownExtension === '.js') return new Worker(script, { resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

/**
 * Reads a catalog's YAML in a worker thread of its own, so that a large or hostile document never holds
 * the event loop: past `timeoutMs` the worker is ended and the import refused.
 */
export function readCatalogTreeOffThread(text: string, limits: OffThreadLimits): Promise<CatalogTree> {
  const maxHeapMb = limits.maxHeapMb ?? 512;
  const worker = startWorker(maxHeapMb);
  return new Promise<CatalogTree>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new CatalogReadLimitError(`The catalog could not be read within ${limits.timeoutMs / 1000} s (MCP_CATALOG_IMPORT_PARSE_TIMEOUT_MS).`)),
      limits.timeoutMs,
    );
    const settle = () => clearTimeout(timer);
    const entries: TreeEntry[] = [];
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'entries') {
        entries.push(...message.entries);
        return;
      }
      settle();
      if (message.type === 'done') resolve({ displayName: message.displayName, entries, lineStarts: message.lineStarts });
      else if (message.type === 'not-a-catalog') reject(new CatalogFormatError(message.issue));
      else reject(new Error(`Reading the catalog failed: ${message.message}`));
    });
    worker.once('error', (error: Error & { code?: string }) => {
      settle();
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') reject(new CatalogReadLimitError(`The catalog needs more than ${maxHeapMb} MiB to be read.`));
      else reject(error);
    });
    worker.once('exit', (code) => {
      settle();
      reject(new Error(`The worker reading the catalog ended (${code}) without an answer.`));
    });
    worker.postMessage(text);
  }).finally(() => void worker.terminate());
}
