import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const bundledCatalogPath = fileURLToPath(new URL('../../catalog/catalog.yaml', import.meta.url));

const entrySchema = z.object({
  title: z.string().optional(),
  description: z.string().default(''),
  type: z.enum(['server', 'remote', 'poci']).default('server'),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  tools: z.array(z.object({ name: z.string() })).default([]),
  secrets: z.array(z.object({ name: z.string(), env: z.string(), example: z.string().optional() })).default([]),
  remote: z.object({ transport_type: z.string(), url: z.string().url() }).optional(),
  icon: z.string().optional(),
  metadata: z
    .object({ category: z.string().optional(), tags: z.array(z.string()).default([]), license: z.string().optional() })
    .default({ tags: [] }),
});

const catalogSchema = z.object({
  name: z.string().optional(),
  displayName: z.string().optional(),
  registry: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'server names are lower-case letters, digits, ".", "_" and "-"'), entrySchema),
});

export interface CatalogEntry {
  name: string;
  title: string;
  description: string;
  type: 'server' | 'remote' | 'poci';
  image: string | null;
  command: string[];
  tools: string[];
  secretNames: string[];
  remoteUrl: string | null;
  category: string | null;
  tags: string[];
  icon: string | null;
}

export class CatalogLoadError extends Error {}

export class Catalog {
  private constructor(private readonly entries: Map<string, CatalogEntry>) {}

  static parse(text: string, source: string): Catalog {
    let document: unknown;
    try {
      document = parseYaml(text);
    } catch (error) {
      throw new CatalogLoadError(`${source} is not valid YAML: ${(error as Error).message}`);
    }
    const parsed = catalogSchema.safeParse(document);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
      throw new CatalogLoadError(`${source} is not a valid MCP catalog:\n${issues}`);
    }
    const entries = new Map<string, CatalogEntry>();
    for (const [name, entry] of Object.entries(parsed.data.registry)) {
      entries.set(name, {
        name,
        title: entry.title ?? name,
        description: entry.description,
        type: entry.type,
        image: entry.image ?? null,
        command: entry.command ?? [],
        tools: entry.tools.map((t) => t.name),
        secretNames: entry.secrets.map((s) => s.name),
        remoteUrl: entry.remote?.url ?? null,
        category: entry.metadata.category ?? null,
        tags: entry.metadata.tags,
        icon: entry.icon ?? null,
      });
    }
    return new Catalog(entries);
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

  list(search?: string): CatalogEntry[] {
    const all = [...this.entries.values()].sort((a, b) => a.name.localeCompare(b.name));
    if (!search) return all;
    const needle = search.toLowerCase();
    return all.filter((e) => [e.name, e.title, e.description, ...e.tags].some((text) => text.toLowerCase().includes(needle)));
  }
}
