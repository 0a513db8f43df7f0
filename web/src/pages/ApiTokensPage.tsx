import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import type { Role } from '../gql/graphql.ts';
import { ApiTokensTable } from '../components/ApiTokensTable.tsx';
import { ChangePasswordForm } from '../components/ChangePasswordForm.tsx';
import { CreateApiTokenForm } from '../components/CreateApiTokenForm.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useApiTokens, useRevokeApiToken } from '../graphql/admin-hooks.ts';
import { changePasswordAnchor } from '../paths.ts';

/** The signed-in user's own API tokens and password. */
export function ApiTokensPage({ myRole }: { myRole: Role }) {
  const { tokens, loading, error } = useApiTokens();
  const { revoke, pendingId: revokingId, error: revokeError } = useRevokeApiToken();
  const passwordSection = useRef<HTMLElement>(null);
  const { hash } = useLocation();

  // "Change password" in the user menu links to this section: bring it into view once the tokens above are laid out.
  useEffect(() => {
    if (hash !== `#${changePasswordAnchor}` || loading) return;
    passwordSection.current?.scrollIntoView({ block: 'start' });
    passwordSection.current?.focus({ preventScroll: true });
  }, [hash, loading]);

  const active = tokens.filter((t) => !t.revokedAt).length;

  return (
    <>
      <section className="card" aria-labelledby="tokens-title">
        <div className="card__head">
          <h2 id="tokens-title">API tokens</h2>
          <span className="muted">{active} not revoked</span>
        </div>
        <p className="card__intro muted">
          Tokens let the CLI and integrations act as you, with the role you choose (never above yours). Use one as{' '}
          <span className="mono">Authorization: Bearer …</span> or <span className="mono">DOCKER_MCP_TOKEN</span>.
        </p>
        <ErrorMessage message={error} testId="tokens-error" />
        <ErrorMessage message={revokeError} testId="revoke-error" />
        {loading ? <p className="muted">Loading tokens…</p> : <ApiTokensTable tokens={tokens} revokingId={revokingId} onRevoke={(id) => void revoke(id)} />}
        <CreateApiTokenForm myRole={myRole} />
      </section>

      <section className="card" aria-labelledby="password-title" id={changePasswordAnchor} ref={passwordSection} tabIndex={-1}>
        <div className="card__head">
          <h2 id="password-title">Change password</h2>
        </div>
        <ChangePasswordForm />
      </section>
    </>
  );
}
