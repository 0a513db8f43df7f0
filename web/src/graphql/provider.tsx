import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApolloProvider } from '@apollo/client/react';
import { createPortalClient, type PortalClient } from './client.ts';
import { readToken, writeToken } from './session.ts';

export interface Session {
  token: string | null;
  portal: PortalClient;
  signIn(token: string): void;
  /** Forgets the token, empties the Apollo cache and closes the WebSocket. */
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [portal, setPortal] = useState(createPortalClient);
  const [token, setToken] = useState(readToken);

  const signIn = useCallback((next: string) => {
    writeToken(next);
    setToken(next);
  }, []);

  const signOut = useCallback(() => {
    writeToken(null);
    setToken(null);
    setPortal((current) => {
      void current.dispose();
      return createPortalClient();
    });
  }, []);

  // Signing out in another tab signs out here too.
  useEffect(() => {
    const onStorage = () => {
      if (readToken() === null && token !== null) signOut();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [token, signOut]);

  const session = useMemo<Session>(() => ({ token, portal, signIn, signOut }), [token, portal, signIn, signOut]);

  return (
    <SessionContext.Provider value={session}>
      <ApolloProvider client={portal.apollo}>{children}</ApolloProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>.');
  return session;
}
