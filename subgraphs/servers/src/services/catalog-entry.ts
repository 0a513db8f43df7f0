import type { CatalogEntryDocument } from '@mcp-portal/schema/catalog-format';

/** Where an entry comes from: the catalog file, or the table (made by hand, or imported). */
export type CatalogEntryOrigin = 'bundled' | 'custom' | 'imported';

export interface CatalogRun {
  /** `node` for an npm package (run with the servers subgraph's own Node). */
  command: string;
  package: string | null;
  bin: string | null;
  args: string[];
  env: { name: string; value: string }[];
}

export interface CatalogSecret {
  name: string;
  env: string;
  example: string | null;
  description: string | null;
}

export interface CatalogOAuth {
  providers: { provider: string; secret: string | null; env: string | null }[];
  scopes: string[];
  /** Whose authorization a remote server's calls carry: each user's own, or the team's one. */
  connection: 'user' | 'team';
}

/** A catalog entry as the API shows it; `document` is the validated entry in Docker's format. */
export interface CatalogEntry {
  name: string;
  origin: CatalogEntryOrigin;
  title: string;
  description: string;
  type: 'server' | 'remote' | 'poci';
  image: string | null;
  command: string[];
  run: CatalogRun | null;
  tools: string[];
  secretNames: string[];
  secrets: CatalogSecret[];
  env: { name: string; value: string }[];
  /** The JSON Schema objects of the entry's configuration (Docker's `config:`), if any. */
  configSchema: Record<string, unknown>[] | null;
  disableNetwork: boolean;
  allowHosts: string[];
  remoteUrl: string | null;
  remoteTransport: string | null;
  oauth: CatalogOAuth | null;
  readme: string | null;
  category: string | null;
  tags: string[];
  license: string | null;
  icon: string | null;
  document: CatalogEntryDocument;
}

export function describeEntry(name: string, document: CatalogEntryDocument, origin: CatalogEntryOrigin): CatalogEntry {
  const { run, oauth, metadata } = document;
  return {
    name,
    origin,
    title: document.title || name,
    description: document.description,
    type: document.type,
    image: document.image ?? null,
    command: document.command ?? [],
    run: run
      ? {
          command: run.command ?? 'node',
          package: run.package ?? null,
          bin: run.bin ?? null,
          args: run.args,
          env: Object.entries(run.env).map(([key, value]) => ({ name: key, value })),
        }
      : null,
    tools: document.tools.map((tool) => tool.name),
    secretNames: document.secrets.map((secret) => secret.name),
    secrets: document.secrets.map((secret) => ({
      name: secret.name,
      env: secret.env,
      example: secret.example ?? null,
      description: secret.description ?? null,
    })),
    env: document.env ?? [],
    configSchema: document.config ?? null,
    disableNetwork: document.disableNetwork ?? false,
    allowHosts: document.allowHosts ?? [],
    remoteUrl: document.remote?.url ?? document.sseEndpoint ?? null,
    remoteTransport: document.remote?.transport_type ?? (document.sseEndpoint ? 'sse' : null),
    oauth: oauth
      ? {
          providers: oauth.providers.map((p) => ({ provider: p.provider, secret: p.secret ?? null, env: p.env ?? null })),
          scopes: oauth.scopes,
          connection: oauth.connection,
        }
      : null,
    readme: document.readme ?? null,
    category: metadata?.category ?? null,
    tags: metadata?.tags ?? [],
    license: metadata?.license ?? null,
    icon: document.icon ?? null,
    document,
  };
}

/** Case-insensitive substring over name, title, description and tags (the store's SQL search does the same). */
export function matchesSearch(entry: CatalogEntry, search: string | undefined): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  return [entry.name, entry.title, entry.description, ...entry.tags].some((text) => text.toLowerCase().includes(needle));
}

/** Code-unit order, the same as the store's `collate "C"`, so that merged pages line up. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
