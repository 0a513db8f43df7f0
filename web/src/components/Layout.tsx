import type { ReactNode } from 'react';
import type { SessionUser } from '../graphql/session-user.ts';
import { useLiveConnection } from '../graphql/hooks.ts';
import { paths } from '../paths.ts';
import { LiveIndicator } from './LiveIndicator.tsx';
import { NavLink } from './NavLink.tsx';
import { UserMenu } from './UserMenu.tsx';

export function Layout({ user, children }: { user: SessionUser; children: ReactNode }) {
  const live = useLiveConnection();
  const admin = user.role === 'ADMIN';
  return (
    <div className="app">
      <header className="header">
        <div className="header__left">
          <div className="header__brand">
            <span className="header__logo" aria-hidden="true">
              ◆
            </span>
            MCP Portal
          </div>
          <nav className="nav" aria-label="Main" data-testid="nav">
            <NavLink to={paths.servers} testId="nav-servers" activeOn={[paths.server]}>
              Servers
            </NavLink>
            <NavLink to={paths.catalog} testId="nav-catalog" activeOn={[paths.catalogEntry]}>
              Catalog
            </NavLink>
            <NavLink to={paths.tokens} testId="nav-tokens">
              API tokens
            </NavLink>
            <NavLink to={paths.connect} testId="nav-connect">
              Connect a client
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
          <UserMenu user={user} />
        </div>
      </header>
      <main className="main">{children}</main>
    </div>
  );
}
