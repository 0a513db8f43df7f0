import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compareNames, describeEntry, matchesSearch, type CatalogEntry } from './catalog-entry.ts';
import { fileEntryPolicy } from '@mcp-portal/schema/catalog-format';
import { CatalogFormatError, formatIssue, parseCatalogYaml } from './catalog-yaml.ts';

export type { CatalogEntry } from './catalog-entry.ts';

export const bundledCatalogPath = fileURLToPath(new URL('../../catalog/catalog.yaml', import.meta.url));

export class CatalogLoadError extends Error {}

/**
 * The bundled catalog: the file at MCP_CATALOG_PATH, read once at start. It is the deployer's own
 * setting, so any problem in it stops the start with every offending line listed.
 */
export class Catalog {
  private constructor(private readonly entries: Map<string, CatalogEntry>) {}

  static parse(text: string, source: string): Catalog {
    let parsed;
    try {
      parsed = parseCatalogYaml(text, fileEntryPolicy);
    } catch (error) {
      if (error instanceof CatalogFormatError) throw new CatalogLoadError(`${source} is not a valid MCP catalog: ${formatIssue(source, error.issue)}`);
      throw error;
    }
    if (parsed.skipped.length > 0) {
      const lines = parsed.skipped.map((issue) => `  ${formatIssue(source, issue)}`).join('\n');
      throw new CatalogLoadError(`${source} is not a valid MCP catalog:\n${lines}`);
    }
    return new Catalog(new Map(parsed.entries.map(({ name, document }) => [name, describeEntry(name, document, 'bundled')])));
  }

  static async load(path: string): Promise<Catalog> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new CatalogLoadError(`Cannot read the catalog at ${path}: ${(error as Error).message}`);
    }
    return Catalog.parse(text, path);
  }

  get(name: string): CatalogEntry | null {
    return this.entries.get(name) ?? null;
  }

  /** Sorted by name (code-unit order). */
  list(search?: string): CatalogEntry[] {
    return [...this.entries.values()].filter((entry) => matchesSearch(entry, search)).sort((a, b) => compareNames(a.name, b.name));
  }

  names(): string[] {
    return [...this.entries.keys()];
  }
}
