import type { MouseEvent, ReactNode } from 'react';
import { navigate, usePath } from '../navigation.ts';

export interface NavLinkProps {
  to: string;
  children: ReactNode;
  testId?: string;
  /** Replaces the main navigation's look (`nav__link`). */
  className?: string;
  /** Called after a client-side navigation, e.g. to close the menu holding the link. */
  onNavigate?: () => void;
  /** Also active on the pages under these prefixes (`/catalog` for `/catalog/<name>`). */
  activePrefixes?: readonly string[];
}

/** A link that navigates without reloading; modified clicks (new tab, new window) keep the browser's behaviour. */
export function NavLink({ to, children, testId, className = 'nav__link', onNavigate, activePrefixes }: NavLinkProps) {
  const path = usePath();
  const exact = path === to;
  const active = exact || (activePrefixes?.some((prefix) => path.startsWith(`${prefix}/`)) ?? false);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
    onNavigate?.();
  };
  return (
    <a href={to} className={`${className}${active ? ` ${className}--active` : ''}`} aria-current={exact ? 'page' : active ? 'true' : undefined} onClick={onClick} data-testid={testId}>
      {children}
    </a>
  );
}
