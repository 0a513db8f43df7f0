import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppError, BodyTooLargeError, readBody, sendJson } from '@mcp-portal/kit';
import type { AuthServices } from '../services/index.ts';

const requestSchema = z.object({ token: z.string().min(1).max(512) });

/**
 * POST {"token": "mcpat_…"} → {"token": "<JWT>", "expiresAt": "…"}: how the router turns an API token
 * into the short-lived JWT every subgraph verifies. Answers 401 for any token that is not valid.
 */
export function tokenExchangeHandler(services: AuthServices) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method_not_allowed' });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, 4096));
    } catch (error) {
      return sendJson(res, error instanceof BodyTooLargeError ? 413 : 400, { error: 'invalid_request' });
    }
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) return sendJson(res, 400, { error: 'invalid_request' });
    try {
      const issued = await services.apiTokens.exchange(parsed.data.token);
      sendJson(res, 200, { token: issued.token, expiresAt: issued.expiresAt.toISOString() });
    } catch (error) {
      if (error instanceof AppError) return sendJson(res, 401, { error: 'invalid_token', message: error.message });
      throw error;
    }
  };
}
