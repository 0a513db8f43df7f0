import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { OAuthStatusBadge } from '../components/OAuthStatusBadge.tsx';
import { useCompleteServerAuthorization } from '../graphql/oauth-hooks.ts';
import { describeAuthorizationError, heldCallback, parseCallback, releaseHeldCallback } from '../oauth-callback.ts';
import { paths, serverPath } from '../paths.ts';

function ConnectionsLink() {
  return (
    <NavLink to={paths.connections} className="link" testId="oauth-callback-connections-link">
      your connections
    </NavLink>
  );
}

/**
 * The platform's OAuth redirect URI (MCP_OAUTH_REDIRECT_URL): the authorization server sends the browser back
 * here with `code`, `state` and `iss`, or with `error`. The page completes the authorization once
 * (completeServerAuthorization: only the user who started it, and each state once), shows the outcome with a
 * link to the server's page, and takes the code out of the address bar and the history. A response that came
 * back while signed out was held for the sign-in (App, holdCallback): the page takes it from there and forgets it.
 */
export function OAuthCallbackPage() {
  const [query] = useSearchParams();
  const [callback] = useState(() => {
    const fromAddress = parseCallback(query);
    return fromAddress.kind === 'none' ? heldCallback() : fromAddress;
  });
  const navigate = useNavigate();
  const completion = useCompleteServerAuthorization(callback.kind === 'code' ? callback.response : null);
  const outcome = useRef<HTMLDivElement>(null);

  useEffect(() => {
    releaseHeldCallback();
    if (callback.kind !== 'none') void navigate({ search: '' }, { replace: true });
  }, [callback.kind, navigate]);

  const settled = callback.kind === 'error' || completion?.phase === 'done' || completion?.phase === 'refused';
  useEffect(() => {
    if (settled) outcome.current?.focus();
  }, [settled]);

  return (
    <section className="card oauth-callback" aria-labelledby="oauth-callback-title" data-testid="oauth-callback">
      <div className="card__head">
        <h2 id="oauth-callback-title">Authorizing a server</h2>
      </div>
      {callback.kind === 'error' ? (
        <div ref={outcome} tabIndex={-1} className="oauth-callback__outcome" data-testid="oauth-callback-error">
          <p className="error" role="alert">
            {describeAuthorizationError(callback.error)}
          </p>
          <dl className="facts">
            <dt>Error</dt>
            <dd className="mono" data-testid="oauth-callback-error-code">
              {callback.error}
            </dd>
            {callback.description ? (
              <>
                <dt>Its explanation</dt>
                <dd data-testid="oauth-callback-error-description">{callback.description}</dd>
              </>
            ) : null}
            {callback.uri ? (
              <>
                <dt>More</dt>
                <dd>
                  <a className="link" href={callback.uri} rel="noreferrer noopener" target="_blank">
                    {callback.uri}
                  </a>
                </dd>
              </>
            ) : null}
          </dl>
          <p>
            Nothing was stored. Try again with “Authorize” on the server’s page; see <ConnectionsLink />.
          </p>
        </div>
      ) : callback.kind === 'none' ? (
        <p className="empty" data-testid="oauth-callback-empty">
          There is no authorization to complete here. Start one with “Authorize” on a server’s page; see <ConnectionsLink />.
        </p>
      ) : completion?.phase === 'done' ? (
        <div ref={outcome} tabIndex={-1} className="oauth-callback__outcome" role="status" data-testid="oauth-callback-done">
          <p>
            <OAuthStatusBadge status={completion.connection.status} testId="oauth-callback-status" />{' '}
            {completion.connection.status === 'AUTHORIZED' ? (
              <>
                <strong className="mono">{completion.connection.server.name}</strong> is authorized
                {completion.connection.team ? ' for the whole team' : ' for you'}: its calls now carry this authorization.
              </>
            ) : (
              <>
                <strong className="mono">{completion.connection.server.name}</strong> is not authorized.
              </>
            )}
          </p>
          <ErrorMessage message={completion.connection.status === 'AUTHORIZED' ? null : completion.connection.lastError} testId="oauth-callback-last-error" />
          <p>
            <NavLink to={serverPath(completion.connection.server.id)} className="link" testId="oauth-callback-server-link">
              Back to {completion.connection.server.name}
            </NavLink>
          </p>
        </div>
      ) : completion?.phase === 'refused' ? (
        <div ref={outcome} tabIndex={-1} className="oauth-callback__outcome" data-testid="oauth-callback-refused">
          <p className="error" role="alert" data-testid="oauth-callback-refusal">
            {completion.message}
          </p>
          <p>
            Nothing was stored. Try again with “Authorize” on the server’s page; see <ConnectionsLink />.
          </p>
        </div>
      ) : (
        <p className="muted" role="status" data-testid="oauth-callback-completing">
          Completing the authorization…
        </p>
      )}
    </section>
  );
}
