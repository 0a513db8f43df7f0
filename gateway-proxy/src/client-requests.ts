import { getSupportedElicitationModes } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ElicitResultSchema, ErrorCode, McpError, RootsListChangedNotificationSchema, type ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '@mcp-portal/kit';
import type { InFlightRequests } from './in-flight.ts';
import type { UrlElicitations } from './url-elicitations.ts';
import { RpcError } from './rpc-error.ts';
import type { UpstreamDirectory, UpstreamServerRequest, UpstreamServerRequestResult } from './upstreams.ts';

/**
 * A forwarded request has no time limit of its own (a person may be answering it): the server's own
 * timeout, its cancellation and the end of the client's call that caused it bound it.
 */
const noTimeoutOfItsOwnMs = 2_147_483_647;

/** What the client would have to have declared to be sent the request, when it did not. */
function missingCapability(capabilities: ClientCapabilities | undefined, request: UpstreamServerRequest): string | undefined {
  switch (request.method) {
    case 'sampling/createMessage':
      if (!capabilities?.sampling) return 'sampling';
      if ((request.params.tools || request.params.toolChoice) && !capabilities.sampling.tools) return 'sampling with tools';
      return undefined;
    case 'elicitation/create': {
      const mode = request.params.mode ?? 'form';
      const { supportsFormMode, supportsUrlMode } = getSupportedElicitationModes(capabilities?.elicitation);
      return (mode === 'url' ? supportsUrlMode : supportsFormMode) ? undefined : `${mode} elicitation`;
    }
    case 'roots/list':
      return capabilities?.roots ? undefined : 'roots';
  }
}

/**
 * Sends a server's sampling, elicitation or roots request to the client of one session, when it declared
 * the capability; the client's answer, or its error, goes back to the server.
 */
export async function sendToClient(
  server: Server,
  request: UpstreamServerRequest,
  signal: AbortSignal,
  urlElicitations?: UrlElicitations,
): Promise<UpstreamServerRequestResult> {
  const missing = missingCapability(server.getClientCapabilities(), request);
  if (missing)
    throw new RpcError(
      ErrorCode.MethodNotFound,
      `The client connected through the gateway-proxy does not support ${missing}, so it cannot answer ${request.method}.`,
    );
  const options: RequestOptions = { signal, timeout: noTimeoutOfItsOwnMs };
  try {
    switch (request.method) {
      case 'sampling/createMessage':
        return await server.createMessage(request.params, options);
      case 'elicitation/create': {
        // A URL elicitation's completion (notifications/elicitation/complete) comes later, for this session only.
        const forget = request.params.mode === 'url' ? urlElicitations?.sentTo(request.serverId, request.params.elicitationId, server) : undefined;
        const answer = await server.request({ method: 'elicitation/create', params: request.params }, ElicitResultSchema, options).catch((error: unknown) => {
          forget?.();
          throw error;
        });
        if (answer.action !== 'accept') forget?.();
        return answer;
      }
      case 'roots/list':
        return await server.listRoots(request.params, options);
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason instanceof RpcError ? signal.reason : new RpcError(ErrorCode.RequestTimeout, 'Cancelled by the server.');
    if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed)
      throw new RpcError(ErrorCode.InternalError, `The client's session closed before it answered ${request.method}.`);
    if (error instanceof McpError) throw new RpcError(error.code, error.message.replace(/^MCP error -?\d+: /, ''), error.data);
    throw new RpcError(ErrorCode.InvalidParams, error instanceof Error ? error.message : String(error));
  }
}

/**
 * A client's notifications/roots/list_changed goes to the servers that would send their roots/list to it
 * (those on which its session alone has requests under way).
 */
export function forwardRootsChanges(
  server: Server,
  session: symbol,
  inFlight: InFlightRequests | undefined,
  upstreams: UpstreamDirectory,
  logger: Logger,
): void {
  server.setNotificationHandler(RootsListChangedNotificationSchema, () => {
    for (const serverId of inFlight?.serversAnsweredBy(session) ?? []) {
      upstreams.rootsChanged?.(serverId).catch((error: unknown) => logger.debug({ err: error, serverId }, 'could not pass roots/list_changed on to a server'));
    }
  });
}
