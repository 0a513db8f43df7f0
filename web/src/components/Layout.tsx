import { useEffect, useRef, type ReactNode } from 'react';
import { useMatches } from 'react-router';
import type { PageHandle } from '../routes.tsx';
import type { SessionUser } from '../graphql/session-user.ts';
import { useLiveConnection } from '../graphql/hooks.ts';
import { LiveIndicator } from './LiveIndicator.tsx';
import { NavMenu } from './NavMenu.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';
import { UserMenu } from './UserMenu.tsx';
import { useTableLabels } from './use-table-labels.ts';

/** The title the deepest matching route declares (routes.tsx), if any. */
function usePageTitle(): string | undefined {
  const handles = useMatches().map((match) => match.handle as Partial<PageHandle> | undefined);
  return handles.findLast((handle) => typeof handle?.title === 'string')?.title;
}

/** The signed-in frame: header, navigation and the page, whose title is the one h1 (read by screen readers). */
export function Layout({ user, children }: { user: SessionUser; children: ReactNode }) {
  const live = useLiveConnection();
  const main = useRef<HTMLElement>(null);
  useTableLabels(main);
  const title = usePageTitle();
  useEffect(() => {
    document.title = title ? `${title} · MCP Portal` : 'MCP Portal';
  }, [title]);
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
          <NavMenu admin={user.role === 'ADMIN'} />
        </div>
        <div className="header__right">
          <LiveIndicator state={live} />
          <ThemeToggle />
          <UserMenu user={user} />
        </div>
      </header>
      <main className="main" ref={main}>
        {title ? <h1 className="visually-hidden">{title}</h1> : null}
        {children}
      </main>
    </div>
  );
}
