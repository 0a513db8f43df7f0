import { useEffect } from 'react';
import { Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { useSession } from './graphql/hooks.ts';
import { holdCallback } from './oauth-callback.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { paths } from './paths.ts';

/**
 * An authorization server's redirect to /oauth/callback while nobody is signed in (the session ended during the
 * consent): its code waits in this tab's sessionStorage instead of the address bar (nor does it go to the identity
 * provider with single sign-on's returnTo), and the callback page completes it once the user has signed in.
 */
function useHoldOAuthCallbackWhileSignedOut(signedIn: boolean) {
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    if (signedIn || pathname !== paths.oauthCallback) return;
    if (holdCallback(new URLSearchParams(search))) void navigate({ search: '' }, { replace: true });
  }, [signedIn, pathname, search, navigate]);
}

/**
 * The root of every route (routes.tsx). Signed out, every address shows the sign-in page and, once signed
 * in, the page it named. Scroll goes to the top on a new page and back to where it was on back and forward.
 */
export function App() {
  const { status, user } = useSession();
  useHoldOAuthCallbackWhileSignedOut(user !== null);
  return (
    <>
      <ScrollRestoration />
      {status === 'restoring' ? (
        <main className="login">
          <p className="muted" role="status" data-testid="session-restoring">
            Loading…
          </p>
        </main>
      ) : !user ? (
        <LoginPage />
      ) : (
        <Layout user={user}>
          <Outlet />
        </Layout>
      )}
    </>
  );
}
