import { lazy, Suspense, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { CatalogList } from '../components/CatalogList.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useSession } from '../graphql/hooks.ts';
import { canOperate, useCatalogSearch, useServerList } from '../graphql/servers-hooks.ts';
import { useDebouncedValue } from '../use-debounced-value.ts';

const searchDelayMs = 300;

/** Loaded for operators and admins only: the entry form brings the catalog format's validation (zod). */
const CatalogAdmin = lazy(() => import('../components/CatalogAdmin.tsx').then((module) => ({ default: module.CatalogAdmin })));

/**
 * The catalog, searched on the server (name, title, description and tags) as the user types; operators and
 * admins also add entries and import catalogs here.
 */
export function CatalogPage() {
  const { user } = useSession();
  const [query, setQuery] = useSearchParams();
  const [search, setSearch] = useState(() => query.get('q') ?? '');
  const settled = useDebouncedValue(search.trim(), searchDelayMs);
  const catalog = useCatalogSearch(settled);
  const { servers } = useServerList();
  const enabledNames = useMemo(() => new Set(servers.map((s) => s.name)), [servers]);

  const onSearch = (value: string) => {
    setSearch(value);
    // Kept in the address (replaced, not a history entry per keystroke), so coming back from an entry shows the same results.
    const q = value.trim();
    setQuery(
      (current) => {
        if (q) current.set('q', q);
        else current.delete('q');
        return current;
      },
      { replace: true, preventScrollReset: true },
    );
  };

  const summary = catalog.loading
    ? 'Loading the catalog…'
    : settled
      ? `${catalog.totalCount} ${catalog.totalCount === 1 ? 'entry matches' : 'entries match'} “${settled}”`
      : `${catalog.totalCount} ${catalog.totalCount === 1 ? 'entry' : 'entries'}`;

  return (
    <section className="card" aria-labelledby="catalog-page-title">
      <div className="card__head">
        <h2 id="catalog-page-title">Catalog</h2>
        <span className="muted" role="status" aria-live="polite" data-testid="catalog-count">
          {summary}
        </span>
      </div>
      {user && canOperate(user.role) ? (
        <Suspense fallback={<p className="muted">Loading the catalog’s administration…</p>}>
          <CatalogAdmin />
        </Suspense>
      ) : null}
      <form className="catalog-search" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>Search the catalog</span>
          <input
            type="search"
            name="q"
            value={search}
            onChange={(e) => onSearch(e.target.value)}
            placeholder="Name, title, description or tag"
            autoComplete="off"
            data-testid="catalog-search"
            aria-describedby="catalog-search-hint"
          />
          <span className="field__hint" id="catalog-search-hint">
            Results update as you type.
          </span>
        </label>
      </form>
      <ErrorMessage message={catalog.error} testId="catalog-error" />
      {catalog.loading ? null : catalog.entries.length === 0 ? (
        <p className="empty" data-testid="catalog-empty">
          {settled ? 'No entry matches this search.' : 'The catalog is empty.'}
        </p>
      ) : (
        <div className={catalog.searching ? 'catalog-results catalog-results--stale' : 'catalog-results'} aria-busy={catalog.searching}>
          {catalog.entries.some((entry) => !entry.runnability.canRun) ? (
            <p className="muted small" data-testid="catalog-cannot-run-hint">
              Entries marked “Can’t run here” need something this platform lacks now, such as a container engine: open one to see what.
            </p>
          ) : null}
          <CatalogList entries={catalog.entries} enabledNames={enabledNames} />
        </div>
      )}
      {catalog.hasNextPage ? (
        <div className="load-more">
          <button type="button" className="button" onClick={catalog.loadMore} disabled={catalog.loadingMore} data-testid="catalog-load-more">
            {catalog.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
