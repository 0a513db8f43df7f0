import type { ExecutionSummary } from '../graphql/executor-hooks.ts';
import { commandLine } from '../execution-output.ts';
import { executionPath } from '../paths.ts';
import { ExecutionStatusBadge } from './ExecutionStatusBadge.tsx';
import { NavLink } from './NavLink.tsx';
import { Time } from './Time.tsx';

/** Runs, newest first, each linking to its terminal view; `showUser` adds who ran it (admins see everyone's). */
export function ExecutionsTable({ executions, showUser }: { executions: readonly ExecutionSummary[]; showUser: boolean }) {
  if (executions.length === 0) return <p className="empty">No run matches.</p>;
  return (
    <div className="table-scroll">
      <table className="table table--dense" data-testid="runs-table">
        <thead>
          <tr>
            <th scope="col">Asked for</th>
            <th scope="col">Command</th>
            <th scope="col">Status</th>
            <th scope="col">Exit code</th>
            {showUser ? <th scope="col">User</th> : null}
          </tr>
        </thead>
        <tbody>
          {executions.map((execution) => (
            <tr key={execution.id} data-testid={`run-row-${execution.id}`} data-command={execution.command} data-status={execution.status}>
              <td className="muted nowrap">
                <Time value={execution.startedAt} format="short" />
              </td>
              <td>
                <NavLink to={executionPath(execution.id)} className="link mono" testId={`run-link-${execution.id}`}>
                  {execution.command}
                </NavLink>
                <div className="muted small mono run-argv" title={commandLine(execution.argv)}>
                  {commandLine(execution.argv)}
                </div>
              </td>
              <td>
                <ExecutionStatusBadge status={execution.status} detail={execution.message} testId={`run-status-${execution.id}`} />
                {execution.status === 'QUEUED' && execution.queuePosition !== null ? (
                  <div className="muted small">#{execution.queuePosition} in the queue</div>
                ) : null}
              </td>
              <td className="mono">{execution.exitCode ?? '—'}</td>
              {showUser ? <td className="nowrap">{execution.startedBy.email}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
