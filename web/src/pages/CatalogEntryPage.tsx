import { lazy, Suspense } from 'react';
import { useNavigate } from 'react-router';
import type { Role } from '../gql/graphql.ts';
import type { CatalogEntryData } from '../graphql/servers-documents.ts';
import { CannotRunHere } from '../components/CannotRunHere.tsx';
import { EnableServerForm } from '../components/EnableServerForm.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { RequirementBadges } from '../components/RequirementBadges.tsx';
import { SourceBadge } from '../components/SourceBadge.tsx';
import { canOperate, useCatalogEntry, useServerList } from '../graphql/servers-hooks.ts';
import { paths, serverPath } from '../paths.ts';

/** Loaded for operators and admins on custom and imported entries only: the entry form brings the catalog format's validation (zod). */
const CatalogEntryAdmin = lazy(() => import('../components/CatalogEntryAdmin.tsx').then((module) => ({ default: module.CatalogEntryAdmin })));

/** How the entry runs: a container image, a local process, or a remote endpoint. */
function RunsAs({ entry }: { entry: CatalogEntryData }) {
  const rows: { label: string; value: string; testId: string }[] = [];
  if (entry.run) {
    const program = entry.run.package ? `npm package ${entry.run.package}${entry.run.bin ? ` (bin ${entry.run.bin})` : ''}` : entry.run.command;
    rows.push({ label: 'Local process', value: [program, ...entry.run.args].join(' '), testId: 'entry-run' });
  }
  if (entry.image) rows.push({ label: 'Image', value: [entry.image, ...entry.command].join(' '), testId: 'entry-image' });
  if (entry.remoteUrl)
    rows.push({ label: 'Remote', value: `${entry.remoteUrl}${entry.remoteTransport ? ` (${entry.remoteTransport})` : ''}`, testId: 'entry-remote' });
  if (rows.length === 0) return <dd>—</dd>;
  return (
    <dd>
      <ul className="plain-list">
        {rows.map((row) => (
          <li key={row.label} data-testid={row.testId}>
            <span className="muted">{row.label}:</span> <span className="mono">{row.value}</span>
          </li>
        ))}
      </ul>
    </dd>
  );
}

const runtimeNames = { DOCKER: 'a container', PROCESS: 'a local process', REMOTE: 'a remote server, without a runtime' } as const;

/** Whether this platform can run the entry now, and how (the same decision the lifecycle takes). */
function RunsHere({ entry }: { entry: CatalogEntryData }) {
  const { canRun, runtime } = entry.runnability;
  return (
    <dd data-testid="entry-runs-here" data-can-run={canRun}>
      {canRun ? `Yes, as ${runtime ? runtimeNames[runtime] : 'it is'}` : <span className="cannot-run-mark">No — see below</span>}
    </dd>
  );
}

/** Each requirement in a sentence, under badges of their kinds. */
function Needs({ entry }: { entry: CatalogEntryData }) {
  if (entry.requirements.length === 0) return <p className="muted">Nothing beyond a runtime: no engine, network, secret or configuration.</p>;
  return (
    <>
      <RequirementBadges name={entry.name} requirements={entry.requirements} />
      <ul className="plain-list requirements" data-testid="entry-requirements">
        {entry.requirements.map((requirement) => (
          <li key={`${requirement.kind}:${requirement.name ?? ''}`} data-kind={requirement.kind}>
            {requirement.detail}
          </li>
        ))}
      </ul>
    </>
  );
}

