import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { createPortalClient } from './graphql/client.ts';
import { SessionProvider } from './graphql/provider.tsx';
import { session } from './graphql/session.ts';
import { routes } from './routes.tsx';
import { startTheme } from './theme.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

// One session, one client and one router for the page's lifetime, created outside React (StrictMode runs effects twice).
// public/theme.js set the theme before the first paint; from here on it follows the toggle and the system.
startTheme();
const portal = createPortalClient(session);
session.start();
const router = createBrowserRouter(routes);

createRoot(root).render(
  <StrictMode>
    <SessionProvider session={session} portal={portal}>
      <RouterProvider router={router} />
    </SessionProvider>
  </StrictMode>,
);
