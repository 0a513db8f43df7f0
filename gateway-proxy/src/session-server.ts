import { performance } from 'node:perf_hooks';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  LoggingLevelSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  type CallToolResult,
  type GetPromptResult,
  type LoggingLevel,
  type Progress,
  type ProgressToken,
  type ServerNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { roleAtLeast, type Logger } from '@mcp-portal/kit';
import type { CatalogIndex } from './catalog-index.ts';
import { forwardRootsChanges, sendToClient } from './client-requests.ts';
import type { InFlightRequests } from './in-flight.ts';
import { paginate } from './pagination.ts';
import { openFilter, type SessionFilter } from './session-filter.ts';
import { addCompletionHandler, completionsSupported } from './completions.ts';
import { addSubscriptionHandlers, type ResourceSubscriptions } from './resource-subscriptions.ts';
import { blockedOutcome, type SecretGuard } from './secret-guard.ts';
import type { ToolCallAudit } from './tool-call-audit.ts';
import type { ToolIndex } from './tool-index.ts';
import type { UrlElicitations } from './url-elicitations.ts';
import { toolPolicyRefusalOf, toolsListedFor } from './tool-policy.ts';
import { callerOf } from './caller.ts';
import { resourceNotFoundCode, RpcError, rpcErrorOf } from './rpc-error.ts';
import { proxyServerInfo } from './server-info.ts';
import { prefixedToolName, type ToolRoute } from './tool-names.ts';
import type { UpstreamDirectory, UpstreamServer } from './upstreams.ts';
import { userCatalogIndex, userToolIndex } from './oauth-upstreams.ts';
import type { UserSessions } from './oauth-sessions.ts';

export interface SessionServerDeps {
  /** Refuses tool calls whose arguments or results carry a secret (GATEWAY_PROXY_BLOCK_SECRETS); without it none are checked. */
  secrets?: SecretGuard;
  index: ToolIndex;
  upstreams: UpstreamDirectory;
  audit: ToolCallAudit;
  logger: Logger;
  /** Prompts and resources; without it the session offers tools only. */
  catalog?: CatalogIndex;
  /** Routes servers' log messages and requests to the session whose request caused them (shared by all sessions). */
  inFlight?: InFlightRequests;
  /** Which session was sent each URL-mode elicitation, for the server's notifications/elicitation/complete. */
  urlElicitations?: UrlElicitations;
  /** Items per page of tools/list, prompts/list, resources/list and resources/templates/list (default 100). */
  listPageSize?: number;
  /** Resource subscriptions of all sessions; without it resources/subscribe is not offered. */
  subscriptions?: ResourceSubscriptions;
  /** The sessions with remote servers that sign in with OAuth per user: their tools as each caller sees them. */
  userSessions?: UserSessions;
}

type Relay = (
  serverId: string,
  progressToken: ProgressToken | undefined,
  send: (notification: ServerNotification) => Promise<void>,
) => { onProgress?: (progress: Progress) => void; end: () => Promise<void> };

/**
 * The MCP server one client session talks to: `tools/list` answers every running server's tools under the
 * naming rule, `tools/call` routes to the server that owns the tool, through its existing session. `userId`: the
 * user a long-lived session belongs to (Streamable HTTP, HTTP+SSE), told when their per-user OAuth tools change.
 */
