import type { IncomingMessage, ServerResponse } from 'node:http';
import { isJSONRPCRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { BodyTooLargeError, normalizeAddress, readBody, requestIdFrom, roleAtLeast, type Viewer } from '@mcp-portal/kit';
import type { InboundAuth } from './inbound-auth.ts';
import type { authInfoFor, Caller } from './session-server.ts';
import type { ToolCallAudit } from './tool-call-audit.ts';

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

/**
 * A POST body as JSON-RPC messages (one, or a batch), or null when it was already answered: 413 past
 * `maxBodyBytes` (by Content-Length or while reading), 400 for text that is not JSON.
 */
export async function readRpcMessages(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<{ parsed: unknown; messages: JSONRPCMessage[] } | null> {
  const tooLarge = () => sendRpcError(res, 413, -32000, `Payload too large: a request body may have at most ${maxBodyBytes} bytes.`, { connection: 'close' });
  if (Number(req.headers['content-length']) > maxBodyBytes) {
    tooLarge();
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(req, maxBodyBytes));
  } catch (error) {
    if (error instanceof BodyTooLargeError) tooLarge();
    else sendRpcError(res, 400, -32700, 'Parse error: Invalid JSON');
    return null;
  }
  return { parsed, messages: (Array.isArray(parsed) ? parsed : [parsed]) as JSONRPCMessage[] };
}

/**
 * The role rule of the proxy, whatever the transport: viewers may list, operators and admins call tools.
 * A refused tools/call is audited (access.denied) and answered 403; true when it was refused.
 */
export async function refusedToolCalls(messages: JSONRPCMessage[], caller: Caller, audit: ToolCallAudit, auth: InboundAuth, res: ServerResponse): Promise<boolean> {
  const calls = messages.filter((message) => isJSONRPCRequest(message) && message.method === 'tools/call');
  if (calls.length === 0 || roleAtLeast(caller.viewer.role, 'operator')) return false;
  const tools = calls.map((call) => String((call as { params?: { name?: unknown } }).params?.name ?? ''));
  await audit.denied(caller, tools);
  auth.forbid(res, `Calling tools needs the operator role; you are ${caller.viewer.role}.`);
  return true;
}
