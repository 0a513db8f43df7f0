import type { IncomingMessage, ServerResponse } from 'node:http';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { BodyTooLargeError, normalizeAddress, readBody, requestIdFrom, roleAtLeast, type Viewer } from '@mcp-portal/kit';
import type { InboundAuth } from './inbound-auth.ts';
import { isRequestMessage } from './json-rpc-shapes.ts';
import type { authInfoFor, Caller } from './caller.ts';
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

/** The last revision of MCP with JSON-RPC batches: 2025-06-18 removed them. */
const lastRevisionWithBatches = '2025-03-26';

/** Why a batch is refused: the client speaks (or is initializing) a revision without batches. Null when allowed. */
function batchRefusal(req: IncomingMessage, batch: unknown[]): string | null {
  const header = req.headers['mcp-protocol-version'];
  const initialize = batch.find(
    (message): message is { method: 'initialize'; params?: { protocolVersion?: unknown } } =>
      typeof message === 'object' && message !== null && (message as { method?: unknown }).method === 'initialize',
  );
  const revision = typeof header === 'string' ? header : initialize?.params?.protocolVersion;
  if (typeof revision !== 'string' || revision <= lastRevisionWithBatches) return null;
  return `Invalid Request: JSON-RPC batches are not part of MCP ${revision} (removed in 2025-06-18); send one message per request.`;
}

/**
 * A POST body as JSON-RPC messages (one, or a batch), or null when it was already answered: 413 past
 * `maxBodyBytes` (by Content-Length or while reading), 400 for text that is not JSON (-32700), for a value
 * that is not a JSON-RPC 2.0 message (-32600), and for a batch from a client of 2025-06-18 or later (-32600;
 * clients of 2025-03-26 and the HTTP+SSE transport may still send them, as those revisions allow).
 */
export async function readRpcMessages(
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes: number,
): Promise<{ parsed: unknown; messages: JSONRPCMessage[] } | null> {
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
  const refusal = Array.isArray(parsed) ? batchRefusal(req, parsed) : null;
  const values: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  if (refusal || values.length === 0 || !values.every((value) => JSONRPCMessageSchema.safeParse(value).success)) {
    sendRpcError(
      res,
      400,
      -32600,
      refusal ?? 'Invalid Request: the body must be a JSON-RPC 2.0 message (an object with "jsonrpc": "2.0" and a method, or a result or error with an id).',
    );
    return null;
  }
  return { parsed, messages: values as JSONRPCMessage[] };
}

/**
 * The role rule of the proxy, whatever the transport: viewers may list, operators and admins call tools.
 * A refused tools/call is audited (access.denied) and answered 403; true when it was refused.
 */
export async function refusedToolCalls(
  messages: JSONRPCMessage[],
  caller: Caller,
  audit: ToolCallAudit,
  auth: InboundAuth,
  res: ServerResponse,
): Promise<boolean> {
  const calls = messages.filter((message) => isRequestMessage(message) && message.method === 'tools/call');
  if (calls.length === 0 || roleAtLeast(caller.viewer.role, 'operator')) return false;
  const tools = calls.map((call) => String((call as { params?: { name?: unknown } }).params?.name ?? ''));
  await audit.denied(caller, tools);
  auth.forbid(res, `Calling tools needs the operator role; you are ${caller.viewer.role}.`);
  return true;
}
