import { useState } from 'react';
import type { OAuthGrantSummary } from '../graphql/oauth-grant-documents.ts';
import { useOAuthGrants, useRevokeOAuthGrant } from '../graphql/oauth-grant-hooks.ts';
import { webHost } from '../oauth-consent.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { OAuthScopes } from './OAuthScopes.tsx';
import { Time } from './Time.tsx';

/** What the portal calls an application: its registered name, or its metadata document's host (its client id is that document's URL). */
export function applicationName(grant: Pick<OAuthGrantSummary, 'clientId' | 'clientName' | 'clientKind'>): string {
  if (grant.clientKind === 'METADATA_DOCUMENT') return webHost(grant.clientId) ?? grant.clientId;
  return grant.clientName.trim() || 'An unnamed application';
}

export interface OAuthGrantsTableProps {
  grants: readonly OAuthGrantSummary[];
  revokingId: string | null;
  onRevoke(id: string): void;
  emptyMessage: string;
}

/** Applications authorized at the platform's authorization server; revoking asks for a confirmation in the row itself. */
export function OAuthGrantsTable({ grants, revokingId, onRevoke, emptyMessage }: OAuthGrantsTableProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (grants.length === 0)
    return (
      <p className="empty" data-testid="oauth-grants-empty">
        {emptyMessage}
      </p>
    );
  return (
    <table className="table" data-testid="oauth-grants">
      <thead>
        <tr>
          <th scope="col">Application</th>
          <th scope="col">Authorized</th>
          <th scope="col">Last used</th>
          <th scope="col">Scopes</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {grants.map((grant) => {
          const name = applicationName(grant);
          return (
            <tr key={grant.id} data-testid="oauth-grant-row" data-grant-id={grant.id} data-client-id={grant.clientId}>
              <td>
                <span data-testid="oauth-grant-name">{name}</span>
                <br />
                <span className="muted small mono" data-testid="oauth-grant-client-id">
                  {grant.clientId}
                </span>
              </td>
              <td className="muted">
                <Time value={grant.createdAt} />
              </td>
              <td className="muted">{grant.lastUsedAt ? <Time value={grant.lastUsedAt} /> : 'Not yet'}</td>
              <td>
                <OAuthScopes scopes={grant.scopes} testId="oauth-grant-scopes" />
              </td>
              <td className="table__actions">
                {confirming === grant.id ? (
                  <span className="confirm" role="group" aria-label={`Revoke ${name}?`}>
                    <span className="confirm__text">Revoke?</span>
                    <button
                      type="button"
                      className="button button--danger"
                      disabled={revokingId !== null}
                      aria-label={`Yes, revoke ${name}`}
                      onClick={() => {
                        onRevoke(grant.id);
                        setConfirming(null);
                      }}
                      data-testid="oauth-grant-revoke-confirm"
                    >
                      Yes, revoke
                    </button>
                    <button
                      type="button"
                      className="button button--ghost"
                      aria-label={`Cancel revoking ${name}`}
                      onClick={() => setConfirming(null)}
                      data-testid="oauth-grant-revoke-cancel"
                    >
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button"
                    disabled={revokingId !== null}
                    aria-label={`Revoke ${name}`}
                    onClick={() => setConfirming(grant.id)}
                    data-testid="oauth-grant-revoke"
                  >
                    {revokingId === grant.id ? 'Revoking…' : 'Revoke'}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * A user's authorized applications, asked from the API: yours without `userId`, anyone's for an admin. Revoking
 * stops the application's refresh token at once; the access token it holds works for at most a few minutes more.
 */
export function OAuthGrants({ userId, emptyMessage }: { userId?: string; emptyMessage: string }) {
  const { grants, loading, error } = useOAuthGrants(userId);
  const { revoke, pendingId, error: revokeError } = useRevokeOAuthGrant();
  return (
    <>
      <ErrorMessage message={error} testId="oauth-grants-error" />
      <ErrorMessage message={revokeError} testId="oauth-grant-revoke-error" />
      {loading ? (
        <p className="muted">Loading…</p>
      ) : error ? null : (
        <OAuthGrantsTable grants={grants} revokingId={pendingId} onRevoke={(id) => void revoke(id)} emptyMessage={emptyMessage} />
      )}
    </>
  );
}
