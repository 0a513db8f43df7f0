import { useEffect, useRef, useState } from 'react';
import type { SessionUser } from '../graphql/session-user.ts';
import type { OAuthAuthorizationRequestSummary } from '../graphql/oauth-consent-documents.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Time } from '../components/Time.tsx';
import { useDecideOAuthAuthorization, useOAuthAuthorizationRequest } from '../graphql/oauth-consent-hooks.ts';
import { followableRedirect, isConsentRequestId, isLoopbackRedirect, scopeMeaning, webHost } from '../oauth-consent.ts';

/** The user's answer, on its way back to the application. */
interface Answered {
  approved: boolean;
  clientName: string;
  redirectHost: string;
  /** Null when the server's answer is no address the portal follows (it never should be). */
  redirectTo: string | null;
}

/** What the page calls the application: its name, as it gives it. */
const nameOf = (request: OAuthAuthorizationRequestSummary) => request.clientName.trim() || 'An unnamed application';

/** Who vouches for the application: its registration here, or the metadata document at its client id's URL. */
function ClientIdentity({ request }: { request: OAuthAuthorizationRequestSummary }) {
  const homePage = webHost(request.clientUri);
  if (request.clientKind === 'METADATA_DOCUMENT') {
    const documentHost = webHost(request.clientId) ?? request.clientId;
    return (
      <>
        <p className="consent__identity" data-testid="oauth-consent-identity" data-kind="metadata-document">
          Identified by its metadata document at <span className="mono">{request.clientId}</span>: it is the application of whoever runs{' '}
          <strong data-testid="oauth-consent-document-host">{documentHost}</strong>. Check that you know and trust {documentHost}.
        </p>
        {homePage ? <HomePage host={homePage} /> : null}
      </>
    );
  }
  return (
    <>
      <p className="consent__identity" data-testid="oauth-consent-identity" data-kind="registered">
        Registered with this portal as client <span className="mono">{request.clientId}</span>. Any application can register, so its name is only what it says
        about itself: check where it sends you back to.
      </p>
      {homePage ? <HomePage host={homePage} /> : null}
    </>
  );
}

function HomePage({ host }: { host: string }) {
  return (
    <p className="consent__identity muted" data-testid="oauth-consent-home-page">
      Its home page, as it says: <span className="mono">{host}</span>
    </p>
  );
}

interface ConsentRequestProps {
  request: OAuthAuthorizationRequestSummary;
  user: SessionUser;
  submitting: boolean;
  error: string | null;
  onDecide(approve: boolean): void;
}

/** A request waiting for the user: the application, where the browser goes back to, what it gets, the two answers. */
function ConsentRequest({ request, user, submitting, error, onDecide }: ConsentRequestProps) {
  const [chosen, setChosen] = useState<boolean | null>(null);
  const role = user.role.toLowerCase();
  const decide = (approve: boolean) => {
    setChosen(approve);
    onDecide(approve);
  };
  return (
    <div className="consent__request" role="group" aria-labelledby="oauth-consent-title" data-testid="oauth-consent-request">
      <ClientIdentity request={request} />
      <p className="consent__redirect">
        You will be sent back to <strong data-testid="oauth-consent-redirect-host">{request.redirectHost}</strong>.
      </p>
      {isLoopbackRedirect(request.redirectUri) ? (
        <p className="notice notice--warning" data-testid="oauth-consent-loopback">
          This is an application on this computer: whatever program listens at <span className="mono">{request.redirectHost}</span> gets the access. Allow only
          if you just started signing in from that application yourself.
        </p>
      ) : null}
      <dl className="facts consent__facts">
        <dt>Signed in as</dt>
        <dd data-testid="oauth-consent-user">
          {user.email} ({role})
        </dd>
        <dt>Access to</dt>
        <dd>
          The MCP gateway at <span className="mono">{request.resource}</span>, acting as you
        </dd>
        <dt>Scopes</dt>
        <dd>
          <ul className="consent__scopes" data-testid="oauth-consent-scopes">
            {request.scopes.map((scope) => {
              const meaning = scopeMeaning(scope);
              return (
                <li key={scope}>
                  <span className="mono">{scope}</span>
                  {meaning ? <> — {meaning}</> : null}
                </li>
              );
            })}
          </ul>
        </dd>
        <dt>Answer by</dt>
        <dd data-testid="oauth-consent-expires">
          <Time value={request.expiresAt} />
        </dd>
      </dl>
      <p className="muted consent__note">
        Allowing gives it tokens for the MCP gateway that act as you, with your role ({role}): it can call the tools you can. Deny if you did not start this
        from the application yourself.
      </p>
      <ErrorMessage message={error} testId="oauth-consent-decision-error" />
      <div className="form__actions">
        <button type="button" className="button button--primary" disabled={submitting} onClick={() => decide(true)} data-testid="oauth-consent-approve">
          {submitting && chosen === true ? 'Allowing…' : 'Allow'}
        </button>
        <button type="button" className="button" disabled={submitting} onClick={() => decide(false)} data-testid="oauth-consent-deny">
          {submitting && chosen === false ? 'Denying…' : 'Deny'}
        </button>
      </div>
    </div>
  );
}

