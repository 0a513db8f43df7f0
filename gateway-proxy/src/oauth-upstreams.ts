import type { ToolIndex, ToolSnapshot } from './tool-index.ts';
import { aggregateTools, routeOfPrefixedName, toolNameSeparator, type ToolRoute } from './tool-names.ts';
import { AuthorizationRequired } from '@mcp-portal/servers/remote-authorization';
import type { AuthorizingServer, UserSessions } from './oauth-sessions.ts';
import type { UpstreamDirectory, UpstreamServer } from './upstreams.ts';

const isAuthorizing = (server: UpstreamServer): server is AuthorizingServer => server.authorization !== undefined;

/**
 * The directory as the proxy uses it when remote servers sign in with OAuth (issue 13): a server listed with
 * `authorization` has no session the directory could use for everyone, so its calls go to the caller's own
 * session (UserSessions, with the caller's token), or are answered "authorize it first"; it offers no
 * prompts, resources or 2026-07-28 endpoint. Every other server is the directory's as it was.
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
    async close() {
      await sessions.closeAll();
      await directory.close?.();
    },
  };
  const { listPrompts, listResources, listResourceTemplates, httpEndpoint } = directory;
  if (listPrompts) overrides.listPrompts = (serverId) => none(serverId, listPrompts);
  if (listResources) overrides.listResources = (serverId) => none(serverId, listResources);
  if (listResourceTemplates) overrides.listResourceTemplates = (serverId) => none(serverId, listResourceTemplates);
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
