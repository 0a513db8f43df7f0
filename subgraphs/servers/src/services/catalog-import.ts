import { InvalidInputError } from '@mcp-portal/kit';
import type { EntryPolicy } from '@mcp-portal/schema/catalog-format';
import { displayUrl, fetchCatalogText, importUrl, type FetchLimits } from './catalog-fetch.ts';
import { CatalogFormatError, parseCatalogYamlOffThread, type ParsedCatalog } from './catalog-yaml.ts';
import { CatalogReadLimitError } from './catalog-yaml-thread.ts';

export interface CatalogImportLimits extends FetchLimits {
  /** How long reading the YAML (in a worker thread) may take. */
  parseTimeoutMs: number;
}

/** The heap the worker reading YAML gets: parsed YAML takes about 100 times its text (5 MiB needs 300–500 MiB). */
export const readingHeapMb = (maxBytes: number) => Math.max(256, Math.ceil(maxBytes / (1024 * 1024)) * 120);

/** What to import: the YAML text itself, or an http(s) URL the subgraph fetches. */
export type CatalogImportSource = { yaml: string } | { url: string };

/** How the import names its source in the audit log: the URL (without credentials), or `yaml` for text sent inline. */
export function importOrigin(source: CatalogImportSource): string {
  if (!('url' in source)) return 'yaml';
  try {
    return displayUrl(new URL(source.url));
  } catch {
    return source.url.slice(0, 200);
  }
}

/**
 * Reads the catalog to import, entry by entry. A source that cannot be read, or text that is not a
 * catalog at all, is a BAD_USER_INPUT; bad entries are only reported (with their line) and left out.
 */
export async function readCatalogToImport(source: CatalogImportSource, limits: CatalogImportLimits, policy: EntryPolicy): Promise<ParsedCatalog> {
  let text: string;
  if ('url' in source) {
    text = await fetchCatalogText(importUrl(source.url), limits);
  } else {
    if (Buffer.byteLength(source.yaml, 'utf8') > limits.maxBytes) {
      throw new InvalidInputError(`The catalog is larger than the ${limits.maxBytes} bytes an import may have.`);
    }
    text = source.yaml;
  }
  try {
    return await parseCatalogYamlOffThread(text, policy, { timeoutMs: limits.parseTimeoutMs, maxHeapMb: readingHeapMb(limits.maxBytes) });
  } catch (error) {
    if (error instanceof CatalogFormatError) throw new InvalidInputError(`Not an MCP catalog: ${error.message}`);
    if (error instanceof CatalogReadLimitError) throw new InvalidInputError(error.message);
    throw error;
  }
}
