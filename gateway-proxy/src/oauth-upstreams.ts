import type { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { aggregate, type CatalogIndex, type CatalogSnapshot, type ResourceRoute, type ServerContent } from './catalog-index.ts';
import type { ToolIndex, ToolSnapshot } from './tool-index.ts';
import { aggregateTools, routeOfPrefixed, routeOfPrefixedName, toolNameSeparator, type NameRoute, type ToolRoute } from './tool-names.ts';
import { AuthorizationRequired } from '@mcp-portal/servers/remote-authorization';
import type { AuthorizingServer, UserSessions } from './oauth-sessions.ts';
import type { UpstreamCallOptions, UpstreamDirectory, UpstreamServer } from './upstreams.ts';

const isAuthorizing = (server: UpstreamServer): server is AuthorizingServer => server.authorization !== undefined;

/**
 * The directory as the proxy uses it when remote servers sign in with OAuth (issue 13): a server listed with
 * `authorization` has no session the directory could use for everyone, so its calls go to the caller's own
 * session (UserSessions, with the caller's token), or are answered "authorize it first"; so do its prompts/get,
 * resources/read and completion/complete (options.userId). Its prompts and resources are each user's own, so the
 * directory lists none for it (userCatalogIndex lists them per user); it offers no 2026-07-28 endpoint. Every
 * other server is the directory's as it was.
 */
export function oauthUpstreams(directory: UpstreamDirectory, sessions: UserSessions): UpstreamDirectory {
  /** The servers that sign in with OAuth, as last listed. */
  let authorizing = new Map<string, AuthorizingServer>();
  const list = async () => {
    const servers = await directory.list();
    authorizing = new Map(servers.filter(isAuthorizing).map((server) => [server.id, server]));
    void sessions.retain([...authorizing.values()]);
    return servers;
  };
  const serverOf = async (serverId: string) => {
    if (!authorizing.has(serverId)) await list();
    return authorizing.get(serverId);
  };
  const known = (serverId: string) => authorizing.get(serverId);
  const none = async <T>(serverId: string, read: ((serverId: string) => Promise<T[]>) | undefined): Promise<T[]> =>
    known(serverId) || !read ? [] : read.call(directory, serverId);
  const overrides: Partial<UpstreamDirectory> = {
    list,
    async callTool(serverId, tool, args, options = {}) {
      const { userId, ...rest } = options;
      const server = await serverOf(serverId);
      if (!server) return directory.callTool(serverId, tool, args, rest);
      if (userId === undefined) return sessions.authorizeFirst(server, new AuthorizationRequired('The call was made for no user.', 'missing'));
      return sessions.callTool(userId, server, tool, args, rest);
    },
    // The users' sessions' requests and URL elicitations' completions go where the directory's go.
    onServerRequest(listener) {
      const stopOwn = sessions.onServerRequest(listener);
      const stopDirectory = directory.onServerRequest?.(listener);
      return () => {
        stopOwn();
        stopDirectory?.();
      };
    },
    onElicitationComplete(listener) {
      const stopOwn = sessions.onElicitationComplete(listener);
      const stopDirectory = directory.onElicitationComplete?.(listener);
      return () => {
        stopOwn();
        stopDirectory?.();
      };
    },
    async close() {
      await sessions.closeAll();
      await directory.close?.();
    },
  };
  const { listPrompts, listResources, listResourceTemplates, httpEndpoint, getPrompt, readResource, complete } = directory;
  if (listPrompts) overrides.listPrompts = (serverId) => none(serverId, listPrompts);
  if (listResources) overrides.listResources = (serverId) => none(serverId, listResources);
  if (listResourceTemplates) overrides.listResourceTemplates = (serverId) => none(serverId, listResourceTemplates);
  /** The caller's own request to a per-user server, or the directory's to any other; `again` words the authorize-first error. */
  const perUser = async <T>(
    serverId: string,
    options: UpstreamCallOptions,
    again: string,
    own: (userId: string, server: AuthorizingServer, rest: UpstreamCallOptions) => Promise<T>,
    shared: (rest: UpstreamCallOptions) => Promise<T>,
  ): Promise<T> => {
    const { userId, ...rest } = options;
    const server = await serverOf(serverId);
    if (!server) return shared(rest);
    if (userId === undefined) throw sessions.authorizeFirstError(server, new AuthorizationRequired('The request was made for no user.', 'missing'), again);
    return own(userId, server, rest);
  };
  if (getPrompt)
    overrides.getPrompt = (serverId, name, args, options = {}) =>
      perUser(
        serverId,
        options,
        'get the prompt',
        (userId, server, rest) => sessions.getPrompt(userId, server, name, args, rest),
        (rest) => getPrompt.call(directory, serverId, name, args, rest),
      );
  if (readResource)
    overrides.readResource = (serverId, uri, options = {}) =>
      perUser(
        serverId,
        options,
        'read the resource',
        (userId, server, rest) => sessions.readResource(userId, server, uri, rest),
        (rest) => readResource.call(directory, serverId, uri, rest),
      );
  if (complete)
    overrides.complete = (serverId, params, options = {}) =>
      perUser(
        serverId,
        options,
        'ask for completions',
        (userId, server, rest) => sessions.complete(userId, server, params, rest),
        (rest) => complete.call(directory, serverId, params, rest),
      );
  if (httpEndpoint) {
    overrides.httpEndpoint = async (serverId) => {
      const server = known(serverId);
      if (server) return { unavailable: `${server.name} signs in with OAuth: the gateway-proxy calls it with each caller's token.` };
      return httpEndpoint.call(directory, serverId);
    };
  }
  return withOverrides(directory, overrides);
}

/**
 * One user's view of the tool index: a per-user OAuth server lists the tools its own tools/list gives that user
 * (with their token), or, until they have authorized it, those its catalog entry names; the naming rule then
 * runs over what this user sees. A `<server>__<tool>` name of such a server always leads to it, so that a call
 * is told to authorize it rather than that the tool is unknown.
 */
export function userToolIndex(index: ToolIndex, sessions: UserSessions, userId: string): ToolIndex {
  const personal = async (snapshot: ToolSnapshot): Promise<ToolSnapshot> => {
    if (!snapshot.servers.some(isAuthorizing)) return snapshot;
    const servers = await Promise.all(
      snapshot.servers.map(async (server) =>
        isAuthorizing(server) ? { ...server, tools: (await sessions.toolsFor(userId, server)) ?? server.tools } : server,
      ),
    );
    return { ...snapshot, servers, ...aggregateTools(snapshot.policies.withoutDisabled(servers)) };
  };
  const find = (snapshot: ToolSnapshot, name: string): ToolRoute | undefined =>
    snapshot.routes.get(name) ?? routeOfPrefixedName(snapshot.servers, name) ?? prefixedRouteOfAuthorizing(snapshot.servers, name);
  return withOverrides(index, {
    refresh: async () => personal(await index.refresh()),
    snapshot: async () => personal(await index.snapshot()),
    resolve: async (name: string) => find(await personal(await index.snapshot()), name) ?? find(await personal(await index.refresh()), name),
  });
}

/**
 * One user's view of the catalog index: a per-user OAuth server lists the prompts, resources and resource
 * templates its own lists give that user (with their token), none until they have authorized it; the
 * aggregation rules then run over what this user sees. A `<server>__<prompt>` name of such a server always leads
 * to it, and so does a name or URI nothing else offers when exactly one such server lists nothing for this user,
 * so that a prompts/get or resources/read is told to authorize it rather than that nothing offers it.
 */
export function userCatalogIndex(catalog: CatalogIndex, sessions: UserSessions, userId: string): CatalogIndex {
  const personal = async (snapshot: CatalogSnapshot): Promise<{ snapshot: CatalogSnapshot; unauthorized: ServerContent[] }> => {
    const unauthorized: ServerContent[] = [];
    if (!snapshot.servers.some((server) => sessions.serverOf(server.id))) return { snapshot, unauthorized };
    const servers = await Promise.all(
      snapshot.servers.map(async (content) => {
        const server = sessions.serverOf(content.id);
        if (!server) return content;
        const own = await sessions.contentFor(userId, server);
        if (!own) unauthorized.push(content);
        return { ...content, ...(own ?? { prompts: [], resources: [], templates: [] }) };
      }),
    );
    return { snapshot: aggregate(servers), unauthorized };
  };
  const only = (unauthorized: ServerContent[]) => (unauthorized.length === 1 ? unauthorized[0] : undefined);
  const findPrompt = ({ snapshot, unauthorized }: Awaited<ReturnType<typeof personal>>, name: string): NameRoute | undefined => {
    const route =
      snapshot.promptRoutes.get(name) ??
      routeOfPrefixed(
        snapshot.servers.map((server) => ({ id: server.id, name: server.name, items: server.prompts })),
        name,
      );
    if (route) return route;
    for (const server of unauthorized) {
      const prefix = `${server.name}${toolNameSeparator}`;
      if (name.startsWith(prefix) && name.length > prefix.length) return { serverId: server.id, server: server.name, name: name.slice(prefix.length) };
    }
    const fallback = only(unauthorized);
    return fallback && { serverId: fallback.id, server: fallback.name, name };
  };
  const findResource = ({ snapshot, unauthorized }: Awaited<ReturnType<typeof personal>>, uri: string): ResourceRoute | { shared: string[] } | undefined => {
    const listed = snapshot.resourceRoutes.get(uri);
    if (listed) return listed;
    const shared = snapshot.sharedUris.get(uri);
    if (shared) return { shared };
    const matching = new Map<string, ResourceRoute>();
    for (const { template, route } of snapshot.templateRoutes) if (matches(template, uri)) matching.set(route.serverId, route);
    if (matching.size === 1) return [...matching.values()][0];
    if (matching.size > 1) return { shared: [...matching.values()].map((route) => route.server) };
    const fallback = only(unauthorized);
    return fallback && { serverId: fallback.id, server: fallback.name };
  };
  return withOverrides(catalog, {
    refresh: async () => (await personal(await catalog.refresh())).snapshot,
    snapshot: async () => (await personal(await catalog.snapshot())).snapshot,
    resolvePrompt: async (name: string) =>
      findPrompt(await personal(await catalog.snapshot()), name) ?? findPrompt(await personal(await catalog.refresh()), name),
    resolveResource: async (uri: string) =>
      findResource(await personal(await catalog.snapshot()), uri) ?? findResource(await personal(await catalog.refresh()), uri),
  });
}

function matches(template: UriTemplate, uri: string): boolean {
  try {
    return template.match(uri) !== null;
  } catch {
    return false;
  }
}

function prefixedRouteOfAuthorizing(servers: readonly UpstreamServer[], name: string): ToolRoute | undefined {
  for (const server of servers) {
    const prefix = `${server.name}${toolNameSeparator}`;
    if (isAuthorizing(server) && name.startsWith(prefix) && name.length > prefix.length)
      return { serverId: server.id, server: server.name, tool: name.slice(prefix.length) };
  }
  return undefined;
}

/** `target` with some members replaced; every other member is the target's own (methods bound to it). */
function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return (overrides as Record<PropertyKey, unknown>)[property];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
