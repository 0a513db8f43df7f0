import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, requestIdFrom, sendJson, sourceIpOf, type AuditActor, type RouteHandler } from '@mcp-portal/kit';
import { authorizationServerPaths, oauthConsentPath } from '@mcp-portal/schema/contract';
import { publicOriginOf } from '../registration/routes.ts';
import type { PresentedClient } from './clients.ts';
import { invalidRequest, OAuthError } from './errors.ts';
import { authorizationServerMetadata } from './metadata.ts';
import { single, type AuthorizationServer } from './service.ts';

/** The largest token or revocation request body: a code, a verifier, a redirect URI and a secret fit many times over. */
const formBodyLimit = 16 * 1024;

/** Browser-based MCP clients read the metadata and call the token endpoint from their own origin (no cookies involved). */
function allowCors(req: IncomingMessage, res: ServerResponse, methods: string): boolean {
  res.setHeader('access-control-allow-origin', '*');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'access-control-allow-methods': methods,
    'access-control-allow-headers': 'authorization, content-type, mcp-protocol-version',
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}

function noStore(res: ServerResponse): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('pragma', 'no-cache');
}

function sendOAuthError(res: ServerResponse, error: OAuthError, usedBasic: boolean): void {
  if (error.status === 401 && usedBasic) res.setHeader('www-authenticate', 'Basic realm="mcp-portal"');
  if (error.status === 503) res.setHeader('retry-after', '5');
  sendJson(res, error.status, { error: error.code, error_description: error.description });
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, { error: 'invalid_request', error_description: `Use ${allow}.` });
}

function actorOf(req: IncomingMessage): AuditActor {
  return { viewer: null, requestId: requestIdFrom(req.headers['x-request-id']), sourceIp: sourceIpOf(req) };
}

/** An application/x-www-form-urlencoded body (RFC 6749 §3.2), bounded. */
async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    req.resume();
    throw invalidRequest('The request body must be application/x-www-form-urlencoded.');
  }
  try {
    return new URLSearchParams(await readBody(req, formBodyLimit));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw invalidRequest(`The request body is larger than ${formBodyLimit} bytes.`);
    throw error;
  }
}

/** How the client authenticates (RFC 6749 §2.3.1): HTTP Basic with form-encoded id and secret, or both in the body. */
function presentedClient(req: IncomingMessage, form: URLSearchParams): PresentedClient {
  const header = req.headers.authorization;
  const bodyId = single(form, 'client_id');
  const bodySecret = single(form, 'client_secret');
  if (header !== undefined) {
    const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError('invalid_client', 'The Authorization header must be Basic with the client id and secret.');
    if (bodySecret !== null) throw invalidRequest('Authenticate one way only: HTTP Basic or client_secret in the body.');
    let clientId: string;
    let secret: string;
    try {
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      throw new OAuthError('invalid_client', 'The Basic credentials are not form-encoded.');
    }
    if (bodyId !== null && bodyId !== clientId) throw invalidRequest('client_id differs from the authenticated client.');
    return { clientId, secret, method: 'client_secret_basic' };
  }
  return { clientId: bodyId, secret: bodySecret, method: bodySecret === null ? 'none' : 'client_secret_post' };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The authorization endpoint's answer to the user when it cannot go back to the client (unknown client or redirect URI). */
function sendErrorPage(res: ServerResponse, error: OAuthError): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorization failed</title></head><body><main><h1>This application's sign-in request cannot be used</h1><p>${escapeHtml(error.description)}</p><p>Error: <code>${escapeHtml(error.code)}</code></p></main></body></html>`;
  if (error.status === 429) res.setHeader('retry-after', '60');
  res.writeHead(error.status === 503 || error.status === 429 ? error.status : 400, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** The platform's authorization server: RFC 8414 metadata (and OpenID discovery's address), authorize, token, revoke. */
export function authorizationRoutes(server: AuthorizationServer): Record<string, RouteHandler> {
  const options = { azure: server.azure, logger: server.logger };
  const metadata: RouteHandler = (req, res) => {
    if (allowCors(req, res, 'GET')) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET');
    res.setHeader('cache-control', 'public, max-age=300');
    sendJson(res, 200, authorizationServerMetadata(publicOriginOf(req), { azure: options.azure, acceptsMetadataDocuments: server.acceptsMetadataDocuments }));
  };

  const authorize: RouteHandler = async (req, res, url) => {
    if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
    noStore(res);
    try {
      const start = await server.authorize(url.searchParams, sourceIpOf(req));
      const location = start.kind === 'consent' ? `${publicOriginOf(req)}${oauthConsentPath}/${start.requestId}` : start.location;
      res.writeHead(302, { location, 'content-length': 0 });
      res.end();
    } catch (error) {
      if (error instanceof OAuthError) return sendErrorPage(res, error);
      throw error;
    }
  };

  const formEndpoint =
    (work: (req: IncomingMessage, res: ServerResponse, form: URLSearchParams, client: PresentedClient) => Promise<void>): RouteHandler =>
    async (req, res) => {
      if (allowCors(req, res, 'POST')) return;
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      noStore(res);
      const usedBasic = /^Basic /i.test(req.headers.authorization ?? '');
      try {
        const form = await formOf(req);
        await work(req, res, form, presentedClient(req, form));
      } catch (error) {
        if (error instanceof OAuthError) return sendOAuthError(res, error, usedBasic);
        options.logger.error({ err: error }, 'the authorization server failed a request');
        return sendOAuthError(res, new OAuthError('server_error', 'The server failed; try again.', 503), usedBasic);
      }
    };

  return {
    [authorizationServerPaths.metadata]: metadata,
    [authorizationServerPaths.openidConfiguration]: metadata,
    [authorizationServerPaths.authorize]: authorize,
    [authorizationServerPaths.token]: formEndpoint(async (req, res, form, client) => {
      sendJson(res, 200, await server.token(form, client, actorOf(req)));
    }),
    [authorizationServerPaths.revoke]: formEndpoint(async (_req, res, form, client) => {
      await server.revoke(form, client);
      res.writeHead(200, { 'content-length': 0 });
      res.end();
    }),
  };
}
