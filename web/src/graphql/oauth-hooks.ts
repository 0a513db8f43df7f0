import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApolloClient, useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { errorMessage } from './errors.ts';
import {
  AuthorizeServerDocument,
  CompleteServerAuthorizationDocument,
  OAuthConnectionChangedDocument,
  OAuthConnectionsDocument,
  RevokeServerAuthorizationDocument,
  ServerOAuthConnectionDocument,
  type OAuthConnectionSummary,
} from './oauth-documents.ts';
import { RefetchQueue } from './refetch-queue.ts';
import { useRefetchOnReconnect } from './use-refetch-on-reconnect.ts';

export type { OAuthConnectionStatus, OAuthConnectionSummary } from './oauth-documents.ts';

/** Whether a connection is the one the signed-in user's calls to its server carry: their own, or the team's. */
export function isConnectionOf(connection: OAuthConnectionSummary, userId: string): boolean {
  return connection.team || connection.user?.id === userId;
}

/**
 * A server's OAuth connection as the signed-in user's calls use it, live: each change arrives through
 * `oauthConnectionChanged(serverId)` into Apollo's `OAuthConnection:<id>`; a connection the page did not
 * show yet (the first one, or a new one after a revocation) replaces it. A reconnection reads again.
 * `connection` is null for a server that needs no OAuth, and then nothing is followed.
 */
export function useServerOAuthConnection(
  serverId: string,
  userId: string,
): { connection: OAuthConnectionSummary | null; loading: boolean; error: string | null; liveError: string | null } {
  const { data, loading, error, refetch } = useQuery(ServerOAuthConnectionDocument, { variables: { id: serverId }, fetchPolicy: 'cache-and-network' });
  const { error: liveError } = useSubscription(OAuthConnectionChangedDocument, {
    variables: { serverId },
    // A server that needs no OAuth has no connection to follow (its page opens no subscription for it).
    skip: !data?.server?.oauthConnection,
    onData: ({ client, data: event }) => {
      const changed = event.data?.oauthConnectionChanged;
      if (!changed || changed.server.id !== serverId || !isConnectionOf(changed, userId)) return;
      const shown = client.readQuery({ query: ServerOAuthConnectionDocument, variables: { id: serverId } })?.server;
      if (shown && shown.oauthConnection?.id !== changed.id) {
        client.writeQuery({ query: ServerOAuthConnectionDocument, variables: { id: serverId }, data: { server: { ...shown, oauthConnection: changed } } });
      }
    },
  });
  useRefetchOnReconnect(refetch);
  return {
    connection: data?.server?.oauthConnection ?? null,
    loading: loading && !data,
    error: errorMessage(error),
    liveError: errorMessage(liveError),
  };
}

/**
 * The connections the signed-in user may see (their own and the team's; an admin everyone's), live: a
 * change to a listed connection updates it in the cache, one the list does not hold yet reads the list again
 * (and a change during that read reads it once more: see RefetchQueue).
 */
export function useOAuthConnections(): { connections: OAuthConnectionSummary[]; loading: boolean; error: string | null; liveError: string | null } {
  const client = useApolloClient();
  const { data, loading, error } = useQuery(OAuthConnectionsDocument, { fetchPolicy: 'cache-and-network' });
  const refetches = useMemo(() => new RefetchQueue(() => client.refetchQueries({ include: [OAuthConnectionsDocument] })), [client]);
  const { error: liveError } = useSubscription(OAuthConnectionChangedDocument, {
    variables: {},
    onData: ({ data: event }) => {
      const changed = event.data?.oauthConnectionChanged;
      if (!changed) return;
      const listed = client.readQuery({ query: OAuthConnectionsDocument })?.oauthConnections.some((c) => c.id === changed.id);
      if (listed) refetches.changed();
      else void refetches.request();
    },
  });
  useRefetchOnReconnect(() => refetches.request());
  return { connections: data?.oauthConnections ?? [], loading: loading && !data, error: errorMessage(error), liveError: errorMessage(liveError) };
}

/**
 * Starts authorizing a server and sends the browser to the authorization server's consent page; it comes
 * back to the portal's /oauth/callback. `authorize` answers false when the API refused (see `error`).
 */
export function useAuthorizeServer(navigateTo: (url: string) => void = (url) => window.location.assign(url)) {
  const [mutate, { loading, error, reset }] = useMutation(AuthorizeServerDocument);
  const [leaving, setLeaving] = useState(false);
  const authorize = useCallback(
    async (serverId: string, scopes?: string[]): Promise<boolean> => {
      try {
        const { data } = await mutate({ variables: { serverId, ...(scopes?.length ? { scopes } : {}) } });
        const url = data?.authorizeServer.authorizationUrl;
        if (!url) return false;
        setLeaving(true);
        navigateTo(url);
        return true;
      } catch {
        return false; // `error` carries the message
      }
    },
    [mutate, navigateTo],
  );
  return { authorize, pending: loading || leaving, error: errorMessage(error), reset };
}

/** What came back on the redirect to /oauth/callback. */
export interface AuthorizationResponse {
  state: string;
  code: string;
  iss: string | null;
}

export type CompletionState = { phase: 'completing' } | { phase: 'done'; connection: OAuthConnectionSummary } | { phase: 'refused'; message: string };

/**
 * One completion per `state` for the page's lifetime: StrictMode runs effects twice, and a code is single-use
 * (the API refuses a replayed state), so a second call for the same state answers the first one's result.
 */
const completions = new Map<string, Promise<OAuthConnectionSummary>>();

/** Completes an authorization with what the authorization server put on the redirect (once per state). */
export function useCompleteServerAuthorization(response: AuthorizationResponse | null): CompletionState | null {
  const [mutate] = useMutation(CompleteServerAuthorizationDocument);
  const [outcome, setOutcome] = useState<{ state: string; result: CompletionState } | null>(null);
  const state = response?.state ?? null;
  const code = response?.code ?? null;
  const iss = response?.iss ?? null;
  useEffect(() => {
    if (state === null || code === null) return;
    let current = true;
    let completion = completions.get(state);
    if (!completion) {
      completion = mutate({ variables: { state, code, iss } }).then(({ data }) => {
        if (!data) throw new Error('The portal answered nothing.');
        return data.completeServerAuthorization;
      });
      completions.set(state, completion);
    }
    completion.then(
      (connection) => current && setOutcome({ state, result: { phase: 'done', connection } }),
      (error: unknown) =>
        current &&
        setOutcome({
          state,
          result: { phase: 'refused', message: errorMessage(error instanceof Error ? error : null) ?? 'The authorization could not be completed.' },
        }),
    );
    return () => {
      current = false;
    };
  }, [mutate, state, code, iss]);
  if (state === null) return null;
  return outcome?.state === state ? outcome.result : { phase: 'completing' };
}

/** Revokes a connection: the signed-in user's own (no user), another user's or the team's (admins). */
export function useRevokeServerAuthorization() {
  const [mutate, { error, reset }] = useMutation(RevokeServerAuthorizationDocument);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const revoke = useCallback(
    async (connection: OAuthConnectionSummary, userId: string): Promise<boolean> => {
      setPendingId(connection.id);
      try {
        const owner = connection.user?.id;
        await mutate({ variables: { serverId: connection.server.id, ...(owner && owner !== userId ? { userId: owner } : {}) } });
        return true;
      } catch {
        return false; // `error` carries the message
      } finally {
        setPendingId(null);
      }
    },
    [mutate],
  );
  return { revoke, pendingId, error: errorMessage(error), reset };
}
