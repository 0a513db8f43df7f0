import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { paths } from '../paths.ts';
import { NavLink } from './NavLink.tsx';
import { useDismiss } from './use-dismiss.ts';

/**
 * The main navigation. On a wide screen its links sit in the header; on a narrow one (styles.css) a "Menu"
 * disclosure button opens them in a panel under the header. Following a link, Escape (focus back on the
 * button) or a click outside closes the panel.
 */
export function NavMenu({ admin }: { admin: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const panelId = useId();
  const close = useCallback(() => setOpen(false), []);
  const insideMenu = useMemo(() => [button, panel], []);

  useDismiss(open, close, button, insideMenu);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="nav-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((wasOpen) => !wasOpen)}
        data-testid="nav-menu-button"
      >
        <span className="nav-menu__icon" aria-hidden="true" />
        <span className="nav-menu__label">Menu</span>
      </button>
      <nav ref={panel} id={panelId} className={`nav${open ? ' nav--open' : ''}`} aria-label="Main" data-testid="nav">
        <NavLink to={paths.dashboard} testId="nav-dashboard" onNavigate={close}>
          Dashboard
        </NavLink>
        <NavLink to={paths.servers} testId="nav-servers" activeOn={[paths.server]} onNavigate={close}>
          Servers
        </NavLink>
        <NavLink to={paths.catalog} testId="nav-catalog" activeOn={[paths.catalogEntry]} onNavigate={close}>
          Catalog
        </NavLink>
        <NavLink to={paths.run} testId="nav-run" activeOn={[paths.execution]} onNavigate={close}>
          Run
        </NavLink>
        <NavLink to={paths.connections} testId="nav-connections" onNavigate={close}>
          Connections
        </NavLink>
        <NavLink to={paths.tokens} testId="nav-tokens" onNavigate={close}>
          API tokens
        </NavLink>
        <NavLink to={paths.connect} testId="nav-connect" onNavigate={close}>
          Connect a client
        </NavLink>
        {admin ? (
          <>
            <NavLink to={paths.users} testId="nav-users" activeOn={[paths.user]} onNavigate={close}>
              Users
            </NavLink>
            <NavLink to={paths.audit} testId="nav-audit" onNavigate={close}>
              Audit log
            </NavLink>
            <NavLink to={paths.oauthClients} testId="nav-oauth-clients" activeOn={[paths.oauthClient]} onNavigate={close}>
              OAuth clients
            </NavLink>
          </>
        ) : null}
      </nav>
    </>
  );
}
