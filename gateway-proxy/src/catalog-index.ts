import type { Prompt, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { Logger } from '@mcp-portal/kit';
import { aggregateByName, routeOfPrefixed, serverMetaKey, type NameClash, type NameRoute } from './tool-names.ts';
import type { UpstreamDirectory } from './upstreams.ts';

export interface ServerContent {
  id: string;
  name: string;
  prompts: Prompt[];
  resources: Resource[];
  templates: ResourceTemplate[];
}

/** Where a resource URI leads: one server, or several that list it (then it is not listed, see aggregate). */
export interface ResourceRoute {
  serverId: string;
  server: string;
}

export interface CatalogSnapshot {
  servers: ServerContent[];
  prompts: Prompt[];
  promptRoutes: Map<string, NameRoute>;
  promptClashes: NameClash[];
  resources: Resource[];
  /** Listed URI → its server. */
  resourceRoutes: Map<string, ResourceRoute>;
  /** URIs that two or more servers list: left out of resources/list, and named in the error of a read. */
  sharedUris: Map<string, string[]>;
  templates: ResourceTemplate[];
  /** Each listed template with its server, to route a read of a URI that matches it. */
  templateRoutes: { template: UriTemplate; route: ResourceRoute }[];
}

const empty = (): CatalogSnapshot => ({
  servers: [],
  prompts: [],
  promptRoutes: new Map(),
  promptClashes: [],
  resources: [],
  resourceRoutes: new Map(),
  sharedUris: new Map(),
  templates: [],
  templateRoutes: [],
});

const withServer = <T extends { _meta?: Record<string, unknown> }>(item: T, server: string): T => ({
  ...item,
  _meta: { ...item._meta, [serverMetaKey]: server },
});

/**
 * The prompts, resources and resource templates of every running server, aggregated: prompts under the
 * tools' naming rule, resources and templates with their own URIs (a URI two servers list is left out and
 * logged, never one hiding the other). Read again whenever the directory reports a change (a server
 * started or stopped, or sent its own list_changed); listeners hear when what prompts/list or
 * resources/list (templates included) answers has changed.
 */
export class CatalogIndex {
  private current: { snapshot: CatalogSnapshot; prompts: string; resources: string; warnings: string } | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly promptListeners = new Set<() => void>();
  private readonly resourceListeners = new Set<() => void>();
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly directory: UpstreamDirectory,
    private readonly logger: Logger,
  ) {
    const reload = () => {
      this.refresh().catch((error: unknown) => logger.warn({ err: error }, "could not read the running servers' prompts and resources after a change"));
    };
    this.stops.push(directory.onChange(reload));
    if (directory.onContentChange) this.stops.push(directory.onContentChange(reload));
  }

  /** Whether the directory offers prompts and resources at all. */
  get supported(): boolean {
    return Boolean(this.directory.listPrompts && this.directory.listResources);
  }

  refresh(): Promise<CatalogSnapshot> {
    const next = this.chain.then(() => this.load());
    this.chain = next.catch(() => undefined);
    return next;
  }

  async snapshot(): Promise<CatalogSnapshot> {
    return this.current?.snapshot ?? this.refresh();
  }

  /** The route of a listed prompt name, or of `<server>__<prompt>`; one fresh read before giving up. */
  async resolvePrompt(name: string): Promise<NameRoute | undefined> {
    const find = (snapshot: CatalogSnapshot) =>
      snapshot.promptRoutes.get(name) ??
      routeOfPrefixed(
        snapshot.servers.map((server) => ({ id: server.id, name: server.name, items: server.prompts })),
        name,
      );
    return find(await this.snapshot()) ?? find(await this.refresh());
  }

  /**
   * The server to read a URI from: the one that lists it, else the one whose template matches it. Several
   * candidates: their names, so the error can say so. One fresh read before giving up.
   */
  async resolveResource(uri: string): Promise<ResourceRoute | { shared: string[] } | undefined> {
    const find = (snapshot: CatalogSnapshot) => {
      const listed = snapshot.resourceRoutes.get(uri);
      if (listed) return listed;
      const shared = snapshot.sharedUris.get(uri);
      if (shared) return { shared };
      const matching = new Map<string, ResourceRoute>();
      for (const { template, route } of snapshot.templateRoutes) if (matches(template, uri)) matching.set(route.serverId, route);
      if (matching.size === 1) return [...matching.values()][0];
      if (matching.size > 1) return { shared: [...matching.values()].map((route) => route.server) };
      return undefined;
    };
    return find(await this.snapshot()) ?? find(await this.refresh());
  }

  onPromptsChanged(listener: () => void): () => void {
    this.promptListeners.add(listener);
    return () => this.promptListeners.delete(listener);
  }

  onResourcesChanged(listener: () => void): () => void {
    this.resourceListeners.add(listener);
    return () => this.resourceListeners.delete(listener);
  }

  close(): void {
    for (const stop of this.stops) stop();
    this.promptListeners.clear();
    this.resourceListeners.clear();
  }

  private async load(): Promise<CatalogSnapshot> {
    if (!this.supported) return empty();
    const running = await this.directory.list();
    const servers = await Promise.all(running.map((server) => this.contentOf(server.id, server.name)));
    const snapshot = aggregate(servers);
    const prompts = JSON.stringify(snapshot.prompts);
    const resources = JSON.stringify([snapshot.resources, snapshot.templates]);
    const warnings = JSON.stringify([snapshot.promptClashes, [...snapshot.sharedUris]]);
    const previous = this.current;
    this.current = { snapshot, prompts, resources, warnings };
    if (warnings !== previous?.warnings) {
      if (snapshot.promptClashes.length > 0)
        this.logger.warn({ clashes: snapshot.promptClashes }, 'prompts left out of the gateway-proxy: even their <server>__<prompt> names are equal');
      if (snapshot.sharedUris.size > 0)
        this.logger.warn(
          { uris: Object.fromEntries(snapshot.sharedUris) },
          'resources left out of the gateway-proxy: several running servers list the same URI',
        );
    }
    if (previous && previous.prompts !== prompts) for (const listener of this.promptListeners) listener();
    if (previous && previous.resources !== resources) for (const listener of this.resourceListeners) listener();
    return snapshot;
  }

  /** One server's lists; a server that fails to answer contributes nothing this time (and is logged). */
  private async contentOf(id: string, name: string): Promise<ServerContent> {
    const read = async <T>(what: string, list: ((serverId: string) => Promise<T[]>) | undefined): Promise<T[]> => {
      if (!list) return [];
      try {
        return await list.call(this.directory, id);
      } catch (error) {
        this.logger.warn({ err: error, server: name }, `could not list the ${what} of a running server`);
        return [];
      }
    };
    const [prompts, resources, templates] = await Promise.all([
      read('prompts', this.directory.listPrompts),
      read('resources', this.directory.listResources),
      read('resource templates', this.directory.listResourceTemplates),
    ]);
    return { id, name, prompts, resources, templates };
  }
}

