import type { ServerSummary } from '@mcp-portal/schema/operations';
import { StatusBadge } from './StatusBadge.tsx';
import { Time } from './Time.tsx';

export function ServersTable({ servers }: { servers: ServerSummary[] }) {
  if (servers.length === 0) {
    return <p className="empty">No server is enabled yet: enable one from the catalog below.</p>;
  }
  const sorted = [...servers].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <table className="table" data-testid="servers-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">Enabled by</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((server) => (
          <tr key={server.id} data-testid={`server-row-${server.name}`}>
            <td className="mono">{server.name}</td>
            <td>
              {server.catalogEntry?.title ?? '—'}
              {server.status === 'ERROR' && server.lastError ? <div className="row-error">{server.lastError}</div> : null}
            </td>
            <td>
              <StatusBadge name={server.name} status={server.status} detail={server.lastError} />
            </td>
            <td>{server.enabledBy.email}</td>
            <td className="muted">
              <Time value={server.updatedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
