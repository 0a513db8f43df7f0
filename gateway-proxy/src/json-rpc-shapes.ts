import type { InitializeRequest, JSONRPCErrorResponse, JSONRPCMessage, JSONRPCRequest, JSONRPCResultResponse } from '@modelcontextprotocol/sdk/types.js';

/*
 * What kind of JSON-RPC message a message is, by its shape, for messages that were already validated (at the
 * edge by readRpcMessages, or built by the SDK): the SDK's own guards (isJSONRPCRequest, …) validate the whole
 * message with zod again on every call, which on the proxy's hot path costs more than the proxy's own checks.
 */

export function isRequestMessage(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message;
}

export function isAnswerMessage(message: JSONRPCMessage): message is JSONRPCResultResponse | JSONRPCErrorResponse {
  return ('result' in message || 'error' in message) && 'id' in message;
}

export function isInitializeMessage(message: JSONRPCMessage): message is JSONRPCRequest & InitializeRequest {
  return isRequestMessage(message) && message.method === 'initialize';
}
