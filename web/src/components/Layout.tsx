import type { ReactNode } from 'react';
import { useLiveConnection, useMe, useSession } from '../graphql/hooks.ts';
import { navigate, paths } from '../navigation.ts';
import { LiveIndicator } from './LiveIndicator.tsx';
import { NavLink } from './NavLink.tsx';

export function Layout({ children }: { children: ReactNode }) {
  const { signOut } = useSession();
  const { me } = useMe();
  const live = useLiveConnection();
  const admin = me?.role === 'ADMIN';
  return (
    <div className="app">
      <header className="header">
        <div className="header__left">
          <div className="header__brand">
            <span className="header__logo" aria-hidden="true">◆</span>
            MCP Portal
          </div>
          <nav className="nav" aria-label="Main" data-testid="nav">
            <NavLink to={paths.servers} testId="nav-servers">
              Servers
            </NavLink>
            <NavLink to={paths.tokens} testId="nav-tokens">
              API tokens
            </NavLink>
            {admin ? (
              <>
                <NavLink to={paths.users} testId="nav-users">
                  Users
                </NavLink>
                <NavLink to={paths.audit} testId="nav-audit">
                  Audit log
                </NavLink>
              </>
            ) : null}
          </nav>
        </div>
        <div className="header__right">
          <LiveIndicator state={live} />
          <span className="header__user" data-testid="user-email">
            {me?.email ?? '…'}
            {me ? <span className="header__role">{me.role.toLowerCase()}</span> : null}
          </span>
          <button type="button" className="button button--ghost" onClick={() => {
              navigate(paths.servers);
              signOut();
            }}
            data-testid="sign-out">
            Sign out
          </button>
        </div>
      </header>
      <main className="main">{children}</main>
    </div>
  );
}
