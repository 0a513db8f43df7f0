import { z } from 'zod';
import { oidcPaths, sessionPaths } from '@mcp-portal/schema/contract';
import { emailAddress, sendJson, type RouteHandler } from '@mcp-portal/kit';
import type { AuthServices } from '../services/index.ts';
import type { Session } from '../services/sessions.ts';
import { HttpRefusal, readInput, requireMethod, requireSameOriginJson } from './http.ts';
import { actorOf, jsonRoute } from './respond.ts';
import { clearedRefreshCookie, refreshCookie, refreshTokenFromCookie } from './session-cookie.ts';

const credentialsSchema = z.object({ email: emailAddress, password: z.string().min(1).max(1024) });

const sessionBody = (session: Session) => ({
  token: session.token,
  expiresAt: session.expiresAt.toISOString(),
  user: { id: session.user.id, email: session.user.email, role: session.user.role.toUpperCase() },
});

/**
 * The portal's session over HTTP: sign-in sets the refresh token as an httpOnly cookie and answers the
 * access token, which the portal keeps in memory only; a reload calls /auth/refresh to get a new one.
 */
export function sessionRoutes(services: AuthServices): Record<string, RouteHandler> {
  const clearCookie = (req: Parameters<typeof clearedRefreshCookie>[0]) => ({ 'set-cookie': clearedRefreshCookie(req) });
  return {
    [sessionPaths.providers]: jsonRoute(async (req, res) => {
      requireMethod(req, 'GET');
      res.setHeader('cache-control', 'no-store');
      sendJson(res, 200, {
        local: true,
        oidc: services.oidc ? { name: services.oidc.displayName, loginUrl: oidcPaths.login } : null,
      });
    }),
    [sessionPaths.login]: jsonRoute(async (req, res) => {
      requireMethod(req, 'POST');
      requireSameOriginJson(req);
      const { email, password } = await readInput(req, credentialsSchema);
      const session = await services.users.login(email, password, actorOf(req));
      res.setHeader('set-cookie', refreshCookie(req, session.refreshToken, session.refreshExpiresAt));
      res.setHeader('cache-control', 'no-store');
      sendJson(res, 200, sessionBody(session));
    }),
    [sessionPaths.refresh]: jsonRoute(async (req, res) => {
      requireMethod(req, 'POST');
      requireSameOriginJson(req);
      const token = refreshTokenFromCookie(req);
      if (!token) throw new HttpRefusal(401, 'unauthenticated', 'Not signed in.');
      const session = await services.sessions.refresh(token, actorOf(req));
      res.setHeader('set-cookie', refreshCookie(req, session.refreshToken, session.refreshExpiresAt));
      res.setHeader('cache-control', 'no-store');
      sendJson(res, 200, sessionBody(session));
    }, clearCookie),
    [sessionPaths.logout]: jsonRoute(async (req, res) => {
      requireMethod(req, 'POST');
      requireSameOriginJson(req);
      const token = refreshTokenFromCookie(req);
      if (token) await services.sessions.logout(token, actorOf(req));
      res.writeHead(204, clearCookie(req));
      res.end();
    }),
  };
}
