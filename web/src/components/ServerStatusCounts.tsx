import type { ServerListItem, ServerStatus } from '../graphql/servers-hooks.ts';
import { paths } from '../paths.ts';
import { NavLink } from './NavLink.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** The statuses in the order the dashboard counts them: what needs attention after what runs. */
export const countedStatuses: readonly ServerStatus[] = ['RUNNING', 'STARTING', 'UNHEALTHY', 'FAILED', 'STOPPING', 'STOPPED'];

export function countByStatus(servers: readonly Pick<ServerListItem, 'status'>[]): Map<ServerStatus, number> {
  const counts = new Map<ServerStatus, number>(countedStatuses.map((status) => [status, 0]));
  for (const server of servers) counts.set(server.status, (counts.get(server.status) ?? 0) + 1);
  return counts;
}

/** How many enabled servers are in each status, each count a link to the servers list. */
export function ServerStatusCounts({ servers }: { servers: readonly ServerListItem[] }) {
  const counts = countByStatus(servers);
  return (
    <ul className="status-counts" aria-label="Servers by status" data-testid="status-counts">
      {countedStatuses.map((status) => {
        const count = counts.get(status) ?? 0;
        return (
          <li key={status} className={`status-counts__item${count === 0 ? ' status-counts__item--none' : ''}`}>
            <NavLink to={paths.servers} className="status-counts__link" testId={`status-count-${status}`}>
              <span className="status-counts__count" data-testid={`status-count-value-${status}`} data-count={count}>
                {count}
              </span>
              <StatusBadge name={status} status={status} testId={`status-count-label-${status}`} />
            </NavLink>
          </li>
        );
      })}
    </ul>
  );
}