export function createSessionServer(allDeps: SessionServerDeps, filter: SessionFilter = openFilter, userId?: string): Server {
  const deps = filter.view(allDeps);
  /** The tools as one caller sees them: per-user OAuth servers list (and are called with) the caller's own authorization. */
  const userIndexes = new Map<string, ToolIndex>();
  /** The user this session's requests come from (the endpoints bind a session to one user, and say which). */
  let sessionUser = userId;
  const indexFor = (userId: string): ToolIndex => {
    sessionUser = userId;
    const { userSessions } = allDeps;
    if (!userSessions) return deps.index;
    let index = userIndexes.get(userId);
    if (!index) userIndexes.set(userId, (index = filter.view({ index: userToolIndex(allDeps.index, userSessions, userId) }).index));
    return index;
  };
  const catalog = deps.catalog?.supported ? deps.catalog : undefined;
  /** The prompts and resources as one caller sees them: per-user OAuth servers list (and answer) with the caller's own authorization. */
  const userCatalogs = new Map<string, CatalogIndex>();
  const catalogFor = (shared: CatalogIndex, userId: string): CatalogIndex => {
    sessionUser = userId;
    const { userSessions } = allDeps;
    if (!userSessions || !allDeps.catalog) return shared;
    let view = userCatalogs.get(userId);
    if (!view) {
      view = filter.view({ index: allDeps.index, catalog: userCatalogIndex(allDeps.catalog, userSessions, userId) }).catalog ?? shared;
      userCatalogs.set(userId, view);
    }
    return view;
  };
  const pageSize = deps.listPageSize ?? 100;
  const server = new Server(proxyServerInfo, {
    capabilities: {
      tools: { listChanged: true },
      ...(catalog
        ? {
            prompts: { listChanged: true },
            resources: { listChanged: true, ...(deps.subscriptions?.supported ? { subscribe: true } : {}) },
            logging: {},
            ...(completionsSupported(deps.upstreams) ? { completions: {} } : {}),
          }
        : {}),
    },
    instructions: catalog
      ? 'The tools, prompts and resources of every MCP server running on this MCP Portal. A tool or prompt offered by several servers is named <server>__<name>.'
      : 'The tools of every MCP server running on this MCP Portal. A tool offered by several servers is named <server>__<tool>.',
  });

  server.setRequestHandler(ListToolsRequestSchema, async (request, extra) => {
    const caller = callerOf(extra.authInfo);
    const cursor = request.params?.cursor;
    const index = indexFor(caller.viewer.userId);
    const tools = toolsListedFor(cursor === undefined ? await index.refresh() : await index.snapshot(), caller.viewer.role);
    const { page, nextCursor } = paginate(tools, 'tools', cursor, pageSize);
    return { tools: page, ...(nextCursor ? { nextCursor } : {}) };
  });

  const session = Symbol('session');
  let logLevel: LoggingLevel | undefined;
  const severity = (level: LoggingLevel) => LoggingLevelSchema.options.indexOf(level);
  /**
   * While a request runs on a server: its progress (when the client asked for it), log messages and
   * requests (sampling, elicitation, roots) go to this client. `end` waits until what was forwarded is
   * sent, so nothing arrives after the answer.
   */
  const relay: Relay = (serverId, progressToken, send) => {
    const pending = new Set<Promise<void>>();
    const forward = (notification: ServerNotification) => {
      const sent = send(notification).catch((error: unknown) => deps.logger.debug({ err: error }, 'could not forward a notification to the client'));
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
    };
    const stopInFlight = deps.inFlight?.begin(serverId, session, {
      log: (params) => {
        if (logLevel === undefined || severity(params.level) >= severity(logLevel)) forward({ method: 'notifications/message', params });
      },
      request: (request, signal) => sendToClient(server, request, signal, deps.urlElicitations),
    });
    const onProgress =
      progressToken === undefined ? undefined : (progress: Progress) => forward({ method: 'notifications/progress', params: { ...progress, progressToken } });
    return {
      onProgress,
      end: async () => {
        stopInFlight?.();
        await Promise.all(pending);
      },
    };
  };

  forwardRootsChanges(server, session, deps.inFlight, deps.upstreams, deps.logger);

  // The caller's tools of a per-user OAuth server changed (they authorized it, say): this session lists again.
  let connected = false;
  const stopUserChanges =
    userId === undefined
      ? undefined
      : allDeps.userSessions?.onToolsChanged((changed) => {
          // A closed session stops listening at the next change (one not connected yet has nothing to hear).
          if (!server.transport) return connected ? stopUserChanges?.() : undefined;
          connected = true;
          if (changed === sessionUser)
            server.sendToolListChanged().catch((error: unknown) => deps.logger.debug({ err: error }, 'could not send tools/list_changed'));
        });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const caller = callerOf(extra.authInfo);
    const name = request.params.name;
    // The endpoint answers 403 before this; kept so that no path reaches a server without the role.
    if (!roleAtLeast(caller.viewer.role, 'operator'))
      throw new RpcError(ErrorCode.InvalidRequest, `Calling tools needs the operator role; you are ${caller.viewer.role}.`);
    const started = performance.now();
    const index = indexFor(caller.viewer.userId);
    const route = await index.resolve(name);
    const refused = toolPolicyRefusalOf(await index.snapshot(), name, route, caller.viewer.role);
    if (refused) {
      await deps.audit.denied(caller, [name]);
      throw new RpcError(ErrorCode.InvalidRequest, refused.message);
    }
    if (!route) {
      const message = unknownToolMessage(name, index.formerRoute(name), (await index.snapshot()).servers);
      deps.audit.called(caller, { serverId: null, server: null, tool: name, durationMs: performance.now() - started, outcome: { error: message } });
      throw new RpcError(ErrorCode.InvalidParams, message);
    }
    const record = { serverId: route.serverId, server: route.server, tool: route.tool };
    let result: CallToolResult;
    try {
      await deps.secrets?.checkArguments(route, request.params.arguments ?? {});
      const { onProgress, end } = relay(route.serverId, request.params._meta?.progressToken, extra.sendNotification);
      try {
        result = await deps.upstreams.callTool(route.serverId, route.tool, request.params.arguments ?? {}, {
          signal: extra.signal,
          userId: caller.viewer.userId,
          ...(onProgress ? { onProgress } : {}),
        });
      } finally {
        await end();
      }
      await deps.secrets?.checkResult(route, result);
    } catch (error) {
      // A cancelled request gets no answer (the SDK drops it); its row says so.
      const failure = extra.signal.aborted ? new RpcError(ErrorCode.RequestTimeout, 'Cancelled by the client.') : rpcErrorOf(error, route, deps.logger);
      deps.audit.called(caller, { ...record, durationMs: performance.now() - started, outcome: { error: failure.message, ...blockedOutcome(error) } });
      throw failure;
    }
    deps.audit.called(caller, { ...record, durationMs: performance.now() - started, outcome: { isError: result.isError === true } });
    return result;
  });

  if (catalog) {
    addCatalogHandlers(
      server,
      (userId) => catalogFor(catalog, userId),
      deps,
      pageSize,
      relay,
      (level) => (logLevel = level),
    );
    if (completionsSupported(deps.upstreams)) addCompletionHandler(server, (userId) => catalogFor(catalog, userId), deps);
    if (deps.subscriptions?.supported) addSubscriptionHandlers(server, catalog, deps.subscriptions, session);
  }
  return server;
}

