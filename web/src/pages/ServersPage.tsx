import { useMemo, useState } from 'react';
import { CatalogList } from '../components/CatalogList.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ServersTable } from '../components/ServersTable.tsx';
import { useCatalog, useEnableServer, useServers, useServerStatusUpdates } from '../graphql/hooks.ts';

export function ServersPage() {
  const servers = useServers();
  const catalog = useCatalog();
  const live = useServerStatusUpdates();
  const { enable, error: enableError, reset } = useEnableServer();
  const [pendingName, setPendingName] = useState<string | null>(null);

  const enabledNames = useMemo(() => new Set(servers.servers.map((s) => s.name)), [servers.servers]);

  const onEnable = async (name: string) => {
    reset();
    setPendingName(name);
    try {
      await enable(name);
    } finally {
      setPendingName(null);
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="servers-title">
        <div className="card__head">
          <h2 id="servers-title">Servers</h2>
          <span className="muted">{servers.servers.length} enabled</span>
        </div>
        <ErrorMessage message={servers.error} testId="servers-error" />
        <ErrorMessage message={live.error} testId="live-error" />
        {servers.loading ? <p className="muted">Loading servers…</p> : <ServersTable servers={servers.servers} />}
      </section>

      <section className="card" aria-labelledby="catalog-title">
        <div className="card__head">
          <h2 id="catalog-title">Catalog</h2>
          <span className="muted">
            {catalog.entries.filter((e) => !enabledNames.has(e.name)).length} to enable
            {catalog.totalCount > catalog.entries.length ? ` (first ${catalog.entries.length} of ${catalog.totalCount} entries)` : ''}
          </span>
        </div>
        <ErrorMessage message={enableError} testId="enable-error" />
        <ErrorMessage message={catalog.error} testId="catalog-error" />
        {catalog.loading ? (
          <p className="muted">Loading catalog…</p>
        ) : (
          <CatalogList entries={catalog.entries} enabledNames={enabledNames} pendingName={pendingName} onEnable={(name) => void onEnable(name)} />
        )}
      </section>
    </>
  );
}
