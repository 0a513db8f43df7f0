import { useRef } from 'react';
import type { SessionUser } from '../graphql/session-user.ts';
import { canOperate } from '../graphql/servers-hooks.ts';
import { useAuthorizeServer, useRevokeServerAuthorization, useServerOAuthConnection, type OAuthConnectionSummary } from '../graphql/oauth-hooks.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { OAuthScopes } from './OAuthScopes.tsx';
import { OAuthStatusBadge } from './OAuthStatusBadge.tsx';
import { RevokeConnectionButton } from './RevokeConnectionButton.tsx';
import { Time } from './Time.tsx';

/** A team connection is authorized by operators and admins, revoked by admins; a user's own by that user. */
function permissions(connection: OAuthConnectionSummary, user: SessionUser): { authorize: boolean; revoke: boolean } {
  if (!connection.team) return { authorize: true, revoke: true };
  return { authorize: canOperate(user.role), revoke: user.role === 'ADMIN' };
}

/** Has tokens the authorization server could revoke. */
const revocable = (connection: OAuthConnectionSummary) => connection.status === 'AUTHORIZED' || connection.status === 'EXPIRED';

function intro(connection: OAuthConnectionSummary, serverName: string, canAuthorize: boolean): string {
  if (connection.team) {
    return `Every call to ${serverName} carries one authorization for the whole team.${canAuthorize ? '' : ' An operator or administrator authorizes it.'}`;
  }
  return `Your calls to ${serverName} carry your own authorization at its OAuth server; nobody else's calls use it.`;
}

/**
 * On a remote server's page: the OAuth connection its calls carry for the signed-in user (their own or the
 * team's), live. "Authorize" sends the browser to the authorization server's consent page, which returns to
 * /oauth/callback; "Revoke" revokes the tokens there and erases them here. Nothing shows for a server that
 * needs no OAuth.
 */
export function OAuthConnectionCard({ serverId, serverName, user }: { serverId: string; serverName: string; user: SessionUser }) {
  const { connection, error, liveError } = useServerOAuthConnection(serverId, user.id);
  const authorization = useAuthorizeServer();
  const revocation = useRevokeServerAuthorization();
  const heading = useRef<HTMLHeadingElement>(null);

  if (!connection) return error ? <ErrorMessage message={error} testId="oauth-error" /> : null;
  const allowed = permissions(connection, user);

  const revoke = async () => {
    authorization.reset();
    await revocation.revoke(connection, user.id);
    // The button leaves with the tokens: focus goes to the card's title rather than to the page's top.
    heading.current?.focus();
  };

  return (
    <section className="card oauth-card" aria-labelledby="oauth-title" data-testid="oauth-card">
      <div className="card__head">
        <h2 id="oauth-title" ref={heading} tabIndex={-1}>
          OAuth connection
        </h2>
        <OAuthStatusBadge status={connection.status} testId="oauth-status" />
      </div>
      <p className="card__intro muted" data-testid="oauth-intro">
        {intro(connection, serverName, allowed.authorize)}
      </p>
      <ErrorMessage message={liveError} testId="oauth-live-error" />
      <dl className="facts" data-testid="oauth-facts">
        <dt>Scopes</dt>
        <dd>
          <OAuthScopes scopes={connection.scopes} testId="oauth-scopes" />
        </dd>
        <dt>Token expires</dt>
        <dd data-testid="oauth-expires">{connection.expiresAt ? <Time value={connection.expiresAt} /> : <span className="muted">—</span>}</dd>
        <dt>Authorization server</dt>
        <dd className="mono" data-testid="oauth-issuer">
          {connection.issuer ?? <span className="muted">not discovered yet</span>}
        </dd>
        <dt>Authorized by</dt>
        <dd data-testid="oauth-authorized-by">{connection.authorizedBy?.email ?? <span className="muted">—</span>}</dd>
        <dt>Changed</dt>
        <dd>
          <Time value={connection.updatedAt} />
        </dd>
      </dl>
      {connection.lastError && (connection.status === 'FAILED' || connection.status === 'EXPIRED') ? (
        <div className="server-error-box">
          <h3 className="section-title">{connection.status === 'FAILED' ? 'Why it failed' : 'Why it expired'}</h3>
          <pre className="server-error" data-testid="oauth-last-error">
            {connection.lastError}
          </pre>
        </div>
      ) : null}
      <ErrorMessage message={authorization.error} testId="oauth-authorize-error" />
      <ErrorMessage message={revocation.error} testId="oauth-revoke-error" />
      {allowed.authorize || (allowed.revoke && revocable(connection)) ? (
        <div className="oauth-card__actions">
          {allowed.authorize ? (
            <button
              type="button"
              className={`button button--small${connection.status === 'AUTHORIZED' ? '' : ' button--primary'}`}
              disabled={authorization.pending}
              onClick={() => {
                revocation.reset();
                void authorization.authorize(serverId);
              }}
              data-testid="oauth-authorize"
            >
              {authorization.pending ? 'Opening the authorization server…' : connection.status === 'AUTHORIZED' ? 'Authorize again' : 'Authorize'}
            </button>
          ) : null}
          {allowed.revoke && revocable(connection) ? (
            <RevokeConnectionButton
              label={`Revoke the OAuth connection to ${serverName}`}
              busy={revocation.pendingId === connection.id}
              onRevoke={() => void revoke()}
              testId="oauth-revoke"
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
