import type { MouseEvent, ReactNode } from 'react';
import { matchPath, useHref, useLinkClickHandler, useLocation, useResolvedPath } from 'react-router';

export interface NavLinkProps {
  to: string;
  children: ReactNode;
  testId?: string;
  /** Replaces the main navigation's look (`nav__link`). */
  className?: string;
  /** Called after a client-side navigation, e.g. to close the menu holding the link. */
  onNavigate?: () => void;
  /** Route patterns on which the link is active too (`/catalog/:name` for the catalog's link). */
  activeOn?: readonly string[];
}

const withoutTrailingSlash = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/**
 * A link that navigates without reloading (react-router's click handling: modified clicks, for a new tab
 * or window, keep the browser's behaviour). `aria-current="page"` on its own address, `"true"` on the
 * pages of `activeOn`.
 */
export function NavLink({ to, children, testId, className = 'nav__link', onNavigate, activeOn }: NavLinkProps) {
  const location = useLocation();
  const target = useResolvedPath(to);
  const href = useHref(to);
  const navigate = useLinkClickHandler(to);
  const exact = withoutTrailingSlash(location.pathname) === target.pathname && (target.hash === '' || target.hash === location.hash);
  const active = exact || (activeOn?.some((pattern) => matchPath(pattern, location.pathname) !== null) ?? false);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    navigate(event);
    // The handler cancels the browser's navigation only when it navigated itself.
    if (event.defaultPrevented) onNavigate?.();
  };
  return (
    <a
      href={href}
      className={`${className}${active ? ` ${className}--active` : ''}`}
      aria-current={exact ? 'page' : active ? 'true' : undefined}
      onClick={onClick}
      data-testid={testId}
    >
      {children}
    </a>
  );
}
