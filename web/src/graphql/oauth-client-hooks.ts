import { useCallback, useMemo, useState } from 'react';
import type { ErrorLike } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  OAuthClientDocument,
  OAuthClientsDocument,
  RevokeOAuthClientDocument,
  RotateOAuthClientSecretDocument,
  type DcrBackend,
  type OAuthClientFilter,
  type OAuthClientStatus,
  type OAuthClientSummary,
  type OAuthClientsQuery,
} from './oauth-client-documents.ts';
import { errorMessage } from './errors.ts';
import { useLoadMore, type PagedList } from './paged-list.ts';

const pageSize = 25;

/** The filters of the OAuth clients page: '' for any. */
export interface OAuthClientListFilter {
  status: OAuthClientStatus | '';
  backend: DcrBackend | '';
  createdBy: string;
  search: string;
}

function toInput(filter: OAuthClientListFilter): OAuthClientFilter {
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.backend ? { backend: filter.backend } : {}),
    ...(filter.createdBy ? { createdBy: filter.createdBy } : {}),
    ...(filter.search.trim() ? { search: filter.search.trim() } : {}),
  };
}

const clientList: PagedList<OAuthClientsQuery, OAuthClientSummary> = {
  items: (data) => data.oauthClients?.clients ?? [],
  withItems: (data, clients) => ({ oauthClients: { ...data.oauthClients, clients } }),
  key: (client) => client.clientId,
};

/** Registered clients, newest first, `pageSize` at a time (loadMore adds the next page). */
export function useOAuthClients(filter: OAuthClientListFilter, first = pageSize) {
  const variables = useMemo(() => ({ filter: toInput(filter), first }), [filter, first]);
  const { data, loading, error, fetchMore } = useQuery(OAuthClientsDocument, { variables, fetchPolicy: 'cache-and-network' });
  const page = data?.oauthClients;
  const { loadMore, loadingMore, loadMoreError } = useLoadMore({ page, variables, fetchMore, list: clientList });

  return {
    clients: page?.clients ?? [],
    totalCount: page?.totalCount ?? 0,
    hasNextPage: page?.hasNextPage ?? false,
    loading: loading && !data,
    error: errorMessage(error) ?? loadMoreError,
    loadMore,
    loadingMore,
  };
}

/** One client; after a revocation, the revoked client (with revokedAt) the mutation answered. */
export function useOAuthClient(clientId: string) {
  const { data, loading, error } = useQuery(OAuthClientDocument, { variables: { clientId }, fetchPolicy: 'network-only' });
  const [revoked, setRevoked] = useState<OAuthClientSummary | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoke, revoking] = useMutation(RevokeOAuthClientDocument, { refetchQueries: [OAuthClientsDocument] });
  // The client's secret expiry changes with its secret (azure).
  const [rotate, rotating] = useMutation(RotateOAuthClientSecretDocument, { refetchQueries: [OAuthClientDocument] });
  const [actionError, setActionError] = useState<string | null>(null);

  const onRevoke = useCallback(async () => {
    setActionError(null);
    try {
      const result = await revoke({ variables: { clientId } });
      if (result.data) {
        setRevoked(result.data.revokeOAuthClient);
        setSecret(null);
      }
    } catch (caught) {
      setActionError(errorMessage(caught as ErrorLike));
    }
  }, [clientId, revoke]);

  const onRotate = useCallback(async () => {
    setActionError(null);
    try {
      const result = await rotate({ variables: { clientId } });
      if (result.data) setSecret(result.data.rotateOAuthClientSecret.clientSecret);
    } catch (caught) {
      setActionError(errorMessage(caught as ErrorLike));
    }
  }, [clientId, rotate]);

  return {
    client: revoked ?? data?.oauthClient ?? null,
    loading: loading && !data,
    error: errorMessage(error),
    actionError,
    revoke: () => void onRevoke(),
    revoking: revoking.loading,
    rotate: () => void onRotate(),
    rotating: rotating.loading,
    /** The new secret, until dismissed: shown once. */
    secret,
    dismissSecret: () => setSecret(null),
  };
}
