import { useId } from 'react';
import { paths } from '../paths.ts';
import { activityRanges, isActivityRange, type Activity, type ActivityRange } from '../tool-call-activity.ts';
import { BusiestToolsTable } from './BusiestToolsTable.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { NavLink } from './NavLink.tsx';
import { RecentToolCallsTable } from './RecentToolCallsTable.tsx';
import { ToolCallChart } from './ToolCallChart.tsx';

export interface ToolCallActivityPanelProps {
  activity: Activity | null;
  loading: boolean;
  error: string | null;
  range: ActivityRange;
  onRangeChange: (range: ActivityRange) => void;
}

function NoCallsYet() {
  return (
    <p className="empty" data-testid="activity-empty">
      No tool calls yet — connect a client:{' '}
      <NavLink to={paths.connect} className="link" testId="activity-connect-link">
        Connect a client
      </NavLink>
      .
    </p>
  );
}

/**
 * The tool calls over a period: totals, the chart per server, the busiest tools and the latest calls, as
 * three cards of the dashboard's grid.
 */
export function ToolCallActivityPanel({ activity, loading, error, range, onRangeChange }: ToolCallActivityPanelProps) {
  const rangeId = useId();
  const period = activityRanges[range].label;
  const empty = activity !== null && activity.totalCalls === 0;
  const waiting = loading ? <p className="muted">Loading tool calls…</p> : null;
  return (
    <>
      <section className="card dashboard__wide" aria-labelledby="dashboard-calls-title" data-testid="dashboard-calls">
        <div className="card__head dashboard__controls">
          <h2 id="dashboard-calls-title">Tool calls</h2>
          <div className="dashboard__range">
            <label htmlFor={rangeId}>Period</label>
            <select
              id={rangeId}
              value={range}
              onChange={(event) => isActivityRange(event.target.value) && onRangeChange(event.target.value)}
              data-testid="activity-range"
            >
              {Object.entries(activityRanges).map(([value, { label }]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ErrorMessage message={error} testId="activity-error" />
        {waiting ??
          (activity ? (
            <>
              <dl className="activity-totals">
                <div>
                  <dt>Calls</dt>
                  <dd data-testid="activity-total-calls" data-count={activity.totalCalls}>
                    {activity.totalCalls}
                  </dd>
                </div>
                <div>
                  <dt>Errors</dt>
                  <dd data-testid="activity-total-errors" data-count={activity.totalErrors}>
                    {activity.totalErrors}
                  </dd>
                </div>
              </dl>
              {empty ? <NoCallsYet /> : <ToolCallChart activity={activity} periodLabel={period} />}
            </>
          ) : null)}
      </section>

      <section className="card" aria-labelledby="dashboard-busiest-title" data-testid="dashboard-busiest">
        <div className="card__head">
          <h2 id="dashboard-busiest-title">Busiest tools</h2>
          <span className="muted small">{period}</span>
        </div>
        {waiting ?? (activity && activity.busiestTools.length > 0 ? <BusiestToolsTable tools={activity.busiestTools} /> : <NoCallsYet />)}
      </section>

      <section className="card" aria-labelledby="dashboard-recent-calls-title" data-testid="dashboard-recent-calls">
        <div className="card__head">
          <h2 id="dashboard-recent-calls-title">Recent tool calls</h2>
        </div>
        {waiting ?? (activity && activity.recentCalls.length > 0 ? <RecentToolCallsTable calls={activity.recentCalls} /> : <NoCallsYet />)}
      </section>
    </>
  );
}
