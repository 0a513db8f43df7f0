import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ConflictError, NotFoundError, type Logger } from '@mcp-portal/kit';
import type { ToolRoute } from './tool-names.ts';

/** A JSON-RPC error with its code, as the SDK writes it (an McpError would prefix its message again). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** The MCP spec's code for a resource that does not exist. */
export const resourceNotFoundCode = -32002;

/** What the client sees when a call did not reach a result (see UpstreamDirectory). */
export function rpcErrorOf(error: unknown, route: ToolRoute, logger: Logger, what: 'tool' | 'prompt' | 'resource' | 'completion' = 'tool'): RpcError {
  if (error instanceof McpError) {
    if (error.code === ErrorCode.ConnectionClosed)
      return new RpcError(ErrorCode.InternalError, `The server ${route.server} closed its connection during the call to ${route.tool}.`);
    return new RpcError(error.code, error.message.replace(/^MCP error -?\d+: /, ''), error.data);
  }
  if (error instanceof ConflictError)
    return new RpcError(
      ErrorCode.InternalError,
      `The server ${route.server}, which offers ${route.tool}, is not running any more (it stopped, failed or is restarting); list the ${what}s again.`,
    );
  if (error instanceof NotFoundError) return new RpcError(ErrorCode.InvalidParams, error.message);
  logger.error({ err: error, server: route.server, [what]: route.tool }, `${what} request through the gateway-proxy failed`);
  return new RpcError(ErrorCode.InternalError, `The call to ${route.tool} on ${route.server} failed.`);
}
