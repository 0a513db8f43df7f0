import { z } from 'zod';
import { AppError, ConflictError, ForbiddenError, InvalidInputError, NotFoundError, ServiceUnavailableError, type ErrorDetails } from '../errors.ts';
import { BodyTooLargeError, readBody } from './body.ts';
import { bodyDigest, type InternalRequestKey } from './internal-requests.ts';
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

/** The status of an answer that carries a refusal the caller can act on (internalRefusal reads it back). */
export const refusedStatus = 422;

const refusalSchema = z.object({ error: z.literal('refused'), code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() });

const errorOfCode: Record<string, new (message?: string, details?: ErrorDetails) => AppError> = {
  NOT_FOUND: NotFoundError,
  CONFLICT: ConflictError,
  FORBIDDEN: ForbiddenError,
  BAD_USER_INPUT: InvalidInputError,
  SERVICE_UNAVAILABLE: ServiceUnavailableError,
};

/**
 * A `POST /internal/…` route between the processes of one deployment, with a JSON body: 405 for another
 * method, 401 unless signed with `key` (and not seen before) and the body is the signed one (`digest`), 413
 * past `maxBytes`, 400 for a body `body` refuses. An error the caller can act on (the kit's AppError) is
 * answered 422 with its code, message and details, for internalRefusal to throw again on the caller's side;
 * otherwise `answer`'s value as JSON, never cached.
 */
export function internalPostRoute<B>(
  key: InternalRequestKey,
  body: z.ZodType<B>,
  answer: (body: B) => Promise<unknown>,
  options: { maxBytes: number },
): RouteHandler {
  return async (req, res, url) => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method_not_allowed' });
    if (!key.verify(req)) return sendJson(res, 401, { error: 'unauthorized' });
    let text: string;
    try {
      text = await readBody(req, options.maxBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: 'body_too_large' });
      throw error;
    }
    if (url.searchParams.get('digest') !== bodyDigest(text)) return sendJson(res, 401, { error: 'unauthorized' });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return sendJson(res, 400, { error: 'invalid_request' });
    }
    const parsed = body.safeParse(json);
    if (!parsed.success) return sendJson(res, 400, { error: 'invalid_request' });
    let result: unknown;
    try {
      result = await answer(parsed.data);
    } catch (error) {
      if (!(error instanceof AppError) || !(error.code in errorOfCode)) throw error;
      return sendJson(res, refusedStatus, { error: 'refused', code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
    }
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, result ?? {});
  };
}

/** The AppError an internalPostRoute answered with (status 422), to throw on this side; null for any other answer. */
export function internalRefusal(answer: { status: number; body: unknown }): AppError | null {
  if (answer.status !== refusedStatus) return null;
  const refusal = refusalSchema.safeParse(answer.body);
  const ErrorOfCode = refusal.success ? errorOfCode[refusal.data.code] : undefined;
  if (!refusal.success || !ErrorOfCode) return null;
  return new ErrorOfCode(refusal.data.message, refusal.data.details);
}
