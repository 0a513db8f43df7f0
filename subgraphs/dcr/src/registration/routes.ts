import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, requestIdFrom, sendJson, sourceIpOf, type AuditActor, type RouteHandler } from '@mcp-portal/kit';
import { invalidMetadata, invalidToken, RegistrationError } from './errors.ts';
import type { RegistrationService } from './service.ts';

/** The registration endpoint's path; a client's configuration endpoint is `${registrationPath}/{client_id}` (RFC 7592). */
export const registrationPath = '/register';

/** The largest request body accepted (bytes): far above what 20 redirect URIs and every other field need. */
export const registrationBodyLimit = 256 * 1024;

export interface RegistrationRouteOptions {
  /**
   * The public URL of the registration endpoint (e.g. `https://mcp.example.com/register`), used in
   * `registration_client_uri`; default: from the router's signed forwarded host and scheme, else the request's Host.
   */
  endpoint?: string;
}

/** RFC 7591/7592 answers are never cached (they may carry a secret). */
function noStore(res: ServerResponse): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('pragma', 'no-cache');
}

function sendError(res: ServerResponse, error: RegistrationError): void {
  if (error.status === 401) res.setHeader('www-authenticate', `Bearer error="${error.code}"`);
  if (error.retryAfter !== undefined) res.setHeader('retry-after', String(error.retryAfter));
  sendJson(res, error.status, { error: error.code, error_description: error.description });
}

const hostPattern = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The public registration endpoint: `configured`, else on the request's public origin (publicOriginOf). */
function endpointOf(req: IncomingMessage, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  return `${publicOriginOf(req)}${registrationPath}`;
}

/**
 * The platform's public origin as the request reached it (`https://mcp.example.com`). A subgraph keeps only the
 * forwarded headers the router signed (the kit's ForwardedHeaders), so x-forwarded-host/-proto here are the
 * router's; a direct request's Host only ever shapes the answer to that same request.
 */
export function publicOriginOf(req: IncomingMessage): string {
  const header = (name: string) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  };
  const forwardedProto = header('x-forwarded-proto');
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
  const host = header('x-forwarded-host') ?? header('host');
  return `${proto}://${host && hostPattern.test(host) ? host : 'localhost'}`;
}

function actorOf(req: IncomingMessage): AuditActor {
  // Registration is anonymous (an initial access token names nobody): no viewer.
  return { viewer: null, requestId: requestIdFrom(req.headers['x-request-id']), sourceIp: sourceIpOf(req) };
}

/** The bearer token of the Authorization header (RFC 6750 §2.1), or null. */
function bearerOf(req: IncomingMessage): string | null {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/** The JSON body of a registration or an update: application/json only, bounded, parsed. */
async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    req.resume();
    throw invalidMetadata('The request body must be client metadata as application/json.');
  }
  let text: string;
  try {
    text = await readBody(req, registrationBodyLimit);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new RegistrationError(413, 'invalid_client_metadata', `The request body is larger than ${registrationBodyLimit} bytes.`);
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidMetadata('The request body is not valid JSON.');
  }
}

async function answer(res: ServerResponse, work: () => Promise<void>): Promise<void> {
  noStore(res);
  try {
    await work();
  } catch (error) {
    if (error instanceof RegistrationError) return sendError(res, error);
    throw error;
  }
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, { error: 'invalid_request', error_description: `Use ${allow}.` });
}

/** POST /register (RFC 7591 §3): 201 with the client information, its secret and its registration access token. */
export function registerHandler(service: RegistrationService, options: RegistrationRouteOptions = {}): RouteHandler {
  return (req, res) =>
    answer(res, async () => {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      const actor = actorOf(req);
      try {
        await service.admit(bearerOf(req), actor.sourceIp);
      } catch (error) {
        req.resume();
        throw error;
      }
      const body = await jsonBody(req);
      sendJson(res, 201, await service.register(body, { actor, endpoint: endpointOf(req, options.endpoint) }));
    });
}

/** GET|PUT|DELETE /register/{client_id} (RFC 7592 §2) with `Authorization: Bearer <registration access token>`. */
export function clientConfigurationHandler(service: RegistrationService, options: RegistrationRouteOptions = {}): RouteHandler {
  return (req, res, url) =>
    answer(res, async () => {
      let clientId: string;
      try {
        clientId = decodeURIComponent(url.pathname.slice(registrationPath.length + 1));
      } catch {
        throw invalidToken();
      }
      // A path that cannot name a client gets the answer an unknown client gets.
      if (clientId.length === 0 || clientId.length > 200 || clientId.includes('/')) {
        req.resume();
        throw invalidToken();
      }
      const token = bearerOf(req);
      const endpoint = endpointOf(req, options.endpoint);
      switch (req.method) {
        case 'GET':
          return sendJson(res, 200, await service.read(clientId, token, { endpoint }));
        case 'PUT': {
          const body = await jsonBody(req);
          return sendJson(res, 200, await service.update(clientId, token, body, { actor: actorOf(req), endpoint }));
        }
        case 'DELETE':
          await service.delete(clientId, token, { actor: actorOf(req) });
          res.writeHead(204);
          return void res.end();
        default:
          return methodNotAllowed(res, 'GET, PUT, DELETE');
      }
    });
}

/**
 * The registration routes for a subgraph's `routes` map: `/register` and `/register/*` (the kit's prefix routes,
 * which answer every `/register/{client_id}`).
 */
export function registrationRoutes(services: { registration: RegistrationService }, options: RegistrationRouteOptions = {}): Record<string, RouteHandler> {
  return {
    [registrationPath]: registerHandler(services.registration, options),
    [`${registrationPath}/*`]: clientConfigurationHandler(services.registration, options),
  };
}
