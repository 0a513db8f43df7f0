import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { SessionUser } from '../graphql/session-user.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { LogsPanel } from '../components/LogsPanel.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { OAuthConnectionCard } from '../components/OAuthConnectionCard.tsx';
import { RestartHint } from '../components/RestartHint.tsx';
import { ServerActions } from '../components/ServerActions.tsx';
import { ServerConfigForm } from '../components/ServerConfigForm.tsx';
import { ServerFacts } from '../components/ServerFacts.tsx';
import { ServerSecrets } from '../components/ServerSecrets.tsx';
import { StatusAnnouncer } from '../components/StatusAnnouncer.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Time } from '../components/Time.tsx';
import { ServerTools } from '../components/ServerTools.tsx';
import { useToolPolicy } from '../graphql/tool-policy-hooks.ts';
import { canOperate, useCatalogEntry, useServerActions, useServerDetail, useServerSettings, type ServerPageData } from '../graphql/servers-hooks.ts';
import { paths } from '../paths.ts';
import { missingSettings, type MissingSettings } from '../server-settings.ts';

function ConfigValues({ server }: { server: ServerPageData }) {
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

type SettingKind = 'secret' | 'config';

/** Brings a secret's or configuration value's input into view and focuses it (else its section's title). */
function focusSetting(kind: SettingKind, name: string): void {
  const selector = kind === 'secret' ? `[data-testid="${CSS.escape(`secret-input-${name}`)}"]` : `[data-testid="${CSS.escape(`config-${name}`)}"]`;
  const target = document.querySelector<HTMLElement>(selector) ?? document.getElementById(kind === 'secret' ? 'secrets-title' : 'config-title');
  if (!target) return;
  target.scrollIntoView({ block: 'center', behavior: 'smooth' });
  target.focus({ preventScroll: true });
}

/** Under a failed start's message naming a missing secret or value: a button per setting that leads to its input. */
function MissingSettingLinks({ missing, canEdit }: { missing: MissingSettings; canEdit: boolean }) {
  const items = [...missing.secrets.map((name) => ({ kind: 'secret' as const, name })), ...missing.config.map((name) => ({ kind: 'config' as const, name }))];
  if (items.length === 0) return null;
  if (!canEdit) {
    return (
      <p className="muted small" data-testid="missing-settings-viewer">
        An operator or administrator can set {items.length === 1 ? 'it' : 'them'} on this page.
      </p>
    );
  }
  return (
    <p className="server-error-box__fix" data-testid="missing-settings">
      {items.map(({ kind, name }) => (
        <button
          key={`${kind}-${name}`}
          type="button"
          className="button button--small button--primary"
          onClick={() => focusSetting(kind, name)}
          data-testid={`set-missing-${kind}-${name}`}
        >
          {items.length === 1 ? (
            'Set it'
          ) : (
            <>
              Set <span className="mono">{name}</span>
            </>
          )}
        </button>
      ))}
    </p>
  );
}

type ChangedSection = 'config' | 'secrets';

/** One server: its state live, what went wrong, its OAuth connection, its configuration and secrets, its tools and its log. */
export function ServerDetailPage({ id, user }: { id: string; user: SessionUser }) {
  const { role } = user;
  const { server, loading, error, liveError } = useServerDetail(id);
  const actions = useServerActions();
  const settings = useServerSettings(id);
  const canEdit = canOperate(role);
  const navigate = useNavigate();
  const toolPolicy = useToolPolicy(id);
  const { entry, loading: entryLoading, error: entryError } = useCatalogEntry(server?.catalogEntry?.name ?? null);
  const missing = useMemo(() => missingSettings(server), [server]);

  // After a change, the hint offers the (re)start that puts it to use, until the server starts again.
  const [changed, setChanged] = useState<ChangedSection | null>(null);
  const status = server?.status;
  const [seenStatus, setSeenStatus] = useState(status);
  if (status !== seenStatus) {
    setSeenStatus(status);
    if (status === 'STARTING') setChanged(null);
  }
  const hint = (section: ChangedSection) =>
    server && changed === section ? <RestartHint server={server} actions={actions} onApplied={() => setChanged(null)} /> : null;

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
              This server is not enabled (any more).{' '}
              <NavLink to={paths.servers} className="link">
                See the enabled servers
              </NavLink>
              .
            </p>
          )
        ) : (
          <>
            <StatusAnnouncer servers={[server]} />
            {canEdit ? <ServerActions server={server} actions={actions} onDisabled={() => void navigate(paths.servers)} /> : null}
            {server.lastError ? (
              <div className="server-error-box">
                <h3 className="section-title">{server.status === 'FAILED' ? 'Why it failed' : 'Last error'}</h3>
                <pre className="server-error" data-testid="server-last-error">
                  {server.lastError}
                </pre>
                <MissingSettingLinks missing={missing} canEdit={canEdit} />
              </div>
            ) : null}
            <ServerFacts server={server} />
          </>
        )}
      </section>

      {server ? <OAuthConnectionCard serverId={server.id} serverName={server.name} user={user} /> : null}

      {server ? (
        <section className="card" aria-labelledby="config-title" data-testid="server-config-section">
          <div className="card__head">
            <h2 id="config-title" tabIndex={-1}>
              Configuration
            </h2>
            <span className="muted small">Read when the server starts.</span>
          </div>
          <ErrorMessage message={entryError} testId="server-entry-error" />
          {!canEdit ? (
            <ConfigValues server={server} />
          ) : entryLoading ? (
            <p className="muted">Loading…</p>
          ) : (
            <ServerConfigForm
              configSchema={entry?.configSchema ?? null}
              config={server.config}
              missing={missing.config}
              settings={settings}
              onChanged={() => setChanged('config')}
              footer={hint('config')}
            />
          )}
        </section>
      ) : null}

      {server ? (
        <section className="card" aria-labelledby="secrets-title" data-testid="secrets-section">
          <div className="card__head">
            <h2 id="secrets-title" tabIndex={-1}>
              Secrets
            </h2>
            <span className="muted small">Write-only: they can be replaced or deleted, never read back.</span>
          </div>
          <ServerSecrets
            secrets={server.secrets}
            declared={entry?.secrets ?? []}
            missing={missing.secrets}
            canEdit={canEdit}
            settings={settings}
            onChanged={() => setChanged('secrets')}
            footer={hint('secrets')}
          />
        </section>
      ) : null}

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
          <ServerTools server={server} role={role} policyActions={role === 'ADMIN' ? toolPolicy : undefined} />
        </section>
      ) : null}

      {server ? <LogsPanel serverId={server.id} serverName={server.name} /> : null}
    </>
  );
}
