import { Outlet, ScrollRestoration } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { useSession } from './graphql/hooks.ts';
import { LoginPage } from './pages/LoginPage.tsx';

/**
 * The root of every route (routes.tsx). Signed out, every address shows the sign-in page and, once signed
 * in, the page it named. Scroll goes to the top on a new page and back to where it was on back and forward.
 */
export function App() {
  const { status, user } = useSession();
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
