import { useMemo } from 'react';
import type { Role } from '../gql/graphql.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { NavLink } from '../components/NavLink.tsx';
import { ServersTable } from '../components/ServersTable.tsx';
import { StatusAnnouncer } from '../components/StatusAnnouncer.tsx';
import { canOperate, useCatalogSearch, useServerActions, useServerList, useServerStatusUpdates } from '../graphql/servers-hooks.ts';
import { catalogEntryPath, paths } from '../paths.ts';

/** How many catalog entries the servers page offers before linking to the catalog page. */
const suggestions = 12;

export function ServersPage({ role }: { role: Role }) {
  const servers = useServerList({ live: true });
  const live = useServerStatusUpdates();
  const actions = useServerActions();
  const catalog = useCatalogSearch('');

  const enabledNames = useMemo(() => new Set(servers.servers.map((s) => s.name)), [servers.servers]);
  const available = catalog.entries.filter((e) => !enabledNames.has(e.name));

  return (
    <>
      <section className="card" aria-labelledby="servers-title">
        <div className="card__head">
          <h2 id="servers-title">Servers</h2>
          <span className="muted">{servers.servers.length} enabled</span>
        </div>
        <ErrorMessage message={servers.error} testId="servers-error" />
        <ErrorMessage message={live.error} testId="live-error" />
        <StatusAnnouncer servers={servers.servers} />
        {servers.loading ? <p className="muted">Loading servers…</p> : <ServersTable servers={servers.servers} actions={canOperate(role) ? actions : null} />}
      </section>

      <section className="card" aria-labelledby="catalog-title">
        <div className="card__head">
          <h2 id="catalog-title">From the catalog</h2>
          <NavLink to={paths.catalog} className="link" testId="browse-catalog">
            Browse the catalog ({catalog.totalCount} {catalog.totalCount === 1 ? 'entry' : 'entries'})
          </NavLink>
        </div>
        <ErrorMessage message={catalog.error} testId="catalog-error" />
        {catalog.loading ? (
          <p className="muted">Loading catalog…</p>
        ) : available.length === 0 ? (
          <p className="empty">Every entry of the catalog's first page is enabled.</p>
        ) : (
          <ul className="chips" data-testid="catalog" aria-label="Catalog entries not enabled yet">
            {available.slice(0, suggestions).map((entry) => (
              <li key={entry.name} data-testid={`catalog-${entry.name}`}>
                <NavLink to={catalogEntryPath(entry.name)} className="chip" testId={`catalog-link-${entry.name}`}>
                  {entry.title}
                </NavLink>
              </li>
            ))}
            {available.length > suggestions ? (
              <li>
                <NavLink to={paths.catalog} className="chip chip--more">
                  {available.length - suggestions} more…
                </NavLink>
              </li>
            ) : null}
          </ul>
        )}
      </section>
    </>
  );
}
