import { z } from 'zod';
import { internalPostRoute, NotFoundError, type InternalRequestKey, type RouteHandler } from '@mcp-portal/kit';
import { oauthAccessTokenPath, type OAuthAccessTokenAnswer } from '@mcp-portal/schema';
import type { AuthServices } from '../services/index.ts';

const requestSchema = z.object({
  userId: z.string().uuid(),
  audience: z.string().url().max(2000),
  clientId: z.string().min(1).max(2000),
  scope: z.string().max(1000),
});

/**
 * The access JWT of a client of the platform's authorization server (the dcr subgraph owns the grant and asks for
 * each token, signed): the user's current role, the resource as audience. A disabled or deleted user gets none.
 */
export function oauthAccessTokenRoutes(services: AuthServices, key: InternalRequestKey): Record<string, RouteHandler> {
  return {
    [oauthAccessTokenPath]: internalPostRoute(
      key,
      requestSchema,
      async ({ userId, audience, clientId, scope }): Promise<OAuthAccessTokenAnswer> => {
        const user = await services.users.byId(userId);
        if (!user || user.disabledAt) throw new NotFoundError('The user who granted access no longer exists or is disabled.');
        const issued = await services.issuer.issue({ userId: user.id, email: user.email, role: user.role }, { client: { clientId, audience, scope } });
        return { token: issued.token, expiresAt: issued.expiresAt.toISOString() };
      },
      { maxBytes: 8 * 1024 },
    ),
  };
}
