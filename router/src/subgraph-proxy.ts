import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { requestIdFrom, sendJson, type ForwardedHeaders, type Logger } from '@mcp-portal/kit';
import { clientAddressOf, publicHostAndProto, type TrustedProxies } from './client-address.ts';

/** Paths under this prefix belong to the auth subgraph's HTTP endpoints (sessions, OIDC, device login). */
export { authPathPrefix, oauthClientMetadataPath } from '@mcp-portal/schema/contract';

/**
 * The dcr subgraph's RFC 7591 registration endpoint (its `registrationPath`); RFC 7592's client configuration
 * endpoints are below it (`/register/{client_id}`). Forwarded from the router so that `registration_client_uri`
 * is on the platform's public URL.
 */
export const registrationPath = '/register';

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

/** Headers a client may not pass to a subgraph: the router sets (and signs) these itself. */
const routerOwned = (name: string) => name.startsWith('x-forwarded-') || name.startsWith('x-mcp-') || name === 'x-request-id' || name === 'forwarded';

export interface SubgraphProxyOptions {
  trustedProxies: TrustedProxies;
  /** Signs the forwarded headers; without it the subgraph sees the router's own address. */
  forwarding: ForwardedHeaders | null;
  /** What the client is told when the subgraph does not answer (502). */
  unavailableMessage: string;
}

/**
 * Forwards a subgraph's public HTTP endpoints from the portal's own origin: /auth/* to the auth subgraph (so the
 * session cookie and the OIDC redirects live there), the platform's OAuth client metadata document to the dcr
 * subgraph (its URL is the platform's client_id at remote MCP servers' authorization servers). The subgraph
 * learns the client's address, the public host and scheme from x-forwarded-* headers that the router sets
 * (never the client's own) and signs.
 */
export function subgraphProxy(subgraphGraphqlUrl: string, logger: Logger, options: SubgraphProxyOptions) {
  const target = new URL(subgraphGraphqlUrl);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !hopByHop.has(name) && !routerOwned(name)) headers[name] = value;
    }
    const { host, proto } = publicHostAndProto(req, options.trustedProxies);
    const values = {
      for: clientAddressOf(req, options.trustedProxies),
      host: host ?? target.host,
      proto,
      requestId: requestIdFrom(req.headers['x-request-id']),
    };
    Object.assign(
      headers,
      options.forwarding?.headers(values) ?? { 'x-forwarded-host': values.host, 'x-forwarded-proto': values.proto, 'x-request-id': values.requestId },
    );

    const upstream = httpRequest({ hostname: target.hostname, port: target.port, path: `${url.pathname}${url.search}`, method: req.method, headers });
    const answered = new Promise<IncomingMessage>((resolve, reject) => {
      upstream.once('response', resolve);
      upstream.once('error', reject);
    });
    try {
      await pipeline(req, upstream);
      const response = await answered;
      const responseHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined && !hopByHop.has(name)) responseHeaders[name] = value;
      }
      res.writeHead(response.statusCode ?? 502, responseHeaders);
      await pipeline(response, res);
    } catch (error) {
      logger.warn({ err: error, path: url.pathname, subgraph: target.host }, 'subgraph unreachable');
      if (!res.headersSent) sendJson(res, 502, { error: 'unavailable', message: options.unavailableMessage });
      else res.destroy();
    }
  };
}
