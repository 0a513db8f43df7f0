import type { ReactNode } from 'react';
import { useLiveConnection, useMe, useSession } from '../graphql/hooks.ts';
import { LiveIndicator } from './LiveIndicator.tsx';

export function Layout({ children }: { children: ReactNode }) {
  const { signOut } = useSession();
  const { me } = useMe();
  const live = useLiveConnection();
  return (
    <div className="app">
      <header className="header">
        <div className="header__brand">
          <span className="header__logo" aria-hidden="true">◆</span>
          MCP Portal
        </div>
        <div className="header__right">
          <LiveIndicator state={live} />
          <span className="header__user" data-testid="user-email">
            {me?.email ?? '…'}
            {me ? <span className="header__role">{me.role.toLowerCase()}</span> : null}
          </span>
          <button type="button" className="button button--ghost" onClick={signOut} data-testid="sign-out">
            Sign out
          </button>
        </div>
      </header>
      <main className="main">{children}</main>
    </div>
  );
}
