import { Layout } from './components/Layout.tsx';
import { useMe, useSession } from './graphql/hooks.ts';
import { paths, usePath } from './navigation.ts';
import { ApiTokensPage } from './pages/ApiTokensPage.tsx';
import { AuditLogPage } from './pages/AuditLogPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ServersPage } from './pages/ServersPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';

function Page() {
  const path = usePath();
  const { me, loading } = useMe();
  if (path === paths.servers) return <ServersPage />;
  if (!me) return loading ? <p className="muted">Loading…</p> : null;
  if (path === paths.tokens) return <ApiTokensPage myRole={me.role} />;
  if (path === paths.users || path === paths.audit) {
    if (me.role !== 'ADMIN') return <NotFoundPage message="This page is for administrators." />;
    return path === paths.users ? <UsersPage /> : <AuditLogPage />;
  }
  return <NotFoundPage />;
}

export function App() {
  const { token } = useSession();
  if (!token) return <LoginPage />;
  return (
    <Layout>
      <Page />
    </Layout>
  );
}
