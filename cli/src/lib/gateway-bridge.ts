import { mcpPortalMetadataPath } from '@mcp-portal/schema/contract';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { LOGIN_HINT, PortalError } from './errors.ts';
import { startRelay, type RelayEnd, type RelayOptions } from './gateway-relay.ts';
import type { Env } from './settings.ts';

/** The gateway-proxy's port in `npm start` (GATEWAY_PROXY_PORT's default). */
export const DEFAULT_GATEWAY_PORT = 4100;

/**
 * The gateway-proxy's MCP endpoint: `--gateway-url`, else `DOCKER_MCP_GATEWAY_URL`, else port 4100 of the
 * router's host, path `/mcp`. A base URL without a path gets `/mcp`.
 */
export function gatewayMcpUrl(routerUrl: string, explicit: string | undefined, env: Env = process.env): string {
  const given = explicit || env.DOCKER_MCP_GATEWAY_URL || undefined;
  let url: URL;
  try {
    url = new URL(given ?? routerUrl);
  } catch {
    throw new PortalError(`Invalid gateway URL "${given ?? routerUrl}": expected something like http://127.0.0.1:${DEFAULT_GATEWAY_PORT}/mcp.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new PortalError(`Invalid gateway URL "${url.href}": only http:// and https:// are supported.`);
  if (given === undefined) {
    url.port = String(DEFAULT_GATEWAY_PORT);
    url.pathname = '/mcp';
  } else if (url.pathname === '/' || url.pathname === '') {
    url.pathname = '/mcp';
  }
  url.search = '';
  url.hash = '';
  return url.href;
}

/** Where the router names the gateway-proxy's endpoints (`{ mcp_endpoint, sse_endpoint }`). */
export { mcpPortalMetadataPath };

/**
 * The gateway-proxy's MCP endpoint: `--gateway-url`, else `DOCKER_MCP_GATEWAY_URL`, else the `mcp_endpoint`
 * the router names at /.well-known/mcp-portal, else port 4100 of the router's host (a router that does not
 * answer it, e.g. one run on its own).
 */
export async function resolveGatewayUrl(routerUrl: string, explicit: string | undefined, env: Env = process.env): Promise<string> {
  if (explicit || env.DOCKER_MCP_GATEWAY_URL) return gatewayMcpUrl(routerUrl, explicit, env);
  try {
    const response = await fetch(`${routerUrl}${mcpPortalMetadataPath}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (response.ok) {
      const named = ((await response.json()) as { mcp_endpoint?: unknown }).mcp_endpoint;
      if (typeof named === 'string') return gatewayMcpUrl(routerUrl, named, {});
    } else {
      await response.body?.cancel().catch(() => undefined);
    }
  } catch {
    // Not answered (or not JSON): the default below, whose check then says what is wrong.
  }
  return gatewayMcpUrl(routerUrl, undefined, {});
}

/**
 * Checks the endpoint and the token before any message is relayed: a GET without a session is answered
 * 400 by an MCP endpoint that accepted the token, 401 when it did not.
 */
export async function checkGateway(url: string, token: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new PortalError(`The gateway-proxy at ${url} is not reachable (${fetchErrorDetail(error)}); pass --gateway-url or set DOCKER_MCP_GATEWAY_URL.`, {
      cause: error,
    });
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status === 401) throw new PortalError(`The gateway-proxy at ${url} refused the token (401): ${LOGIN_HINT} again.`, { code: 'UNAUTHENTICATED' });
  if (response.status === 403) throw new PortalError(`The gateway-proxy at ${url} refused the request (403): ${await describeBody(response)}`);
  if (response.status === 404 || response.status === 501) {
    throw new PortalError(`${url} is not a gateway-proxy MCP endpoint (HTTP ${response.status}); pass --gateway-url or set DOCKER_MCP_GATEWAY_URL.`);
  }
}

function fetchErrorDetail(error: unknown): string {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'no answer within 15 s';
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? (error as Error | undefined)?.message ?? String(error);
}

async function describeBody(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  return text.replace(/\s+/g, ' ').trim().slice(0, 300) || 'no reason given';
}

export interface BridgeOptions extends RelayOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** Why the bridge ended: the client closed stdin (or a signal came), or the endpoint refused the token. */
export type BridgeEnd = RelayEnd;

/**
 * Relays MCP between stdio (the client that started `docker mcp gateway run`) and the gateway-proxy (see
 * startRelay); stdout carries the protocol only. Resolves when stdin ends, on `stop()`, or on a fatal error.
 */
export function startBridge(options: BridgeOptions): { done: Promise<BridgeEnd>; stop: () => void } {
  const stdin: NodeJS.ReadStream = options.stdin ?? process.stdin;
  const relay = startRelay(new StdioServerTransport(stdin, options.stdout), options);
  const onEnd = () => relay.stop();
  stdin.on('end', onEnd);
  stdin.on('close', onEnd);
  void relay.done.finally(() => {
    stdin.removeListener('end', onEnd);
    stdin.removeListener('close', onEnd);
  });
  return relay;
}
