import { useState } from 'react';
import type { SessionSummary } from '../graphql/admin-documents.ts';
import { Time } from './Time.tsx';

export interface SessionsTableProps {
  sessions: SessionSummary[];
  endingId: string | null;
  onEnd(id: string): void;
}

/** A user's active sessions (sign-ins that can still be refreshed); ending one asks for a confirmation in its row. */
export function SessionsTable({ sessions, endingId, onEnd }: SessionsTableProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (sessions.length === 0) return <p className="empty">No active session: this user is signed in nowhere.</p>;
  return (
    <table className="table" data-testid="sessions-table">
      <thead>
        <tr>
          <th scope="col">Signed in</th>
          <th scope="col">Last refreshed</th>
          <th scope="col">Expires</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <tr key={session.id} data-testid={`session-row-${session.id}`}>
            <td>
              <Time value={session.createdAt} />
            </td>
            <td className="muted">
              <Time value={session.lastUsedAt} />
            </td>
            <td className="muted">
              <Time value={session.expiresAt} />
            </td>
            <td className="table__actions">
              {confirming === session.id ? (
                <span className="confirm" role="group" aria-label="End this session?">
                  <span className="confirm__text">End it?</span>
                  <button
                    type="button"
                    className="button button--danger"
                    disabled={endingId !== null}
                    onClick={() => {
                      onEnd(session.id);
                      setConfirming(null);
                    }}
                    data-testid={`end-session-confirm-${session.id}`}
                  >
                    Yes, end it
                  </button>
                  <button type="button" className="button button--ghost" onClick={() => setConfirming(null)} data-testid={`end-session-cancel-${session.id}`}>
                    Cancel
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  className="button"
                  disabled={endingId !== null}
                  onClick={() => setConfirming(session.id)}
                  data-testid={`end-session-${session.id}`}
                >
                  {endingId === session.id ? 'Ending…' : 'End session'}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