/**
 * The consent page of the platform's authorization server: /oauth/authorize sends the browser here with the request's
 * id (signed out, the sign-in page comes first, at the same address). It names the application and where the browser
 * goes back to; the answer (decideOAuthAuthorization) is an address on the application's side, where the browser goes
 * next. A request that is unknown, expired or already answered says to start again from the application.
 */
export function OAuthConsentPage({ id, user }: { id: string; user: SessionUser }) {
  const validId = isConsentRequestId(id) ? id : null;
  const [answered, setAnswered] = useState<Answered | null>(null);
  const [goneOnDecision, setGoneOnDecision] = useState(false);
  const lookup = useOAuthAuthorizationRequest(answered || goneOnDecision ? null : validId);
  const decision = useDecideOAuthAuthorization();
  const heading = useRef<HTMLHeadingElement>(null);
  const request = lookup.request;

  const gone = goneOnDecision || !validId || (lookup.checked && !request);
  const phase = answered ? 'answered' : gone ? 'gone' : request ? 'request' : 'loading';
  useEffect(() => {
    if (phase !== 'loading') heading.current?.focus();
  }, [phase]);

  useEffect(() => {
    if (answered?.redirectTo) window.location.assign(answered.redirectTo);
  }, [answered]);

  const onDecide = async (approve: boolean) => {
    if (!request || decision.submitting) return;
    const outcome = await decision.decide(request.id, approve);
    if (outcome.kind === 'gone') setGoneOnDecision(true);
    if (outcome.kind === 'redirect')
      setAnswered({ approved: approve, clientName: nameOf(request), redirectHost: request.redirectHost, redirectTo: followableRedirect(outcome.redirectTo) });
  };

  const clientName = answered?.clientName ?? (phase === 'request' && request ? nameOf(request) : null);

  return (
    <section className="card consent" aria-labelledby="oauth-consent-title" data-testid="oauth-consent" data-phase={phase}>
      <div className="card__head">
        <h2 id="oauth-consent-title" ref={heading} tabIndex={-1} className="consent__title">
          {clientName ? (
            <>
              <span className="consent__client" data-testid="oauth-consent-client">
                {clientName}
              </span>{' '}
              asks to use the MCP gateway as you
            </>
          ) : (
            'An application asks to use the MCP gateway as you'
          )}
        </h2>
      </div>
      {answered ? (
        <div className="consent__outcome" role="status" data-testid="oauth-consent-returning" data-decision={answered.approved ? 'approved' : 'denied'}>
          <p>
            <strong>{answered.approved ? 'Allowed.' : 'Denied.'}</strong> Returning to <strong>{answered.redirectHost}</strong>…
          </p>
          {answered.redirectTo ? (
            <p className="muted">If nothing happens, the application has taken over: you can close this page.</p>
          ) : (
            <p className="error">The answer names an address the portal does not open: return to the application yourself.</p>
          )}
        </div>
      ) : gone ? (
        <div className="consent__outcome" data-testid="oauth-consent-gone">
          <p className="error" role="alert">
            This authorization request is unknown, has expired or was already answered.
          </p>
          <p>Start again from your application: it will bring you back here with a new request.</p>
        </div>
      ) : request ? (
        <ConsentRequest request={request} user={user} submitting={decision.submitting} error={decision.error} onDecide={(approve) => void onDecide(approve)} />
      ) : (
        <>
          {lookup.checking ? (
            <p className="muted" role="status">
              Loading the request…
            </p>
          ) : null}
          <ErrorMessage message={lookup.error} testId="oauth-consent-error" />
        </>
      )}
    </section>
  );
}
