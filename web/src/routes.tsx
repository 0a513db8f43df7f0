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
import { DevicePage } from './pages/DevicePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ServerDetailPage } from './pages/ServerDetailPage.tsx';
import { ServersPage } from './pages/ServersPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';

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
  return <ServerDetailPage key={id} id={id} role={useSignedInUser().role} />;
}

function Tokens() {
  return <ApiTokensPage myRole={useSignedInUser().role} />;
}

function Device() {
  return <DevicePage user={useSignedInUser()} />;
}

/** Every page of the portal, by address. */
export const routes: RouteObject[] = [
  {
    element: <App />,
    children: [
      { path: paths.servers, element: <Servers /> },
      { path: paths.catalog, element: <CatalogPage /> },
      { path: paths.catalogEntry, element: <CatalogEntry /> },
      { path: paths.server, element: <Server /> },
      { path: paths.tokens, element: <Tokens /> },
      { path: paths.connect, element: <ConnectClientsPage /> },
      { path: paths.device, element: <Device /> },
      {
        element: <AdminOnly />,
        children: [
          { path: paths.users, element: <UsersPage /> },
          { path: paths.audit, element: <AuditLogPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
