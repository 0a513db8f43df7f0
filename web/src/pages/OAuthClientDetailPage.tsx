import { useRef } from 'react';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { OAuthClientStatusBadge } from '../components/OAuthClientStatusBadge.tsx';
import { RevokeConnectionButton } from '../components/RevokeConnectionButton.tsx';
import { Time } from '../components/Time.tsx';
import { useOAuthClient } from '../graphql/oauth-client-hooks.ts';
import { paths } from '../paths.ts';

/** The secret a rotation returned: shown once, with a copy button and a warning. */
function NewSecretBox({ clientId, secret, onDismiss }: { clientId: string; secret: string; onDismiss(): void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="new-token" role="region" aria-labelledby="new-secret-title" data-testid="oauth-client-secret">
      <div id="new-secret-title" className="new-token__title">
        New client secret
      </div>
      <p className="new-token__warning">Copy it now and give it to the client: this is the only time it is shown. The old secret no longer works.</p>
      <div className="new-token__row">
        <input
          ref={input}
          className="new-token__value mono"
          readOnly
          value={secret}
          aria-label={`New client secret of ${clientId}`}
          onFocus={(e) => e.target.select()}
          data-testid="oauth-client-secret-value"
        />
        <CopyButton text={secret} label="Copy the new client secret" testId="oauth-client-secret-copy" />
        <button type="button" className="button button--ghost" onClick={onDismiss} data-testid="oauth-client-secret-dismiss">
          Done
        </button>
      </div>
    </div>
  );
}

/** One registered OAuth client, for admins: its registration, and revoking it or rotating its secret. */
export function OAuthClientDetailPage({ clientId }: { clientId: string }) {
  const view = useOAuthClient(clientId);
  const { client } = view;
  const confidential = client ? client.tokenEndpointAuthMethod !== 'NONE' : false;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <NavLink to={paths.oauthClients} className="link" testId="back-to-oauth-clients">
          ← OAuth clients
        </NavLink>
      </nav>
      <section className="card" aria-labelledby="oauth-client-title" data-testid="oauth-client-detail">
        <div className="card__head">
          <h2 id="oauth-client-title" data-testid="oauth-client-name">
            {client ? client.clientName || client.clientId : 'OAuth client'}
          </h2>
          {client ? <OAuthClientStatusBadge revokedAt={client.revokedAt} testId="oauth-client-status" /> : null}
        </div>
        <ErrorMessage message={view.error} testId="oauth-client-error" />
        {view.loading ? (
          <p className="muted">Loading…</p>
        ) : !client ? (
          view.error ? null : (
            <p className="empty" data-testid="oauth-client-not-found">
              There is no such client.{' '}
              <NavLink to={paths.oauthClients} className="link">
                See every client
              </NavLink>
              .
            </p>
          )
        ) : (
          <>
            <dl className="facts" data-testid="oauth-client-facts">
              <dt>Client id</dt>
              <dd className="mono" data-testid="oauth-client-id">
                {client.clientId}
              </dd>
              <dt>Backend</dt>
              <dd>{client.backend.toLowerCase()}</dd>
              <dt>Type</dt>
              <dd>
                {client.applicationType.toLowerCase()}, {confidential ? `confidential (${client.tokenEndpointAuthMethod.toLowerCase()})` : 'public (no secret)'}
              </dd>
              {confidential && !client.revokedAt ? (
                <>
                  <dt>Secret expires</dt>
                  <dd data-testid="oauth-client-secret-expires">
                    {client.clientSecretExpiresAt ? <Time value={client.clientSecretExpiresAt} /> : <span className="muted">never</span>}
                  </dd>
                </>
              ) : null}
              <dt>Grant types</dt>
              <dd>{client.grantTypes.join(', ')}</dd>
              <dt>Redirect URIs</dt>
              <dd>
                <ul className="plain-list" data-testid="oauth-client-redirect-uris">
                  {client.redirectUris.map((uri) => (
                    <li key={uri} className="mono">
                      {uri}
                    </li>
                  ))}
                </ul>
              </dd>
              <dt>Registered by</dt>
              <dd>{client.createdBy?.email ?? <span className="muted">anonymous</span>}</dd>
              <dt>From address</dt>
              <dd>{client.sourceAddress ?? <span className="muted">unknown</span>}</dd>
              <dt>Created</dt>
              <dd>
                <Time value={client.createdAt} />
              </dd>
              <dt>Updated</dt>
              <dd>
                <Time value={client.updatedAt} />
              </dd>
              <dt>Last used</dt>
              <dd>{client.lastUsedAt ? <Time value={client.lastUsedAt} /> : <span className="muted">never</span>}</dd>
              {client.azure ? (
                <>
                  <dt>Entra application</dt>
                  <dd className="mono" data-testid="oauth-client-azure-application">
                    {client.azure.applicationId ?? <span className="muted">unknown</span>}
                  </dd>
                  <dt>Service principal</dt>
                  <dd className="mono" data-testid="oauth-client-azure-service-principal">
                    {client.azure.servicePrincipalId ?? <span className="muted">unknown</span>}
                  </dd>
                  <dt>Key Vault secret</dt>
                  <dd data-testid="oauth-client-azure-vault-secret">
                    {client.azure.keyVaultSecretName ? (
                      <>
                        <span className="mono">{client.azure.keyVaultSecretName}</span>
                        {client.azure.keyVaultUrl ? <span className="muted"> in {client.azure.keyVaultUrl}</span> : null}
                      </>
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </dd>
                </>
              ) : null}
              {client.revokedAt ? (
                <>
                  <dt>Revoked</dt>
                  <dd data-testid="oauth-client-revoked-at">
                    <Time value={client.revokedAt} />
                  </dd>
                </>
              ) : null}
            </dl>
            <ErrorMessage message={view.actionError} testId="oauth-client-action-error" />
            {view.secret ? <NewSecretBox clientId={client.clientId} secret={view.secret} onDismiss={view.dismissSecret} /> : null}
            {client.revokedAt ? (
              <p className="muted" role="status" data-testid="oauth-client-revoked">
                Revoked: its secret, its registration access token and the access users granted it no longer work; the MCP client must register again. It stays
                listed for the record.
              </p>
            ) : (
              <div className="form__actions oauth-client__actions" data-testid="oauth-client-actions">
                {confidential ? (
                  <button type="button" className="button button--small" onClick={view.rotate} disabled={view.rotating} data-testid="oauth-client-rotate">
                    {view.rotating ? 'Rotating…' : 'Rotate secret'}
                  </button>
                ) : (
                  <span className="muted" data-testid="oauth-client-no-secret">
                    A public client has no secret to rotate.
                  </span>
                )}
                <RevokeConnectionButton
                  label={`Revoke the OAuth client ${client.clientName || client.clientId}`}
                  busy={view.revoking}
                  onRevoke={view.revoke}
                  testId="oauth-client-revoke"
                />
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}
