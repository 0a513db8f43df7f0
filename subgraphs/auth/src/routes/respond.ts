import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, sourceIpOf, type AuditActor, type RouteHandler } from '@mcp-portal/kit';
import { HttpRefusal, sendRefusal } from './http.ts';

const statusOfCode: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_USER_INPUT: 400,
  TOO_MANY_REQUESTS: 429,
  IDENTITY_PROVIDER_UNAVAILABLE: 503,
};

export function actorOf(req: IncomingMessage): AuditActor {
  const requestId = req.headers['x-request-id'];
  return { viewer: null, requestId: typeof requestId === 'string' ? requestId.slice(0, 100) : randomUUID(), sourceIp: sourceIpOf(req) };
}

/** Errors the caller can act on become a JSON error answer; anything else goes to the server's 500 handler. */
export function jsonRoute(handler: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>, refusalHeaders?: (req: IncomingMessage) => Record<string, string>): RouteHandler {
  return async (req, res, url) => {
    try {
      await handler(req, res, url);
    } catch (error) {
      if (error instanceof HttpRefusal) return sendRefusal(res, error, refusalHeaders?.(req));
      if (error instanceof AppError) {
        return sendRefusal(res, new HttpRefusal(statusOfCode[error.code] ?? 400, error.code.toLowerCase(), error.message), refusalHeaders?.(req));
      }
      throw error;
    }
  };
}
