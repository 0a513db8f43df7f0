import type { MouseEvent, ReactNode } from 'react';
import { navigate, usePath } from '../navigation.ts';

/** A link that navigates without reloading; modified clicks (new tab, new window) keep the browser's behaviour. */
export function NavLink({ to, children, testId }: { to: string; children: ReactNode; testId?: string }) {
  const path = usePath();
  const active = path === to;
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} className={`nav__link${active ? ' nav__link--active' : ''}`} aria-current={active ? 'page' : undefined} onClick={onClick} data-testid={testId}>
      {children}
    </a>
  );
}
