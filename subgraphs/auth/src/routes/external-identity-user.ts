import { z } from 'zod';
import { internalGetRoute, NotFoundError, type InternalRequestKey, type RouteHandler } from '@mcp-portal/kit';
import { externalIdentityUserPath, type ExternalIdentityUser } from '@mcp-portal/schema';
import type { AuthServices } from '../services/index.ts';

const querySchema = z.object({ issuer: z.string().min(1).max(300), subject: z.string().min(1).max(300) });

/**
 * The active user an external identity is linked to, for other processes of the deployment (signed requests only):
 * the gateway-proxy maps a Microsoft Entra access token to a user by its object id (`entraObjectIssuer`).
 */
export function externalIdentityUserRoutes(services: AuthServices, key: InternalRequestKey): Record<string, RouteHandler> {
  return {
    [externalIdentityUserPath]: internalGetRoute(key, querySchema, async ({ issuer, subject }): Promise<ExternalIdentityUser> => {
      const user = await services.users.byExternalIdentity(issuer, subject);
      if (!user || user.disabledAt) throw new NotFoundError('No active user has this external identity.');
      return { userId: user.id, email: user.email, role: user.role };
    }),
  };
}
