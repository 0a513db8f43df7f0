import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { catalogPageMax, type CatalogEntrySummary, type ServerSummary } from '@mcp-portal/schema/operations';
import type { LiveState } from './client.ts';
import {
  CatalogDocument,
  EnableServerDocument,
  ServersDocument,
  ServerStatusChangedDocument,
} from './documents.ts';
import { errorMessage, isUnauthenticated } from './errors.ts';
import { useSession } from './provider.tsx';

export { useSession } from './provider.tsx';

export function useServers(): { servers: ServerSummary[]; loading: boolean; error: string | null; refetch: () => void } {
  const { signOut } = useSession();
  const { data, loading, error, refetch } = useQuery(ServersDocument, { fetchPolicy: 'cache-and-network' });
  const unauthenticated = isUnauthenticated(error);
  useEffect(() => {
    if (unauthenticated) signOut();
  }, [unauthenticated, signOut]);
  return {
    servers: data?.servers ?? [],
    loading: loading && !data,
    error: errorMessage(error),
    refetch: useCallback(() => void refetch().catch(() => undefined), [refetch]),
  };
}

/** The first page of the catalog, as large as the API allows; `totalCount` tells whether there is more. */
export function useCatalog(): { entries: CatalogEntrySummary[]; totalCount: number; loading: boolean; error: string | null } {
  const { data, loading, error } = useQuery(CatalogDocument, { variables: { first: catalogPageMax } });
  const entries = data?.catalog.entries ?? [];
  return { entries, totalCount: data?.catalog.totalCount ?? entries.length, loading: loading && !data, error: errorMessage(error) };
}

export function useEnableServer() {
  const [mutate, { loading, error, reset }] = useMutation(EnableServerDocument, {
    refetchQueries: [ServersDocument],
    awaitRefetchQueries: true,
  });
  const enable = useCallback(
    async (name: string): Promise<boolean> => {
      try {
        await mutate({ variables: { name } });
        return true;
      } catch {
        return false;
      }
    },
    [mutate],
  );
  return { enable, enabling: loading, error: errorMessage(error), reset };
}

/** The state of the graphql-ws connection that carries subscriptions. */
export function useLiveConnection(): LiveState {
  const { portal } = useSession();
  return useSyncExternalStore(portal.live.subscribe, () => portal.live.state);
}

/**
 * Live status of every server. Each event is a `Server` with its id, so Apollo's normalised cache
 * (`Server:<id>`) updates every view of it; a server the list does not know yet, or a reconnection
 * (events may have been missed meanwhile), refetches the list.
 */
export function useServerStatusUpdates(): { error: string | null } {
  const { portal } = useSession();
  const { error } = useSubscription(ServerStatusChangedDocument, {
    variables: {},
    onData: ({ client, data }) => {
      const server = data.data?.serverStatusChanged;
      if (!server) return;
      const known = client.readQuery({ query: ServersDocument })?.servers.some((s) => s.id === server.id);
      if (!known) void client.refetchQueries({ include: [ServersDocument] });
    },
  });

  const live = useLiveConnection();
  const wasConnected = useRef(false);
  useEffect(() => {
    if (live !== 'connected') return;
    if (wasConnected.current) void portal.apollo.refetchQueries({ include: [ServersDocument] });
    wasConnected.current = true;
  }, [live, portal]);

  return { error: errorMessage(error) };
}
