import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { withGatewayFilter } from '@mcp-portal/schema/gateway-filter';

/**
 * A tool call from the portal through the gateway-proxy, as any MCP client makes it (the SDK's client over
 * Streamable HTTP, with the user's access token): a session that offers only this server's tool
 * (`?tools=<server>:<tool>`), `tools/list` for the name the proxy lists it under (it may be prefixed with
 * the server's name), `tools/call`, and the session ended. This module is loaded on the first call only.
 */

export interface GatewayToolCall {
  mcpEndpoint: string;
  token: string;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  /** Aborting it cancels the call (the proxy is sent notifications/cancelled). */
  signal?: AbortSignal;
  /** The tool's progress notifications, as they come. */
  onProgress?: (progress: ToolProgress) => void;
}

export interface ToolProgress {
  progress: number;
  total: number | null;
  message: string | null;
}

export interface GatewayToolAnswer {
  /** The MCP CallToolResult as the proxy sent it. */
  result: Record<string, unknown>;
  /** How long tools/call took. */
  durationMs: number;
}

/** A failed call, with a message for the page (never a stack trace). */
export class GatewayCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayCallError';
  }
}

/** The proxy's tools/list names the server each tool belongs to here (gateway-proxy/src/tool-names.ts). */
const serverMetaKey = 'io.mcp-portal/server';

/**
 * Output schemas are not checked here: the SDK's default checker compiles them to code, which the portal's
 * Content-Security-Policy (no unsafe-eval) forbids. The result is shown as it came.
 */
const noOutputSchemaChecks: jsonSchemaValidator = {
  getValidator: () => (input) => ({ valid: true, data: input as never, errorMessage: undefined }),
};

/** What an HTTP error's body says: a JSON-RPC error's message or an OAuth error's description. */
function bodyMessage(text: string): string | null {
  const json = text.slice(text.indexOf('{'));
  try {
    const body = JSON.parse(json) as { error?: { message?: unknown } | string; error_description?: unknown; message?: unknown };
    if (typeof body.error_description === 'string') return body.error_description;
    if (typeof body.error === 'object' && typeof body.error.message === 'string') return body.error.message;
    if (typeof body.message === 'string') return body.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return null;
}

/** A failure of the call as the page says it. */
export function gatewayErrorMessage(error: unknown, mcpEndpoint: string): string {
  if (error instanceof GatewayCallError) return error.message;
  if (error instanceof StreamableHTTPError) {
    const said = bodyMessage(error.message);
    if (error.code === 401) return `The gateway-proxy did not accept your session (401)${said ? `: ${said}` : ''}. Sign in again.`;
    if (error.code === 403) return `The gateway-proxy refused the call (403)${said ? `: ${said}` : '.'}`;
    if (error.code === 429) return 'The gateway-proxy is busy for you (429): too many requests this minute. Try again shortly.';
    return `The gateway-proxy answered ${error.code}${said ? `: ${said}` : '.'}`;
  }
  if (error instanceof McpError) return error.message;
  if (error instanceof TypeError) return `Cannot reach the gateway-proxy at ${mcpEndpoint}: check that it runs and that this page may connect to it.`;
  return error instanceof Error && error.message ? error.message : 'The call failed.';
}

async function listedName(client: Client, server: string, tool: string): Promise<string> {
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    // The session offers this one tool; its listed name is its own or, when another server has a tool of that name, a prefixed one.
    const listed = page.tools.find((candidate) => candidate._meta?.[serverMetaKey] === server);
    if (listed) return listed.name;
    cursor = page.nextCursor;
  } while (cursor);
  throw new GatewayCallError(`The gateway-proxy does not offer ${tool} of ${server}: the server is not running there, or the tool is disabled.`);
}

/** Calls one tool through the gateway-proxy; GatewayCallError (with the page's message) when it fails. */
export async function callThroughGateway(call: GatewayToolCall): Promise<GatewayToolAnswer> {
  const url = new URL(withGatewayFilter(call.mcpEndpoint, { tools: [`${call.server}:${call.tool}`] }));
  const client = new Client({ name: 'mcp-portal', version: '1.0.0' }, { capabilities: {}, jsonSchemaValidator: noOutputSchemaChecks });
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${call.token}` } } });
  try {
    await client.connect(transport);
    const name = await listedName(client, call.server, call.tool);
    const started = performance.now();
    const { onProgress } = call;
    const result = await client.callTool({ name, arguments: call.arguments }, undefined, {
      ...(call.signal ? { signal: call.signal } : {}),
      // A long-running tool that reports progress is not cut off by the SDK's request timeout.
      ...(onProgress
        ? {
            resetTimeoutOnProgress: true,
            onprogress: ({ progress, total, message }) => onProgress({ progress, total: total ?? null, message: message ?? null }),
          }
        : {}),
    });
    return { result, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    throw new GatewayCallError(gatewayErrorMessage(error, call.mcpEndpoint));
  } finally {
    // The proxy keeps a few sessions per user: this one ends now rather than when it idles out.
    await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}
