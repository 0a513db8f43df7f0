import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { LoggingLevelSchema, SUPPORTED_PROTOCOL_VERSIONS, type ClientCapabilities, type LoggingLevel } from '@modelcontextprotocol/sdk/types.js';

/**
 * The stateless revision of MCP (2026-07-28): no initialize handshake and no session; every request carries
 * its protocol version and client capabilities in `_meta`, and the same version in the MCP-Protocol-Version
 * header. The names and error codes it adds, as the revision's schema defines them.
 */
export const statelessRevision = '2026-07-28';
export const statelessRevisions: readonly string[] = [statelessRevision];

export const metaKey = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

export const statelessErrorCode = {
  /** The MCP-Protocol-Version (or Mcp-Method / Mcp-Name) header disagrees with the body. */
  headerMismatch: -32020,
  /** Answering needs a capability the request's clientCapabilities did not declare. */
  missingClientCapability: -32021,
  unsupportedProtocolVersion: -32022,
} as const;

/** Methods of the stateful revisions that 2026-07-28 removed: answered 404, method not found. */
export const removedMethods: ReadonlySet<string> = new Set(['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);

/**
 * Whether a POST without a session speaks the stateless revision: its MCP-Protocol-Version header names a
 * version that is not one of the stateful ones (2026-07-28, or one we do not know and must refuse as such),
 * or its one message carries `_meta["io.modelcontextprotocol/protocolVersion"]`. A stateful client's first
 * POST (initialize) has neither.
 */
export function speaksStateless(req: IncomingMessage, message: unknown): boolean {
  if (req.headers['mcp-session-id'] !== undefined) return false;
  const header = headerValue(req, 'mcp-protocol-version');
  if (header !== undefined) return !SUPPORTED_PROTOCOL_VERSIONS.includes(header);
  return requestMeta(message)?.[metaKey.protocolVersion] !== undefined;
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

function requestMeta(message: unknown): Record<string, unknown> | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  const params = (message as { params?: unknown }).params;
  if (typeof params !== 'object' || params === null) return undefined;
  const meta = (params as { _meta?: unknown })._meta;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : undefined;
}

const requestMetaSchema = z.object({
  [metaKey.protocolVersion]: z.string().min(1),
  [metaKey.clientCapabilities]: z.record(z.string(), z.unknown()),
  [metaKey.clientInfo]: z.object({ name: z.string(), version: z.string() }).passthrough().optional(),
  [metaKey.logLevel]: LoggingLevelSchema.optional(),
});

/** What one stateless request says about its client. */
export interface StatelessContext {
  protocolVersion: string;
  capabilities: ClientCapabilities;
  clientInfo: { name: string; version: string };
  /** Log messages are sent only when the request set a level. */
  logLevel?: LoggingLevel;
}

/** The request's `_meta`, or why it is refused (answered -32602, 400). */
export function readRequestMeta(message: unknown): StatelessContext | { invalid: string } {
  const meta = requestMeta(message);
  if (!meta)
    return {
      invalid: `Invalid params: a request of MCP ${statelessRevision} carries _meta with ${metaKey.protocolVersion} and ${metaKey.clientCapabilities}.`,
    };
  const parsed = requestMetaSchema.safeParse(meta);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? '_meta';
    return { invalid: `Invalid params: _meta.${field} is missing or malformed (${parsed.error.issues[0]?.message ?? 'invalid'}).` };
  }
  const data = parsed.data;
  return {
    protocolVersion: data[metaKey.protocolVersion],
    capabilities: data[metaKey.clientCapabilities],
    clientInfo: data[metaKey.clientInfo] ?? { name: 'stateless-client', version: 'unknown' },
    ...(data[metaKey.logLevel] ? { logLevel: data[metaKey.logLevel] } : {}),
  };
}

/** The params a stateful server should see: the revision's own `_meta` keys and MRTR fields left out. */
export function statefulParams(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!params) return params;
  const { _meta, inputResponses: _inputs, requestState: _state, ...rest } = params;
  const meta = typeof _meta === 'object' && _meta !== null ? { ..._meta } : undefined;
  if (meta) for (const key of Object.values(metaKey)) delete (meta as Record<string, unknown>)[key];
  return meta && Object.keys(meta).length > 0 ? { ...rest, _meta: meta } : rest;
}

/** The client capability a server→client request needs. */
export function capabilityFor(method: string): keyof ClientCapabilities | undefined {
  if (method === 'sampling/createMessage') return 'sampling';
  if (method === 'elicitation/create') return 'elicitation';
  if (method === 'roots/list') return 'roots';
  return undefined;
}
