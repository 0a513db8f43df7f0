import type { SessionUser } from '../graphql/session-user.ts';
import type { OAuthConnectionSummary } from '../graphql/oauth-hooks.ts';
import { serverPath } from '../paths.ts';
import { NavLink } from './NavLink.tsx';
import { OAuthScopes } from './OAuthScopes.tsx';
import { OAuthStatusBadge } from './OAuthStatusBadge.tsx';
import { RevokeConnectionButton } from './RevokeConnectionButton.tsx';
import { Time } from './Time.tsx';

export interface OAuthConnectionsTableProps {
  connections: readonly OAuthConnectionSummary[];
  me: SessionUser;
  revokingId: string | null;
  onRevoke(connection: OAuthConnectionSummary): void;
}

function ownerLabel(connection: OAuthConnectionSummary, me: SessionUser): string {
  if (connection.team) return 'Team';
  if (!connection.user || connection.user.id === me.id) return 'You';
  return connection.user.email;
}

/** A user's own connection is theirs to revoke; anyone's (the team's included) an admin's. */
const canRevoke = (connection: OAuthConnectionSummary, me: SessionUser) =>
  (connection.status === 'AUTHORIZED' || connection.status === 'EXPIRED') && (me.role === 'ADMIN' || (!connection.team && connection.user?.id === me.id));

/** OAuth connections to remote servers: whose, status, scopes, expiry; revoking asks in the row. */
export function OAuthConnectionsTable({ connections, me, revokingId, onRevoke }: OAuthConnectionsTableProps) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="connections-table">
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">For</th>
            <th scope="col">Status</th>
            <th scope="col">Scopes</th>
            <th scope="col">Token expires</th>
            <th scope="col">Changed</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => {
            const owner = ownerLabel(connection, me);
            return (
              <tr key={connection.id} data-testid={`connection-row-${connection.id}`} data-server={connection.server.name} data-owner={owner}>
                <td>
                  <NavLink to={serverPath(connection.server.id)} className="link mono">
                    {connection.server.name}
                  </NavLink>
                </td>
                <td>{owner}</td>
                <td>
                  <OAuthStatusBadge status={connection.status} testId={`connection-status-${connection.id}`} detail={connection.lastError} />
                </td>
                <td>
                  <OAuthScopes scopes={connection.scopes} testId={`connection-scopes-${connection.id}`} />
                </td>
                <td className="muted">{connection.expiresAt ? <Time value={connection.expiresAt} format="short" /> : '—'}</td>
                <td className="muted">
                  <Time value={connection.updatedAt} format="short" />
                </td>
                <td className="table__actions">
                  {canRevoke(connection, me) ? (
                    <RevokeConnectionButton
                      label={`Revoke the OAuth connection to ${connection.server.name}${owner === 'You' ? '' : ` for ${owner === 'Team' ? 'the team' : owner}`}`}
                      busy={revokingId === connection.id}
                      onRevoke={() => onRevoke(connection)}
                      testId={`connection-revoke-${connection.id}`}
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