function EntryDetails({ entry }: { entry: CatalogEntryData }) {
  return (
    <>
      <p className="entry__description" data-testid="entry-description">
        {entry.description}
      </p>
      <dl className="facts">
        <dt>Source</dt>
        <dd>
          <SourceBadge name={entry.name} source={entry.source} />
        </dd>
        <dt>Type</dt>
        <dd>{entry.type.toLowerCase()}</dd>
        <dt>Category</dt>
        <dd>{entry.category ?? '—'}</dd>
        <dt>Tags</dt>
        <dd>{entry.tags.length > 0 ? entry.tags.map((t) => `#${t}`).join(' ') : '—'}</dd>
        {entry.license ? (
          <>
            <dt>License</dt>
            <dd>{entry.license}</dd>
          </>
        ) : null}
        <dt>Runs as</dt>
        <RunsAs entry={entry} />
        <dt>Runs here</dt>
        <RunsHere entry={entry} />
        {entry.allowHosts.length > 0 || entry.disableNetwork ? (
          <>
            <dt>Network</dt>
            <dd>{entry.disableNetwork ? 'No network access' : `Only ${entry.allowHosts.join(', ')}`}</dd>
          </>
        ) : null}
      </dl>

      <h3 className="section-title">What it needs</h3>
      <Needs entry={entry} />

      <h3 className="section-title">Tools it declares</h3>
      {entry.tools.length > 0 ? (
        <ul className="chips" data-testid="entry-tools">
          {entry.tools.map((tool) => (
            <li key={tool} className="chip chip--static mono">
              {tool}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None declared: the server lists its tools once it runs.</p>
      )}

      <h3 className="section-title">Secrets it needs</h3>
      {entry.secrets.length > 0 ? (
        <table className="table table--dense" data-testid="entry-secrets">
          <thead>
            <tr>
              <th scope="col">Secret</th>
              <th scope="col">Environment variable</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {entry.secrets.map((secret) => (
              <tr key={secret.name}>
                <td className="mono">{secret.name}</td>
                <td className="mono">{secret.env}</td>
                <td>
                  {secret.description ?? '—'}
                  {secret.example ? <div className="muted small">e.g. {secret.example}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">None.</p>
      )}
      {entry.oauth && entry.oauth.providers.length > 0 ? (
        <p className="muted small">Signs in with OAuth: {entry.oauth.providers.map((p) => p.provider).join(', ')}.</p>
      ) : null}

      {entry.readme ? (
        <details className="readme">
          <summary>Readme</summary>
          <pre className="readme__text" data-testid="entry-readme">
            {entry.readme}
          </pre>
        </details>
      ) : null}
    </>
  );
}

/** One catalog entry: what it is and runs, what it needs, and (operators) the form that enables it. */
export function CatalogEntryPage({ name, role }: { name: string; role: Role }) {
  const { entry, loading, error } = useCatalogEntry(name);
  const { servers } = useServerList();
  const server = servers.find((s) => s.name === name) ?? null;
  const navigate = useNavigate();

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <NavLink to={paths.catalog} className="link" testId="back-to-catalog">
          ← Catalog
        </NavLink>
      </nav>
      <section className="card" aria-labelledby="entry-title" data-testid="catalog-entry">
        <div className="card__head">
          <h2 id="entry-title">{entry?.title ?? name}</h2>
          <span className="mono muted">{name}</span>
        </div>
        <ErrorMessage message={error} testId="entry-error" />
        {loading ? (
          <p className="muted">Loading…</p>
        ) : entry ? (
          <>
            {canOperate(role) && entry.source !== 'BUNDLED' ? (
              <Suspense fallback={<p className="muted">Loading…</p>}>
                <CatalogEntryAdmin entry={entry} />
              </Suspense>
            ) : null}
            <EntryDetails entry={entry} />
          </>
        ) : error ? null : (
          <p className="empty" data-testid="entry-not-found">
            There is no catalog entry named {name}.
          </p>
        )}
      </section>

      {entry ? (
        <section className="card" aria-labelledby="enable-title" data-testid="enable-section">
          <div className="card__head">
            <h2 id="enable-title">Enable</h2>
          </div>
          {server ? (
            <p data-testid="entry-enabled">
              Enabled as{' '}
              <NavLink to={serverPath(server.id)} className="link mono" testId="entry-server-link">
                {server.name}
              </NavLink>{' '}
              <span className="muted">({server.status.toLowerCase()})</span>.
            </p>
          ) : !entry.runnability.canRun ? (
            <CannotRunHere title={entry.title} runnability={entry.runnability} canOperate={canOperate(role)} />
          ) : canOperate(role) ? (
            <EnableServerForm entry={entry} onEnabled={() => void navigate(paths.servers)} />
          ) : (
            <p className="muted" data-testid="enable-not-allowed">
              Only operators and administrators can enable servers; ask one to enable {entry.title}.
            </p>
          )}
        </section>
      ) : null}
    </>
  );
}
