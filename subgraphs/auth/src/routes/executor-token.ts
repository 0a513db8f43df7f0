import { z } from 'zod';
import { internalPostRoute, NotFoundError, roleAtLeast, roles, type InternalRequestKey, type RouteHandler } from '@mcp-portal/kit';
import { executorTokenPath, type ExecutorTokenAnswer } from '@mcp-portal/schema';
import type { AuthServices } from '../services/index.ts';

const requestSchema = z.object({
  userId: z.string().uuid(),
  maxRole: z.enum(roles),
  executionId: z.string().uuid(),
  ttlSeconds: z.number().int().min(10).max(3660),
});

/**
 * The token of one executor run: the invoking user's identity, the lower of their current role and the role the run
 * was asked for with (never more than either), for the router's API, expiring with the run. Never a service token.
 */
export function executorTokenRoutes(services: AuthServices, key: InternalRequestKey): Record<string, RouteHandler> {
  return {
    [executorTokenPath]: internalPostRoute(
      key,
      requestSchema,
      async ({ userId, maxRole, executionId, ttlSeconds }): Promise<ExecutorTokenAnswer> => {
        const user = await services.users.byId(userId);
        if (!user || user.disabledAt) throw new NotFoundError('The user who asked for the run no longer exists or is disabled.');
        const role = roleAtLeast(user.role, maxRole) ? maxRole : user.role;
        const issued = await services.issuer.issue({ userId: user.id, email: user.email, role }, { ttlSeconds, executionId });
        return { token: issued.token, expiresAt: issued.expiresAt.toISOString(), role };
      },
      { maxBytes: 4 * 1024 },
    ),
  };
}
