import { lazy, Suspense } from 'react';
import { Outlet, useParams, type RouteObject } from 'react-router';
import type { SessionUser } from './graphql/session-user.ts';
import { App } from './App.tsx';
import { useSession } from './graphql/hooks.ts';
import { paths } from './paths.ts';
import { ApiTokensPage } from './pages/ApiTokensPage.tsx';
import { AuditLogPage } from './pages/AuditLogPage.tsx';
import { CatalogEntryPage } from './pages/CatalogEntryPage.tsx';
import { CatalogPage } from './pages/CatalogPage.tsx';
import { ConnectClientsPage } from './pages/ConnectClientsPage.tsx';
import { ConnectionsPage } from './pages/ConnectionsPage.tsx';
import { DevicePage } from './pages/DevicePage.tsx';
import { ExecutionPage } from './pages/ExecutionPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OAuthCallbackPage } from './pages/OAuthCallbackPage.tsx';
import { OAuthClientDetailPage } from './pages/OAuthClientDetailPage.tsx';
import { OAuthClientsPage } from './pages/OAuthClientsPage.tsx';
import { OAuthConsentPage } from './pages/OAuthConsentPage.tsx';
import { RunPage } from './pages/RunPage.tsx';
import { ServerDetailPage } from './pages/ServerDetailPage.tsx';
import { ServersPage } from './pages/ServersPage.tsx';
import { UserDetailPage } from './pages/UserDetailPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';

/** Loaded on first visit: the dashboard's chart library stays out of the portal's main chunk. */
const DashboardPage = lazy(() => import('./pages/DashboardPage.tsx').then((module) => ({ default: module.DashboardPage })));

/** The pages render only under App, which shows the sign-in page while nobody is signed in. */
function useSignedInUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('A page rendered with nobody signed in.');
  return user;
}

/** The one check in front of the administrators' pages; the API refuses their data to anyone else anyway. */
function AdminOnly() {
  return useSignedInUser().role === 'ADMIN' ? <Outlet /> : <NotFoundPage message="This page is for administrators." />;
}

function Dashboard() {
  const { role } = useSignedInUser();
  return (
    <Suspense
      fallback={
        <p className="muted" role="status">
          Loading the dashboard…
        </p>
      }
    >
      <DashboardPage role={role} />
    </Suspense>
  );
}

function Servers() {
  return <ServersPage role={useSignedInUser().role} />;
}

/** Keyed by the address's name: another entry starts from a fresh page (form state included). */
function CatalogEntry() {
  const { name = '' } = useParams();
  return <CatalogEntryPage key={name} name={name} role={useSignedInUser().role} />;
}

function Server() {
  const { id = '' } = useParams();
  return <ServerDetailPage key={id} id={id} user={useSignedInUser()} />;
}

/** Keyed by the user's id: another user starts from a fresh page. */
function UserDetail() {
  const { id = '' } = useParams();
  return <UserDetailPage key={id} id={id} me={useSignedInUser()} />;
}

/** Keyed by the client id: another client starts from a fresh page. */
function OAuthClient() {
  const { clientId = '' } = useParams();
  return <OAuthClientDetailPage key={clientId} clientId={clientId} />;
}

function Tokens() {
  return <ApiTokensPage myRole={useSignedInUser().role} />;
}

function Connections() {
  return <ConnectionsPage user={useSignedInUser()} />;
}

function Device() {
  return <DevicePage user={useSignedInUser()} />;
}

function Run() {
  return <RunPage user={useSignedInUser()} />;
}

/** Keyed by the run's id: another run starts from a fresh terminal. */
function Execution() {
  const { id = '' } = useParams();
  return <ExecutionPage key={id} id={id} user={useSignedInUser()} />;
}

/** Keyed by the request's id: another request starts from a fresh page. */
function OAuthConsent() {
  const { id = '' } = useParams();
  return <OAuthConsentPage key={id} id={id} user={useSignedInUser()} />;
}

/** What a route declares about its page: its title, the portal's one h1 and the document's title (see Layout). */
export interface PageHandle {
  title: string;
}
const page = (title: string): PageHandle => ({ title });

/** Every page of the portal, by address. */
export const routes: RouteObject[] = [
  {
    element: <App />,
    children: [
      { path: paths.dashboard, element: <Dashboard />, handle: page('Dashboard') },
      { path: paths.servers, element: <Servers />, handle: page('Servers') },
      { path: paths.catalog, element: <CatalogPage />, handle: page('Catalog') },
      { path: paths.catalogEntry, element: <CatalogEntry />, handle: page('Catalog entry') },
      { path: paths.server, element: <Server />, handle: page('Server') },
      { path: paths.tokens, element: <Tokens />, handle: page('API tokens and password') },
      { path: paths.run, element: <Run />, handle: page('Run a command') },
      { path: paths.execution, element: <Execution />, handle: page('Run') },
      { path: paths.connect, element: <ConnectClientsPage />, handle: page('Connect a client') },
      { path: paths.connections, element: <Connections />, handle: page('OAuth connections') },
      { path: paths.oauthCallback, element: <OAuthCallbackPage />, handle: page('OAuth authorization') },
      { path: paths.device, element: <Device />, handle: page('Device sign-in') },
      { path: paths.oauthConsent, element: <OAuthConsent />, handle: page('Authorize an application') },
      {
        element: <AdminOnly />,
        children: [
          { path: paths.users, element: <UsersPage />, handle: page('Users') },
          { path: paths.user, element: <UserDetail />, handle: page('User') },
          { path: paths.audit, element: <AuditLogPage />, handle: page('Audit log') },
          { path: paths.oauthClients, element: <OAuthClientsPage />, handle: page('OAuth clients') },
          { path: paths.oauthClient, element: <OAuthClient />, handle: page('OAuth client') },
        ],
      },
      { path: '*', element: <NotFoundPage />, handle: page('Not found') },
    ],
  },
];
