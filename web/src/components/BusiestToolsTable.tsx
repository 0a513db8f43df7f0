import { serverPath } from '../paths.ts';
import { serverLabel, type ToolUsageRow } from '../tool-call-activity.ts';
import { NavLink } from './NavLink.tsx';
import { Time } from './Time.tsx';

/** A tool's server as a link to its page, or its name alone when the server is no longer enabled. */
export function ServerName({ server, serverId }: { server: string; serverId?: string | null }) {
  return serverId ? (
    <NavLink to={serverPath(serverId)} className="link mono">
      {serverLabel(server)}
    </NavLink>
  ) : (
    <span className="mono">{serverLabel(server)}</span>
  );
}

/** The most called tools over the period, most calls first. */
export function BusiestToolsTable({ tools }: { tools: readonly ToolUsageRow[] }) {
  return (
    <div className="table-scroll">
      <table className="table table--dense" data-testid="busiest-tools">
        <thead>
          <tr>
            <th scope="col">Tool</th>
            <th scope="col">Server</th>
            <th scope="col">Calls</th>
            <th scope="col">Errors</th>
            <th scope="col">Last call</th>
          </tr>
        </thead>
        <tbody>
          {tools.map((usage) => {
            const key = `${usage.server}-${usage.tool}`;
            return (
              <tr key={key} data-testid={`busiest-tool-${key}`}>
                <td className="mono">{usage.tool}</td>
                <td>
                  <ServerName server={usage.server} serverId={usage.serverId} />
                </td>
                <td data-testid={`busiest-calls-${key}`} data-count={usage.calls}>
                  {usage.calls}
                </td>
                <td data-testid={`busiest-errors-${key}`} data-count={usage.errors}>
                  {usage.errors}
                </td>
                <td className="muted nowrap">
                  <Time value={usage.lastCalledAt} format="short" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
