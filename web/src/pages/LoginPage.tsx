import { useEffect, useState, type FormEvent } from 'react';
import { matchPath, useLocation, useSearchParams } from 'react-router';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useSession } from '../graphql/hooks.ts';
import { useSignIn, useSingleSignOn } from '../graphql/session-hooks.ts';
import { heldCallback } from '../oauth-callback.ts';
import { paths } from '../paths.ts';

/** Set by the server when single sign-on failed (`/?loginError=…`). */
const loginErrorParameter = 'loginError';

/** A path and query without one parameter: where single sign-on comes back to. */
function addressWithout(pathname: string, query: URLSearchParams, name: string): string {
  const rest = new URLSearchParams(query);
  rest.delete(name);
  const search = rest.toString();
  return `${pathname}${search ? `?${search}` : ''}`;
}

/**
 * The local sign-in form, and "Sign in with …" when single sign-on is configured. Either way the user
 * stays on (or comes back to) the address they asked for, such as a device approval link.
 */
export function LoginPage() {
  const { problem, expectSession } = useSession();
  const { signIn, submitting, error } = useSignIn();
  const singleSignOn = useSingleSignOn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { pathname } = useLocation();
  const [query, setQuery] = useSearchParams();
  const [ssoError, setSsoError] = useState(() => query.get(loginErrorParameter));
  const returnTo = addressWithout(pathname, query, loginErrorParameter);
  // An authorization server sent the user back after their session ended: App holds its response for the sign-in.
  const finishingAuthorization = pathname === paths.oauthCallback && heldCallback().kind !== 'none';
  // The platform's authorization server sent an MCP client's user to the consent page: it shows once they are signed in.
  const consentWaiting = matchPath(paths.oauthConsent, pathname) !== null;

  // Shown once: a reload or a shared link must not show it again.
  const hasLoginError = query.has(loginErrorParameter);
  useEffect(() => {
    if (!hasLoginError) return;
    setQuery(
      (current) => {
        current.delete(loginErrorParameter);
        return current;
      },
      { replace: true, preventScrollReset: true },
    );
  }, [hasLoginError, setQuery]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setSsoError(null);
    void signIn(email.trim(), password);
  };

  const notice = error ?? ssoError ?? problem;

  return (
    <main className="login">
      <form className="card login__card" onSubmit={onSubmit} aria-labelledby="login-title" noValidate>
        <div className="login__brand" aria-hidden="true">
          ◆
        </div>
        <h1 id="login-title">Sign in to MCP Portal</h1>
        {finishingAuthorization ? (
          <p className="muted" data-testid="login-oauth-pending">
            Your session ended while you were at the authorization server: sign in to finish authorizing the server.
          </p>
        ) : null}
        {consentWaiting ? (
          <p className="muted" data-testid="login-oauth-consent-pending">
            An application asks to use the MCP gateway as you: sign in to see which one and answer.
          </p>
        ) : null}
        <label className="field">
          <span>Email</span>
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        <ErrorMessage message={notice} testId={error ? 'login-error' : ssoError ? 'login-sso-error' : 'session-problem'} />
        <button type="submit" className="button button--primary button--block" disabled={submitting || !email || !password} data-testid="login-submit">
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
        {singleSignOn ? (
          <>
            <div className="login__divider" aria-hidden="true">
              or
            </div>
            <a
              className="button button--block"
              href={`${singleSignOn.loginUrl}?${new URLSearchParams({ returnTo }).toString()}`}
              onClick={expectSession}
              onAuxClick={expectSession}
              data-testid="login-sso"
            >
              Sign in with {singleSignOn.name}
            </a>
          </>
        ) : null}
      </form>
    </main>
  );
}