function matches(template: UriTemplate, uri: string): boolean {
  try {
    return template.match(uri) !== null;
  } catch {
    return false;
  }
}

/** The aggregation rules (exported for tests). */
export function aggregate(servers: ServerContent[]): CatalogSnapshot {
  const ordered = [...servers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const named = aggregateByName(ordered.map((server) => ({ id: server.id, name: server.name, items: server.prompts })));
  const listers = new Map<string, ServerContent[]>();
  for (const server of ordered) {
    for (const uri of new Set(server.resources.map((resource) => resource.uri))) listers.set(uri, [...(listers.get(uri) ?? []), server]);
  }
  const resources: Resource[] = [];
  const resourceRoutes = new Map<string, ResourceRoute>();
  const sharedUris = new Map<string, string[]>();
  for (const server of ordered) {
    for (const resource of server.resources) {
      const owners = listers.get(resource.uri) ?? [];
      if (owners.length > 1) {
        sharedUris.set(
          resource.uri,
          owners.map((owner) => owner.name),
        );
        continue;
      }
      if (resourceRoutes.has(resource.uri)) continue; // a server listing one URI twice: once is enough
      resources.push(withServer(resource, server.name));
      resourceRoutes.set(resource.uri, { serverId: server.id, server: server.name });
    }
  }
  const templates: ResourceTemplate[] = [];
  const templateRoutes: CatalogSnapshot['templateRoutes'] = [];
  for (const server of ordered) {
    for (const template of server.templates) {
      templates.push(withServer(template, server.name));
      try {
        templateRoutes.push({ template: new UriTemplate(template.uriTemplate), route: { serverId: server.id, server: server.name } });
      } catch {
        // A template the SDK cannot parse is listed but routes nothing.
      }
    }
  }
  return {
    servers: ordered,
    prompts: named.items,
    promptRoutes: named.routes,
    promptClashes: named.clashes,
    resources,
    resourceRoutes,
    sharedUris,
    templates,
    templateRoutes,
  };
}
