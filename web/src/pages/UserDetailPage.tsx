import { useState } from 'react';
import type { Role } from '../gql/graphql.ts';
import type { SessionUser } from '../graphql/session-user.ts';
import type { UserPageData } from '../graphql/admin-documents.ts';
import { ApiTokensTable } from '../components/ApiTokensTable.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { OAuthGrants } from '../components/OAuthGrantsTable.tsx';
import { RoleSelect } from '../components/RoleSelect.tsx';
import { SessionsTable } from '../components/SessionsTable.tsx';
import { Time } from '../components/Time.tsx';
import { UserStatus } from '../components/UsersTable.tsx';
import { roles, useRevokeApiToken, useRevokeSession, useUpdateUser, useUserPage, type UserChange } from '../graphql/admin-hooks.ts';
import { paths } from '../paths.ts';

const describeChange = (change: UserChange) =>
  'role' in change ? `Role changed to ${change.role.toLowerCase()}.` : change.disabled ? 'Disabled: their sessions ended.' : 'Enabled again.';

/**
 * Role and status. Changes apply at once; the API's guards (never the last active admin) come back as a refusal
 * shown under the controls, and the select shows the stored role again. On your own account the controls are
 * disabled and say why (the API refuses those changes too).
 */
function AccessControls({ user, ownAccount }: { user: UserPageData; ownAccount: boolean }) {
  const { update, updating, error, reset } = useUpdateUser(user.id, ownAccount);
  const [pendingRole, setPendingRole] = useState<Role | null>(null);
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const apply = async (change: UserChange) => {
    setDone(null);
    if ('role' in change) setPendingRole(change.role);
    const ok = await update(change);
    setPendingRole(null);
    if (ok) setDone(describeChange(change));
  };

  return (
    <div className="form" role="group" aria-labelledby="access-title" aria-busy={updating} data-testid="user-access">
      <h3 id="access-title" className="form__title">
        Role and access
      </h3>
      {ownAccount ? (
        <p className="muted small" id="user-own-account" data-testid="user-own-account">
          This is your own account: another admin changes its role or status.
        </p>
      ) : null}
      <div className="form__grid">
        <label className="field">
          <span>Role</span>
          <RoleSelect
            value={pendingRole ?? user.role}
            options={roles}
            onChange={(role) => {
              reset();
              if (role !== user.role) void apply({ role });
            }}
            testId="user-role-select"
            invalid={Boolean(error)}
            describedBy={error ? 'user-change-error' : ownAccount ? 'user-own-account' : undefined}
            disabled={ownAccount}
          />
        </label>
        <div className="field">
          <span>Status</span>
          <div className="form__actions">
            <UserStatus user={user} testId="user-status" />
            {user.disabled ? (
              <button
                type="button"
                className="button button--small"
                disabled={updating}
                onClick={() => void apply({ disabled: false })}
                data-testid="user-enable"
              >
                Enable
              </button>
            ) : confirmingDisable ? (
              <span className="confirm" role="group" aria-label={`Disable ${user.email}?`}>
                <span className="confirm__text">Disable and end their sessions?</span>
                <button
                  type="button"
                  className="button button--small button--danger"
                  disabled={updating}
                  onClick={() => {
                    setConfirmingDisable(false);
                    void apply({ disabled: true });
                  }}
                  data-testid="user-disable-confirm"
                >
                  Yes, disable
                </button>
                <button
                  type="button"
                  className="button button--small button--ghost"
                  onClick={() => setConfirmingDisable(false)}
                  data-testid="user-disable-cancel"
                >
                  Cancel
                </button>
              </span>
            ) : (
              <button
                type="button"
                className="button button--small"
                disabled={updating || ownAccount}
                aria-describedby={ownAccount ? 'user-own-account' : undefined}
                onClick={() => {
                  reset();
                  setDone(null);
                  setConfirmingDisable(true);
                }}
                data-testid="user-disable"
              >
                Disable
              </button>
            )}
          </div>
        </div>
      </div>
      {error ? (
        <p className="error" role="alert" id="user-change-error" data-testid="user-change-error">
          {error}
        </p>
      ) : null}
      {done ? (
        <p className="success" role="status" data-testid="user-change-done">
          {done}
        </p>
      ) : null}
    </div>
  );
}

