import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { sendJson, sourceIpOf, type Logger } from '@mcp-portal/kit';

/** Paths under this prefix belong to the auth subgraph's HTTP endpoints (sessions, OIDC, device login). */
export const authPathPrefix = '/auth/';

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

/**
 * Forwards /auth/* to the auth subgraph, so the portal's session cookie and the OIDC redirects live on
 * the portal's own origin. The subgraph learns the public host and scheme from x-forwarded-* headers.
 */
export function authProxy(authGraphqlUrl: string, logger: Logger) {
  const target = new URL(authGraphqlUrl);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !hopByHop.has(name) && !name.startsWith('x-forwarded-')) headers[name] = value;
    }
    const forwardedHost = req.headers['x-forwarded-host'];
    const forwardedProto = req.headers['x-forwarded-proto'];
    headers['x-forwarded-host'] = (typeof forwardedHost === 'string' && forwardedHost) || req.headers.host || target.host;
    headers['x-forwarded-proto'] = (typeof forwardedProto === 'string' && forwardedProto) || ('encrypted' in req.socket ? 'https' : 'http');
    const sourceIp = sourceIpOf(req);
    if (sourceIp) headers['x-forwarded-for'] = sourceIp;

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
      logger.warn({ err: error, path: url.pathname }, 'auth subgraph unreachable');
      if (!res.headersSent) sendJson(res, 502, { error: 'unavailable', message: 'Sign-in is unavailable right now: try again shortly.' });
      else res.destroy();
    }
  };
}
