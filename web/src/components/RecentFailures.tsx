import type { ServerListItem } from '../graphql/servers-hooks.ts';
import { serverPath } from '../paths.ts';
import { NavLink } from './NavLink.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** Whether the server needs attention: it failed to start or stopped answering its health checks. */
export function isFailing(server: Pick<ServerListItem, 'status'>): boolean {
  return server.status === 'FAILED' || server.status === 'UNHEALTHY';
}

/** The failed and unhealthy servers, each with its last error and a link to its page. */
export function RecentFailures({ servers }: { servers: readonly ServerListItem[] }) {
  const failing = servers.filter(isFailing).sort((a, b) => a.name.localeCompare(b.name));
  if (failing.length === 0) return <p className="empty">No server is failing or unhealthy.</p>;
  return (
    <ul className="failures" data-testid="recent-failures">
      {failing.map((server) => (
        <li key={server.id} className="failures__item" data-testid={`failure-${server.name}`}>
          <div className="failures__head">
            <NavLink to={serverPath(server.id)} className="link mono" testId={`failure-link-${server.name}`}>
              {server.name}
            </NavLink>
            <StatusBadge name={server.name} status={server.status} testId={`failure-status-${server.name}`} />
          </div>
          {server.lastError ? (
            <pre className="server-error" data-testid={`failure-error-${server.name}`}>
              {server.lastError}
            </pre>
          ) : (
            <p className="muted small">No error was recorded.</p>
          )}
        </li>
      ))}
    </ul>
  );
}
