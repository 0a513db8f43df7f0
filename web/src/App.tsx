import type { SessionUser } from './graphql/session-user.ts';
import { Layout } from './components/Layout.tsx';
import { useSession } from './graphql/hooks.ts';
import { pathParameter, paths, serverPathPrefix, usePath } from './navigation.ts';
import { ApiTokensPage } from './pages/ApiTokensPage.tsx';
import { AuditLogPage } from './pages/AuditLogPage.tsx';
import { CatalogEntryPage } from './pages/CatalogEntryPage.tsx';
import { CatalogPage } from './pages/CatalogPage.tsx';
import { ConnectClientsPage } from './pages/ConnectClientsPage.tsx';
import { DevicePage } from './pages/DevicePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ServerDetailPage } from './pages/ServerDetailPage.tsx';
import { ServersPage } from './pages/ServersPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';

function Page({ user }: { user: SessionUser }) {
  const path = usePath();
  if (path === paths.servers) return <ServersPage role={user.role} />;
  if (path === paths.catalog) return <CatalogPage />;
  const entryName = pathParameter(path, paths.catalog);
  if (entryName !== null) return <CatalogEntryPage key={entryName} name={entryName} role={user.role} />;
  const serverId = pathParameter(path, serverPathPrefix);
  if (serverId !== null) return <ServerDetailPage key={serverId} id={serverId} role={user.role} />;
  if (path === paths.tokens) return <ApiTokensPage myRole={user.role} />;
  if (path === paths.connect) return <ConnectClientsPage />;
  if (path === paths.device) return <DevicePage user={user} />;
  if (path === paths.users || path === paths.audit) {
    if (user.role !== 'ADMIN') return <NotFoundPage message="This page is for administrators." />;
    return path === paths.users ? <UsersPage /> : <AuditLogPage />;
  }
  return <NotFoundPage />;
}

/** Signed out, every address shows the sign-in page and, once signed in, the page it named. */
export function App() {
  const { status, user } = useSession();
  if (status === 'restoring') {
    return (
      <main className="login">
        <p className="muted" role="status" data-testid="session-restoring">
          Loading…
        </p>
      </main>
    );
  }
  if (!user) return <LoginPage />;
  return (
    <Layout user={user}>
      <Page user={user} />
    </Layout>
  );
}
