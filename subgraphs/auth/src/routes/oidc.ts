import type { RouteHandler } from '@mcp-portal/kit';
import { AppError } from '@mcp-portal/kit';
import { oidcPaths } from '@mcp-portal/schema/contract';
import type { AuthServices } from '../services/index.ts';
import { safeReturnPath } from '../services/oidc-login.ts';
import { HttpRefusal, redirect, requireMethod } from './http.ts';
import { actorOf, jsonRoute } from './respond.ts';
import { refreshCookie } from './session-cookie.ts';

/** The portal shows `?loginError=` on its sign-in page. */
const backToLogin = (message: string) => `/?${new URLSearchParams({ loginError: message }).toString()}`;

/** Browser redirects of the OIDC code flow: to the provider, and back with a session cookie. */
export function oidcRoutes(services: AuthServices): Record<string, RouteHandler> {
  const oidcOf = () => {
    if (!services.oidc) throw new HttpRefusal(404, 'not_found', 'Single sign-on is not configured.');
    return services.oidc;
  };
  return {
    [oidcPaths.login]: jsonRoute(async (req, res, url) => {
      requireMethod(req, 'GET');
      const oidc = oidcOf();
      try {
        redirect(res, (await oidc.start(safeReturnPath(url.searchParams.get('returnTo')))).toString());
      } catch (error) {
        if (error instanceof AppError) return redirect(res, backToLogin(error.message));
        throw error;
      }
    }),
    [oidcPaths.callback]: jsonRoute(async (req, res, url) => {
      requireMethod(req, 'GET');
      const oidc = oidcOf();
      try {
        const { session, returnTo } = await oidc.complete(url.search, actorOf(req));
        redirect(res, returnTo, { 'set-cookie': refreshCookie(req, session.refreshToken, session.refreshExpiresAt) });
      } catch (error) {
        if (error instanceof AppError) return redirect(res, backToLogin(error.message));
        throw error;
      }
    }),
  };
}
