import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createPortalClient } from './graphql/client.ts';
import { SessionProvider } from './graphql/provider.tsx';
import { session } from './graphql/session.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

// One session and one client for the page's lifetime, created outside React (StrictMode runs effects twice).
const portal = createPortalClient(session);
session.start();

createRoot(root).render(
  <StrictMode>
    <SessionProvider session={session} portal={portal}>
      <App />
    </SessionProvider>
  </StrictMode>,
);
