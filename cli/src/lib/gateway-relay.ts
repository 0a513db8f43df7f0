import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type ProgressToken,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { LOGIN_HINT } from './errors.ts';

export interface RelayOptions {
  /** The gateway-proxy's MCP endpoint (with the session's filter in its query). */
  url: string;
  token: string;
  /** One line per problem. */
  warn: (line: string) => void;
}

/** Why a relay ended: the client went away (or was stopped), or the endpoint refused the token. */
export type RelayEnd = { reason: 'closed' } | { reason: 'error'; message: string };

export interface Relay {
  done: Promise<RelayEnd>;
  stop: () => void;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Relays one client session between a local server transport (stdio, Streamable HTTP or SSE, already
 * created) and the gateway-proxy over Streamable HTTP with the CLI's token: every client message is posted
 * as it is, every message of the proxy (answers, its requests and notifications, on POST answers and the
 * GET stream) is sent to the client — progress on the stream of the request that asked for it. A request
 * the proxy refuses (403, 5xx, unreachable) is answered with a JSON-RPC error so the client does not wait
 * for ever; a 401 ends the relay. Resolves when the local transport closes, on `stop()`, or on a fatal error.
 */
export function startRelay(local: Transport, options: RelayOptions): Relay {
  const http = new StreamableHTTPClientTransport(new URL(options.url), { requestInit: { headers: { authorization: `Bearer ${options.token}` } } });
  const initializeIds = new Set<RequestId>();
  /** progressToken → the request that asked for progress, so that progress goes to that request's stream. */
  const progressRequests = new Map<ProgressToken, RequestId>();
  let finish: (end: RelayEnd) => void = () => undefined;
  const done = new Promise<RelayEnd>((resolve) => (finish = resolve));
  let ended = false;

  const end = async (result: RelayEnd): Promise<void> => {
    if (ended) return;
    ended = true;
    // Ends the session at the proxy (DELETE) so that it does not wait for the idle timeout.
    await http.terminateSession().catch(() => undefined);
    await http.close().catch(() => undefined);
    await local.close().catch(() => undefined);
    finish(result);
  };

  const answerError = async (id: RequestId, message: string): Promise<void> => {
    await local.send({ jsonrpc: '2.0', id, error: { code: ErrorCode.InternalError, message } }, { relatedRequestId: id }).catch(() => undefined);
  };

  local.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCRequest(message)) {
      if (message.method === 'initialize') initializeIds.add(message.id);
      const token = message.params?._meta?.progressToken;
      if (token !== undefined) progressRequests.set(token, message.id);
    }
    http.send(message).catch(async (error: unknown) => {
      if (error instanceof StreamableHTTPError && error.code === 401) {
        return end({ reason: 'error', message: `The gateway-proxy at ${options.url} refused the token (401): ${LOGIN_HINT} again.` });
      }
      const text = oneLine(error instanceof Error ? error.message : String(error));
      options.warn(`gateway-proxy: ${text}`);
      if (isJSONRPCRequest(message)) await answerError(message.id, `The gateway-proxy did not take the request: ${text}`);
    });
  };
  http.onmessage = (message: JSONRPCMessage) => {
    let relatedRequestId: RequestId | undefined;
    if (isJSONRPCResultResponse(message) || 'error' in message) {
      relatedRequestId = (message as { id?: RequestId }).id;
      for (const [token, id] of progressRequests) if (id === relatedRequestId) progressRequests.delete(token);
    }
    // The proxy expects the negotiated MCP-Protocol-Version header on every request after initialize.
    if (isJSONRPCResultResponse(message) && initializeIds.delete(message.id)) {
      const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
      if (typeof version === 'string') http.setProtocolVersion(version);
    }
    if (isJSONRPCNotification(message) && message.method === 'notifications/progress') {
      const token = (message.params as { progressToken?: ProgressToken } | undefined)?.progressToken;
      if (token !== undefined) relatedRequestId = progressRequests.get(token);
    }
    local
      .send(message, relatedRequestId === undefined ? undefined : { relatedRequestId })
      .catch((error: unknown) => options.warn(`client: ${oneLine(String(error))}`));
  };
  // Once ending, the aborted streams' errors are expected: not reported.
  http.onerror = (error) => ended || options.warn(`gateway-proxy: ${oneLine(error.message)}`);
  local.onerror = (error) => ended || options.warn(`client: ${oneLine(error.message)}`);
  http.onclose = () => void end({ reason: 'closed' });
  local.onclose = () => void end({ reason: 'closed' });

  void Promise.all([http.start(), local.start()]).catch((error: unknown) => end({ reason: 'error', message: oneLine(String(error)) }));
  return { done, stop: () => void end({ reason: 'closed' }) };
}
