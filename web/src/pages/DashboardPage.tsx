import { useState } from 'react';
import type { Role } from '../gql/graphql.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { RecentAuditEvents } from '../components/RecentAuditEvents.tsx';
import { RecentFailures } from '../components/RecentFailures.tsx';
import { NoServersYet } from '../components/ServersTable.tsx';
import { ServerStatusCounts } from '../components/ServerStatusCounts.tsx';
import { ToolCallActivityPanel } from '../components/ToolCallActivityPanel.tsx';
import { useToolCallActivity } from '../graphql/dashboard-hooks.ts';
import { useServerList, useServerStatusUpdates } from '../graphql/servers-hooks.ts';
import { paths } from '../paths.ts';
import type { ActivityRange } from '../tool-call-activity.ts';
import './dashboard.css';

/**
 * The home page of a signed-in user: the servers by status and the failing ones, the tool calls over a
 * period (per server and time, the busiest tools, the latest calls) and, for administrators, the latest
 * audit events. Everything follows the API's subscriptions as events arrive; nothing polls.
 */
export function DashboardPage({ role }: { role: Role }) {
  const servers = useServerList();
  const live = useServerStatusUpdates();
  const [range, setRange] = useState<ActivityRange>('24h');
  const calls = useToolCallActivity(range);

  return (
    <div className="dashboard" data-testid="dashboard">
      <section className="card" aria-labelledby="dashboard-servers-title" data-testid="dashboard-servers">
        <div className="card__head">
          <h2 id="dashboard-servers-title">Servers</h2>
          <NavLink to={paths.servers} className="link" testId="dashboard-servers-link">
            {servers.servers.length} enabled
          </NavLink>
        </div>
        <ErrorMessage message={servers.error ?? live.error} testId="dashboard-servers-error" />
        {servers.loading ? (
          <p className="muted">Loading servers…</p>
        ) : servers.servers.length === 0 ? (
          <NoServersYet />
        ) : (
          <ServerStatusCounts servers={servers.servers} />
        )}
      </section>

      <section className="card" aria-labelledby="dashboard-failures-title" data-testid="dashboard-failures">
        <div className="card__head">
          <h2 id="dashboard-failures-title">Recent failures</h2>
        </div>
        {servers.loading ? <p className="muted">Loading servers…</p> : <RecentFailures servers={servers.servers} />}
      </section>

      <ToolCallActivityPanel activity={calls.activity} loading={calls.loading} error={calls.error} range={range} onRangeChange={setRange} />

      {role === 'ADMIN' ? <RecentAuditEvents /> : null}
    </div>
  );
}
