import { z } from 'zod';
import { AppError, sendJson, type RouteHandler } from '@mcp-portal/kit';
import type { AuthServices } from '../services/index.ts';
import { HttpRefusal, readInput, requireMethod } from './http.ts';
import { jsonRoute } from './respond.ts';

const requestSchema = z.object({ token: z.string().min(1).max(512) });

/**
 * POST {"token": "mcpat_…"} → {"token": "<JWT>", "expiresAt": "…"}: how the router turns an API token
 * into the short-lived JWT every subgraph verifies. Answers 401 for any token that is not valid.
 */
export function tokenExchangeHandler(services: AuthServices): RouteHandler {
  return jsonRoute(async (req, res) => {
    requireMethod(req, 'POST');
    const { token } = await readInput(req, requestSchema, 4096);
    try {
      const issued = await services.apiTokens.exchange(token);
      sendJson(res, 200, { token: issued.token, expiresAt: issued.expiresAt.toISOString() });
    } catch (error) {
      if (error instanceof AppError) throw new HttpRefusal(401, 'invalid_token', error.message);
      throw error;
    }
  });
}
