import { Fragment } from 'react';
import type { ServerListItem, ServerActions as Actions } from '../graphql/servers-hooks.ts';
import { paths, serverPath } from '../paths.ts';
import { NavLink } from './NavLink.tsx';
import { ServerActions } from './ServerActions.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { Time } from './Time.tsx';

export interface ServersTableProps {
  servers: ServerListItem[];
  /** Lifecycle buttons per row: operators and admins only. */
  actions: Actions | null;
}

export function runtimeLabel(runtime: ServerListItem['runtime']): string {
  return runtime ? runtime.toLowerCase() : '—';
}

/** What the servers list and the dashboard say while no server is enabled. */
export function NoServersYet() {
  return (
    <p className="empty">
      No server is enabled yet: enable one from the{' '}
      <NavLink to={paths.catalog} className="link">
        catalog
      </NavLink>
      .
    </p>
  );
}

/** The enabled servers; a failed one shows its error (multi-line: an exit code and the last stderr lines) under its row. */
export function ServersTable({ servers, actions }: ServersTableProps) {
  if (servers.length === 0) return <NoServersYet />;
  const sorted = [...servers].sort((a, b) => a.name.localeCompare(b.name));
  const columns = actions ? 6 : 5;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="servers-table">
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Status</th>
            <th scope="col">Runtime</th>
            <th scope="col">Started</th>
            <th scope="col">Restarts</th>
            {actions ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {sorted.map((server) => {
            const showError = (server.status === 'FAILED' || server.status === 'UNHEALTHY') && server.lastError;
            return (
              <Fragment key={server.id}>
                <tr data-testid={`server-row-${server.name}`} className={showError ? 'table__row--with-detail' : undefined}>
                  <td>
                    <NavLink to={serverPath(server.id)} className="link mono" testId={`server-link-${server.name}`}>
                      {server.name}
                    </NavLink>
                    {server.catalogEntry ? <div className="muted small">{server.catalogEntry.title}</div> : null}
                  </td>
                  <td>
                    <StatusBadge name={server.name} status={server.status} detail={server.lastError} />
                  </td>
                  <td className="muted" data-testid={`runtime-${server.name}`}>
                    {runtimeLabel(server.runtime)}
                  </td>
                  <td className="muted nowrap">{server.startedAt ? <Time value={server.startedAt} format="short" /> : '—'}</td>
                  <td className="muted" data-testid={`restarts-${server.name}`}>
                    {server.restartCount}
                  </td>
                  {actions ? (
                    <td className="table__actions">
                      <ServerActions server={server} actions={actions} />
                    </td>
                  ) : null}
                </tr>
                {showError ? (
                  <tr className="table__detail">
                    <td colSpan={columns}>
                      <pre className="server-error" data-testid={`error-${server.name}`}>
                        {server.lastError}
                      </pre>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
