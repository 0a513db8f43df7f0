import type { SessionUser } from '../graphql/session-user.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { OAuthConnectionsTable } from '../components/OAuthConnectionsTable.tsx';
import { useOAuthConnections, useRevokeServerAuthorization } from '../graphql/oauth-hooks.ts';

/**
 * The OAuth connections to remote servers the signed-in user's calls carry (their own and the team's; an
 * admin sees everyone's), live, with revocation. A connection is authorized from its server's page.
 */
export function ConnectionsPage({ user }: { user: SessionUser }) {
  const { connections, loading, error, liveError } = useOAuthConnections();
  const revocation = useRevokeServerAuthorization();
  const admin = user.role === 'ADMIN';
  return (
    <section className="card" aria-labelledby="connections-title" data-testid="connections-page">
      <div className="card__head">
        <h2 id="connections-title">Connections</h2>
        <span className="muted" data-testid="connections-count">
          {connections.length} {connections.length === 1 ? 'connection' : 'connections'}
        </span>
      </div>
      <p className="card__intro muted">
        {admin ? 'Everyone’s' : 'Your own and the team’s'} OAuth connections to remote MCP servers: the gateway signs in to them for you. Authorize a server
        from its page; revoking one revokes its tokens at the authorization server and erases them here.
      </p>
      <ErrorMessage message={error} testId="connections-error" />
      <ErrorMessage message={liveError} testId="connections-live-error" />
      <ErrorMessage message={revocation.error} testId="connections-revoke-error" />
      {loading ? (
        <p className="muted">Loading connections…</p>
      ) : connections.length === 0 ? (
        <p className="empty" data-testid="connections-empty">
          No OAuth connection yet: a remote server that signs in with OAuth offers “Authorize” on its page.
        </p>
      ) : (
        <OAuthConnectionsTable
          connections={connections}
          me={user}
          revokingId={revocation.pendingId}
          onRevoke={(connection) => {
            revocation.reset();
            void revocation.revoke(connection, user.id);
          }}
        />
      )}
    </section>
  );
}
