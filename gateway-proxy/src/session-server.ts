import { performance } from 'node:perf_hooks';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ConflictError, NotFoundError, roleAtLeast, type AuditActor, type Logger, type Viewer } from '@mcp-portal/kit';
import type { ToolCallAudit } from './tool-call-audit.ts';
import type { ToolIndex } from './tool-index.ts';
import { prefixedToolName, type ToolRoute } from './tool-names.ts';
import type { UpstreamDirectory, UpstreamServer } from './upstreams.ts';

export const proxyServerInfo = { name: 'mcp-portal-gateway-proxy', title: 'MCP Portal gateway-proxy', version: '0.1.0' };

/** The verified caller of one HTTP request, as the endpoint hands it to the session's handlers. */
export interface Caller extends AuditActor {
  viewer: Viewer;
}

/** Carries the caller through the SDK transport (`req.auth`); the token itself is not kept. */
export function authInfoFor(caller: Caller): AuthInfo {
  return { token: '', clientId: caller.viewer.userId, scopes: [caller.viewer.role], extra: { caller } };
}

function callerOf(authInfo: AuthInfo | undefined): Caller {
  const caller = authInfo?.extra?.caller as Caller | undefined;
  // The endpoint sets it on every request; a message without it never got past authentication.
  if (!caller?.viewer) throw new McpError(ErrorCode.InvalidRequest, 'Unauthenticated request.');
  return caller;
}

/** A JSON-RPC error with its code, as the SDK writes it (an McpError would prefix its message again). */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export interface SessionServerDeps {
  index: ToolIndex;
  upstreams: UpstreamDirectory;
  audit: ToolCallAudit;
  logger: Logger;
}

/**
 * The MCP server one client session talks to: `tools/list` answers every running server's tools under the
 * naming rule, `tools/call` routes to the server that owns the tool, through its existing session.
 */
export function createSessionServer(deps: SessionServerDeps): Server {
  const server = new Server(proxyServerInfo, {
    capabilities: { tools: { listChanged: true } },
    instructions: 'The tools of every MCP server running on this MCP Portal. A tool offered by several servers is named <server>__<tool>.',
  });

  server.setRequestHandler(ListToolsRequestSchema, async (_request, extra) => {
    callerOf(extra.authInfo);
    return { tools: (await deps.index.refresh()).tools };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const caller = callerOf(extra.authInfo);
    const name = request.params.name;
    // The endpoint answers 403 before this; kept so that no path reaches a server without the role.
    if (!roleAtLeast(caller.viewer.role, 'operator')) throw new RpcError(ErrorCode.InvalidRequest, `Calling tools needs the operator role; you are ${caller.viewer.role}.`);
    const started = performance.now();
    const route = await deps.index.resolve(name);
    if (!route) {
      const message = unknownToolMessage(name, deps.index.formerRoute(name), (await deps.index.snapshot()).servers);
      await deps.audit.called(caller, { serverId: null, server: null, tool: name, durationMs: performance.now() - started, outcome: { error: message } });
      throw new RpcError(ErrorCode.InvalidParams, message);
    }
    const record = { serverId: route.serverId, server: route.server, tool: route.tool };
    let result: CallToolResult;
    try {
      result = await deps.upstreams.callTool(route.serverId, route.tool, request.params.arguments ?? {}, { signal: extra.signal });
    } catch (error) {
      // A cancelled request gets no answer (the SDK drops it); its row says so.
      const failure = extra.signal.aborted ? new RpcError(ErrorCode.RequestTimeout, 'Cancelled by the client.') : rpcErrorOf(error, route, deps.logger);
      await deps.audit.called(caller, { ...record, durationMs: performance.now() - started, outcome: { error: failure.message } });
      throw failure;
    }
    await deps.audit.called(caller, { ...record, durationMs: performance.now() - started, outcome: { isError: result.isError === true } });
    return result;
  });

  return server;
}

/** Why a name leads nowhere: never listed, its server stopped, or it is now listed with its server's prefix. */
function unknownToolMessage(name: string, former: ToolRoute | undefined, running: readonly UpstreamServer[]): string {
  if (!former) return `Unknown tool: ${name}. No running server offers it; list the tools again.`;
  if (running.some((server) => server.id === former.serverId)) {
    return `Unknown tool: ${name}. Another server now offers a tool of that name too: call ${prefixedToolName(former.server, former.tool)}.`;
  }
  return `Unknown tool: ${name}. The server ${former.server}, which offered it, is not running any more (it stopped, failed or is restarting).`;
}

/** What the client sees when a call did not reach a result (see UpstreamDirectory). */
function rpcErrorOf(error: unknown, route: ToolRoute, logger: Logger): RpcError {
  if (error instanceof McpError) {
    if (error.code === ErrorCode.ConnectionClosed) return new RpcError(ErrorCode.InternalError, `The server ${route.server} closed its connection during the call to ${route.tool}.`);
    return new RpcError(error.code, error.message.replace(/^MCP error -?\d+: /, ''), error.data);
  }
  if (error instanceof ConflictError) return new RpcError(ErrorCode.InternalError, `The server ${route.server}, which offers ${route.tool}, is not running any more (it stopped, failed or is restarting); list the tools again.`);
  if (error instanceof NotFoundError) return new RpcError(ErrorCode.InvalidParams, error.message);
  logger.error({ err: error, server: route.server, tool: route.tool }, 'tool call through the gateway-proxy failed');
  return new RpcError(ErrorCode.InternalError, `The call to ${route.tool} on ${route.server} failed.`);
}
