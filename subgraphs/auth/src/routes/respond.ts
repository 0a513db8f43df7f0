import type { IncomingMessage, ServerResponse } from 'node:http';
import { asAppError, requestIdFrom, sourceIpOf, type AuditActor, type RouteHandler } from '@mcp-portal/kit';
import { HttpRefusal, sendRefusal } from './http.ts';

const statusOfCode: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_USER_INPUT: 400,
  TOO_MANY_REQUESTS: 429,
  IDENTITY_PROVIDER_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
};

/** Who is asking, for the audit log: the address and request id as the router set them (see the kit's ForwardedHeaders). */
export function actorOf(req: IncomingMessage): AuditActor {
  return { viewer: null, requestId: requestIdFrom(req.headers['x-request-id']), sourceIp: sourceIpOf(req) };
}

/**
 * Errors the caller can act on (a lost database connection included: 503, try again) become a JSON error
 * answer; anything else goes to the server's 500 handler.
 */
export function jsonRoute(
  handler: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>,
  refusalHeaders?: (req: IncomingMessage) => Record<string, string>,
): RouteHandler {
  return async (req, res, url) => {
    try {
      await handler(req, res, url);
    } catch (error) {
      if (error instanceof HttpRefusal) return sendRefusal(res, error, refusalHeaders?.(req));
      const known = asAppError(error);
      if (known) return sendRefusal(res, new HttpRefusal(statusOfCode[known.code] ?? 400, known.code.toLowerCase(), known.message), refusalHeaders?.(req));
      throw error;
    }
  };
}