function addCatalogHandlers(
  server: Server,
  catalogFor: (userId: string) => CatalogIndex,
  deps: SessionServerDeps,
  pageSize: number,
  relay: Relay,
  setLevel: (level: LoggingLevel) => void,
): void {
  const { upstreams } = deps;
  server.setRequestHandler(SetLevelRequestSchema, (request, extra) => {
    callerOf(extra.authInfo);
    setLevel(request.params.level);
    return {};
  });

  server.setRequestHandler(ListPromptsRequestSchema, async (request, extra) => {
    const catalog = catalogFor(callerOf(extra.authInfo).viewer.userId);
    const cursor = request.params?.cursor;
    const { page, nextCursor } = paginate((cursor === undefined ? await catalog.refresh() : await catalog.snapshot()).prompts, 'prompts', cursor, pageSize);
    return { prompts: page, ...(nextCursor ? { nextCursor } : {}) };
  });

  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const { userId } = callerOf(extra.authInfo).viewer;
    const catalog = catalogFor(userId);
    const name = request.params.name;
    const route = await catalog.resolvePrompt(name);
    if (!route || !upstreams.getPrompt)
      throw new RpcError(ErrorCode.InvalidParams, `Unknown prompt: ${name}. No running server offers it; list the prompts again.`);
    const args = request.params.arguments ?? {};
    const failure = (error: unknown) => rpcErrorOf(error, { serverId: route.serverId, server: route.server, tool: route.name }, deps.logger, 'prompt');
    await deps.secrets?.checkPromptArguments(route, args).catch((error: unknown) => Promise.reject(failure(error)));
    const { onProgress, end } = relay(route.serverId, request.params._meta?.progressToken, extra.sendNotification);
    let result: GetPromptResult;
    try {
      result = await upstreams.getPrompt(route.serverId, route.name, args, { signal: extra.signal, userId, ...(onProgress ? { onProgress } : {}) });
    } catch (error) {
      throw failure(error);
    } finally {
      await end();
    }
    await deps.secrets?.checkPromptResult(route, result).catch((error: unknown) => Promise.reject(failure(error)));
    return result;
  });

  server.setRequestHandler(ListResourcesRequestSchema, async (request, extra) => {
    const catalog = catalogFor(callerOf(extra.authInfo).viewer.userId);
    const cursor = request.params?.cursor;
    const { page, nextCursor } = paginate((cursor === undefined ? await catalog.refresh() : await catalog.snapshot()).resources, 'resources', cursor, pageSize);
    return { resources: page, ...(nextCursor ? { nextCursor } : {}) };
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async (request, extra) => {
    const catalog = catalogFor(callerOf(extra.authInfo).viewer.userId);
    const cursor = request.params?.cursor;
    const { page, nextCursor } = paginate(
      (cursor === undefined ? await catalog.refresh() : await catalog.snapshot()).templates,
      'resources/templates',
      cursor,
      pageSize,
    );
    return { resourceTemplates: page, ...(nextCursor ? { nextCursor } : {}) };
  });

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const { userId } = callerOf(extra.authInfo).viewer;
    const catalog = catalogFor(userId);
    const uri = request.params.uri;
    const route = await catalog.resolveResource(uri);
    if (route && 'shared' in route) {
      throw new RpcError(
        ErrorCode.InvalidParams,
        `Ambiguous resource: ${uri}. Several running servers offer it (${route.shared.join(', ')}), so the gateway-proxy does not read it.`,
      );
    }
    if (!route || !upstreams.readResource)
      throw new RpcError(resourceNotFoundCode, `Resource not found: ${uri}. No running server lists it or has a template that matches it.`, { uri });
    try {
      const result = await upstreams.readResource(route.serverId, uri, { signal: extra.signal, userId });
      await deps.secrets?.checkResource(route, uri, result);
      return result;
    } catch (error) {
      throw rpcErrorOf(error, { serverId: route.serverId, server: route.server, tool: uri }, deps.logger, 'resource');
    }
  });
}

/** Why a name leads nowhere: never listed, its server stopped, or it is now listed with its server's prefix. */
function unknownToolMessage(name: string, former: ToolRoute | undefined, running: readonly UpstreamServer[]): string {
  if (!former) return `Unknown tool: ${name}. No running server offers it; list the tools again.`;
  if (running.some((server) => server.id === former.serverId)) {
    return `Unknown tool: ${name}. Another server now offers a tool of that name too: call ${prefixedToolName(former.server, former.tool)}.`;
  }
  return `Unknown tool: ${name}. The server ${former.server}, which offered it, is not running any more (it stopped, failed or is restarting).`;
}
