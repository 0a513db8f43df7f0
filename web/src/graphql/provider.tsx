import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { ApolloProvider } from '@apollo/client/react';
import type { SessionUser } from './session-user.ts';
import type { PortalClient } from './client.ts';
import type { SessionStatus, SessionStore } from './session.ts';

export interface Session {
  status: SessionStatus;
  /** The signed-in user (from the session itself, no query needed); null unless `signed-in`. */
  user: SessionUser | null;
  /** Why the session could not be restored or ended, for the sign-in page. */
  problem: string | null;
  portal: PortalClient;
  /** Answers the message to show when refused, null once signed in. */
  signIn(email: string, password: string): Promise<string | null>;
  /** Before following the single sign-on link: its return page should restore the new session. */
  expectSession(): void;
  /** Revokes the session, empties the Apollo store and closes the WebSocket; resolves once done. */
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, portal, children }: { session: SessionStore; portal: PortalClient; children: ReactNode }) {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);

  // Nothing cached for one user may be shown to the next: reset when the user changes or leaves.
  const userId = snapshot.user?.id ?? null;
  const previousUserId = useRef(userId);
  useEffect(() => {
    const previous = previousUserId.current;
    previousUserId.current = userId;
    if (previous !== null && previous !== userId) void portal.reset({ refetchActive: userId !== null });
  }, [userId, portal]);

  const signOut = useCallback(() => session.signOut(), [session]);

  const value = useMemo<Session>(
    () => ({ ...snapshot, portal, signIn: session.signIn, expectSession: session.expectSession, signOut }),
    [snapshot, portal, session, signOut],
  );

  return (
    <SessionContext.Provider value={value}>
      <ApolloProvider client={portal.apollo}>{children}</ApolloProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>.');
  return session;
}
