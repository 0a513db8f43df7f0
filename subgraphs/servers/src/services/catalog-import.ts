import { InvalidInputError } from '@mcp-portal/kit';
import type { EntryPolicy } from './catalog-format.ts';
import { displayUrl, fetchCatalogText, importUrl, type FetchLimits } from './catalog-fetch.ts';
import { CatalogFormatError, parseCatalogYaml, type ParsedCatalog } from './catalog-yaml.ts';

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
export async function readCatalogToImport(source: CatalogImportSource, limits: FetchLimits, policy: EntryPolicy): Promise<ParsedCatalog> {
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
    return parseCatalogYaml(text, policy);
  } catch (error) {
    if (error instanceof CatalogFormatError) throw new InvalidInputError(`Not an MCP catalog: ${error.message}`);
    throw error;
  }
}
