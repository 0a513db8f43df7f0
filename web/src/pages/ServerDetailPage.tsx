import type { RoleValue } from '@mcp-portal/schema/operations';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { LogsPanel } from '../components/LogsPanel.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { ServerActions } from '../components/ServerActions.tsx';
import { runtimeLabel } from '../components/ServersTable.tsx';
import { StatusAnnouncer } from '../components/StatusAnnouncer.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Time } from '../components/Time.tsx';
import { ToolsList } from '../components/ToolsList.tsx';
import { canOperate, useServerActions, useServerDetail, type ServerDetail } from '../graphql/servers-hooks.ts';
import { catalogEntryPath, navigate, paths } from '../navigation.ts';

function When({ value }: { value: string | null }) {
  return value ? <Time value={value} /> : <span className="muted">—</span>;
}

function Facts({ server }: { server: ServerDetail }) {
  return (
    <dl className="facts" data-testid="server-facts">
      <dt>Desired state</dt>
      <dd data-testid="server-desired">{server.desiredState.toLowerCase()}</dd>
      <dt>Runtime</dt>
      <dd data-testid="server-runtime">{runtimeLabel(server.runtime)}</dd>
      <dt>Started</dt>
      <dd data-testid="server-started">
        <When value={server.startedAt} />
      </dd>
      <dt>Stopped</dt>
      <dd>
        <When value={server.stoppedAt} />
      </dd>
      <dt>Last health check</dt>
      <dd>
        <When value={server.lastHealthAt} />
      </dd>
      <dt>Automatic restarts</dt>
      <dd data-testid="server-restarts">{server.restartCount}</dd>
      <dt>Catalog entry</dt>
      <dd>
        {server.catalogEntry ? (
          <NavLink to={catalogEntryPath(server.catalogEntry.name)} className="link">
            {server.catalogEntry.title}
          </NavLink>
        ) : (
          <span className="muted">no longer in the catalog</span>
        )}
      </dd>
      <dt>Enabled</dt>
      <dd>
        <Time value={server.enabledAt} /> <span className="muted">by {server.enabledBy.email}</span>
      </dd>
      <dt>Updated</dt>
      <dd>
        <Time value={server.updatedAt} />
      </dd>
    </dl>
  );
}

function ConfigValues({ server }: { server: ServerDetail }) {
  if (server.config.length === 0) return <p className="muted">No configuration values.</p>;
  return (
    <dl className="facts" data-testid="server-config">
      {server.config.map((entry) => (
        <div key={entry.key} className="facts__row" data-testid={`config-value-${entry.key}`}>
          <dt className="mono">{entry.key}</dt>
          <dd className="mono">{JSON.stringify(entry.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One server: its state live, what went wrong, its tools, its configuration and its log. */
export function ServerDetailPage({ id, role }: { id: string; role: RoleValue }) {
  const { server, loading, error, liveError } = useServerDetail(id);
  const actions = useServerActions();

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <NavLink to={paths.servers} className="link" testId="back-to-servers">
          ← Servers
        </NavLink>
      </nav>
      <section className="card server-detail" aria-labelledby="server-title" data-testid="server-detail">
        <div className="card__head">
          <h2 id="server-title">
            <span className="mono">{server?.name ?? 'Server'}</span>
            {server?.catalogEntry ? <span className="muted server-title__sub"> {server.catalogEntry.title}</span> : null}
          </h2>
          {server ? <StatusBadge name={server.name} status={server.status} testId="server-status" /> : null}
        </div>
        <ErrorMessage message={error} testId="server-error" />
        <ErrorMessage message={liveError} testId="live-error" />
        {loading ? (
          <p className="muted">Loading…</p>
        ) : !server ? (
          error ? null : (
            <p className="empty" data-testid="server-not-found">
              This server is not enabled (any more). <NavLink to={paths.servers} className="link">See the enabled servers</NavLink>.
            </p>
          )
        ) : (
          <>
            <StatusAnnouncer servers={[server]} />
            {canOperate(role) ? <ServerActions server={server} actions={actions} onDisabled={() => navigate(paths.servers)} /> : null}
            {server.lastError ? (
              <div className="server-error-box">
                <h3 className="section-title">{server.status === 'FAILED' ? 'Why it failed' : 'Last error'}</h3>
                <pre className="server-error" data-testid="server-last-error">
                  {server.lastError}
                </pre>
              </div>
            ) : null}
            <Facts server={server} />
            <h3 className="section-title">Configuration</h3>
            <ConfigValues server={server} />
          </>
        )}
      </section>

      {server ? (
        <section className="card" aria-labelledby="tools-title">
          <div className="card__head">
            <h2 id="tools-title">Tools</h2>
            <span className="muted" data-testid="tools-count">
              {server.tools.length} {server.tools.length === 1 ? 'tool' : 'tools'}
              {server.toolsUpdatedAt ? (
                <>
                  {' '}
                  · listed <Time value={server.toolsUpdatedAt} />
                </>
              ) : null}
            </span>
          </div>
          <ToolsList tools={server.tools} />
        </section>
      ) : null}

      {server ? <LogsPanel serverId={server.id} serverName={server.name} /> : null}
    </>
  );
}