function Sessions({ user }: { user: UserPageData }) {
  const { revoke, pendingId: endingId, error } = useRevokeSession();
  return (
    <section aria-labelledby="sessions-title" data-testid="user-sessions">
      <h3 id="sessions-title" className="section-title">
        Sessions <span className="muted">({user.sessions.length} active)</span>
      </h3>
      <p className="muted small">
        Each sign-in (portal, Microsoft or the login mutation) until it expires or signs out. Ending one makes its next refresh fail; the access token it
        already holds works for at most a few minutes more.
      </p>
      <ErrorMessage message={error} testId="end-session-error" />
      <SessionsTable sessions={user.sessions} endingId={endingId} onEnd={(id) => void revoke(id)} />
    </section>
  );
}

function Tokens({ user }: { user: UserPageData }) {
  const { revoke, pendingId: revokingId, error } = useRevokeApiToken();
  return (
    <section aria-labelledby="user-tokens-title" data-testid="user-tokens">
      <h3 id="user-tokens-title" className="section-title">
        API tokens <span className="muted">({user.apiTokens.filter((t) => !t.revokedAt).length} not revoked)</span>
      </h3>
      <ErrorMessage message={error} testId="revoke-error" />
      <ApiTokensTable tokens={user.apiTokens} revokingId={revokingId} onRevoke={(id) => void revoke(id)} emptyMessage="This user has no API token." />
    </section>
  );
}

function AuthorizedApplications({ user }: { user: UserPageData }) {
  return (
    <section aria-labelledby="user-oauth-grants-title" data-testid="user-oauth-grants">
      <h3 id="user-oauth-grants-title" className="section-title">
        Authorized applications
      </h3>
      <p className="muted small">MCP clients this user allowed to act as them at the gateway-proxy (signed in with OAuth).</p>
      <OAuthGrants userId={user.id} emptyMessage="This user has authorized no application: MCP clients that sign in with OAuth appear here." />
    </section>
  );
}

/** One user, for admins: who they are, their role and status, their active sessions, API tokens and authorized applications. */
export function UserDetailPage({ id, me }: { id: string; me: SessionUser }) {
  const { user, loading, error } = useUserPage(id);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <NavLink to={paths.users} className="link" testId="back-to-users">
          ← Users
        </NavLink>
      </nav>
      <section className="card" aria-labelledby="user-title" data-testid="user-detail">
        <div className="card__head">
          <h2 id="user-title" data-testid="user-detail-email">
            {user?.email ?? 'User'}
          </h2>
          {user ? (
            <span className={`role role--${user.role.toLowerCase()}`} data-testid="user-detail-role">
              {user.role.toLowerCase()}
            </span>
          ) : null}
        </div>
        <ErrorMessage message={error} testId="user-error" />
        {loading ? (
          <p className="muted">Loading…</p>
        ) : !user ? (
          error ? null : (
            <p className="empty" data-testid="user-not-found">
              There is no such user.{' '}
              <NavLink to={paths.users} className="link">
                See every user
              </NavLink>
              .
            </p>
          )
        ) : (
          <>
            <dl className="facts" data-testid="user-facts">
              <dt>Name</dt>
              <dd>{user.displayName ?? <span className="muted">—</span>}</dd>
              <dt>Created</dt>
              <dd>
                <Time value={user.createdAt} />
              </dd>
            </dl>
            <AccessControls user={user} ownAccount={user.id === me.id} />
            <Sessions user={user} />
            <Tokens user={user} />
            <AuthorizedApplications user={user} />
          </>
        )}
      </section>
    </>
  );
}
