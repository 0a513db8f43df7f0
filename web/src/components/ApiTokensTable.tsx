import { useState } from 'react';
import type { ApiTokenSummary } from '../graphql/admin-documents.ts';
import { Time } from './Time.tsx';

type TokenState = 'active' | 'revoked' | 'expired';

function stateOf(token: ApiTokenSummary, now: number): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

const tone: Record<TokenState, string> = { active: 'running', revoked: 'error', expired: 'stopped' };

export interface ApiTokensTableProps {
  tokens: ApiTokenSummary[];
  revokingId: string | null;
  onRevoke(id: string): void;
  /** What shows without tokens (default: the invitation to create one, for your own tokens). */
  emptyMessage?: string;
}

/** A user's tokens (yours, or for an admin anyone's); revoking asks for a confirmation in the row itself. */
export function ApiTokensTable({
  tokens,
  revokingId,
  onRevoke,
  emptyMessage = 'No API token yet: create one below for the CLI or an integration.',
}: ApiTokensTableProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (tokens.length === 0) return <p className="empty">{emptyMessage}</p>;
  const now = Date.now();
  return (
    <table className="table" data-testid="tokens-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Last used</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => {
          const state = stateOf(token, now);
          return (
            <tr key={token.id} data-testid={`token-row-${token.id}`} data-token-name={token.name}>
              <td>{token.name}</td>
              <td>
                <span className={`role role--${token.role.toLowerCase()}`}>{token.role.toLowerCase()}</span>
              </td>
              <td className="muted">
                <Time value={token.createdAt} />
              </td>
              <td className="muted">{token.expiresAt ? <Time value={token.expiresAt} /> : 'Never'}</td>
              <td className="muted">{token.lastUsedAt ? <Time value={token.lastUsedAt} /> : 'Never'}</td>
              <td>
                <span
                  className={`badge badge--${tone[state]}`}
                  data-testid={`token-status-${token.id}`}
                  data-status={state}
                  title={token.revokedAt ? `Revoked ${new Date(token.revokedAt).toLocaleString()}` : undefined}
                >
                  {state.toUpperCase()}
                </span>
              </td>
              <td className="table__actions">
                {state !== 'active' ? null : confirming === token.id ? (
                  <span className="confirm" role="group" aria-label={`Revoke ${token.name}?`}>
                    <span className="confirm__text">Revoke?</span>
                    <button
                      type="button"
                      className="button button--danger"
                      disabled={revokingId !== null}
                      onClick={() => {
                        onRevoke(token.id);
                        setConfirming(null);
                      }}
                      data-testid={`revoke-confirm-${token.id}`}
                    >
                      {revokingId === token.id ? 'Revoking…' : 'Yes, revoke'}
                    </button>
                    <button type="button" className="button button--ghost" onClick={() => setConfirming(null)} data-testid={`revoke-cancel-${token.id}`}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button"
                    disabled={revokingId !== null}
                    onClick={() => setConfirming(token.id)}
                    data-testid={`revoke-${token.id}`}
                  >
                    {revokingId === token.id ? 'Revoking…' : 'Revoke'}
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
