import type { IncomingMessage } from 'node:http';
import { gatewayFilterOf, gatewayFilterProblem, parseToolReference, type GatewayFilter } from '@mcp-portal/schema/gateway-filter';
import type { CatalogIndex, CatalogSnapshot } from './catalog-index.ts';
import type { ToolIndex, ToolSnapshot } from './tool-index.ts';
import { serverMetaKey } from './tool-names.ts';

/**
 * The servers and tools one session offers (`docker mcp gateway run --servers a,b --tools a:x`, sent as
 * `?servers=a,b&tools=a:x` on the URL the session is opened with): the session sees filtered views of the
 * tool and catalog indexes, so a tool outside the filter is neither listed nor callable (its call is
 * answered like an unknown tool's), and prompts and resources of other servers are not offered either.
 */
export class SessionFilter {
  private readonly servers: ReadonlySet<string> | undefined;
  private readonly tools: ReadonlySet<string> | undefined;

  constructor(filter: GatewayFilter) {
    this.servers = filter.servers ? new Set(filter.servers) : undefined;
    this.tools = filter.tools ? new Set(filter.tools.map((reference) => toolKey(parseToolReference(reference) ?? { server: '', tool: reference }))) : undefined;
  }

  get open(): boolean {
    return !this.servers && !this.tools;
  }

  allowsServer(server: string): boolean {
    return !this.servers || this.servers.has(server);
  }

  allowsTool(server: string, tool: string): boolean {
    return this.allowsServer(server) && (!this.tools || this.tools.has(toolKey({ server, tool })));
  }

  /** The session's view of the session server's dependencies (unchanged when nothing is filtered). */
  view<T extends { index: ToolIndex; catalog?: CatalogIndex }>(deps: T): T {
    if (this.open) return deps;
    return { ...deps, index: this.toolView(deps.index), ...(deps.catalog ? { catalog: this.catalogView(deps.catalog) } : {}) };
  }

  private toolSnapshot(snapshot: ToolSnapshot): ToolSnapshot {
    const routes = new Map([...snapshot.routes].filter(([, route]) => this.allowsTool(route.server, route.tool)));
    return {
      ...snapshot,
      servers: snapshot.servers.filter((server) => this.allowsServer(server.name)),
      tools: snapshot.tools.filter((tool) => routes.has(tool.name)),
      routes,
    };
  }

  private toolView(index: ToolIndex): ToolIndex {
    return delegate(index, {
      refresh: async () => this.toolSnapshot(await index.refresh()),
      snapshot: async () => this.toolSnapshot(await index.snapshot()),
      resolve: async (name: string) => {
        const route = await index.resolve(name);
        return route && this.allowsTool(route.server, route.tool) ? route : undefined;
      },
    });
  }

  private catalogSnapshot(snapshot: CatalogSnapshot): CatalogSnapshot {
    const ofServer = (item: { _meta?: Record<string, unknown> }) => {
      const server = item._meta?.[serverMetaKey];
      return typeof server === 'string' && this.allowsServer(server);
    };
    return {
      ...snapshot,
      servers: snapshot.servers.filter((server) => this.allowsServer(server.name)),
      prompts: snapshot.prompts.filter((prompt) => this.allowsServer(snapshot.promptRoutes.get(prompt.name)?.server ?? '')),
      promptRoutes: new Map([...snapshot.promptRoutes].filter(([, route]) => this.allowsServer(route.server))),
      resources: snapshot.resources.filter(ofServer),
      resourceRoutes: new Map([...snapshot.resourceRoutes].filter(([, route]) => this.allowsServer(route.server))),
      templates: snapshot.templates.filter(ofServer),
      templateRoutes: snapshot.templateRoutes.filter(({ route }) => this.allowsServer(route.server)),
    };
  }

  private catalogView(catalog: CatalogIndex): CatalogIndex {
    return delegate(catalog, {
      refresh: async () => this.catalogSnapshot(await catalog.refresh()),
      snapshot: async () => this.catalogSnapshot(await catalog.snapshot()),
      resolvePrompt: async (name: string) => {
        const route = await catalog.resolvePrompt(name);
        return route && this.allowsServer(route.server) ? route : undefined;
      },
      resolveResource: async (uri: string) => {
        const route = await catalog.resolveResource(uri);
        return route && 'server' in route && !this.allowsServer(route.server) ? undefined : route;
      },
    });
  }
}

export const openFilter = new SessionFilter({});

/** The filter a session is opened with (the query of its initialize or `GET /sse` request), or why it is refused. */
export function sessionFilterOf(req: IncomingMessage): SessionFilter | { problem: string } {
  const filter = gatewayFilterOf(new URL(req.url ?? '/', 'http://gateway-proxy').searchParams);
  const problem = gatewayFilterProblem(filter);
  return problem ? { problem: `Bad Request: ${problem}.` } : new SessionFilter(filter);
}

function toolKey({ server, tool }: { server: string; tool: string }): string {
  return JSON.stringify([server, tool]);
}

/** `target` with some methods replaced; every other member is the target's own (methods bound to it). */
function delegate<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return (overrides as Record<PropertyKey, unknown>)[property];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
