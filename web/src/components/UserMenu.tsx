import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { SessionUser } from '../graphql/session-user.ts';
import { useSession } from '../graphql/hooks.ts';
import { changePasswordAnchor, paths } from '../paths.ts';
import { NavLink } from './NavLink.tsx';
import { useDismiss } from './use-dismiss.ts';

/**
 * The signed-in user in the header: a disclosure button (email and role) opening the account links and
 * "Sign out". Escape or a click elsewhere closes it.
 */
export function UserMenu({ user }: { user: SessionUser }) {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const close = useCallback(() => setOpen(false), []);
  const insideMenu = useMemo(() => [root], []);

  useDismiss(open, close, button, insideMenu);

  const onSignOut = async () => {
    setSigningOut(true);
    await signOut();
    // The next user starts on the home page, not on this user's last one.
    void navigate(paths.dashboard);
  };

  const role = user.role.toLowerCase();
  return (
    <div className="user-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="user-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((wasOpen) => !wasOpen)}
        data-testid="user-menu-button"
      >
        <span className="visually-hidden">Account: </span>
        <span className="user-menu__avatar" aria-hidden="true">
          {user.email.charAt(0).toUpperCase()}
        </span>
        <span className="header__user" data-testid="user-email">
          <span className="header__email" title={user.email}>
            {user.email}
          </span>
          <span className="header__role" data-testid="user-role" data-role={user.role}>
            {role}
          </span>
        </span>
        <span className="user-menu__caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div className="user-menu__panel" id={panelId} data-testid="user-menu">
          <p className="user-menu__who">
            Signed in as <strong>{user.email}</strong>
            <span className="muted"> with the {role} role</span>
          </p>
          <nav aria-label="Account">
            <NavLink to={paths.tokens} className="user-menu__item" onNavigate={close} testId="menu-tokens">
              API tokens
            </NavLink>
            <NavLink to={`${paths.tokens}#${changePasswordAnchor}`} className="user-menu__item" onNavigate={close} testId="menu-password">
              Change password
            </NavLink>
          </nav>
          <button type="button" className="user-menu__item user-menu__sign-out" onClick={() => void onSignOut()} disabled={signingOut} data-testid="sign-out">
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
