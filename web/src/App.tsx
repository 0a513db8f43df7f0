import { Layout } from './components/Layout.tsx';
import { useSession } from './graphql/hooks.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { ServersPage } from './pages/ServersPage.tsx';

export function App() {
  const { token } = useSession();
  if (!token) return <LoginPage />;
  return (
    <Layout>
      <ServersPage />
    </Layout>
  );
}
