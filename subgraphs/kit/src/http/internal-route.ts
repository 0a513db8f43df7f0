import type { z } from 'zod';
import { NotFoundError } from '../errors.ts';
import type { InternalRequestKey } from './internal-requests.ts';
import { sendJson } from './respond.ts';
import type { RouteHandler } from './server.ts';

/**
 * A `GET /internal/…` route between the processes of one deployment: 405 for another method, 401 unless
 * signed with `key` (and not seen before), 400 for a query `query` refuses, 404 when `answer` throws the
 * kit's NotFoundError; otherwise `answer`'s value as JSON, never cached.
 */
export function internalGetRoute<Q>(key: InternalRequestKey, query: z.ZodType<Q>, answer: (query: Q) => Promise<unknown>): RouteHandler {
  return async (req, res, url) => {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' });
    if (!key.verify(req)) return sendJson(res, 401, { error: 'unauthorized' });
    const parsed = query.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) return sendJson(res, 400, { error: 'invalid_request' });
    let body: unknown;
    try {
      body = await answer(parsed.data);
    } catch (error) {
      if (error instanceof NotFoundError) return sendJson(res, 404, { error: 'not_found' });
      throw error;
    }
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, body);
  };
}
