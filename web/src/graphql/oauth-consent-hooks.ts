import { useCallback, useState } from 'react';
import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import { DecideOAuthAuthorizationDocument, OAuthAuthorizationRequestDocument, type OAuthAuthorizationRequestSummary } from './oauth-consent-documents.ts';
import { errorMessage } from './errors.ts';

/**
 * The authorization request waiting for the user's consent, asked afresh each time (it expires and can be answered
 * in another tab). `request` is null once checked when it is unknown, expired or already answered.
 */
export function useOAuthAuthorizationRequest(id: string | null): {
  request: OAuthAuthorizationRequestSummary | null;
  checking: boolean;
  checked: boolean;
  error: string | null;
} {
  const { data, loading, error } = useQuery(OAuthAuthorizationRequestDocument, id ? { variables: { id }, fetchPolicy: 'network-only' } : skipToken);
  return {
    request: data?.oauthAuthorizationRequest ?? null,
    checking: loading,
    checked: Boolean(id) && !loading && !error && data !== undefined,
    error: errorMessage(error),
  };
}

/** The answer to a request: where the browser goes now, or that the request is no longer there to answer. */
export type OAuthDecisionOutcome = { kind: 'redirect'; redirectTo: string } | { kind: 'gone' } | { kind: 'failed' };

const isNotFound = (error: unknown) => CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'NOT_FOUND');

/**
 * Approves (the application gets a code for tokens that act as the user at the gateway-proxy) or denies a request.
 * NOT_FOUND (unknown, expired, answered elsewhere) is an outcome of its own; other failures leave their message in `error`.
 */
export function useDecideOAuthAuthorization() {
  const [mutate, { loading }] = useMutation(DecideOAuthAuthorizationDocument);
  const [error, setError] = useState<string | null>(null);

  const decide = useCallback(
    async (id: string, approve: boolean): Promise<OAuthDecisionOutcome> => {
      setError(null);
      try {
        const { data } = await mutate({ variables: { id, approve } });
        if (data) return { kind: 'redirect', redirectTo: data.decideOAuthAuthorization.redirectTo };
        setError('The server did not answer the decision: try again.');
        return { kind: 'failed' };
      } catch (caught) {
        if (isNotFound(caught)) return { kind: 'gone' };
        setError(errorMessage(caught as ErrorLike));
        return { kind: 'failed' };
      }
    },
    [mutate],
  );

  return { decide, submitting: loading, error };
}
