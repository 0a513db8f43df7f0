import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizeAddress, requestIdFrom, type Viewer } from '@mcp-portal/kit';
import type { authInfoFor, Caller } from './session-server.ts';

/** A request as the SDK's server transports read it: the verified caller rides along as `auth`. */
export type RequestWithAuth = IncomingMessage & { auth?: ReturnType<typeof authInfoFor> };

/** A JSON-RPC error answered before any session is involved (no request id to echo: `id: null`). */
export function sendRpcError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Who is calling, for the audit log: the verified viewer, the request id and the socket's peer. */
export function callerOf(req: IncomingMessage, viewer: Viewer): Caller {
  return {
    viewer,
    requestId: requestIdFrom(req.headers['x-request-id']),
    sourceIp: req.socket.remoteAddress ? normalizeAddress(req.socket.remoteAddress) : null,
  };
}
