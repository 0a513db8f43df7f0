import { serverNameOf, type RecordedCall } from '../tool-call-activity.ts';
import { ServerName } from './BusiestToolsTable.tsx';
import { Time } from './Time.tsx';
import { ToolCallOutcomeBadge } from './ToolCallOutcomeBadge.tsx';

/** The latest tool calls, newest first: when, which tool of which server, how it ended, how long it took. */
export function RecentToolCallsTable({ calls }: { calls: readonly RecordedCall[] }) {
  return (
    <div className="table-scroll">
      <table className="table table--dense" data-testid="recent-calls">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Tool</th>
            <th scope="col">Server</th>
            <th scope="col">Outcome</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr key={call.id} data-testid={`recent-call-${call.id}`} data-tool={call.tool}>
              <td className="muted nowrap">
                <Time value={call.at} format="short" />
              </td>
              <td className="mono">{call.tool}</td>
              <td>
                <ServerName server={serverNameOf(call)} serverId={call.serverId} />
              </td>
              <td>
                <ToolCallOutcomeBadge outcome={call.outcome} testId={`recent-call-outcome-${call.id}`} />
              </td>
              <td className="muted nowrap">{call.durationMs === null || call.durationMs === undefined ? '—' : `${call.durationMs} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
