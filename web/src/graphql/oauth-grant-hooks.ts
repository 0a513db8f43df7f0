import { useQuery } from '@apollo/client/react';
import { useRevokeById } from './admin-hooks.ts';
import { errorMessage } from './errors.ts';
import { OAuthGrantsDocument, RevokeOAuthGrantDocument, type OAuthGrantSummary } from './oauth-grant-documents.ts';

/**
 * The applications a user authorized (yours without `userId`; an admin names anyone), asked afresh on each visit.
 * A grant revoked meanwhile (its revokedAt merged into `OAuthGrant:<id>`) leaves the list at once.
 */
export function useOAuthGrants(userId?: string): { grants: OAuthGrantSummary[]; loading: boolean; error: string | null } {
  const { data, loading, error } = useQuery(OAuthGrantsDocument, { variables: { userId: userId ?? null }, fetchPolicy: 'cache-and-network' });
  return { grants: (data?.oauthGrants ?? []).filter((grant) => !grant.revokedAt), loading: loading && !data, error: errorMessage(error) };
}

/** Revoking answers the grant's id and revokedAt, which Apollo merges into `OAuthGrant:<id>`: the lists update by themselves. */
export const useRevokeOAuthGrant = () => useRevokeById(RevokeOAuthGrantDocument);
